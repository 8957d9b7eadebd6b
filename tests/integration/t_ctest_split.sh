#!/bin/sh
# --from-ctest with --split=gtest: a CMake project whose tests run the
# sample GoogleTest binary (tests/helpers/gtest_sample.cc).  The relations
# of a split test carry over to its cases as a group: a fixture's setup
# split into cases is over when all of them are (what requires the fixture
# waits for every one), one failed case fails the fixture (its user is an
# error that never ran, its cleanup runs; a batch of cases takes none that
# it keeps back), a split user of a fixture has
# each case after the setup and the cleanup after every case, and what
# DEPENDS on a split test waits for all its cases.  TIMEOUT bounds each
# case.  WILL_FAIL and PASS_, FAIL_ and SKIP_REGULAR_EXPRESSION judge the
# whole binary: such a test is not split (a note says why) and ends as
# ctest says it ends.  Whether a case is over is read from the file each
# case appends its name to last ($GTEST_SAMPLE_DONE): done.sh FILE N says
# whether N cases have ended there.
. "$SRCDIR/tests/integration/lib.sh"

for p in cmake ctest; do
	command -v "$p" >/dev/null ||
		fail "$p is not installed (scripts/install-deps)"
done
build_gtest_sample "$T/sample_tests"
cat >"$T/done.sh" <<'SH'
#!/bin/sh
n=$(cat "$1" 2>/dev/null | wc -l)
echo "$1: $n of $2 cases ended"
[ "$n" = "$2" ]
SH
chmod +x "$T/done.sh"
mkdir -p "$T/p"
cat >"$T/p/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(split NONE)
enable_testing()
set(G $T/sample_tests)
set(S \${CMAKE_BINARY_DIR})
set(D $T/done.sh)
macro(t name script)
  add_test(NAME \${name} COMMAND sh -c "\${script}")
endmacro()
macro(env name dir)
  set_property(TEST \${name} APPEND PROPERTY ENVIRONMENT
    "GTEST_SAMPLE_DONE=\${S}/\${dir}" \${ARGN})
endmacro()
# Fixture fx: a split setup (its slow case last), a split user, a plain
# user, a plain cleanup; a plain test after the split user.
add_test(NAME setup COMMAND \${G} --gtest_filter=Parser.EmptyInput:Parser.Nested:Parser.Deep)
set_tests_properties(setup PROPERTIES FIXTURES_SETUP fx)
env(setup setup GTEST_SAMPLE_SLOW=Parser.Deep)
add_test(NAME user COMMAND \${G} --gtest_filter=Math.Adds:Typed/0.Zero)
set_tests_properties(user PROPERTIES FIXTURES_REQUIRED fx)
env(user user GTEST_SAMPLE_SLOW=Math.Adds)
t(plain_user "\${D} \${S}/setup 3")
set_tests_properties(plain_user PROPERTIES FIXTURES_REQUIRED fx)
t(cleanup "\${D} \${S}/setup 3 && \${D} \${S}/user 2")
set_tests_properties(cleanup PROPERTIES FIXTURES_CLEANUP fx)
t(after_user "\${D} \${S}/user 2")
set_tests_properties(after_user PROPERTIES DEPENDS user)
# Fixture fy: a split setup with a failing case (slow).
add_test(NAME bad_setup COMMAND \${G} --gtest_filter=Math.Adds:Math.Broken)
set_tests_properties(bad_setup PROPERTIES FIXTURES_SETUP fy)
env(bad_setup bad GTEST_SAMPLE_SLOW=Math.Broken)
t(bad_user "exit 0")
set_tests_properties(bad_user PROPERTIES FIXTURES_REQUIRED fy)
t(bad_cleanup "\${D} \${S}/bad 2")
set_tests_properties(bad_cleanup PROPERTIES FIXTURES_CLEANUP fy)
# Twins: one command, one environment; the second requires fy.
foreach(n ok_twin bad_twin)
  add_test(NAME \${n} COMMAND \${G} --gtest_filter=Parser.EmptyInput:Parser.Nested)
endforeach()
set_tests_properties(bad_twin PROPERTIES FIXTURES_REQUIRED fy)
# TIMEOUT: each case's (one hangs).
add_test(NAME timed COMMAND \${G} --gtest_filter=Parser.EmptyInput:Parser.Nested)
set_tests_properties(timed PROPERTIES TIMEOUT 2
  ENVIRONMENT GTEST_SAMPLE_HANG=Parser.Nested)
# Judged whole.
add_test(NAME will_fail COMMAND \${G} --gtest_filter=Math.Adds:Math.Broken)
set_tests_properties(will_fail PROPERTIES WILL_FAIL ON)
add_test(NAME pass_re COMMAND \${G} --gtest_filter=Math.Adds:Parser.Deep)
set_tests_properties(pass_re PROPERTIES PASS_REGULAR_EXPRESSION "Parser[.]Deep")
add_test(NAME fail_re COMMAND \${G} --gtest_filter=Math.Adds:Parser.Deep)
set_tests_properties(fail_re PROPERTIES FAIL_REGULAR_EXPRESSION "Parser[.]Deep")
add_test(NAME skip_re COMMAND \${G} --gtest_filter=Math.Adds:Math.NeedsNetwork)
set_tests_properties(skip_re PROPERTIES SKIP_REGULAR_EXPRESSION "no network")
CMAKE
cmake -S "$T/p" -B "$T/b" >"$T/cmake.log" 2>&1 ||
	fail "cmake failed: $(cat "$T/cmake.log")"
B=$T/b
fresh() { rm -rf "$B/setup" "$B/user" "$B/bad"; }

# --- ids: the split tests' cases, the whole ones with a note each
xe --collect-only --from-ctest "$B" --split=gtest -k 'not timed'
expect_rc 0
for id in setup::Parser.Deep user::Math.Adds user::Typed/0.Zero \
	bad_setup::Math.Broken will_fail pass_re fail_re skip_re; do
	grep -qx "$id" "$T/out" || fail "not collected: $id"
done
for p in will_fail:WILL_FAIL pass_re:PASS_REGULAR_EXPRESSION \
	fail_re:FAIL_REGULAR_EXPRESSION skip_re:SKIP_REGULAR_EXPRESSION; do
	expect_out "not split: '${p%%:*}' has ${p#*:}, which judges the whole binary"
done

# --- fixture fx and DEPENDS: every case of a split test before what
# comes after it (the slow case included)
fresh
xe -n 4 -rA --from-ctest "$B" --split=gtest -k 'setup or user or cleanup' \
	-k 'not bad'
expect_rc 0
for id in plain_user cleanup after_user user::Math.Adds \
	setup::Parser.Deep; do
	expect_out "PASSED $id"
done
expect_out "8 passed"

# --- fixture fy: one failed case of the split setup fails the fixture
fresh
xe -n 4 -rA --from-ctest "$B" --split=gtest -k bad_user
expect_rc 1
expect_out "FAILED bad_setup::Math.Broken"
expect_out "ERROR bad_user - not run: fixture 'fy' setup 'bad_setup::Math.Broken' failed"
expect_out "PASSED bad_cleanup"
expect_out "1 failed, 2 passed, 18 deselected, 1 error"

# --- a batch of cases takes none that the failed fixture keeps back
xe -n 1 -rA --gtest-batch=4 --from-ctest "$B" --split=gtest -k _twin
expect_rc 1
for c in Parser.EmptyInput Parser.Nested; do
	expect_out "PASSED ok_twin::$c"
	expect_out "ERROR bad_twin::$c - not run: fixture 'fy' setup 'bad_setup::Math.Broken' failed"
done

# --- TIMEOUT bounds each case; the judged-whole tests end as in ctest
xe -n 4 -rA --from-ctest "$B" --split=gtest \
	-k 'timed or will_fail or _re'
expect_rc 1
expect_out "TIMEOUT timed::Parser.Nested - timed out after 2."
expect_out "(limit 2s)"
expect_out "PASSED timed::Parser.EmptyInput"
expect_out "PASSED will_fail"
expect_out "PASSED pass_re"
expect_out "FAILED fail_re"
expect_out "SKIPPED [1] skip_re"
exit 0
