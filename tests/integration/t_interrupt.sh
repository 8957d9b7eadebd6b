#!/bin/sh
# Ctrl-C (SIGINT to the controller): running tests are stopped (SIGTERM,
# then SIGKILL after --timeout-grace), what finished is reported, the exit
# status is 2 and nothing is left behind.  A second SIGINT kills at once.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# gone PID: the process has exited (a zombie waiting for us counts).
gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
# ignoring_term: the sleep-ignore-term test is running and ignores SIGTERM.
# (Its worker's title names it too, so look at every match.)
ignoring_term() {
	for p in $(pgrep -f "sleep-ignore-term 300 $MARK"); do
		m=$(sed -n 's/^SigIgn:[[:space:]]*//p' "/proc/$p/status") ||
			continue
		[ $((0x${m#????????????} & 0x4000)) -eq 0 ] || return 0
	done
	return 1
}
# stop_within SECONDS: wait for the controller to exit; it must take less
# than SECONDS from now.
stop_within() {
	t0=$(date +%s)
	WAIT_LIMIT=120 wait_for gone "$XE_PID"
	took=$(($(date +%s) - t0))
	wait_exit "$XE_PID"
	[ "$took" -lt "$1" ] || fail "the run took ${took}s to stop (limit $1s)"
}

# --- one quick test finishes, two long ones run, one never starts
cat >"$T/list" <<EOF
$XT exit 0
$XT touch-sleep $T/a 300 $MARK
$XT touch-sleep $T/b 300 $MARK
$XT exit 0
EOF
xe_bg -n 2 --keep-duplicates -f "$T/list"
wait_for test -e "$T/a" -a -e "$T/b"
kill -INT "$XE_PID"
# Default grace 5s, and these tests die on SIGTERM at once.
stop_within 60
expect_rc 2
no_procs "$MARK"
expect_out "KeyboardInterrupt"
tail -n 1 "$T/out" |
	grep -qE '^=+ 1 passed, 2 interrupted, 1 not run in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
expect_out "INTERRUPTED $XT touch-sleep $T/a 300 $MARK"
expect_out "INTERRUPTED $XT touch-sleep $T/b 300 $MARK"

# --- a test that ignores SIGTERM is killed after --timeout-grace
printf '%s\n' "$XT sleep-ignore-term 300 $MARK" >"$T/list"
xe_bg -n 1 --timeout-grace=1 -f "$T/list"
wait_for ignoring_term
kill -INT "$XE_PID"
stop_within 60
expect_rc 2
no_procs "$MARK"
expect_out "1 interrupted"

# --- a second SIGINT does not wait for the grace (60s here)
xe_bg -n 1 --timeout-grace=60 -f "$T/list"
wait_for ignoring_term
kill -INT "$XE_PID"
# Two signals sent at once may arrive as one: let the first be seen.
wait_for grep -q KeyboardInterrupt "$T/out"
ignoring_term || fail "the test did not outlive the first SIGINT"
kill -INT "$XE_PID"
stop_within 40
expect_rc 2
no_procs "$MARK"

# --- -n 0 too (from a directory of its own, so the list order holds)
cd "$(mktemp -d "$T/cwd.XXXXXX")"
printf '%s\n' "$XT touch-sleep $T/m 300 $MARK" "$XT exit 0" >"$T/list"
rm -f "$T/m"
xe_bg -n 0 -f "$T/list"
wait_for test -e "$T/m"
kill -INT "$XE_PID"
stop_within 60
expect_rc 2
no_procs "$MARK"
expect_out "1 interrupted, 1 not run"
exit 0
