#!/bin/sh
# --split=gtest with one GoogleTest binary on two list lines with different
# arguments: both lines' cases run, each in a process with its own line's
# arguments (batched too), their ids PROGRAM::Suite.Name[ARGS] distinct;
# --collect-only, -k, --deselect, --lf and JUnit (name Name[ARGS]) tell
# them apart.  One line per binary keeps PROGRAM::Suite.Name, whatever its
# arguments; a line without arguments, or with a name attribute, keeps its
# ids beside another line of the binary.  A line running env(1) is split
# by the binary env runs.
. "$SRCDIR/tests/integration/lib.sh"

build_gtest_sample "$T/sample_tests"
cd "$T"
A='--gtest_also_run_disabled_tests'
B='--sample-fail=Math.Adds'
printf './sample_tests %s\n./sample_tests %s\n' "$A" "$B" >two.list
# The ids of one line's cases, in the binary's order.
ids() {
	for c in Parser.EmptyInput Parser.Nested Parser.Deep Math.Adds \
		Math.Broken Math.NeedsNetwork Math.DISABLED_Slow Typed/0.Zero \
		Typed/1.Zero Small/Sizes.Positive/0 Small/Sizes.Positive/1; do
		[ "$c" != Math.DISABLED_Slow ] || [ -n "${2-}" ] || continue
		echo "./sample_tests::$c$1"
	done
}

# --- every case of both lines, each line's ids its own
collected --split=gtest -f two.list
expect_rc 0
{
	ids "[$A]" disabled
	ids "[$B]"
} >want
grep '::' got | cmp -s - want || fail "collected: $(cat got)"
expect_no_out "duplicate"
expect_out "21 tests collected"

# --- a run: each case with its line's arguments, batched or not
for batch in 4 1; do
	rm -f ran
	GTEST_SAMPLE_ARGS_LOG=$T/ran xe -n 2 -rf --gtest-batch=$batch \
		--split=gtest --junitxml=j.xml -f two.list
	expect_rc 1
	expect_out "3 failed, 16 passed, 2 skipped"
	expect_out "FAILED ./sample_tests::Math.Adds[$B] - "
	expect_out "FAILED ./sample_tests::Math.Broken[$A] - "
	expect_out "FAILED ./sample_tests::Math.Broken[$B] - "
	for c in Math.Adds Math.Broken Parser.Deep Small/Sizes.Positive/1; do
		[ "$(grep -c "^$c $A\$" ran)" = 1 ] &&
			[ "$(grep -c "^$c $B\$" ran)" = 1 ] ||
			fail "--gtest-batch=$batch: $c ran: $(grep "^$c " ran)"
	done
	[ "$(wc -l <ran)" = 21 ] || fail "--gtest-batch=$batch ran: $(cat ran)"
done
xmllint --noout --schema "$SRCDIR/tests/junit.xsd" j.xml 2>xmllint.err ||
	fail "j.xml is not valid: $(cat xmllint.err)"
n=$(xmllint --xpath "count(//testcase[@classname=\"sample_tests.Math\"][@name=\"Adds[$B]\"]/failure)" j.xml)
[ "$n" = 1 ] || fail "JUnit lacks sample_tests.Math / Adds[$B] as a failure"
n=$(xmllint --xpath "count(//testcase[@classname=\"sample_tests.Math\"][@name=\"Adds[$A]\"][not(failure|error|skipped)])" j.xml)
[ "$n" = 1 ] || fail "JUnit lacks sample_tests.Math / Adds[$A] as a pass"

# --- --lf: the failed cases, each with its own line's arguments
rm -f ran
GTEST_SAMPLE_ARGS_LOG=$T/ran xe -n 2 --lf --split=gtest -f two.list
expect_rc 1
expect_out "3 failed, 18 deselected"
printf '%s\n' "Math.Adds $B" "Math.Broken $A" "Math.Broken $B" >want
sort ran | cmp -s - want || fail "--lf ran: $(cat ran)"

# --- -k and --deselect pick one line's case
rm -f ran
GTEST_SAMPLE_ARGS_LOG=$T/ran xe -n 2 -k 'Adds and disabled' --split=gtest \
	-f two.list
expect_rc 0
expect_out "1 passed, 20 deselected"
[ "$(cat ran)" = "Math.Adds $A" ] || fail "-k ran: $(cat ran)"
xe -n 2 --split=gtest --deselect "./sample_tests::Math.Adds[$B]" \
	--deselect "./sample_tests::Math.Broken[$A]" -f two.list
expect_rc 1
expect_out "1 failed, 16 passed, 2 skipped, 2 deselected"
expect_out "FAILED ./sample_tests::Math.Broken[$B]"

# --- one line per binary: PROGRAM::Suite.Name, its arguments or not
echo "./sample_tests $B" >one.list
collected --split=gtest -f one.list
[ "$(grep :: got | sed -n 4p)" = "./sample_tests::Math.Adds" ] ||
	fail "one line: $(cat got)"
# Beside others: a line without arguments, and named ones, keep theirs.
printf '%s\n' './sample_tests' "./sample_tests $B" \
	"./sample_tests $A #@ name=unit" "./sample_tests $B #@ name=fast" >more.list
collected --split=gtest -f more.list
expect_rc 0
grep -xF -e './sample_tests::Math.Adds' -e "./sample_tests::Math.Adds[$B]" \
	-e 'unit::Math.Adds' -e 'fast::Math.Adds' got >adds || :
[ "$(wc -l <adds)" = 4 ] || fail "beside others: $(cat got)"
expect_out "41 tests collected"

# --- a line running env: PROGRAM is the binary env runs, its listing and
# its cases run through env (with its NAME=VALUE and -u); shared, ARGS is
# the line's words but PROGRAM; env with another option is not split
printf '%s\n' "env -u NOPE GTEST_SAMPLE_ARGS_LOG=$T/ran_env ./sample_tests $B" \
	>env.list
rm -f ran_env
xe -n 2 -rA --split=gtest -f env.list
expect_rc 1
expect_out "FAILED ./sample_tests::Math.Adds - "
expect_out "PASSED ./sample_tests::Parser.Deep"
expect_out "2 failed, 7 passed, 1 skipped"
[ "$(grep -c "^Math.Adds $B\$" ran_env)" = 1 ] || fail "env ran: $(cat ran_env)"
printf '%s\n' "env X=1 ./sample_tests $B" "env X=2 ./sample_tests $B" \
	'env -C . ./sample_tests' >envs.list
collected --split=gtest -f envs.list
expect_rc 0
grep -qxF "./sample_tests::Math.Adds[env X=1 $B]" got &&
	grep -qxF "./sample_tests::Math.Adds[env X=2 $B]" got ||
	fail "env lines: $(cat got)"
expect_out "not split: 'env -C . ./sample_tests' runs env with an option other than -i and -u"
grep -qx 'env -C . ./sample_tests' got || fail "env -C: $(cat got)"

# --- --from-ctest: one binary, two CTest tests with their own ENVIRONMENT;
# their cases (ids NAME::Suite.Name) never share a process, a case
# GTEST_SKIP skips is skipped, and a test's listing runs where and as the
# test runs
for p in cmake ctest; do
	command -v "$p" >/dev/null ||
		fail "$p is not installed (scripts/install-deps)"
done
mkdir -p p
cat >p/CMakeLists.txt <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(ids NONE)
enable_testing()
add_test(NAME ua COMMAND $T/sample_tests)
set_tests_properties(ua PROPERTIES ENVIRONMENT "GTEST_SAMPLE_ARGS_LOG=$T/ran_a")
add_test(NAME ub COMMAND $T/sample_tests)
set_tests_properties(ub PROPERTIES ENVIRONMENT "GTEST_SAMPLE_ARGS_LOG=$T/ran_b")
add_test(NAME uc COMMAND $T/picky)
set_tests_properties(uc PROPERTIES ENVIRONMENT "PICKY=1"
	WORKING_DIRECTORY $T/pickydir)
CMAKE
# Lists (and runs) only with its ENVIRONMENT, in its WORKING_DIRECTORY.
mkdir -p pickydir
: >pickydir/here
printf '#!/bin/sh\n[ "$PICKY" = 1 ] && [ -e here ] || exit 3\nexec %s "$@"\n' \
	"$T/sample_tests" >picky
chmod +x picky
(cd p && cmake -S . -B build >cmake.out 2>&1) ||
	fail "cmake: $(cat p/cmake.out)"
rm -f ran_a ran_b
xe -n 1 -v --gtest-batch=4 --split=gtest --from-ctest p/build
expect_rc 1
expect_out "PASSED ua::Math.Adds"
expect_out "PASSED ub::Math.Adds"
# A CTest test's listing runs in its directory, with its environment.
expect_out "PASSED uc::Math.Adds"
expect_no_out "cannot list the tests of 'uc'"
# GTEST_SKIP skips the case, where ctest would see the test pass.
expect_out "SKIPPED ua::Math.NeedsNetwork"
expect_out "SKIPPED ub::Math.NeedsNetwork"
for f in ran_a ran_b; do
	[ -f $f ] && [ "$(cut -d' ' -f1 $f | sort -u | wc -l)" = 10 ] &&
		[ "$(wc -l <$f)" = 10 ] || fail "$f: $(cat $f 2>&1)"
done

exit 0
