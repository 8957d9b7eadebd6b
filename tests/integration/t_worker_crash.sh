#!/bin/sh
# A worker that dies while running a test: the test fails with "worker
# 'gwN' crashed while running '<id>'", the worker is replaced and the other
# tests still run; with --max-worker-restart=0 the run stops instead and
# the tests not started are reported as not run.  Exit status 1 either way.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
# victim_worker: the pid of the worker whose title says it runs the victim.
victim_worker() {
	VW=$(ps --ppid "$XE_PID" -o pid=,args= |
		awk -v id="$victim" '{ p = $1; sub(/^ *[0-9]+ /, "") }
			$0 ~ /^\[xdist-exec running\] gw[01] / &&
			substr($0, index($0, "] gw") + 6) == id { print p }')
	[ -n "$VW" ]
}

# gate.sh: passes once $T/go exists (bounded), holding its worker till then.
cat >"$T/gate.sh" <<EOF
#!/bin/sh
n=0
until [ -e "$T/go" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 2400 ] || exit 1
	sleep 0.05
done
EOF
# Short ids: a process title has room for 255 bytes only (libbsd), and
# titles are compared whole here.  xt is found in PATH, files are relative
# to the current directory, which xdist-exec and its tests share.
PATH=$HELPERS:$PATH
export PATH
victim="xt touch-sleep victim 300 $MARK"
# The victim and the gate take both workers; four tests wait their turn.
{
	echo "$victim"
	echo "sh $T/gate.sh $MARK"
	for i in 1 2 3 4; do
		echo "$XT touch-sleep $T/ran.$i 0"
	done
} >"$T/list"

# --- the crashed worker is replaced and the run goes on
xe_bg -n 2 -f "$T/list"
wait_for test -e victim
wait_for victim_worker
gw=$(ps -o args= -p "$VW" | sed 's/^\[xdist-exec running\] \(gw[01]\) .*/\1/')
kill -KILL "$VW"
# The replacement is announced before the gate opens: the four tests are
# still waiting then.
wait_for grep -q "replacing crashed worker $gw" "$T/out"
: >"$T/go"
WAIT_LIMIT=120 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
expect_rc 1
expect_out "worker '$gw' crashed while running '$victim'"
grep -qF "FAILED $victim - worker '$gw' crashed while running '$victim'" \
	"$T/out" || fail "the short test summary lacks the crashed test"
for i in 1 2 3 4; do
	[ -e "$T/ran.$i" ] || fail "test $i did not run after the crash"
done
tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, 5 passed in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
no_procs "$MARK"
cp "$T/out" "$T/out.restart"
gw_restart=$gw

# --- --max-worker-restart=0: the run stops
rm -f "$T/go" "$T"/ran.*
cd "$(mktemp -d "$T/cwd.XXXXXX")"
xe_bg -n 2 --max-worker-restart=0 -f "$T/list"
wait_for test -e victim
wait_for victim_worker
gw=$(ps -o args= -p "$VW" | sed 's/^\[xdist-exec running\] \(gw[01]\) .*/\1/')
kill -KILL "$VW"
WAIT_LIMIT=120 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
expect_rc 1
expect_out "worker '$gw' crashed while running '$victim'"
if ls "$T"/ran.* >/dev/null 2>&1; then
	fail "tests started after the crash: $(ls "$T"/ran.*)"
fi
tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, .*4 not run in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
expect_no_out "replacing crashed worker"
no_procs "$MARK"

# --- the messages are lines of their own, not glued to progress letters
grep -qxF "worker $gw crashed and worker restarting disabled" "$T/out" ||
	fail "no line 'worker $gw crashed and worker restarting disabled'"
cp "$T/out.restart" "$T/out"
grep -qxF "replacing crashed worker $gw_restart" "$T/out" ||
	fail "'replacing crashed worker $gw_restart' is not a line of its own"
exit 0
