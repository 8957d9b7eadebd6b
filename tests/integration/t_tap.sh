#!/bin/sh
# --tap: each test's output read as TAP as it runs.  A failing case, SKIP,
# TODO, a plan too short, a plan at the end, a bail out and a YAML block;
# the short summary, the final line, the report log and JUnit show the
# cases; the ini key and the list attribute turn it on and off; with -s
# the TAP still streams live.
. "$SRCDIR/tests/integration/lib.sh"

mk t0001-init.sh 0 'TAP version 13\n1..3\nok 1 - plain\nnot ok 2 - init with template\n  ---\n  message: no template\n  ...\nok 3 - last\n'
mk t0002-skip.sh 0 '1..3\nok 1 - a # SKIP no database\nok 2 - b # skip\nnot ok 3 - c # TODO later\n'
mk t0003-short.sh 0 '1..3\nok 1 - a\nok 2 - b\n'
mk t0004-late.sh 0 'ok 1 - a\nok - b\n1..2\n'
mk t0005-bail.sh 0 '1..3\nok 1 - a\nBail out! no disk\nok 2 - read on, as prove does\n'
mk t0006-exit.sh 3 '1..1\nok 1 - a\n'
mk t0007-all.sh 0 '1..0 # SKIP nothing to do\n'

cd "$T"
ALL="./t0001-init.sh ./t0002-skip.sh ./t0003-short.sh ./t0004-late.sh ./t0005-bail.sh ./t0006-exit.sh ./t0007-all.sh"
for n in 0 2; do
	rm -rf r .xdist-exec
	# shellcheck disable=SC2086
	xe -n "$n" --tap -rfs --junitxml=r/j.xml --report-log=r/log.jsonl $ALL
	expect_rc 1
	expect_out "FAILED ./t0001-init.sh - 1 of 3 cases failed"
	expect_out "FAILED ./t0001-init.sh::2 - init with template"
	expect_out "FAILED ./t0003-short.sh - planned 3, ran 2"
	expect_out "FAILED ./t0005-bail.sh - bailed out: no disk"
	expect_out "FAILED ./t0006-exit.sh - exit status 3"
	expect_out "SKIPPED [1] ./t0007-all.sh: nothing to do"
	expect_out "4 failed, 2 passed, 1 skipped (13 cases: 9 passed, 1 failed, 2 skipped, 1 todo) in "
	# The report log: a case event per case, the YAML with its case.
	[ "$(grep -c '"event":"case"' r/log.jsonl)" -eq 13 ] ||
		fail "-n $n: not 13 case events: $(cat r/log.jsonl)"
	grep -F '"number":2,"status":"failed","description":"init with template"' r/log.jsonl |
		grep -qF '"yaml":"  message: no template\n"' ||
		fail "-n $n: the failed case's YAML is not with it"
	grep -qF '"status":"skipped","description":"a","reason":"no database"' r/log.jsonl ||
		fail "-n $n: no skipped case with its reason"
	grep -qF '"cases":{"passed":9,"failed":1,"skipped":2,"todo":1,"todo passed":0}' r/log.jsonl ||
		fail "-n $n: run_end lacks the case counts"
	# JUnit: a testcase per case.
	grep -qF '<testcase classname="t0001-init" name="2 - init with template"' r/j.xml ||
		fail "-n $n: no testcase for the failed case: $(cat r/j.xml)"
	grep -qF '<skipped message="no database"/>' r/j.xml ||
		fail "-n $n: no skipped testcase"
	grep -qF 'tests="20" failures="5" errors="0" skipped="4"' r/j.xml ||
		fail "-n $n: wrong totals: $(grep '<testsuite ' r/j.xml)"
done

# Without --tap only the skip-all plan is read: the rest pass on exit 0.
xe -n 2 ./t0001-init.sh ./t0003-short.sh ./t0007-all.sh
expect_rc 0
expect_out "2 passed, 1 skipped in "
expect_no_out "cases"

# ini key tap = true; attribute tap=0 turns it off for one test, tap on
# for one when the run has no --tap.
printf '[xdist-exec]\ntap = true\n' >xdist-exec.ini
printf '%s\n' "./t0001-init.sh" "./t0003-short.sh #@ tap=0" >list
xe -n 2 -f list
expect_rc 1
expect_out "1 failed, 1 passed (3 cases: 2 passed, 1 failed) in "
rm xdist-exec.ini
printf '%s\n' "./t0001-init.sh #@ tap" "./t0003-short.sh" >list
xe -n 2 -f list
expect_rc 1
expect_out "1 failed, 1 passed (3 cases: 2 passed, 1 failed) in "
printf '%s\n' "./t0001-init.sh #@ tap=maybe" >list
xe -n 2 -f list
expect_rc 4
expect_err "attribute tap: 'maybe' is not one of 1, 0, yes, no, true, false"

# -s: the TAP streams live.  The test prints its first case, then waits
# until that line has reached our stdout.
cat >live.sh <<EOF
#!/bin/sh
echo "1..2"
echo "ok 1 - first $MARK"
n=0
until [ -e "$T/seen" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 2400 ] || exit 1
	sleep 0.05
done
echo "ok 2 - second"
EOF
chmod +x live.sh
xe_bg -n 1 -s --tap ./live.sh
wait_for grep -qF "ok 1 - first $MARK" "$T/out"
: >"$T/seen"
wait_exit "$XE_PID"
expect_rc 0
expect_out "1 passed (2 cases: 2 passed) in "
# A test that ends as an error (exit 99) or a timeout still names its
# failed cases.
mk t0008-hard.sh 99 '1..2\nok 1\nnot ok 2 - broken\n'
xe -n 1 --tap ./t0008-hard.sh
expect_rc 1
expect_out "ERROR ./t0008-hard.sh - exit status 99"
expect_out "FAILED ./t0008-hard.sh::2 - broken"
no_procs "$MARK"
exit 0
