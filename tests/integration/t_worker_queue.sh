#!/bin/sh
# A RUN sent while a test runs waits at the worker and starts the moment
# that test's RESULT is out, with no message from the controller in
# between; RUN_IF_CLEAN drops it, answered RESULT_NOT_STARTED, after a
# test that failed; TERMINATE drops it too, and it never starts.  Driven
# by hand over the protocol with tests/helpers/proto_frames.
. "$SRCDIR/tests/integration/lib.sh"

PF=$HELPERS/proto_frames
SHELL_FLAG=1
IF_CLEAN=4
NOT_STARTED=32

frames() {
	"$PF" decode <"$T/wout"
}
has_frame() {
	frames | grep -q "$1"
}
# gate NAME: a shell test that waits (bounded) for $T/NAME, then exits
# with the status in it.
gate() {
	echo "n=0; until [ -s $T/$1 ]; do n=\$((n+1)); [ \$n -lt 6000 ] || exit 99; sleep 0.01; done; exit \$(cat $T/$1)"
}
open_gate() {
	echo "$2" >"$T/$1.tmp"
	mv "$T/$1.tmp" "$T/$1"
}

mkfifo "$T/cmd"
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

# 1. Queued behind a running test, started right after its RESULT.
"$PF" run 0 $SHELL_FLAG 0 first "$(gate g0)" >&3
wait_for has_frame '^STARTED seq=0 '
"$PF" run 1 $SHELL_FLAG 0 second "echo second ran" >&3
open_gate g0 0
wait_for has_frame '^RESULT seq=1 '
order=$(frames | grep -oE '^(RESULT|STARTED) seq=[0-9]+' | tr '\n' ' ')
[ "$order" = "STARTED seq=0 RESULT seq=0 STARTED seq=1 RESULT seq=1 " ] ||
	fail "queued: frames in the order '$order'"

# 2. RUN_IF_CLEAN after a failure: dropped, never started.
"$PF" run 2 $SHELL_FLAG 0 failing "$(gate g2)" >&3
wait_for has_frame '^STARTED seq=2 '
"$PF" run 3 $((SHELL_FLAG | IF_CLEAN)) 0 held "echo held ran" >&3
open_gate g2 1
wait_for has_frame '^RESULT seq=3 '
frames | grep -q '^RESULT seq=2 kind=1 code=1 ' ||
	fail "the failing test's result: $(frames | grep 'seq=2')"
frames | grep '^RESULT seq=3 ' | grep -q " flags=$NOT_STARTED " ||
	fail "if-clean: not dropped: $(frames | grep 'seq=3')"
! has_frame '^STARTED seq=3 ' || fail "if-clean: the dropped test started"

# 3. RUN_IF_CLEAN after a pass: it starts.
"$PF" run 4 $SHELL_FLAG 0 passing "$(gate g4)" >&3
wait_for has_frame '^STARTED seq=4 '
"$PF" run 5 $((SHELL_FLAG | IF_CLEAN)) 0 clean "exit 0" >&3
open_gate g4 0
wait_for has_frame '^RESULT seq=5 '
has_frame '^STARTED seq=5 ' || fail "if-clean after a pass: not started"

# 4. TERMINATE: the queued test is dropped, the running one stopped.
"$PF" run 6 $SHELL_FLAG 0 stopped "$(gate never)" >&3
wait_for has_frame '^STARTED seq=6 '
"$PF" run 7 $SHELL_FLAG 0 never "echo never ran" >&3
"$PF" terminate 200 >&3
wait_for has_frame '^RESULT seq=6 '
wait_for has_frame '^RESULT seq=7 '
frames | grep '^RESULT seq=7 ' | grep -q " flags=$NOT_STARTED " ||
	fail "terminate: queued test not dropped: $(frames | grep 'seq=7')"
! has_frame '^STARTED seq=7 ' || fail "terminate: the queued test started"

"$PF" bye >&3
exec 3>&-
wait_for test -s "$T/wrc"
[ "$(cat "$T/wrc")" -eq 0 ] ||
	fail "worker exit status $(cat "$T/wrc"): $(cat "$T/werr")"
! frames | grep -q 'data=.*\(held\|never\) ran' ||
	fail "a dropped test ran: $(frames)"
