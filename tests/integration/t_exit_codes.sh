#!/bin/sh
# Exit status: 0 all passed (skips allowed), 1 tests failed, 4 usage error
# (one line on stderr naming the problem and pointing at --help), 5 no
# tests.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

printf '%s\n' "$XT exit 0" "$XT exit 77" "$XT exit 0" >"$T/pass.list"
xe -n 2 --keep-duplicates -f "$T/pass.list"
expect_rc 0
expect_out "2 passed, 1 skipped"

printf '%s\n' "$XT exit 77" >"$T/skip.list"
xe -n 1 -f "$T/skip.list"
expect_rc 0

printf '%s\n' "$XT exit 0" "$XT exit 1" "$XT exit 0" >"$T/fail.list"
xe -n 2 --keep-duplicates -f "$T/fail.list"
expect_rc 1

printf '%s\n' "$XT exit 0" "$XT exit 99" >"$T/error.list"
xe -n 2 -f "$T/error.list"
expect_rc 1

# usage WHAT ARGS...: exit 4 with one line on stderr that names WHAT and
# --help, and nothing on stdout.
usage() {
	what=$1
	shift
	xe "$@"
	[ "$RC" -eq 4 ] || fail "xdist-exec $*: exit status $RC, not 4"
	[ "$(wc -l <"$T/err")" -eq 1 ] ||
		fail "xdist-exec $*: not one line on stderr: $(cat "$T/err")"
	grep -qF -- "$what" "$T/err" ||
		fail "xdist-exec $*: stderr does not name '$what': $(cat "$T/err")"
	grep -qF -- "--help" "$T/err" ||
		fail "xdist-exec $*: stderr does not mention --help"
	[ ! -s "$T/out" ] || fail "xdist-exec $*: wrote to stdout"
}
usage "--bogus" --bogus -- true
usage "abc" -n abc -- true
usage "-1" -n -1 -- true
usage "$T/nope" -f "$T/nope"
usage "$T/nope" -n 1 -f "$T/nope" -- true
usage "no tests" -n 2
usage "no tests"

printf '# only comments\n\n   \n\t\n#x\r\n\r\n' >"$T/empty.list"
xe -n 2 -f "$T/empty.list"
expect_rc 5
: >"$T/zero.list"
xe -f "$T/zero.list"
expect_rc 5
exit 0
