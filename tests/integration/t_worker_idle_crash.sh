#!/bin/sh
# A worker that dies while idle -- here waiting out --reruns-delay before
# running a failed test again -- is a crash like any other: "node down",
# replaced, and the rerun goes to its replacement; with
# --max-worker-restart=0 the run stops and the test waiting for its rerun
# fails.  Either way the run ends (it used to spin for ever: the rerun
# stayed due on a worker that was gone).
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

gone() {
	! kill -0 "$1" 2>/dev/null
}
# idle_worker: the pid of the controller's idle worker, in $IW.
idle_worker() {
	IW=$(ps -o pid=,args= --ppid "$XE_PID" |
		awk '$2 == "[xdist-exec" && $3 == "idle]" { print $1 }')
	[ -n "$IW" ]
}

{
	echo "sh -c 'exit 1' $MARK first"
	echo "$XT sleep 0 $MARK second"
} >"$T/list"

# --- replaced, and the rerun runs on the replacement
cd "$(mktemp -d "$T/cwd.XXXXXX")"
xe_bg -n 1 -v --reruns 1 --reruns-delay 2 -f "$T/list"
wait_for grep -q "RERUN sh -c 'exit 1' $MARK first" "$T/out"
wait_for idle_worker
kill -KILL "$IW"
WAIT_LIMIT=30 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
expect_rc 1
grep -qxF "[gw0] node down: Not properly terminated" "$T/out" ||
	fail "no 'node down' line for the idle worker"
grep -qxF "replacing crashed worker gw0" "$T/out" ||
	fail "the idle worker was not replaced"
tail -n 1 "$T/out" |
	grep -qE '^=+ 1 failed, 1 passed, 1 rerun in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
no_procs "$MARK"

# --- --max-worker-restart=0: the run stops, the rerun fails
cd "$(mktemp -d "$T/cwd.XXXXXX")"
xe_bg -n 1 -v --reruns 1 --reruns-delay 2 --max-worker-restart=0 \
	-f "$T/list"
wait_for grep -q "RERUN sh -c 'exit 1' $MARK first" "$T/out"
wait_for idle_worker
kill -KILL "$IW"
WAIT_LIMIT=30 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
expect_rc 1
grep -qxF "worker gw0 crashed and worker restarting disabled" "$T/out" ||
	fail "no 'restarting disabled' line"
expect_out "FAILED sh -c 'exit 1' $MARK first - worker 'gw0' crashed before rerunning"
tail -n 1 "$T/out" |
	grep -qE '^=+ 1 failed, 1 rerun, 1 not run in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
no_procs "$MARK"
exit 0
