#!/bin/sh
# Failure output that cannot all be kept: a file size limit
# (RLIMIT_FSIZE, SIGXFSZ ignored) lets the controller's spool take one
# failing test's output, head and tail, and the next test's head, but not
# its tail.  That test is reported with its output lost, and the run fails
# (exit 3) as on a full disk: never a cut that shows "the last 0 bytes".
# (A full tmpfs, as in t_disk_full.sh, cannot pick the write that fails:
# the workers' capture files share it.)
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

command -v prlimit >/dev/null || exit 77

# Two failing tests of 3000 bytes each, with --max-output=2000: each
# result is a 1000-byte head and a 1000-byte tail.  In the spool, one
# takes bytes 0-2000, the other 2000-3000 (head) and 3000-4000 (tail).
# A 3500-byte limit fails the second tail write only; the workers'
# capture files hold 2000 bytes at most, and stdout is a pipe.
printf '%s\n' "sh -c '$XT spew 3000 a; exit 1'" \
	"sh -c '$XT spew 3000 b; exit 1'" >"$T/list"
{
	set +e
	(
		trap '' XFSZ
		exec prlimit --fsize=3500 "$XDIST_EXEC" -n 1 --max-output=2000 \
			-f "$T/list" 2>"$T/err" </dev/null
	)
	echo $? >"$T/rc"
} | cat >"$T/out"
RC=$(cat "$T/rc")
expect_rc 3
expect_out "2 failed"
[ "$(grep -c '(output lost: File too large)' "$T/out")" -eq 1 ] ||
	fail "not one test with its output lost"
expect_no_out "the last 0 bytes are shown"
expect_out "the first 1000 and the last 1000 bytes are shown"
expect_err "could not be kept (File too large)"
expect_err "report is incomplete"

# Without the limit the same run is an ordinary failure.
xe -n 1 --max-output=2000 -f "$T/list"
expect_rc 1
expect_no_out "output lost"
[ "$(grep -c 'the first 1000 and the last 1000 bytes are shown' "$T/out")" -eq 2 ] ||
	fail "without a limit, not both outputs shown cut"
exit 0
