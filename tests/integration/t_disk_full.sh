#!/bin/sh
# The disk filling up during a run: nothing hangs, the report says which
# output could not be kept and why, and the run fails (exit 3) rather
# than present an incomplete report as a clean one.  Needs root to mount
# a small tmpfs as the run's TMPDIR; skipped otherwise.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

[ "$(id -u)" -eq 0 ] || exit 77
mkdir "$T/small"
mount -t tmpfs -o size=256k tmpfs "$T/small" 2>/dev/null || exit 77
trap 'umount "$T/small" 2>/dev/null; cleanup' EXIT

printf '%s\n' "sh -c '$XT spew 2000000; exit 1'" "$XT exit 0" >"$T/list"
set +e
TMPDIR=$T/small "$XDIST_EXEC" -n 1 -f "$T/list" >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 3
expect_out "1 failed, 1 passed"
expect_out "(output lost: No space left on device)"
expect_err "could not be kept (No space left on device)"
expect_err "report is incomplete"

# With room to spare the same run is an ordinary failure.
set +e
"$XDIST_EXEC" -n 1 -f "$T/list" >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 1
expect_no_out "output lost"
