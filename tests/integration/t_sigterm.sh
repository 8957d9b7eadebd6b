#!/bin/sh
# SIGTERM (and SIGHUP) to the controller act like Ctrl-C: running tests are
# stopped, the report printed, exit status 2, nothing left behind.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}

for sig in TERM HUP; do
	rm -f "$T/a" "$T/b"
	# A directory of its own: tests seen before may be dispatched in
	# another order.
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	cat >"$T/list" <<EOF
$XT exit 0
$XT touch-sleep $T/a 300 $MARK
$XT touch-sleep $T/b 300 $MARK
$XT exit 0
EOF
	xe_bg -n 2 --keep-duplicates -f "$T/list"
	wait_for test -e "$T/a" -a -e "$T/b"
	t0=$(date +%s)
	kill "-$sig" "$XE_PID"
	WAIT_LIMIT=120 wait_for gone "$XE_PID"
	took=$(($(date +%s) - t0))
	wait_exit "$XE_PID"
	expect_rc 2
	[ "$took" -lt 60 ] || fail "SIG$sig: the run took ${took}s to stop"
	no_procs "$MARK"
	expect_out "Interrupted: SIG$sig"
	tail -n 1 "$T/out" |
		grep -qE '^=+ 1 passed, 2 interrupted, 1 not run in [0-9.]+s =+$' ||
		fail "SIG$sig: final line: $(tail -n 1 "$T/out")"
done
exit 0
