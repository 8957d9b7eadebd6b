#!/bin/sh
# Tests and workers are started vfork-style: every process xdist-exec
# creates comes from clone(CLONE_VM | CLONE_VFORK), which neither copies
# the parent's page tables nor lets it run on until the child has exec'd,
# and a failed exec is still reported as one.  Seen from outside, with
# strace.
. "$SRCDIR/tests/integration/lib.sh"

command -v strace >/dev/null 2>&1 || fail "strace is not installed (scripts/install-deps installs it)"

cd "$T"
printf '%s\n' /bin/true /bin/true "$T/missing-program" >"$T/list"
set +e
# LeakSanitizer cannot work under ptrace (make sanitize).
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -qq -e trace=clone,clone3,fork,vfork -o "$T/trace" \
	"$XDIST_EXEC" -n 1 -q --cache-clear --keep-duplicates -f "$T/list" \
	>"$T/out" 2>"$T/err"
RC=$?
set -e
# Two passes and a test that cannot be executed: an error.
expect_rc 1
expect_out "cannot execute: No such file or directory"
expect_out "1 error"
n=$(grep -cE ' (clone|clone3|fork|vfork)\(' "$T/trace" || true)
# The worker, and the three tests.
[ "$n" -ge 4 ] || fail "strace saw $n process creations: $(cat "$T/trace")"
if grep -E ' (clone|clone3|fork|vfork)\(' "$T/trace" |
	grep -vE 'CLONE_VM\|CLONE_VFORK' >"$T/other"; then
	fail "created without CLONE_VM|CLONE_VFORK: $(cat "$T/other")"
fi
