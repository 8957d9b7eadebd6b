#!/bin/sh
# xdist_once() from C tests on two workers at once: while the first caller
# runs fn, the other worker's caller is blocked inside xdist_once; fn runs
# once (one line in its side-effect file) and every caller, the blocked one
# and the later ones, gets fn's return value.  Outside a run xdist_once
# just calls fn.
. "$SRCDIR/tests/integration/lib.sh"

DEMO=$HELPERS/xdist_once_demo
NTESTS=8

# fn appends its pid to the FILE it is given: make that a FIFO, so that fn
# stays inside the call (blocked opening it) until we read it.
mkfifo "$T/fifo"

# The key carries $MARK, so that a demo stuck on the FIFO gets killed.
cat >"$T/ct.sh" <<EOF
#!/bin/sh
echo "\$XDIST_RUN_DIR" >"$T/rundir.\$1"
exec "$DEMO" "c key $MARK" "$T/fifo" 0.2 7 >"$T/res.\$1"
EOF
i=1
while [ "$i" -le "$NTESTS" ]; do
	echo "sh $T/ct.sh $i"
	i=$((i + 1))
done >"$T/list"

# lock_lines yes|no: /proc/locks lines of callers blocked on (yes) or
# holding (no) the run-once lock (the only key of the run).
lock_lines() {
	ino=$(stat -c %i "$(cat "$T"/rundir.* | head -n 1)"/once/*.lock) ||
		return 1
	awk -v ino=":$ino" -v blocked="$1" '
		{ f = $2 == "->" ? $7 : $6 }
		($2 == "->") == (blocked == "yes") &&
			substr(f, length(f) - length(ino) + 1) == ino' /proc/locks
}
# one_in_fn_one_waiting: one caller holds the lock (in fn, which cannot get
# past the FIFO yet) and the other worker's caller is blocked on it.
one_in_fn_one_waiting() {
	[ "$(lock_lines no | wc -l)" -eq 1 ] &&
		[ "$(lock_lines yes | wc -l)" -eq 1 ]
}

# --timeout: a second run of fn would block on the FIFO for good.
xe_bg -n 2 --timeout=90 -f "$T/list"
wait_for one_in_fn_one_waiting
[ "$(ls "$T" | grep -c '^res\.')" -eq 2 ] ||
	fail "not exactly two tests inside xdist_once: $(ls "$T")"
# Let fn go on: it writes its pid and returns.
timeout 60 cat "$T/fifo" >"$T/side" || fail "fn did not write to its FIFO"
wait_exit "$XE_PID"
expect_rc 0
expect_out "$NTESTS passed"

[ "$(wc -l <"$T/side")" -eq 1 ] ||
	fail "fn ran $(wc -l <"$T/side") times: $(cat "$T/side")"
grep -qxE '[0-9]+' "$T/side" || fail "fn wrote '$(cat "$T/side")'"
seen=
i=1
while [ "$i" -le "$NTESTS" ]; do
	r=$(cat "$T/res.$i")
	case $r in
	"once c key $MARK 7 worker gw0" | "once c key $MARK 7 worker gw1") ;;
	*) fail "test $i: '$r'" ;;
	esac
	seen="$seen ${r##* }"
	i=$((i + 1))
done
case $seen in
*gw0*gw1* | *gw1*gw0*) ;;
*) fail "not both workers called xdist_once:$seen" ;;
esac

# Outside a run: fn runs every time, and its value is returned.  (No
# variable of the contract: under make check we are in an outer run.)
for n in 1 2; do
	env -u XDIST_RUN_DIR -u XDIST_WORKER -u XDIST_WORKER_INDEX \
		-u XDIST_WORKER_COUNT -u XDIST_TESTRUNUID -u XDIST_WORKER_DIR \
		-u PYTEST_XDIST_WORKER -u PYTEST_XDIST_WORKER_COUNT \
		-u PYTEST_XDIST_TESTRUNUID \
		"$DEMO" "c key" "$T/plain" 0 9 >"$T/plain.out" ||
		fail "outside a run: the demo failed"
	[ "$(cat "$T/plain.out")" = "once c key 9 worker master" ] ||
		fail "outside a run: '$(cat "$T/plain.out")'"
done
[ "$(wc -l <"$T/plain")" -eq 2 ] ||
	fail "outside a run: fn ran $(wc -l <"$T/plain") times, not 2"
no_procs "$MARK"
exit 0
