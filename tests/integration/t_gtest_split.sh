#!/bin/sh
# --split=gtest: a GoogleTest binary (tests/helpers/gtest_sample.cc, built
# here with g++ and libgtest-dev) becomes one test per case, id
# PROGRAM::Suite.Name, typed and parameterised cases included and
# DISABLED_ ones left out unless --gtest-also-run-disabled; a failed case
# names its assertion in the short summary, a GTEST_SKIP() case is skipped
# with its message; -k, --deselect, --lf, --dist=loadscope (a suite is a
# unit) and --dist=loadfile (the binary is the file) work on cases; JUnit
# has classname PROGRAM.Suite, name Name, and is valid against
# tests/junit.xsd; a binary whose listing fails (or hangs past --timeout)
# is an error showing its output, and the run goes on; the ini's split key
# and a list line's split=gtest attribute ask for it too.
. "$SRCDIR/tests/integration/lib.sh"

build_gtest_sample "$T/sample_tests"
cd "$T"
ALL="./sample_tests::Parser.EmptyInput
./sample_tests::Parser.Nested
./sample_tests::Parser.Deep
./sample_tests::Math.Adds
./sample_tests::Math.Broken
./sample_tests::Math.NeedsNetwork
./sample_tests::Typed/0.Zero
./sample_tests::Typed/1.Zero
./sample_tests::Small/Sizes.Positive/0
./sample_tests::Small/Sizes.Positive/1"

# --- ids, in the binary's order, the disabled one left out
xe --collect-only --split=gtest -- ./sample_tests
expect_rc 0
[ "$(grep '::' out)" = "$ALL" ] || fail "collected: $(cat out)"
expect_out "1 disabled test not run; --gtest-also-run-disabled runs them"
expect_out "10 tests collected"

# --- a run: the failure's assertion, the skip's message, JUnit
xe -n 2 -rfs --split=gtest --junitxml=j.xml -- ./sample_tests
expect_rc 1
expect_out "1 failed, 8 passed, 1 skipped"
grep -E '^FAILED \./sample_tests::Math\.Broken - .*gtest_sample\.cc:[0-9]+: Expected equality of these values: four Which is: 5 4 arithmetic is off$' out >/dev/null ||
	fail "the short summary does not name the assertion"
expect_out "SKIPPED [1] ./sample_tests::Math.NeedsNetwork: no network here"
xmllint --noout --schema "$SRCDIR/tests/junit.xsd" j.xml 2>xmllint.err ||
	fail "j.xml is not valid: $(cat xmllint.err)"
n=$(xmllint --xpath 'count(//testcase[@classname="sample_tests.Math"][@name="Broken"]/failure)' j.xml)
[ "$n" = 1 ] || fail "JUnit lacks sample_tests.Math / Broken as a failure"
n=$(xmllint --xpath 'count(//testcase[@classname="sample_tests.Small/Sizes"][@name="Positive/1"])' j.xml)
[ "$n" = 1 ] || fail "JUnit lacks sample_tests.Small/Sizes / Positive/1"
n=$(xmllint --xpath 'count(//testcase[@classname="sample_tests.Math"][@name="NeedsNetwork"]/skipped)' j.xml)
[ "$n" = 1 ] || fail "JUnit lacks the skipped case"

# --- --lf: the failed case alone, the same way
xe -n 2 --lf --split=gtest -- ./sample_tests
expect_rc 1
expect_out "1 failed, 9 deselected"

# --- -k on a suite's name
xe -n 2 -v -k Parser --split=gtest -- ./sample_tests
expect_rc 0
expect_out "3 passed, 7 deselected"
xe -n 2 --split=gtest --deselect ./sample_tests::Math.Broken \
	--deselect './sample_tests::Small/Sizes.Positive/1' -- ./sample_tests
expect_rc 0
expect_out "7 passed, 1 skipped, 2 deselected"

# --- --dist=loadscope: each suite on one worker
GTEST_SAMPLE_LOG=$T/ran.log xe -n 2 --dist=loadscope --split=gtest \
	--gtest-also-run-disabled -- ./sample_tests
expect_rc 1
expect_out "1 failed, 9 passed, 1 skipped"
[ "$(cut -d' ' -f1 ran.log | sort -u | paste -sd' ')" = \
	"Math Parser Small/Sizes Typed/0 Typed/1" ] ||
	fail "suites ran: $(cat ran.log)"
for s in Parser Math Small/Sizes Typed/0 Typed/1; do
	w=$(awk -v s="$s" '$1 == s { print $2 }' ran.log | sort -u)
	[ "$(printf '%s\n' "$w" | wc -l)" = 1 ] ||
		fail "suite $s ran on workers: $w ($(cat ran.log))"
done
# The suites are units of their own, not the binary.
xe -n 8 --dist=loadscope --split=gtest -- ./sample_tests
expect_out "loadscope: 10 tests in 5 units; 5 of 8 workers used"
# --dist=loadfile: the binary is the file, whatever files its arguments
# name (gtest_main ignores them).
: >a.txt
: >b.txt
printf '%s\n' './sample_tests a.txt  #@ name=A' \
	'./sample_tests b.txt  #@ name=B' >lf.list
xe -n 8 --dist=loadfile --split=gtest -f lf.list
expect_out "loadfile: 20 tests in 1 unit; 1 of 8 workers used"
expect_out "2 failed, 16 passed, 2 skipped"
# Math holds the disabled case too.
[ "$(grep -c '^Math ' ran.log)" = 4 ] || fail "Math ran: $(cat ran.log)"

# --- a binary that is not one, or crashes listing: an error, the run goes on
printf '#!/bin/sh\necho "usage: notgtest [--verbose]" >&2\nexit 2\n' \
	>notgtest
printf '#!/bin/sh\necho "listing before a crash"\nkill -SEGV $$\n' >crasher
chmod +x notgtest crasher
xe -n 2 --split=gtest -- ./notgtest ./crasher /bin/true ./sample_tests
expect_rc 1
expect_out "1 failed, 8 passed, 1 skipped, 3 errors"
expect_out "cannot list the tests of './notgtest' (--gtest_list_tests): exit status 2"
expect_out "ERROR ./notgtest - cannot list its tests (--gtest_list_tests): exit status 2"
expect_out "ERROR /bin/true - cannot list its tests (--gtest_list_tests): none listed (not a GoogleTest binary?)"
expect_out "ERROR ./crasher - cannot list its tests (--gtest_list_tests): "
expect_out "usage: notgtest [--verbose]"
expect_out "listing before a crash"
# Collecting only, a failed listing is a collection error: status 2.
xe --collect-only --split=gtest -- ./notgtest ./sample_tests
expect_rc 2
expect_out "11 tests collected, 1 error in"
grep -qx './notgtest' out || fail "the binary is not listed: $(cat out)"

# --- a listing that hangs is killed at --timeout, with what it started
# (sh stays, with $MARK in its argv, while sleep runs.)
printf '#!/bin/sh\nsh -c ": >%s; sleep 600; :" %s\n' "$T/started" "$MARK" >hangs
chmod +x hangs
xe -n 1 --timeout=2 --split=gtest -- ./hangs
expect_rc 1
[ -e "$T/started" ] || fail "the listing's child never started"
expect_out "cannot list the tests of './hangs' (--gtest_list_tests): it did not end in 2s"
expect_out "ERROR ./hangs - cannot list its tests (--gtest_list_tests): timed out after"
no_procs "$MARK"

# --- the ini's split key, and a list line's split attribute
printf '[xdist-exec]\nsplit = gtest\n' >xdist-exec.ini
xe --collect-only -- ./sample_tests
expect_rc 0
expect_out "10 tests collected"
printf '%s\n' './sample_tests --gtest_brief=1 #@ split=gtest' \
	'./sample_tests #@ split=no name=whole' >l.list
rm xdist-exec.ini
xe --collect-only -f l.list
expect_rc 0
expect_out "./sample_tests::Math.Adds"
grep -qx whole out || fail "the unsplit line is not collected as whole"
expect_out "11 tests collected"
xe -n 2 -f l.list -k 'Adds or whole'
expect_rc 1
expect_out "1 failed, 1 passed, 9 deselected"
printf '%s\n' './sample_tests #@ split=gtests' >bad.list
xe --collect-only -f bad.list
expect_rc 4
expect_err "attribute split: 'gtests' is not one of no, gtest"
xe --collect-only --split=maybe -- ./sample_tests
expect_rc 4
expect_err "--split: 'maybe' is not one of no, gtest"
exit 0
