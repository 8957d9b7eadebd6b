#!/bin/sh
# A lost host: the sshd session process above a running remote test is
# killed.  The test is reported crashed with the target named, the other
# tests pass (on the popen worker and on gw0's replacement), the summary
# names the lost target, and nothing of that test is left running: the
# remote worker saw its stdin end and killed it.  Then the host goes away
# for good (its sshd too) under --dist each: the runs it had not started
# are not run, the other worker's go on, and the run ends, saying why,
# not "scheduler stalled".
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/sshd.sh"
start_sshd

XT=$HELPERS/xt
# On the ssh target only: note the worker's pid, then sleep.
cat >sleeper.sh <<EOF
#!/bin/sh
if [ "\$XDIST_HOST" = xtarget ]; then
	echo \$PPID >$T/wpid.tmp && mv $T/wpid.tmp $T/wpid
	exec $XT sleep 300 $MARK
fi
EOF
chmod +x sleeper.sh
printf '%s\n' "$T/sleeper.sh" "$XT exit 0" "$XT print quick" >list
xe_bg -v --dist each --tx "ssh=-F $SSH_CFG xtarget//xdist-exec=$XDIST_EXEC" \
	--tx popen -f list
wait_for test -s "$T/wpid"
wpid=$(cat "$T/wpid")
session=$(ps -o ppid= -p "$wpid" | tr -d ' ')
[ -n "$session" ] && [ "$session" -gt 1 ] || fail "no sshd session above $wpid"
kill -KILL "$session"
wait_exit "$XE_PID"
expect_rc 1
expect_out "[gw0] node down: lost ssh=-F $SSH_CFG xtarget"
expect_out "worker 'gw0' crashed while running '$T/sleeper.sh' (lost ssh="
expect_out "replacing crashed worker gw0"
expect_out "LOST [gw0] ssh=-F $SSH_CFG xtarget"
expect_out "1 failed, 5 passed"
# The remote worker killed its test when its connection went.
no_procs "$MARK"
wait_for sh -c "! kill -0 $wpid 2>/dev/null"

# The host gone for good: no replacement can start there.  Without the
# durations the first part left, the list order holds: the sleeper is
# gw0's first test, so gw0 still has tests when it is lost.
rm -f "$T/wpid"
xe_bg -v --cache-clear --dist each --tx "ssh=-F $SSH_CFG xtarget//xdist-exec=$XDIST_EXEC" \
	--tx popen -f list
wait_for test -s "$T/wpid"
wpid=$(cat "$T/wpid")
session=$(ps -o ppid= -p "$wpid" | tr -d ' ')
[ -n "$session" ] && [ "$session" -gt 1 ] || fail "no sshd session above $wpid"
kill -KILL "$SSHD_PID"
kill -KILL "$session"
wait_exit "$XE_PID"
expect_rc 1
expect_err "worker gw0 could not start on ssh=-F $SSH_CFG xtarget"
expect_out "worker gw0 gone: 2 tests not run on it"
tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, 3 passed, 2 not run in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
grep -q "scheduler stalled" "$T/err" && fail "the run stalled: $(cat "$T/err")"
no_procs "$MARK"
exit 0
