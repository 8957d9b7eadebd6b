#!/bin/sh
# The protocol is versioned: a worker handed a HELLO of another version
# (here 1, before typed messages) refuses it with an ERROR naming both
# versions and exits 3 without starting anything; the current version's
# HELLO gets a READY carrying that version.  (The controller's side, a
# READY of another version, is a unit test in test_proto_typed.c: the
# controller starts only its own executable as a worker.)
. "$SRCDIR/tests/integration/lib.sh"

PF=$HELPERS/proto_frames
KEEP_RUN_DIR=16 # HELLO_KEEP_RUN_DIR: the worker leaves $T/run be

mkdir "$T/run"
# worker HELLO-ARGS...: a worker reading one HELLO on a pipe (it waits on
# its stdin with epoll), then EOF; $RC, its frames decoded in $T/out.
worker() {
	set +e
	"$PF" hello "$@" | "$XDIST_EXEC" worker >"$T/wout" 2>"$T/err"
	RC=$?
	set -e
	"$PF" decode <"$T/wout" >"$T/out"
}

# The version this build speaks, from its READY.
worker gw0 "$T/run" "$T/run/gw0" $KEEP_RUN_DIR 4096 200
expect_rc 0
ours=$(sed -n 's/^READY version=\([0-9]*\) .*/\1/p' "$T/out")
[ -n "$ours" ] || fail "no READY for the current version: $(cat "$T/out")"
[ "$ours" -ne 1 ] || fail "the protocol is still at version 1"

worker -v 1 gw1 "$T/run" "$T/run/gw1" $KEEP_RUN_DIR 4096 200
expect_rc 3
expect_out "ERROR text='protocol version 1, this worker speaks $ours'"
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "more than the ERROR: $(cat "$T/out")"
[ ! -e "$T/run/gw1" ] || fail "the worker set up for a HELLO it refused"
exit 0
