#!/bin/sh
# --tap: a test that does not end cleanly keeps the cases it printed.
# Killed by a signal, stopped by --timeout, stopped by Ctrl-C, or its
# worker killed under it: its cases count in the final line, its failed
# case is named in the short summary, JUnit has a testcase per case, the
# report log agrees with the final line, and the plan it did not meet is
# said.  With --reruns only the last attempt's cases count, whichever way
# each attempt ended.
. "$SRCDIR/tests/integration/lib.sh"

# tapper NAME WORD END: $T/NAME prints "1..5", two passing cases and a
# failing one, each described "WORD a" ... "WORD c", then does END.
tapper() {
	{
		echo '#!/bin/sh'
		printf '%s\n' "printf '1..5\\nok 1 - $2 a\\nok 2 - $2 b\\nnot ok 3 - $2 c\\n'"
		echo "$3"
	} >"$T/$1"
	chmod +x "$T/$1"
}
# A bounded wait for $T/go, which never comes: the test runs until it is
# stopped (by --timeout, SIGINT or its worker's death).
hold="n=0; until [ -e $T/go ]; do n=\$((n + 1)); [ \$n -lt 2400 ] || exit 1; sleep 0.05; done"

tapper crash.sh crash 'kill -SEGV $$'
tapper slow.sh slow "$hold"
tapper stop.sh stop ": >$T/stop.started; $hold"
# (Its comment line tells the worker that case 3 has no YAML block.)
tapper lost.sh lost "echo '# waiting'; echo \$PPID >$T/lost.worker; $hold"
mk good.sh 0 '1..1\nok 1 - good\n'

# log_cases: the case counts of run_end in the report log, as the final
# line spells them.
log_cases() {
	sed -n 's/.*"event":"run_end".*"cases":{"passed":\([0-9]*\),"failed":\([0-9]*\).*/\1 passed, \2 failed/p' r/log.jsonl
}
# expect_cases WORD PASSED FAILED: the final line, the report log, the
# short summary and JUnit agree on the cases of the test WORD.
expect_cases() {
	n=$(($2 + $3))
	tail -n 1 "$T/out" | grep -qF "($((n + 1)) cases: $(($2 + 1)) passed, $3 failed)" ||
		fail "$1: final line: $(tail -n 1 "$T/out")"
	[ "$(log_cases)" = "$(($2 + 1)) passed, $3 failed" ] ||
		fail "$1: the report log's run_end says $(log_cases)"
	[ "$(grep -c "<testcase [^>]*name=\"[0-9] - $1 " r/j.xml)" -eq "$n" ] ||
		fail "$1: not $n testcases in JUnit: $(grep '<testcase' r/j.xml)"
}

XO="--tap -rfE --junitxml=r/j.xml --report-log=r/log.jsonl"

# --- killed by a signal, with and without workers
for n in 0 2; do
	rm -rf r
	# shellcheck disable=SC2086
	xe -n "$n" $XO ./crash.sh ./good.sh
	expect_rc 1
	expect_out "FAILED ./crash.sh - killed by signal SIGSEGV; planned 5, ran 3"
	expect_out "FAILED ./crash.sh::3 - crash c"
	expect_cases crash 2 1
	grep -qF '<testcase classname="crash" name="3 - crash c"' r/j.xml ||
		fail "-n $n: JUnit lacks the failed case"
done

# --- stopped by --timeout
rm -rf r
printf '%s\n' "./slow.sh $MARK" ./good.sh >list
# shellcheck disable=SC2086
xe -n 2 $XO --timeout=3 -f list
expect_rc 1
expect_out "TIMEOUT ./slow.sh $MARK - timed out after "
expect_out "s); planned 5, ran 3"
expect_out "FAILED ./slow.sh $MARK::3 - slow c"
expect_cases slow 2 1
no_procs "$MARK"

# --- stopped by Ctrl-C: what it printed before counts
rm -rf r
printf '%s\n' "./stop.sh $MARK" >list
# shellcheck disable=SC2086
xe_bg -n 1 $XO -f list
wait_for test -e "$T/stop.started"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
expect_out "INTERRUPTED ./stop.sh $MARK - stopped by xdist-exec; planned 5, ran 3"
expect_out "FAILED ./stop.sh $MARK::3 - stop c"
tail -n 1 "$T/out" | grep -qF "(3 cases: 2 passed, 1 failed)" ||
	fail "interrupted: final line: $(tail -n 1 "$T/out")"
[ "$(log_cases)" = "2 passed, 1 failed" ] ||
	fail "interrupted: the report log's run_end says $(log_cases)"
[ "$(grep -c '<testcase [^>]*name="[0-9] - stop ' r/j.xml)" -eq 3 ] ||
	fail "interrupted: not 3 testcases in JUnit"
no_procs "$MARK"

# --- its worker dies: the test fails as a crashed worker's, and the
# cases the worker told before count.
# kill_worker_after CASES: once the report log has CASES case events
# described "lost ...", kill the worker that runs their test.
lost_cases() {
	[ "$(grep -c '"event":"case".*"description":"lost ' r/log.jsonl)" -ge "$1" ]
}
gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
kill_worker_after() {
	WAIT_LIMIT=120 wait_for lost_cases "$1"
	wait_for test -s "$T/lost.worker"
	wp=$(cat "$T/lost.worker")
	ps -o args= -p "$wp" | grep -q '^\[xdist-exec running\] gw0 ' ||
		fail "$wp is not the worker: $(ps -o args= -p "$wp")"
	rm "$T/lost.worker"
	kill -KILL "$wp"
}
rm -rf r
printf '%s\n' "./lost.sh $MARK" ./good.sh >list
# shellcheck disable=SC2086
xe_bg -n 1 $XO -f list
kill_worker_after 3
WAIT_LIMIT=120 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
expect_rc 1
expect_out "FAILED ./lost.sh $MARK - worker 'gw0' crashed while running './lost.sh $MARK'"
expect_out "FAILED ./lost.sh $MARK::3 - lost c"
expect_cases lost 2 1
no_procs "$MARK"

# --- --reruns: the last attempt's cases alone.  The first attempt is
# killed by a signal after three cases; the second loses its worker
# after two, the last of which its worker held for a YAML block that
# might follow it, and told once the output was quiet.
cat >again.sh <<EOF
#!/bin/sh
if [ ! -e "$T/again.1" ]; then
	: >"$T/again.1"
	printf '1..5\nok 1 - first a\nok 2 - first b\nnot ok 3 - first c\n'
	kill -SEGV \$\$
fi
printf '1..5\nok 1 - lost a\nnot ok 2 - lost b\n'
echo \$PPID >$T/lost.worker
$hold
EOF
chmod +x again.sh
rm -rf r
printf '%s\n' "./again.sh $MARK" >list
# shellcheck disable=SC2086
xe_bg -n 1 --reruns=1 $XO -f list
kill_worker_after 2
WAIT_LIMIT=120 wait_for gone "$XE_PID"
wait_exit "$XE_PID"
expect_rc 1
expect_out "FAILED ./again.sh $MARK - worker 'gw0' crashed while running './again.sh $MARK'"
expect_out "FAILED ./again.sh $MARK::2 - lost b"
expect_no_out "first c"
tail -n 1 "$T/out" | grep -qF "1 failed, 1 rerun (2 cases: 1 passed, 1 failed)" ||
	fail "reruns: final line: $(tail -n 1 "$T/out")"
[ "$(log_cases)" = "1 passed, 1 failed" ] ||
	fail "reruns: the report log's run_end says $(log_cases)"
[ "$(grep -c '<testcase [^>]*name="[0-9] - ' r/j.xml)" -eq 2 ] ||
	fail "reruns: not 2 testcases in JUnit: $(grep '<testcase' r/j.xml)"
no_procs "$MARK"
exit 0
