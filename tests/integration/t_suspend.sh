#!/bin/sh
# SIGUSR1 prints what each worker runs and for how long; Ctrl-Z
# (SIGTSTP) stops the running tests and their timeout clocks, and
# SIGCONT resumes both: a test that needs 1.5 s of a 3 s --timeout
# passes even after being stopped for longer than that.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# Each test writes its pid (the exec keeps it) before sleeping.
cat >"$T/t.sh" <<EOF
#!/bin/sh
echo \$\$ >"$T/pid.\$1"
exec "$XT" touch-sleep "$T/\$1" 1.5 $MARK
EOF
chmod +x "$T/t.sh"
printf '%s\n' "$T/t.sh a" "$T/t.sh b" >"$T/list"
xe_bg -n 2 --timeout=3 -f "$T/list"
wait_for test -e "$T/a"
wait_for test -e "$T/b"

kill -USR1 "$XE_PID"
wait_for grep -q "running $T/t.sh a for" "$T/out"
expect_out "tests done after"

# Stopped: the tests' state letter is T while the controller is stopped.
stopped() {
	p=$(cat "$T/pid.$1")
	[ -n "$p" ] && [ "$(awk '{print $3}' "/proc/$p/stat")" = T ]
}
kill -TSTP "$XE_PID"
wait_for stopped a
wait_for stopped b
# Longer than the timeout: a clock that kept running would expire now.
# (This waits on purpose: it is the duration under test, not a sync.)
sleep 3.5
stopped a || fail "test a ran while stopped"
kill -CONT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 0
expect_out "2 passed"
expect_no_out "TIMEOUT"
no_procs "$MARK"
