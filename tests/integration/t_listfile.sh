#!/bin/sh
# List files (-f): comments, blank lines and CRLF endings; shell syntax runs
# under sh, a plain line is exec'd directly split on blanks; '-f -' reads
# stdin; -f and arguments keep their order; the id is the line as written;
# a big list, read a piece at a time, comes through whole.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

{
	printf '# a comment\r\n'
	printf '\r\n'
	printf '   \r\n'
	printf '\t\n'
	printf '%s\r\n' "$XT print plain  two   words"
	printf '%s\r\n' "echo a | grep a"
	printf '%s\r\n' "FOO=1 sh -c 'test \$FOO = 1'"
	printf '%s\r\n' "FOO=2 sh -c 'test \$FOO = 1'"
	printf '%s\r\n' "no-such-command-$MARK arg"
	printf '%s\r\n' "no-such-command-$MARK arg; true"
	printf '%s\r\n' "$XT print 'quoted words' && exit 1"
	printf '   # an indented comment\r\n'
	printf '%s' "$XT exit 0"
} >"$T/list"

xe -n 1 -s -v -f "$T/list"
expect_rc 1
[ "$(grep -cE '^\[gw0\] \[ *[0-9]+%\] ' "$T/out")" -eq 8 ] ||
	fail "not eight tests: comments or blank lines were run"
if grep -q "$(printf '\r')" "$T/out"; then
	fail "a carriage return made it into the report"
fi

# outcome OUTCOME ID: -v reports ID (as written) with OUTCOME.
outcome() {
	grep -E '^\[gw0\] \[ *[0-9]+%\] ' "$T/out" |
		grep -qF -- "] $1 $2 (" || fail "no '$1 $2' line"
}
outcome PASSED "$XT print plain  two   words"
outcome PASSED "echo a | grep a"
outcome PASSED "FOO=1 sh -c 'test \$FOO = 1'"
outcome FAILED "FOO=2 sh -c 'test \$FOO = 1'"
outcome PASSED "$XT exit 0"
# Exec'd directly: the missing command is an error of ours, not sh's 127.
outcome ERROR "no-such-command-$MARK arg"
expect_out "ERROR no-such-command-$MARK arg - cannot execute: No such file or directory"
# ... and the same line with shell syntax runs under sh, which goes on.
grep -q "^\\[gw0\\] .*no-such-command-$MARK.*not found" "$T/out" ||
	fail "sh did not complain about the missing command"
outcome PASSED "no-such-command-$MARK arg; true"
outcome FAILED "$XT print 'quoted words' && exit 1"
expect_out "FAILED $XT print 'quoted words' && exit 1 - exit status 1"
expect_out "FAILED FOO=2 sh -c 'test \$FOO = 1' - exit status 1"
# Split on blanks: one argument per word, however many blanks between.
for w in plain two words; do
	grep -qxF "[gw0] stdout: $w" "$T/out" || fail "plain line: no argument '$w'"
done
grep -qxF "[gw0] stdout: quoted words" "$T/out" || fail "sh did not see the quotes"

# -f - reads the list from stdin.
printf '%s\n' "$XT exit 0" "$XT exit 77" | {
	set +e
	"$XDIST_EXEC" -n 1 -v -f - >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
}
RC=$(cat "$T/rc")
expect_rc 0
expect_out "PASSED $XT exit 0 ("
expect_out "SKIPPED $XT exit 77 ("

# A big list is read a piece at a time: lines across the pieces' edges,
# CRLF endings, a line of almost 1 MB and a last line without a newline
# all come through whole and in order, from a file and from stdin; an
# error deep in the file names its line.
awk 'BEGIN {
	for (i = 1; i <= 30000; i++) {
		pad = substr("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 1, i % 50)
		if (i == 15000) {
			big = "x"
			while (length(big) < 1000000 - 40)
				big = big big
			pad = substr(big, 1, 1000000 - 40)
		}
		printf "./t_%06d %s%s", i, pad, (i % 7 ? "\n" : "\r\n")
	}
	printf "./t_last"
}' >"$T/big.list"
tr -d '\r' <"$T/big.list" | sed 's/ *$//' >"$T/big.want"
echo >>"$T/big.want"
[ "$(wc -l <"$T/big.want")" -eq 30001 ] || fail "bad big.want"
xe --co -q -f "$T/big.list"
expect_rc 0
cmp -s "$T/out" "$T/big.want" || fail "the big list came through changed"
set +e
"$XDIST_EXEC" --co -q -f - <"$T/big.list" >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 0
cmp -s "$T/out" "$T/big.want" || fail "the big list on stdin came through changed"
sed '29999s/$/ #@ colour=blue/' "$T/big.list" >"$T/bad.list"
xe --co -q -f "$T/bad.list"
expect_rc 4
expect_err "$T/bad.list:29999: unknown attribute 'colour'"

# Order: arguments before, a list in between, arguments after.
for i in 1 2 3 4 5; do
	printf '#!/bin/sh\necho %s >>"%s"\n' "$i" "$T/order" >"$T/rec$i"
	chmod 755 "$T/rec$i"
done
printf '%s\n' "$T/rec2" "$T/rec3" >"$T/mid.list"
cd "$(mktemp -d "$T/cwd.XXXXXX")"
xe -n 1 "$T/rec1" -f "$T/mid.list" "$T/rec4" -- "$T/rec5"
expect_rc 0
[ "$(tr '\n' ' ' <"$T/order")" = "1 2 3 4 5 " ] ||
	fail "tests ran in the order $(tr '\n' ' ' <"$T/order")"
exit 0
