#!/bin/sh
# --gtest-batch: with --split=gtest, several cases of one GoogleTest binary
# run in one process (one combined --gtest_filter), each case still
# reported on its own: ids, outcomes, the failed assertion, JUnit, and in
# the report log gtest's own time; fewer processes than cases (counted by
# a wrapper that logs each execution), in every --dist mode but each; a
# case that aborts mid-batch fails
# with the signal while the cases before it keep their results and those
# after it run in a new process; a process that fails after its last case
# fails that case; a case whose lines --max-output cuts out
# runs again; -x stops; --timeout is shared by a
# batch's cases and times out the hanging one; Ctrl-C interrupts the case
# running and leaves the rest not run; --gtest-batch=1 is one
# process per case; the ini's gtest_batch key; bad values are exit 4.
. "$SRCDIR/tests/integration/lib.sh"

build_gtest_sample "$T/sample_tests"
cd "$T"
# Every execution but a listing leaves a line in execs.
cat >wrapped <<EOS
#!/bin/sh
case "\$*" in *--gtest_list_tests*) ;; *) echo "\$*" >>"$T/execs" ;; esac
exec "$T/sample_tests" "\$@"
EOS
chmod +x wrapped
execs() { if [ -f execs ]; then wc -l <execs | tr -d ' '; else echo 0; fi; }

# --- batches of 4, on 2 workers: each case its own result
rm -f execs
GTEST_SAMPLE_SLOW=Parser.Deep xe -n 2 -v -rfs --gtest-batch=4 --split=gtest \
	--cache-clear --junitxml=j.xml --report-log=r.jsonl -- ./wrapped
expect_rc 1
expect_out "1 failed, 8 passed, 1 skipped"
expect_out "PASSED ./wrapped::Parser.Deep"
expect_out "PASSED ./wrapped::Small/Sizes.Positive/1"
grep -E '^FAILED \./wrapped::Math\.Broken - .*gtest_sample\.cc:[0-9]+: Expected equality of these values: four Which is: 5 4 arithmetic is off$' out >/dev/null ||
	fail "the short summary does not name the assertion"
expect_out "SKIPPED [1] ./wrapped::Math.NeedsNetwork: no network here"
[ "$(execs)" -le 4 ] || fail "10 cases took $(execs) processes"
grep -q -- '--gtest_filter=.*:.*' execs || fail "no combined filter: $(cat execs)"
xmllint --noout --schema "$SRCDIR/tests/junit.xsd" j.xml 2>xmllint.err ||
	fail "j.xml is not valid: $(cat xmllint.err)"
n=$(xmllint --xpath 'count(//testcase)' j.xml)
[ "$n" = 10 ] || fail "JUnit has $n test cases"
n=$(xmllint --xpath 'count(//testcase[@classname="wrapped.Math"][@name="Broken"]/failure)' j.xml)
[ "$n" = 1 ] || fail "JUnit lacks wrapped.Math / Broken as a failure"
# The slow case's duration is gtest's "(N ms)": whole milliseconds,
# at least its 300 ms, not the whole process's.
d=$(grep '"event":"test_result","id":"./wrapped::Parser.Deep"' r.jsonl |
	sed 's/.*"duration":\([0-9.e-]*\).*/\1/')
[ -n "$d" ] || fail "no report-log duration for Parser.Deep: $(cat r.jsonl)"
awk -v d="$d" 'BEGIN { ms = d * 1000; exit !(ms >= 300 && ms < 5000 &&
	ms == int(ms + 0.5) && (ms - int(ms + 0.5))^2 < 1e-9) }' ||
	fail "Parser.Deep's duration $d is not gtest's"
d=$(grep '"event":"test_result","id":"./wrapped::Parser.EmptyInput"' r.jsonl |
	sed 's/.*"duration":\([0-9.e-]*\).*/\1/')
[ "$d" = 0 ] || [ "$d" = 0.0 ] || fail "Parser.EmptyInput's duration $d is not gtest's 0 ms"

# --- every --dist mode batches but each: loadscope a suite at a time
for mode in loadscope:5 loadfile:3 worksteal:4 no:3 each:20; do
	rm -f execs
	xe -n 2 --dist="${mode%:*}" --gtest-batch=4 --split=gtest --cache-clear \
		-- ./wrapped
	expect_rc 1
	case $mode in
	each*) expect_out "2 failed, 16 passed, 2 skipped" ;;
	*) expect_out "1 failed, 8 passed, 1 skipped" ;;
	esac
	[ "$(execs)" = "${mode#*:}" ] ||
		fail "--dist=${mode%:*}: $(execs) processes: $(cat execs)"
done

# --- a case that aborts mid-batch
rm -f execs
GTEST_SAMPLE_ABORT=Parser.Nested xe -n 1 -v --gtest-batch=10 \
	--split=gtest --cache-clear -- ./wrapped
expect_rc 1
expect_out "2 failed, 7 passed, 1 skipped"
expect_out "PASSED ./wrapped::Parser.EmptyInput"
expect_out "PASSED ./wrapped::Parser.Deep"
grep -E '^FAILED \./wrapped::Parser\.Nested - .*(SIGABRT|signal 6)' out >/dev/null ||
	fail "the aborted case does not fail with its signal"
[ "$(execs)" = 2 ] || fail "abort: $(execs) processes: $(cat execs)"
# The second process runs what the first did not reach.
tail -n 1 execs | grep -q 'Parser.Deep' ||
	fail "the rest did not run in a new process: $(cat execs)"
tail -n 1 execs | grep -q 'Parser.EmptyInput' &&
	fail "a case ran twice: $(cat execs)"

# --- gtest's own GTEST_FAIL_FAST would stop a batch part way: each case
# runs alone
rm -f execs
GTEST_FAIL_FAST=1 xe -n 1 --gtest-batch=10 --split=gtest --cache-clear \
	-- ./wrapped
expect_rc 1
expect_out "1 failed, 8 passed, 1 skipped"
[ "$(execs)" = 10 ] || fail "GTEST_FAIL_FAST: $(execs) processes"

# --- the failed case is the one --max-output cut out: the status 1 it
# gave the process is not pinned on the last case kept
GTEST_SAMPLE_NOISY=Math.Adds xe -n 1 -v --max-output=2k --gtest-batch=10 \
	--split=gtest --cache-clear -- ./wrapped
expect_rc 1
expect_out "1 failed, 8 passed, 1 skipped"
expect_out "FAILED ./wrapped::Math.Broken - "

# --- every case passed, then the process ended badly (a global tear-down):
# its last case takes that end, with what was printed after it
rm -f execs
GTEST_SAMPLE_EXIT=3 xe -n 1 -v -k Parser --gtest-batch=10 --split=gtest \
	--cache-clear -- ./wrapped
expect_rc 1
expect_out "1 failed, 2 passed"
[ "$(execs)" = 1 ] || fail "tear-down: $(execs) processes: $(cat execs)"
last=$(grep -E '^\[gw0\] .*::Parser\.' out | tail -n 1 | sed -e 's/.*::Parser\./Parser./' -e 's/ .*//')
grep -qE "^FAILED \./wrapped::$last - exit status 3" out ||
	fail "the last case ($last) does not take the exit status: $(cat out)"
grep -q "global tear-down failed" out ||
	fail "what the process printed after its last case is not shown"

# --- --max-output cuts a batch's output: the case whose lines are lost
# in the middle runs again, alone
rm -f execs
GTEST_SAMPLE_NOISY=Parser.Nested xe -n 1 -v --max-output=4096 \
	--gtest-batch=10 --split=gtest --cache-clear -- ./wrapped
expect_rc 1
expect_out "1 failed, 8 passed, 1 skipped"
expect_out "PASSED ./wrapped::Parser.Nested"
[ "$(execs)" = 2 ] || fail "--max-output: $(execs) processes: $(cat execs)"
[ "$(tail -n 1 execs)" = "--gtest_filter=Parser.Nested" ] ||
	fail "the case cut out did not run again alone: $(cat execs)"

# --- -x: no batch starts after the failure
rm -f execs
xe -n 1 -x --gtest-batch=2 --split=gtest --cache-clear -- ./wrapped
expect_rc 1
expect_out "1 failed, 4 passed, 1 skipped"
[ "$(execs)" = 3 ] || fail "-x: $(execs) processes: $(cat execs)"

# --- --timeout: the limit is the batch's (3 cases x 1 s); the hanging
# case times out, the one it kept from running runs after
rm -f execs
GTEST_SAMPLE_HANG=Parser.Nested xe -n 1 -v --gtest-batch=3 --timeout=1 \
	--split=gtest --cache-clear -- ./wrapped
expect_rc 1
expect_out "TIMEOUT ./wrapped::Parser.Nested"
expect_out "PASSED ./wrapped::Parser.EmptyInput"
expect_out "PASSED ./wrapped::Parser.Deep"
expect_out "limit 3s"
no_procs "$T/sample_tests"

# --- Ctrl-C in a batch: the case running is interrupted, the one before
# keeps its pass, the rest are not run
GTEST_SAMPLE_LOG=$T/ran.log GTEST_SAMPLE_HANG=Parser.Nested xe_bg -n 1 \
	--gtest-batch=10 --split=gtest --cache-clear -- ./wrapped
two_ran() { [ -f ran.log ] && [ "$(wc -l <ran.log)" = 2 ]; }
wait_for two_ran
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
expect_out "1 passed, 1 interrupted"
expect_out "8 not run"
no_procs "$T/sample_tests"

# --- --gtest-batch=1: one process per case; the ini says it too
rm -f execs
xe -n 2 --gtest-batch=1 --split=gtest -- ./wrapped
expect_rc 1
[ "$(execs)" = 10 ] || fail "--gtest-batch=1: $(execs) processes"
printf '[xdist-exec]\ngtest_batch = 1\n' >xdist-exec.ini
rm -f execs
xe -n 2 --split=gtest -- ./wrapped
expect_rc 1
[ "$(execs)" = 10 ] || fail "gtest_batch = 1: $(execs) processes"
printf '[xdist-exec]\ngtest_batch = lots\n' >xdist-exec.ini
xe -n 2 --split=gtest -- ./wrapped
expect_rc 4
expect_err "gtest_batch: 'lots' is not auto or a number of cases from 1 to 256"
rm xdist-exec.ini

# --- bad values: exit 4, one line
for v in 0 257 x -1 ''; do
	xe --gtest-batch="$v" --split=gtest -- ./wrapped
	expect_rc 4
	[ "$(wc -l <err)" = 1 ] || fail "--gtest-batch=$v: $(cat err)"
	expect_err "--gtest-batch: '$v' is not auto or a number of cases from 1 to 256"
done
