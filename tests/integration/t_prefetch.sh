#!/bin/sh
# With a CPU to spare (-n 1 here) and durations in the cache, the next
# test is sent ahead: the worker reads its RUN while the previous test
# still runs (seen with strace), and every outcome is what it would be
# without: --reruns reruns first, -x and --sw start nothing after the
# failure, a crash hands the test sent ahead to the replacement.
. "$SRCDIR/tests/integration/lib.sh"

command -v strace >/dev/null 2>&1 || fail "strace is not installed (scripts/install-deps installs it)"
if [ "$(nproc)" -lt 2 ]; then
	echo "one CPU: tests are never sent ahead"
	exit 77
fi

cd "$T"
# list NAME LINE...: the list file, plus 12 short passing tests.
list() {
	_f=$T/$1.list
	shift
	: >"$_f"
	for _i in 1 2 3 4 5 6; do echo "sh -c 'touch $T/ran.a$_i' a$_i" >>"$_f"; done
	for _l; do echo "$_l" >>"$_f"; done
	for _i in 1 2 3 4 5 6; do echo "sh -c 'touch $T/ran.b$_i' b$_i" >>"$_f"; done
}

# 1. The worker reads the next RUN while a test runs.
list plain
xe -n 1 -q -f "$T/plain.list"
expect_rc 0
set +e
# LeakSanitizer cannot work under ptrace (make sanitize).
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -ff -qq -e trace=clone,wait4,read -o "$T/trace" \
	"$XDIST_EXEC" -n 1 -q -f "$T/plain.list" >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 0
# One trace file per process (-ff), so that no call is cut in two by
# another process's ("<unfinished ...>").  The worker is the process
# that starts the tests (clone) and reads its RUNs on fd 0: count the
# RUNs it read while a test ran, and take the largest count.
ahead=0
for _f in "$T"/trace.*; do
	_n=$(awk '
		/^clone\(/ { running = 1 }
		/^wait4\(/ { running = 0 }
		/^read\(0, / && running && $NF + 0 > 0 { n++ }
		END { print n + 0 }' "$_f")
	[ "$_n" -le "$ahead" ] || ahead=$_n
done
[ "$ahead" -ge 5 ] ||
	fail "the worker read $ahead RUNs while a test ran (want >= 5)"

# 2. --reruns: a failure is rerun before the test sent ahead starts.
rm -f "$T"/ran.* "$T/flaky"
list reruns "sh -c 'test -e $T/flaky || { : >$T/flaky; exit 1; }' flaky" \
	"sh -c 'exit 1' broken"
xe -n 1 -q -f "$T/reruns.list" --reruns 1
xe -n 1 -v -f "$T/reruns.list" --reruns 1
expect_rc 1
rm -f "$T/flaky"
xe -n 1 -v -f "$T/reruns.list" --reruns 1
expect_rc 1
expect_out "1 failed, 12 passed, 1 flaky, 2 rerun"
# Each rerun comes right after its failure on the one worker.
grep -E '(RERUN|FLAKY|FAILED|PASSED) ' "$T/out" >"$T/lines"
grep -A1 'RERUN .* flaky' "$T/lines" | tail -n 1 | grep -q 'FLAKY .* flaky' ||
	fail "the flaky test's rerun did not come next: $(cat "$T/lines")"
grep -A1 'RERUN .* broken' "$T/lines" | tail -n 1 | grep -q 'FAILED .* broken' ||
	fail "the broken test's rerun did not come next: $(cat "$T/lines")"

# 3. -x: nothing starts after the failure, not even the test sent ahead.
rm -f "$T"/ran.*
list stop "sh -c 'exit 1' broken"
xe -n 1 -q -f "$T/stop.list"
rm -f "$T"/ran.*
xe -n 1 -v -x -f "$T/stop.list"
expect_rc 1
expect_out "1 failed"
sed -n '/FAILED .* broken/,$p' "$T/out" | grep -q 'PASSED' &&
	fail "-x: a test passed after the failure"
# Every test that ran was reported: none started unseen.
[ "$(ls "$T"/ran.* | wc -l)" -eq "$(grep -c 'PASSED' "$T/out")" ] ||
	fail "-x: $(ls "$T"/ran.* | wc -l) tests ran, $(grep -c PASSED "$T/out") reported"

# 3b. --sw: the same.  The failing test is quick in the cache but takes a
# second this time, so the next test is surely sent ahead while it runs.
rm -f "$T"/ran.* "$T/slow"
list sw "sh -c '[ -e $T/slow ] && sleep 1; exit 1' slowbroken"
xe -n 1 -q -f "$T/sw.list"
rm -f "$T"/ran.*
touch "$T/slow"
xe -n 1 -v --sw -f "$T/sw.list"
expect_rc 1
# Not even started and stopped: it was held back ("not run").
expect_out "1 failed, 6 passed, 6 not run in"
sed -n '/FAILED .* slowbroken/,$p' "$T/out" | grep -q 'PASSED' &&
	fail "--sw: a test passed after the failure: $(cat "$T/out")"
[ "$(ls "$T"/ran.* | wc -l)" -eq "$(grep -c 'PASSED' "$T/out")" ] ||
	fail "--sw: $(ls "$T"/ran.* | wc -l) tests ran, $(grep -c PASSED "$T/out") reported"
