#!/bin/sh
# valgrind memcheck: the controller over a mixed run (passed, failed,
# skipped, crashed, timed out, an error, a rerun; fixtures; captured and
# -s), then one worker driven by hand over the protocol with
# tests/helpers/proto_frames (the controller starts its own workers
# natively: --trace-children=no), captured and live: no memory error, no
# definite or indirect leak.  Skipped (77) without valgrind, and in a
# sanitizer build.
. "$SRCDIR/tests/integration/lib.sh"

command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind not installed"
	exit 77
}
# make sanitize: ASan's shadow memory and valgrind do not mix.
if ldd "$XDIST_EXEC" 2>/dev/null | grep -qE 'lib(a|ub|t)san'; then
	echo "xdist-exec is built with sanitizers"
	exit 77
fi
XT=$HELPERS/xt
PF=$HELPERS/proto_frames

# vg NAME CMD...: CMD under memcheck, its report in $T/vg.NAME.PID; $RC.
vg() {
	_name=$1
	shift
	set +e
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--trace-children=no --child-silent-after-fork=yes \
		--log-file="$T/vg.$_name.%p" "$@"
	RC=$?
	set -e
}
# vg_clean NAME: its report is empty (-q prints only errors and leaks).
vg_clean() {
	for f in "$T"/vg."$1".*; do
		[ -s "$f" ] || continue
		cat "$f" >&2
		fail "valgrind found errors in $1 (above)"
	done
}

# --- the controller: every kind of outcome, fixtures, captured then -s
cat >"$T/list" <<EOF
$XT exit 0
$XT exit 1
$XT exit 77
$XT exit 99
$XT kill SEGV
$XT spew 200000 big
$XT print hello world
$XT touch-sleep $T/slow 30 $MARK #@ timeout=0.3 name=times-out
$XT sleep 0.2 $MARK #@ group=g lock=l
$XT sleep 0.1 $MARK #@ group=g lock=l exclusive
$T/missing-program
sh -c 'test -e $T/flaky || { : >$T/flaky; exit 1; }'
EOF
for mode in captured live; do
	rm -f "$T/flaky"
	opt=
	[ "$mode" = live ] && opt=-s
	vg "controller-$mode" "$XDIST_EXEC" -n 2 -v $opt --reruns 1 \
		--timeout-grace 0.2 \
		--setup "sh -c 'echo SETUP_VAR=1 >>\"\$XDIST_ENV_FILE\"'" \
		--teardown true --worker-setup true --worker-teardown true \
		-f "$T/list" >"$T/out" 2>"$T/err" </dev/null
	if grep -q "cannot run 'xdist-exec' directly" "$T/err"; then
		fail "$mode: the workers exec /proc/self/exe, which under" \
			"valgrind is valgrind itself"
	fi
	[ "$RC" -ne 99 ] || { vg_clean "controller-$mode"; fail "rc 99"; }
	expect_rc 1
	vg_clean "controller-$mode"
	tail -n 1 "$T/out" | grep -qE '^=+ 2 failed, 1 timeout, 5 passed, 1 skipped, 1 flaky, 2 errors, 4 rerun in [0-9.]+s =+$' ||
		fail "$mode: final line: $(tail -n 1 "$T/out")"
done
no_procs "$MARK"

# --- one worker, by hand: HELLO, a RUN at a time (waiting for its RESULT),
# ENV, TERMINATE, BYE.  Its stdin stays open till it has gone (EOF would
# kill the running test).
decoded() {
	"$PF" decode <"$T/wout"
}
has_frame() {
	decoded | grep -q "$1"
}
results() {
	decoded | grep -c '^RESULT' || true
}
results_ge() {
	[ "$(results)" -ge "$1" ]
}
# send ARGS...: one frame to the worker.
send() {
	"$PF" "$@" >&3
}
# run_one N ARGS...: send a RUN, wait for the Nth RESULT.
run_one() {
	_n=$1
	shift
	send run "$@"
	wait_for results_ge "$_n"
}
# result N: the Nth RESULT line; flags N: its flags.
result() {
	decoded | grep '^RESULT' | sed -n "$1p"
}
flags() {
	result "$1" | sed -n 's/.* flags=\([0-9]*\).*/\1/p'
}
# RESULT flags (launcher/engine/proto.h)
TERMINATED=1 TRUNCATED=2 TIMEOUT=4 LEAKED=8

mkdir "$T/run"
mkfifo "$T/cmd"
for hflags in 0 2; do # captured, then HELLO_LIVE (-s)
	name=worker-$hflags
	rm -f "$T/wout" "$T/wrc"
	(
		vg "$name" "$XDIST_EXEC" worker <"$T/cmd" >"$T/wout" \
			2>"$T/werr"
		echo "$RC" >"$T/wrc"
	) &
	_bg_pids="$_bg_pids $!"
	exec 3>"$T/cmd"
	send hello gw0 "$T/run" "$T/run/gw$hflags" "$hflags" 4096 200
	WAIT_LIMIT=30 wait_for has_frame '^READY'
	# N  seq flags timeout_ms id args...
	run_one 1 0 0 0 pass "$XT" exit 0
	run_one 2 1 1 0 fail "$XT spew 100000 x; exit 1"
	run_one 3 2 0 0 skip "$XT" exit 77
	run_one 4 3 0 0 segv "$XT" kill SEGV
	run_one 5 4 0 300 timeout "$XT" sleep 30 "$MARK"
	run_one 6 5 0 0 noexec "$T/missing-program"
	run_one 7 6 3 0 fixture 'echo FX=1 >>"$XDIST_ENV_FILE"'
	send env "FROM_ENV=1"
	run_one 8 7 0 0 env "$XT" env FROM_ENV
	run_one 9 8 0 0 daemon "$XT" daemon "$T/daemon.$hflags" 30 "$MARK"
	send run 9 0 0 terminated "$XT" sleep 30 "$MARK"
	wait_for has_frame '^STARTED seq=9 '
	send terminate 200
	wait_for results_ge 10
	send bye
	wait_for test -s "$T/wrc"
	exec 3>&-
	rc=$(cat "$T/wrc")
	vg_clean "$name"
	[ "$rc" -eq 0 ] || fail "$name: exit status $rc: $(cat "$T/werr")"
	result 1 | grep -q ' kind=1 code=0 ' || fail "$name: pass: $(result 1)"
	result 2 | grep -q ' kind=1 code=1 ' || fail "$name: fail: $(result 2)"
	[ $(($(flags 2) & TRUNCATED)) -ne 0 ] ||
		fail "$name: 100000 bytes not truncated: $(result 2)"
	result 3 | grep -q ' kind=1 code=77 ' || fail "$name: skip: $(result 3)"
	result 4 | grep -q ' kind=2 code=11 ' || fail "$name: segv: $(result 4)"
	[ $(($(flags 5) & TIMEOUT)) -ne 0 ] ||
		fail "$name: no timeout: $(result 5)"
	result 6 | grep -q ' kind=3 ' || fail "$name: noexec: $(result 6)"
	result 7 | grep -q " env='FX=1'" || fail "$name: fixture: $(result 7)"
	result 8 | grep -q ' kind=1 code=0 ' || fail "$name: env: $(result 8)"
	[ $(($(flags 9) & LEAKED)) -ne 0 ] ||
		fail "$name: daemon not reported: $(result 9)"
	[ $(($(flags 10) & TERMINATED)) -ne 0 ] ||
		fail "$name: not terminated: $(result 10)"
	if [ "$hflags" = 2 ]; then
		has_frame '^OUTPUT' || fail "$name: no OUTPUT with HELLO_LIVE"
	fi
done
no_procs "$MARK"
exit 0
