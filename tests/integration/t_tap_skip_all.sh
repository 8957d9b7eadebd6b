#!/bin/sh
# A test whose output starts with a TAP skip-all plan (`1..0 # SKIP
# reason`, as git's test-lib.sh prints it, maybe after `TAP version N`)
# and that exits 0 is skipped, with the plan's reason in the report files;
# it fails when it exits non-zero, and a `1..0` anywhere but at the start
# changes nothing.  No --tap needed.
. "$SRCDIR/tests/integration/lib.sh"

mk t0029-skip.sh 0 '1..0 # SKIP skipping tests: no SHA-1 here\n'
mk t0051-version.sh 0 'TAP version 13\r\n1..0 # skip no windows\r\n'
mk t0611-bare.sh 0 '1..0\n'
mk t0612-fails.sh 1 '1..0 # SKIP but exits 1\n'
mk t0001-late.sh 0 'ok 1 - x\n1..0 # SKIP too late\n'
mk t0002-plan.sh 0 '1..1\nok 1 - x\n'

cd "$T"
for n in 0 2; do
	rm -rf r .xdist-exec
	xe -n "$n" -v --junitxml=r/j.xml --report-log=r/log.jsonl -- \
		./t0029-skip.sh ./t0051-version.sh ./t0611-bare.sh \
		./t0612-fails.sh ./t0001-late.sh ./t0002-plan.sh
	expect_rc 1
	expect_out "SKIPPED ./t0029-skip.sh ("
	expect_out "SKIPPED ./t0051-version.sh ("
	expect_out "SKIPPED ./t0611-bare.sh ("
	expect_out "FAILED ./t0612-fails.sh ("
	expect_out "PASSED ./t0001-late.sh ("
	expect_out "PASSED ./t0002-plan.sh ("
	expect_out "1 failed, 2 passed, 3 skipped"
	grep -qF '<skipped message="skipping tests: no SHA-1 here"/>' r/j.xml ||
		fail "-n $n: the JUnit file lacks the skip reason: $(cat r/j.xml)"
	grep -qF '<skipped message="no windows"/>' r/j.xml ||
		fail "-n $n: the JUnit file lacks the second reason"
	grep -qF '<skipped message="TAP plan 1..0"/>' r/j.xml ||
		fail "-n $n: a bare 1..0 has no reason"
	grep -F '"id":"./t0029-skip.sh"' r/log.jsonl | grep -F '"test_result"' |
		grep -qF '"outcome":"skipped","duration"' ||
		fail "-n $n: the report log does not say skipped"
	grep -qF '"reason":"skipping tests: no SHA-1 here"' r/log.jsonl ||
		fail "-n $n: the report log lacks the reason"
done
exit 0
