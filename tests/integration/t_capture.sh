#!/bin/sh
# Capture (the default, --capture=fd): a passing test's output is not
# shown; a failing test's stdout and stderr are, in a FAILURES section
# under its id; output over --max-output keeps its head and tail with a
# note of how much was cut.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

cat >"$T/list" <<EOF
$XT print hidden-$MARK
$XT print shown-$MARK && exit 1
$XT exit 77
EOF
xe -n 2 -f "$T/list"
expect_rc 1
expect_no_out "stdout: hidden-$MARK"
expect_out "=== FAILURES ==="
id="$XT print shown-$MARK && exit 1"
grep -qE "^_+ $(printf '%s' "$id" | sed 's/[].[*^$\\/&|]/\\&/g') _+\$" "$T/out" ||
	fail "no section header for '$id'"
grep -qE '^\[gw[01]\] exit status 1( after [0-9.]+s)?$' "$T/out" ||
	fail "no '[gwN] exit status 1' line"
expect_out "stdout: shown-$MARK"
expect_out "stderr: shown-$MARK"
# The output goes under its own test's header.
sed -n "/ shown-$MARK && exit 1 _/,\$p" "$T/out" | grep -q "stdout: shown-$MARK" ||
	fail "the output is not in the failing test's section"
# --capture=fd is the default, spelled out.
xe -n 2 --capture=fd -f "$T/list"
expect_rc 1
expect_no_out "stdout: hidden-$MARK"
expect_out "stderr: shown-$MARK"

# 5000000 bytes with --max-output=64k: the first and last 32k, a note.
echo "$XT spew 5000000 BIG; exit 1" >"$T/big.list"
xe -n 1 --max-output=64k -f "$T/big.list"
expect_rc 1
expect_out "xt-spew-first BIG"
expect_out "xt-spew-last BIG"
expect_out "4934464 bytes"
grep -F "4934464 bytes" "$T/out" | grep -q "cut" ||
	fail "the note does not say the bytes were cut"
size=$(wc -c <"$T/out")
[ "$size" -lt 100000 ] || fail "the report is $size bytes: output not cut"
# What is kept is whole lines in order, apart from the two cut ends.
awk '/^BIG [0-9]+ /{ n = $2 + 0; if (last && n != last + 1) gaps++; last = n }
	END { exit gaps > 1 }' "$T/out" || fail "the kept output is not one head and one tail"

# Small output is shown whole, with no note.
echo "$XT spew 3000 SMALL; exit 1" >"$T/small.list"
xe -n 1 --max-output=64k -f "$T/small.list"
expect_rc 1
expect_out "xt-spew-first SMALL"
expect_out "xt-spew-last SMALL"
# The note's words, not "cut" alone: a path (of the source tree, say) may
# hold it.
expect_no_out "bytes of output cut"
exit 0
