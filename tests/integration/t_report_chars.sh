#!/bin/sh
# -r CHARS, as pytest: which outcomes get a line in the short test summary
# (f failed, E error, s skipped, x xfailed, X xpassed, p passed, P the
# PASSES section with what passing tests wrote, a all but passes, A all,
# N none; default fE), in the order the chars are given.  A skipped test's
# line carries its reason, the last line it wrote, folded as pytest folds
# skips ("SKIPPED [2] ID: reason").
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
mkdir "$T/p"
cd "$T/p"
printf '%s\n' 'echo checking' 'echo "Skipped: no database here"' 'echo' \
	'exit 77' >nodb.sh
{
	echo "echo all good #@ name=ok"
	echo "$XT exit 1 #@ name=bad"
	echo "$XT exit 99 #@ name=broken"
	echo "sh nodb.sh #@ name=nodb"
	echo "$XT exit 77 #@ name=silent_skip"
	echo "$XT exit 1 #@ name=xf xfail=\"bug 9\""
	echo "$XT exit 0 #@ name=xp xfail"
} >tests.list

# summary: the lines of the short test summary, in $T/summary.
summary() {
	sed -n '/=* short test summary info =*/,$p' "$T/out" |
		sed '1d;$d' | grep -v '^workers busy ' >"$T/summary"
}
expect_summary() {
	printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/summary" "$T/want" ||
		fail "short summary is '$(cat "$T/summary")', not '$*'"
}

# Default: fE.
xe -n 2 --color=no -f tests.list
expect_rc 1
summary
expect_summary "FAILED bad - exit status 1" \
	"ERROR broken - exit status 99 (hard error)"

# -rs replaces the default: skips only, with their reasons.
xe -n 2 --color=no -rs -f tests.list
summary
expect_summary "SKIPPED [1] nodb: no database here" \
	"SKIPPED [1] silent_skip: exit status 77"

# The chars' order is the lines' order; F and S are f and s.
xe -n 2 --color=no -rxXSF -f tests.list
summary
expect_summary "XFAIL xf - bug 9" "XPASS xp" \
	"SKIPPED [1] nodb: no database here" \
	"SKIPPED [1] silent_skip: exit status 77" "FAILED bad - exit status 1"

# -ra: everything but passes, as pytest orders a (sxXEf).
xe -n 2 --color=no -ra -f tests.list
summary
expect_summary "SKIPPED [1] nodb: no database here" \
	"SKIPPED [1] silent_skip: exit status 77" "XFAIL xf - bug 9" \
	"XPASS xp" "ERROR broken - exit status 99 (hard error)" \
	"FAILED bad - exit status 1"

# -rp: passes; -rN: no summary at all.
xe -n 2 --color=no -rp -f tests.list
summary
expect_summary "PASSED ok"
xe -n 2 --color=no -rN -f tests.list
expect_rc 1
expect_no_out "short test summary info"
expect_out "1 failed, 1 passed, 2 skipped, 1 xfailed, 1 xpassed, 1 error"

# -rA: the PASSES section shows what a passing test wrote.
xe -n 2 --color=no -rA -f tests.list
expect_out "==== PASSES ===="
expect_out "all good"
summary
grep -qxF "PASSED ok" "$T/summary" || fail "-rA: no PASSED line"
xe -n 2 --color=no -f tests.list
expect_no_out "PASSES"
expect_no_out "all good"

# Skips of one test for one reason fold into one line.
xe -n 2 --color=no --count=3 -rs -k nodb -f tests.list
summary
expect_summary "SKIPPED [3] nodb: no database here"

# An unknown char: exit 4, one line.
xe -rq -f tests.list
expect_rc 4
expect_err "xdist-exec: -r: 'q' is not one of f, E, s, x, X, p, P, a, A, N, w"
exit 0
