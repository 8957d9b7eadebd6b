#!/bin/sh
# -v: one line per test, '[gwN] [ PP%] OUTCOME <id> (S.SSs)', the
# percentage counting finished tests.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

printf '%s\n' "$XT exit 0" "$XT exit 0" "$XT exit 77" "$XT exit 1" >"$T/list"
xe -n 1 -v --keep-duplicates -f "$T/list"
expect_rc 1

# vline N PCT OUTCOME ID: line N of the progress is exactly this.
vline() {
	want="^\\[gw0\\] \\[$2\\] $3 $(printf '%s' "$4" | sed 's/[].[*^$\\/]/\\&/g') \\([0-9]+\\.[0-9]{2}s\\)\$"
	got=$(grep -E '^\[gw0\] \[' "$T/out" | sed -n "$1p")
	printf '%s\n' "$got" | grep -qE "$want" ||
		fail "-v line $1 is '$got', not '[gw0] [$2] $3 $4 (S.SSs)'"
}
[ "$(grep -c '^\[gw0\] \[' "$T/out")" -eq 4 ] || fail "not four -v lines"
vline 1 " 25%" PASSED "$XT exit 0"
vline 2 " 50%" PASSED "$XT exit 0"
vline 3 " 75%" SKIPPED "$XT exit 77"
vline 4 "100%" FAILED "$XT exit 1"

# The spec's own example, through --verbose and '--'.
xe -n 1 --verbose -- true false
expect_rc 1
grep -qxE '\[gw0\] \[ 50%\] PASSED true \([0-9]+\.[0-9]{2}s\)' "$T/out" ||
	fail "no '[gw0] [ 50%] PASSED true (S.SSs)' line"
grep -qxE '\[gw0\] \[100%\] FAILED false \([0-9]+\.[0-9]{2}s\)' "$T/out" ||
	fail "no '[gw0] [100%] FAILED false (S.SSs)' line"

# Two workers: each line names the worker that ran the test.
xe -n 2 -v --keep-duplicates -- true true true true
expect_rc 0
[ "$(grep -cE '^\[gw[01]\] \[ *[0-9]+%\] PASSED true \(' "$T/out")" -eq 4 ] ||
	fail "-n 2 -v: not four PASSED lines"
exit 0
