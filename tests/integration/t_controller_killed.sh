#!/bin/sh
# SIGKILL of the controller: it gets no chance to clean up, yet its workers
# and every test process, including a test's own children in its process
# group, go away with it.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
# A controller killed outright cannot remove its run directory: keep it in
# $T, which goes at the end.
mkdir "$T/tmp"
TMPDIR=$T/tmp
export TMPDIR

# all_gone PID...: none of these processes is alive (zombies count as gone).
all_gone() {
	for p in "$@"; do
		s=$(ps -o stat= -p "$p") || continue
		case $s in Z*) continue ;; esac
		return 1
	done
}
running() {
	pgrep -f "$1" >/dev/null
}

for n in 2 0; do
	rm -f "$T/a" "$T/b" "$T/c"
	if [ "$n" -eq 2 ]; then
		cat >"$T/list" <<EOF
$XT touch-sleep $T/a 300 $MARK
$XT touch-sleep $T/b 300 $MARK & $XT touch-sleep $T/c 300 $MARK; wait
EOF
	else
		cat >"$T/list" <<EOF
$XT touch-sleep $T/b 300 $MARK & $XT touch-sleep $T/c 300 $MARK; wait
EOF
		: >"$T/a"
	fi
	xe_bg -n "$n" -f "$T/list"
	wait_for test -e "$T/a" -a -e "$T/b" -a -e "$T/c"
	wait_for running "^$XT touch-sleep $T/b 300 $MARK"
	wait_for running "^$XT touch-sleep $T/c 300 $MARK"
	workers=$(ps --ppid "$XE_PID" -o pid= | tr '\n' ' ')
	[ -n "$workers" ] || fail "-n $n: no worker processes found"
	kill -KILL "$XE_PID"
	wait "$XE_PID" 2>/dev/null || true # (the shell would say "Killed")
	# shellcheck disable=SC2086
	wait_for all_gone $workers
	no_procs "$MARK"
done
exit 0
