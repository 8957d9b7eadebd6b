#!/bin/sh
# A test that leaves a daemon behind (setsid, double fork) which keeps the
# test's stdout open must not hang the run: the test is over when its own
# process is, and its output is taken after a bounded wait.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
# run_daemon OPTIONS...: the daemon test and a plain one; the run ends by
# itself, well before the daemon would, and both pass.
run_daemon() {
	rm -f "$T/daemon.pid"
	printf '%s\n' "$XT daemon $T/daemon.pid 300 $MARK" "$XT exit 0" \
		>"$T/list"
	t0=$(date +%s)
	xe_bg "$@" -f "$T/list"
	WAIT_LIMIT=120 wait_for gone "$XE_PID"
	took=$(($(date +%s) - t0))
	wait_exit "$XE_PID"
	expect_rc 0
	expect_out "2 passed"
	[ "$took" -lt 100 ] || fail "$*: the run took ${took}s"
	# The daemon was really there, holding the output pipe.
	[ -s "$T/daemon.pid" ] || fail "$*: the daemon did not start"
	kill -KILL "$(cat "$T/daemon.pid")" 2>/dev/null || true
	no_procs "$MARK"
}

run_daemon -n 1
run_daemon -n 2
run_daemon -n 0
run_daemon -n 1 -s
exit 0
