#!/bin/sh
# A worker that gives up (a third RUN while a test runs and one waits
# queued, garbage on the command pipe) still ends like any worker: the running test's process
# group and its leftovers are killed, and, with no controller holding the
# run directory, the worker removes it.  Driven by hand over the protocol
# with tests/helpers/proto_frames.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
PF=$HELPERS/proto_frames

has_frame() {
	"$PF" decode <"$T/wout" | grep -q "$1"
}
gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}

mkfifo "$T/cmd"
# fatal NAME BYTES-CMD...: a worker runs a test that leaves a sleeper
# (not its own child: no death signal reaches it) and waits; then
# BYTES-CMD's output reaches the worker, which must exit 3 cleanly.
fatal() {
	name=$1
	shift
	rm -rf "$T/run" "$T/wout" "$T/wrc" "$T/sleeper.pid"
	mkdir "$T/run"
	(
		set +e
		"$XDIST_EXEC" worker <"$T/cmd" >"$T/wout" 2>"$T/werr"
		echo $? >"$T/wrc"
	) &
	_bg_pids="$_bg_pids $!"
	exec 3>"$T/cmd"
	"$PF" hello gw0 "$T/run" "$T/run/gw0" 0 4096 200 >&3
	wait_for has_frame '^READY'
	"$PF" run 0 1 0 sleeper \
		"$XT sleep 300 $MARK & echo \$! >$T/sleeper.pid; wait" >&3
	wait_for has_frame '^STARTED seq=0 '
	wait_for test -s "$T/sleeper.pid"
	"$@" >&3
	wait_for test -s "$T/wrc"
	exec 3>&-
	[ "$(cat "$T/wrc")" -eq 3 ] ||
		fail "$name: exit status $(cat "$T/wrc"): $(cat "$T/werr")"
	wait_for gone "$(cat "$T/sleeper.pid")"
	[ ! -e "$T/run" ] || fail "$name: the run directory is still there"
	no_procs "$MARK"
}

# A second RUN is queued (the next test, sent ahead); a third is fatal.
fatal "third RUN" sh -c "'$PF' run 1 0 0 next '$XT' exit 0 &&
	'$PF' run 2 0 0 again '$XT' exit 0"
fatal "garbage" printf 'garbage on the pipe\n'
fatal "unknown message" sh -c "printf '\\000\\000\\000\\001\\377'"
exit 0
