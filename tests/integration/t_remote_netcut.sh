#!/bin/sh
# A remote worker's connection cut without being closed: no FIN, no RST,
# only silence, as after a network cut or with a frozen host.  The target
# side is frozen (SIGSTOP) while a test runs there: the kernel keeps the
# TCP connection open and acknowledges what ssh sends, but nothing
# answers, so only ssh's keep-alives can tell.  The --tx spec's own
# keep-alives (-o ServerAliveInterval=1 -o ServerAliveCountMax=2: lost
# after 3 s of silence) win over the defaults, so that the scenario does
# not wait out the default minute.
#   frozen session: the sshd session and the worker under it stop; the
#     loss is told within the spec's bound, the running test fails
#     naming the target and ssh's message, the worker is replaced (the
#     server still takes connections) and the run goes on.  Thawed, the
#     remote side ends by itself: the worker sees its stdin end and
#     kills its test.
#   frozen host: the server stops too; the replacement waits for the
#     server no longer than the spec's -o ConnectTimeout=2, the worker is
#     gone for good and its work goes to the other worker.
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/sshd.sh"

# What the scenario froze is thawed on any exit, failures included: a
# stopped process is never left behind.
FROZEN=
thaw() {
	[ -z "$FROZEN" ] || kill -CONT $FROZEN 2>/dev/null || true
	FROZEN=
}
trap 'thaw; cleanup' EXIT

start_sshd

XT=$HELPERS/xt
# On the ssh target only: note the test's pid and the worker's, then
# sleep.
cat >sleeper.sh <<EOF
#!/bin/sh
if [ "\$XDIST_HOST" = xtarget ]; then
	echo "\$\$ \$PPID" >$T/pids.tmp && mv $T/pids.tmp $T/pids
	exec $XT sleep 300 $MARK
fi
EOF
chmod +x sleeper.sh
printf '%s\n' "$T/sleeper.sh" "$XT exit 0" "$XT print quick" >list
# LogLevel=INFO, a user's default (the scenario's ssh config says ERROR):
# ssh's timeout message is an INFO one.
SPEC="ssh=-o ServerAliveInterval=1 -o ServerAliveCountMax=2 -o ConnectTimeout=2 -o LogLevel=INFO -F $SSH_CFG xtarget"
TX="$SPEC//xdist-exec=$XDIST_EXEC"
TIMEOUT_MSG="Timeout, server 127.0.0.1 not responding."

# start: the run, until the target's test is running; sets $tpid, $wpid
# (the remote worker) and $session (the sshd session above it).
start() {
	rm -f "$T/pids"
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	xe_bg -v --cache-clear --dist each --tx "$TX" --tx popen -f "$T/list"
	wait_for test -s "$T/pids"
	read -r tpid wpid <"$T/pids"
	session=$(ps -o ppid= -p "$wpid" | tr -d ' ')
	[ -n "$session" ] && [ "$session" -gt 1 ] ||
		fail "no sshd session above $wpid"
}

# freeze PID...: stop them, parents first; thawed on exit.
freeze() {
	FROZEN="$FROZEN $*"
	kill -STOP "$@"
}

# detected: wait for gw0's loss; fail when it took longer than LIMIT
# seconds from the freeze (the spec's bound is 3 s; the rest is slack
# for a loaded machine, well below the default 45 to 60 s).
detected() {
	WAIT_LIMIT=60 wait_for grep -qF "[gw0] node down: lost $TX: $TIMEOUT_MSG" "$T/out"
	_took=$(($(date +%s) - t0))
	[ "$_took" -le 20 ] || fail "the cut was told after ${_took}s, not within 20s"
}

# --- frozen session: the connection goes silent, the server stays up.
start
freeze "$session" "$wpid" "$tpid"
t0=$(date +%s)
detected
WAIT_LIMIT=60 wait_for sh -c "! kill -0 $XE_PID 2>/dev/null"
wait_exit "$XE_PID"
expect_rc 1
expect_out "worker 'gw0' crashed while running '$T/sleeper.sh' (lost $TX: $TIMEOUT_MSG)"
expect_out "replacing crashed worker gw0"
expect_out "LOST [gw0] $TX - $TIMEOUT_MSG"
tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, 5 passed in [0-9.]+s( \([0-9:]+\))? =+$' ||
	fail "frozen session: final line: $(tail -n 1 "$T/out")"
# Thawed, the session finds its client gone, the worker its stdin ended:
# the test is killed there and nothing is left.
thaw
wait_for sh -c "! kill -0 $wpid 2>/dev/null"
wait_for sh -c "! kill -0 $session 2>/dev/null"
no_procs "$MARK"

# --- frozen host: the server, every session and every process under
# them.  The replacement cannot get a banner: gw0 is gone for good, the
# runs it had not started are not run, the popen worker's go on.
start
tree=$SSHD_PID
_new=$SSHD_PID
while [ -n "$_new" ]; do
	_new=$(for p in $_new; do pgrep -P "$p" || true; done)
	tree="$tree $_new"
done
freeze $tree
t0=$(date +%s)
detected
WAIT_LIMIT=60 wait_for sh -c "! kill -0 $XE_PID 2>/dev/null"
wait_exit "$XE_PID"
took=$(($(date +%s) - t0))
[ "$took" -le 40 ] || fail "frozen host: the run ended ${took}s after the freeze"
expect_rc 1
expect_out "worker 'gw0' crashed while running '$T/sleeper.sh' (lost $TX: $TIMEOUT_MSG)"
# ssh's words: the connection or the banner exchange "timed out".
grep -F "worker gw0 could not start on $TX: " "$T/err" | grep -q "timed out" ||
	fail "frozen host: no connect timeout: $(cat "$T/err")"
expect_out "worker gw0 gone: 2 tests not run on it"
tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, 3 passed, 2 not run in [0-9.]+s( \([0-9:]+\))? =+$' ||
	fail "frozen host: final line: $(tail -n 1 "$T/out")"
grep -q "scheduler stalled" "$T/err" && fail "the run stalled: $(cat "$T/err")"
thaw
wait_for sh -c "! kill -0 $wpid 2>/dev/null"
no_procs "$MARK"
exit 0
