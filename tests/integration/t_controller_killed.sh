#!/bin/sh
# SIGKILL of the controller: it gets no chance to clean up, yet its workers
# and every test process, including a test's own children in its process
# group, go away with it, and the last worker out removes the run
# directory (unless --keep-run-dir).
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
# The run directories go to a $TMPDIR of our own, to be watched.
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

for n in 2 0 keep; do
	keep=
	if [ "$n" = keep ]; then
		n=2
		keep=--keep-run-dir
	fi
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
	xe_bg -n "$n" ${keep:+"$keep"} -f "$T/list"
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
	# Each worker removed the run directory, or left it, before exiting.
	left=$(ls -A "$T/tmp")
	if [ -z "$keep" ]; then
		[ -z "$left" ] || fail "-n $n: run directory left behind: $left"
	else
		[ -n "$left" ] || fail "--keep-run-dir: the run directory is gone"
		[ -d "$T/tmp/$left/gw0" ] ||
			fail "--keep-run-dir: the run directory lost its contents"
		rm -rf "$T/tmp/$left"
	fi
done
exit 0
