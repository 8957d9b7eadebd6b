#!/bin/sh
# A reader that stops reading the report (`xdist-exec ... | less`, not
# scrolled) must not stop the run: with stdout a full pipe nobody reads,
# tests are still dispatched, a test's timeout still kills it, and Ctrl-C
# still stops the running tests.  When the reader comes back it gets the
# whole report, final line included, and the exit status is the run's.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# The chatty test writes ~256 KiB (-s: echoed to our stdout as it comes),
# four times what a pipe holds; the timed-out test goes to the same worker
# once the chatty one is over, so it starts only if the controller gets on
# with its work while its stdout is full.
cat >"$T/to.sh" <<EOF
#!/bin/sh
echo \$\$ >"$T/to.pid.tmp" && mv "$T/to.pid.tmp" "$T/to.pid"
exec "$XT" sleep 60 "$MARK-to"
EOF
cat >"$T/list" <<EOF
$XT spew 262144 chatty
$XT touch-sleep $T/s1 300 $MARK-s1
$XT touch-sleep $T/s2 300 $MARK-s2
sh $T/to.sh #@ timeout=1
EOF

# The reader: opens the FIFO at once (so xdist-exec's open of it returns),
# reads nothing until $T/go exists, then everything.
mkfifo "$T/fifo"
sh -c 'until [ -e "$1/go" ]; do sleep 0.05; done; exec cat' sh "$T" \
	<"$T/fifo" >"$T/out" &
reader=$!
_bg_pids="$_bg_pids $reader"
env --default-signal=INT,QUIT "$XDIST_EXEC" -n 3 -s --timeout-grace=1 \
	-f "$T/list" >"$T/fifo" 2>"$T/err" </dev/null &
XE_PID=$!
_bg_pids="$_bg_pids $XE_PID"

# gone PID: the process has exited (a zombie counts).
gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
paused() {
	[ ! -e "$T/go" ] || fail "the reader was let go too early"
}

# Dispatched after 256 KiB went to a stdout nobody reads.
WAIT_LIMIT=60 wait_for test -s "$T/to.pid"
paused
pid=$(cat "$T/to.pid")
# Its timeout (1s, grace 1s) kills it while the reader still sleeps.
WAIT_LIMIT=60 wait_for gone "$pid"
paused
no_procs "$MARK-to"
# Ctrl-C stops the two sleepers, still without a reader.
WAIT_LIMIT=60 wait_for test -e "$T/s1" -a -e "$T/s2"
kill -INT "$XE_PID"
WAIT_LIMIT=60 wait_for no_procs_now "$MARK-s"
paused
# The reader comes back: the run ends with its full report.
: >"$T/go"
WAIT_LIMIT=120 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
wait "$reader" || fail "the reader failed"
expect_rc 2
no_procs "$MARK"
tail -n 1 "$T/out" |
	grep -qE '^=+ 1 timeout, 1 passed, 2 interrupted in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
expect_out "KeyboardInterrupt"
expect_out "xt-spew-last chatty"
n=$(grep -c '^\[gw[0-9]\] chatty ' "$T/out") || true
[ "$n" -ge 4000 ] || fail "only $n lines of the chatty test's output"
exit 0
