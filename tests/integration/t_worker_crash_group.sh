#!/bin/sh
# When a worker dies while running a test, the test's whole process group
# goes with it, not just the test's top process: a shell test's background
# children must not outlive the run (one process group per test, never an
# orphan).
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
running() {
	pgrep -f "$1" >/dev/null
}
victim_worker() {
	VW=$(ps --ppid "$XE_PID" -o pid=,args= |
		awk -v id="$victim" '{ p = $1; sub(/^ *[0-9]+ /, "") }
			$0 ~ /^\[xdist-exec running\] gw[01] / &&
			substr($0, index($0, "] gw") + 6) == id { print p }')
	[ -n "$VW" ]
}

# A shell test with a child in the background and one in the foreground.
# Short ids: a process title has room for 255 bytes only (libbsd), and
# titles are compared whole here.  xt is found in PATH, files are relative
# to the current directory, which xdist-exec and its tests share.
PATH=$HELPERS:$PATH
export PATH
victim="xt touch-sleep bg 300 $MARK-bg & xt touch-sleep fg 300 $MARK-fg; wait"
printf '%s\n' "$victim" "$XT exit 0" "$XT exit 0" >"$T/list"

for n in 2 1; do
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	xe_bg -n "$n" --keep-duplicates -f "$T/list"
	wait_for test -e bg -a -e fg
	wait_for running "touch-sleep bg 300 $MARK-bg"
	wait_for victim_worker
	kill -KILL "$VW"
	WAIT_LIMIT=120 wait_for gone "$XE_PID"
	wait_exit "$XE_PID"
	expect_rc 1
	expect_out "crashed while running '$victim'"
	# The run is over: nothing of the test may still run.
	WAIT_LIMIT=10 wait_for no_procs_now "$MARK"
done
exit 0
