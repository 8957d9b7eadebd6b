#!/bin/sh
# --from-ctest BUILD_DIR runs the tests a CTest build directory registers,
# with their properties, and each ends as `ctest -j2` says it ends: a
# CMake project using WILL_FAIL (a signal fails anyway), SKIP_RETURN_CODE,
# PASS_, FAIL_ and SKIP_REGULAR_EXPRESSION, TIMEOUT, WORKING_DIRECTORY,
# ENVIRONMENT, ENVIRONMENT_MODIFICATION (each operation), RESOURCE_LOCK (one test holding two), RUN_SERIAL,
# PROCESSORS (a test holding both workers), LABELS, DEPENDS, DISABLED and
# FIXTURES_SETUP / _CLEANUP / _REQUIRED (one fixture whose setup fails)
# is run by ctest and by xdist-exec, and every test's outcome is compared
# (and again for regular expressions in CMake's own syntax, and for ones
# cmsys cannot compile, which match nothing as in ctest, and for the
# default timeout include(CTest) gives, beside TIMEOUT and --timeout)
# (ctest's "Not Run", for a failed setup, a missing program or working
# directory, is our error).  The tests check the order themselves: what DEPENDS or requires
# a fixture finds what came before it, the cleanup finds what both users
# left.  Then: -k on a label pulls in the fixture's setup and cleanup, -m
# selects by label (a label no mark can hold, 'a,b', is the mark a_b and
# selects what ctest -L does), --ctest-args reaches ctest, --tx to
# another host warns once that the tests run at this host's paths, and
# other tests beside, a
# --dist that cannot keep the order, a directory without
# CTestTestfile.cmake or a missing ctest is one clear line and status 4.
. "$SRCDIR/tests/integration/lib.sh"

for p in cmake ctest; do
	command -v "$p" >/dev/null ||
		fail "$p is not installed (scripts/install-deps)"
done
mkdir -p "$T/p" "$T/p/sub"
cat >"$T/p/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(scenario NONE)
enable_testing()
set(S ${CMAKE_BINARY_DIR}/state)
file(MAKE_DIRECTORY ${S})
macro(t name script)
  add_test(NAME ${name} COMMAND sh -c "${script}")
endmacro()
t(pass "exit 0")
t(fail "exit 1")
# Labels no mark can hold (ctest allows any character but ';').
set_tests_properties(pass PROPERTIES LABELS "a,b;needs network;c++")
set_tests_properties(fail PROPERTIES LABELS "a,b")
t(exit77 "exit 77")
t(will_fail "exit 1")
set_tests_properties(will_fail PROPERTIES WILL_FAIL ON)
t(will_fail_passes "exit 0")
set_tests_properties(will_fail_passes PROPERTIES WILL_FAIL ON)
t(skip_code "exit 4")
set_tests_properties(skip_code PROPERTIES SKIP_RETURN_CODE 4)
t(pass_re "echo all good; exit 3")
set_tests_properties(pass_re PROPERTIES PASS_REGULAR_EXPRESSION "no;go+d")
t(pass_re_missing "echo nothing here")
set_tests_properties(pass_re_missing PROPERTIES PASS_REGULAR_EXPRESSION "good")
t(fail_re "echo 'an ERROR here'")
set_tests_properties(fail_re PROPERTIES FAIL_REGULAR_EXPRESSION "ERR[O]R")
t(pass_and_fail_re "echo good bad")
set_tests_properties(pass_and_fail_re PROPERTIES PASS_REGULAR_EXPRESSION good FAIL_REGULAR_EXPRESSION bad)
t(pass_re_stderr "echo good >&2; exit 1")
set_tests_properties(pass_re_stderr PROPERTIES PASS_REGULAR_EXPRESSION "^good")
t(skip_re "echo no disk here")
set_tests_properties(skip_re PROPERTIES SKIP_REGULAR_EXPRESSION "no dis[k]")
t(signal_will_fail "kill -SEGV $$")
set_tests_properties(signal_will_fail PROPERTIES WILL_FAIL ON)
add_test(NAME missing COMMAND /nonexistent/program)
add_test(NAME no_workdir COMMAND true WORKING_DIRECTORY /nonexistent/dir)
t(fail_re_will_fail "echo 'an ERROR here'")
set_tests_properties(fail_re_will_fail PROPERTIES FAIL_REGULAR_EXPRESSION "ERROR" WILL_FAIL ON)
t(timeout "exec sleep 60")
set_tests_properties(timeout PROPERTIES TIMEOUT 1)
t(workdir "test \"$(pwd)\" = ${CMAKE_SOURCE_DIR}/sub")
set_tests_properties(workdir PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/sub)
t(environment "test \"$A|$B\" = '1|two words'")
set_tests_properties(environment PROPERTIES ENVIRONMENT "A=1;B=two words")
# A name given twice: the last wins (printenv reads it as getenv does,
# where a shell would keep the last of two).
add_test(NAME environment_twice COMMAND printenv A)
set_tests_properties(environment_twice PROPERTIES ENVIRONMENT "A=first;A=second" PASS_REGULAR_EXPRESSION "^second")
# ENVIRONMENT_MODIFICATION, after ENVIRONMENT, over EM_BASE=base (EM_V,
# EM_W and EM_U unset): each operation, reset back to ENVIRONMENT's value
# or the run's, unset reaching the test, and no separator after an empty
# or unset value (after unset, ctest appends to the value before).
t(em_reset "test \"$EM_V\" = envr")
set_tests_properties(em_reset PROPERTIES ENVIRONMENT "EM_V=env" ENVIRONMENT_MODIFICATION "EM_V=set:x;EM_V=reset:;EM_V=string_append:r")
t(em_reset_run "test \"$EM_BASE\" = baser")
set_tests_properties(em_reset_run PROPERTIES ENVIRONMENT_MODIFICATION "EM_BASE=set:x;EM_BASE=reset:;EM_BASE=string_append:r")
t(em_set "test \"$EM_V\" = a=b:c")
set_tests_properties(em_set PROPERTIES ENVIRONMENT_MODIFICATION "EM_V=set:a=b:c")
t(em_unset "test \"\${EM_BASE+set}\${EM_V+set}\" = ''")
set_tests_properties(em_unset PROPERTIES ENVIRONMENT "EM_V=e" ENVIRONMENT_MODIFICATION "EM_BASE=unset:;EM_V=unset:")
t(em_string "test \"$EM_BASE\" = YbaseX")
set_tests_properties(em_string PROPERTIES ENVIRONMENT_MODIFICATION "EM_BASE=string_append:X;EM_BASE=string_prepend:Y")
t(em_path "test \"$EM_BASE\" = Y:base:X")
set_tests_properties(em_path PROPERTIES ENVIRONMENT_MODIFICATION "EM_BASE=path_list_append:X;EM_BASE=path_list_prepend:Y")
t(em_cmake_list "test \"$EM_BASE\" = \"$(printf 'Y\\\\073base\\\\073X')\"")
set_tests_properties(em_cmake_list PROPERTIES ENVIRONMENT_MODIFICATION "EM_BASE=cmake_list_append:X;EM_BASE=cmake_list_prepend:Y")
t(em_empty "test \"$EM_V|$EM_W|$EM_U\" = 'X|Y|Z'")
set_tests_properties(em_empty PROPERTIES ENVIRONMENT "EM_V=" ENVIRONMENT_MODIFICATION "EM_V=path_list_append:X;EM_W=cmake_list_append:Y;EM_U=string_prepend:Z")
t(em_unset_append "test \"$EM_BASE\" = X:base")
set_tests_properties(em_unset_append PROPERTIES ENVIRONMENT_MODIFICATION "EM_BASE=unset:;EM_BASE=path_list_prepend:X")
t(lock_a "mkdir ${S}/res && sleep 0.2 && rmdir ${S}/res")
t(lock_b "mkdir ${S}/res && sleep 0.2 && rmdir ${S}/res")
set_tests_properties(lock_a lock_b PROPERTIES RESOURCE_LOCK res)
t(two_locks "mkdir ${S}/res && mkdir ${S}/res2 && sleep 0.2 && rmdir ${S}/res2 ${S}/res")
set_tests_properties(two_locks PROPERTIES RESOURCE_LOCK "res;res2")
t(lock_c "mkdir ${S}/res2 && sleep 0.2 && rmdir ${S}/res2")
set_tests_properties(lock_c PROPERTIES RESOURCE_LOCK res2)
t(serial "exit 0")
set_tests_properties(serial PROPERTIES RUN_SERIAL ON)
# processors holds both workers: the busy tests see it never, nor it them
# (the sleeps only widen the window an overlap would show in).
t(processors "mkdir ${S}/wide && ! ls ${S}/busy.* && sleep 0.3 && ! ls ${S}/busy.* && rmdir ${S}/wide")
set_tests_properties(processors PROPERTIES PROCESSORS 2)
foreach(n 1 2 3)
  t(busy${n} "touch ${S}/busy.${n} && test ! -e ${S}/wide && sleep 0.3 && test ! -e ${S}/wide && rm ${S}/busy.${n}")
endforeach()
t(labelled "exit 0")
set_tests_properties(labelled PROPERTIES LABELS "fast;network")
t(dep_first "touch ${S}/first")
t(dep_second "test -f ${S}/first")
set_tests_properties(dep_second PROPERTIES DEPENDS dep_first)
t(db_setup "touch ${S}/db")
set_tests_properties(db_setup PROPERTIES FIXTURES_SETUP db)
t(db_user "test -f ${S}/db && touch ${S}/db_used")
set_tests_properties(db_user PROPERTIES FIXTURES_REQUIRED db LABELS dbuser)
t(db_user2 "test -f ${S}/db && touch ${S}/db_used2")
set_tests_properties(db_user2 PROPERTIES FIXTURES_REQUIRED db LABELS dbuser)
t(db_cleanup "test -f ${S}/db_used && test -f ${S}/db_used2 && rm ${S}/db")
set_tests_properties(db_cleanup PROPERTIES FIXTURES_CLEANUP db)
t(broken_setup "exit 1")
set_tests_properties(broken_setup PROPERTIES FIXTURES_SETUP broken)
t(broken_user "exit 0")
set_tests_properties(broken_user PROPERTIES FIXTURES_REQUIRED broken)
t(broken_cleanup "exit 0")
set_tests_properties(broken_cleanup PROPERTIES FIXTURES_CLEANUP broken)
t(disabled "exit 1")
set_tests_properties(disabled PROPERTIES DISABLED ON)
CMAKE
cmake -S "$T/p" -B "$T/b" >"$T/cmake.log" 2>&1 || {
	tail -n 30 "$T/cmake.log" >&2
	fail "cmake failed"
}

# The environment ENVIRONMENT_MODIFICATION starts from, for both.
EM_BASE=base
export EM_BASE
unset EM_V EM_W EM_U

# ctest's own outcomes: "NAME outcome" lines, sorted.
set +e
(cd "$T/b" && ctest -j2) >"$T/ctest.out" 2>&1
set -e
sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) .*[ *]\(Passed\|Failed\|Skipped\|Timeout\|Exception\|Not Run\).*/\1 \2/p' \
	"$T/ctest.out" | sed 's/ Passed$/ passed/; s/ Failed$/ failed/;
	s/ Timeout$/ failed/; s/ Exception$/ failed/; s/ Skipped$/ skipped/' |
	sed 's/^disabled Not Run$/disabled skipped/; s/ Not Run$/ error/' |
	sort >"$T/want"
[ "$(wc -l <"$T/want")" -eq 49 ] || {
	cat "$T/ctest.out" >&2
	fail "ctest's outcomes were not read: $(cat "$T/want")"
}

# Ours, the same way.
rm -rf "$T/b/state" && mkdir "$T/b/state"
xe -n 2 -v --color=no --from-ctest "$T/b"
expect_rc 1
sed -n 's/^\[[a-z0-9]*\] \[ *[0-9]*%\] \([A-Z]*\) \([^ ]*\) .*/\2 \1/p; s/^\[ *[0-9]*%\] \([A-Z]*\) \([^ ]*\) .*/\2 \1/p' \
	"$T/out" | tr 'A-Z' 'a-z' | sed 's/ timeout$/ failed/' | sort >"$T/got"
diff "$T/want" "$T/got" >"$T/diff" || {
	cat "$T/ctest.out" >&2
	fail "outcomes differ from ctest's (< ctest, > xdist-exec): $(cat "$T/diff")"
}
grep -q "broken_user.*not run: fixture 'broken' setup 'broken_setup' failed" "$T/out" ||
	fail "the kept-back test's reason does not name the failed setup"
grep -q "pass_re_missing.*Required regular expression not found" "$T/out" ||
	fail "a missing PASS_REGULAR_EXPRESSION is not the reason"
grep -q "COST\|PROCESSORS\|RESOURCE_LOCK\|ENVIRONMENT" "$T/err" &&
	fail "a warning for a property honoured: $(cat "$T/err")"

# CMake's regular expressions, not POSIX ones: output after a NUL byte is
# matched (ctest ends a line there), braces are literal (no a{2}, and
# {ok} is good), \s is an s, [[:alpha:]] a set of [ : a l p h before a
# ], and $ the end of the output, after the newline ctest ends it with.
mkdir -p "$T/rp"
cat >"$T/rp/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(regex NONE)
enable_testing()
add_test(NAME after_nul COMMAND sh -c [[printf 'a\0PASS\n']])
set_tests_properties(after_nul PROPERTIES PASS_REGULAR_EXPRESSION PASS)
add_test(NAME interval COMMAND sh -c [[echo aa]])
set_tests_properties(interval PROPERTIES PASS_REGULAR_EXPRESSION [[a{2}]])
add_test(NAME backslash_s COMMAND sh -c [[echo 'x y']])
set_tests_properties(backslash_s PROPERTIES PASS_REGULAR_EXPRESSION [[x\sy]])
add_test(NAME braces COMMAND sh -c [[echo 'result: {ok}']])
set_tests_properties(braces PROPERTIES PASS_REGULAR_EXPRESSION [[{ok}]])
add_test(NAME escaped COMMAND sh -c [[echo 'a.b (c)']])
set_tests_properties(escaped PROPERTIES PASS_REGULAR_EXPRESSION [[^a\.b \(c\)]])
add_test(NAME class COMMAND sh -c [[echo 'b]']])
set_tests_properties(class PROPERTIES PASS_REGULAR_EXPRESSION [=[[[:alpha:]]]=])
add_test(NAME dollar COMMAND sh -c [[printf good]])
set_tests_properties(dollar PROPERTIES PASS_REGULAR_EXPRESSION [[good$]])
add_test(NAME fail_brace COMMAND sh -c [[echo '{x}'; exit 0]])
set_tests_properties(fail_brace PROPERTIES FAIL_REGULAR_EXPRESSION [[^{x}|x{2}]])
# Expressions cmsys cannot compile: ctest runs the test, and they match
# nothing (the others still do).
add_test(NAME bad_pass COMMAND sh -c [[echo aaa]])
set_tests_properties(bad_pass PROPERTIES PASS_REGULAR_EXPRESSION [[a**]])
add_test(NAME bad_and_good_pass COMMAND sh -c [[echo hello]])
set_tests_properties(bad_and_good_pass PROPERTIES PASS_REGULAR_EXPRESSION [[a**;hel]])
add_test(NAME bad_fail COMMAND sh -c [[echo aaa]])
set_tests_properties(bad_fail PROPERTIES FAIL_REGULAR_EXPRESSION [[a**]])
add_test(NAME bad_skip COMMAND sh -c [[echo '(x)'; exit 1]])
set_tests_properties(bad_skip PROPERTIES SKIP_REGULAR_EXPRESSION [[(]])
add_test(NAME bad_will_fail COMMAND sh -c [[echo aaa]])
set_tests_properties(bad_will_fail PROPERTIES PASS_REGULAR_EXPRESSION [[a**]] WILL_FAIL ON)
CMAKE
cmake -S "$T/rp" -B "$T/rb" >"$T/cmake.log" 2>&1 || {
	tail -n 30 "$T/cmake.log" >&2
	fail "cmake failed (regular expressions)"
}
set +e
(cd "$T/rb" && ctest -j2) >"$T/ctest.out" 2>&1
set -e
sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) .*[ *]\(Passed\|Failed\).*/\1 \2/p' \
	"$T/ctest.out" | tr 'A-Z' 'a-z' | sort >"$T/want"
[ "$(wc -l <"$T/want")" -eq 13 ] || {
	cat "$T/ctest.out" >&2
	fail "ctest's outcomes were not read: $(cat "$T/want")"
}
xe -n 2 -v --color=no --from-ctest "$T/rb"
expect_rc 1
sed -n 's/^\[[a-z0-9]*\] \[ *[0-9]*%\] \([A-Z]*\) \([^ ]*\) .*/\2 \1/p' \
	"$T/out" | tr 'A-Z' 'a-z' | sort >"$T/got"
diff "$T/want" "$T/got" >"$T/diff" || {
	cat "$T/ctest.out" "$T/err" >&2
	fail "regular expressions match otherwise than ctest's (< ctest, > xdist-exec): $(cat "$T/diff")"
}
grep -q "^bad_pass failed\$" "$T/want" || fail "ctest passes bad_pass: $(cat "$T/want")"
grep -q "^bad_fail passed\$" "$T/want" || fail "ctest fails bad_fail: $(cat "$T/want")"
expect_out "FAILED bad_pass - Required regular expression not found. Regex=[a**]; PASS_REGULAR_EXPRESSION 'a**' matches nothing (bad regular expression: nested *?+)"
expect_out "FAILED bad_skip - exit status 1; SKIP_REGULAR_EXPRESSION '(' matches nothing (bad regular expression: unmatched parentheses)"
expect_err "warning: ctest: test 'bad_fail': FAIL_REGULAR_EXPRESSION 'a**' matches nothing (bad regular expression: nested *?+), as in ctest"
# A skip expression alone: a test that prints it and exits 0 is skipped
# (the output of passing tests must come back for it).
mkdir -p "$T/sp"
cat >"$T/sp/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(skiponly NONE)
enable_testing()
add_test(NAME skip0 COMMAND sh -c "echo 'no hardware, SKIPPING'; exit 0")
set_tests_properties(skip0 PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPING")
add_test(NAME bad_fail COMMAND sh -c "echo aaa")
set_tests_properties(bad_fail PROPERTIES FAIL_REGULAR_EXPRESSION [[a**]])
CMAKE
cmake -S "$T/sp" -B "$T/sb" >"$T/cmake.log" 2>&1 || fail "cmake failed (skip)"
(cd "$T/sb" && ctest) >"$T/ctest.out" 2>&1 || true
grep -q 'skip0 .*Skipped' "$T/ctest.out" ||
	fail "ctest does not skip skip0: $(cat "$T/ctest.out")"
grep -q 'bad_fail .*Passed' "$T/ctest.out" ||
	fail "ctest does not pass bad_fail: $(cat "$T/ctest.out")"
# ... and a bad expression that changes nothing leaves the status 0.
xe -n 1 --from-ctest "$T/sb"
expect_rc 0
expect_out "1 passed, 1 skipped"

# ctest's default timeout: include(CTest) writes DART_TESTING_TIMEOUT
# into DartConfiguration.tcl, and a test without TIMEOUT gets it.  A
# TIMEOUT wins over it, TIMEOUT 0 is none; --timeout (ctest's and ours)
# goes before the default, but not before a TIMEOUT above 0.  Every
# outcome as ctest's, with and without --timeout.
mkdir -p "$T/tp"
cat >"$T/tp/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(timeouts NONE)
include(CTest)
add_test(NAME sleepy COMMAND sleep 10)
add_test(NAME zero COMMAND sleep 2.5)
set_tests_properties(zero PROPERTIES TIMEOUT 0)
add_test(NAME own COMMAND sleep 2.5)
set_tests_properties(own PROPERTIES TIMEOUT 8)
add_test(NAME quick COMMAND true)
CMAKE
cmake -DDART_TESTING_TIMEOUT=2 -S "$T/tp" -B "$T/tb" >"$T/cmake.log" 2>&1 ||
	fail "cmake failed (timeouts): $(tail -n 30 "$T/cmake.log")"
grep -q '^TimeOut: 2$' "$T/tb/DartConfiguration.tcl" ||
	fail "include(CTest) wrote no TimeOut: 2"
# (sleepy times out; with --timeout 1, zero too.)
for to in "" 1; do
	set +e
	(cd "$T/tb" && ctest -j4 ${to:+--timeout "$to"}) >"$T/ctest.out" 2>&1
	set -e
	sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) .*[ *]\(Passed\|Failed\|Timeout\).*/\1 \2/p' \
		"$T/ctest.out" | tr 'A-Z' 'a-z' | sort >"$T/want"
	[ "$(grep -c ' timeout$' "$T/want")" -eq "$((${to:-0} + 1))" ] || {
		cat "$T/ctest.out" >&2
		fail "ctest ${to:+--timeout $to }timed out otherwise: $(cat "$T/want")"
	}
	xe -n 4 -v --color=no --from-ctest "$T/tb" ${to:+--timeout "$to"}
	expect_rc 1
	sed -n 's/^\[[a-z0-9]*\] \[ *[0-9]*%\] \([A-Z]*\) \([^ ]*\) .*/\2 \1/p' \
		"$T/out" | tr 'A-Z' 'a-z' | sort >"$T/got"
	diff "$T/want" "$T/got" >"$T/diff" || {
		cat "$T/ctest.out" >&2
		fail "timeouts${to:+ (--timeout $to)} differ from ctest's (< ctest, > xdist-exec): $(cat "$T/diff")"
	}
done
expect_out "TIMEOUT sleepy - timed out after"
expect_out "(limit 1s)"
xe --from-ctest "$T/tb" --collect-only
expect_out "sleepy  #@ timeout=2.000"
expect_out "own  #@ timeout=8.000"
grep -q "^zero\$" "$T/out" || fail "TIMEOUT 0 has a timeout: $(cat "$T/out")"
# enable_testing() alone: no default.
xe --from-ctest "$T/b" --collect-only -k exit77
grep -q "^exit77\$" "$T/out" || fail "a default without include(CTest): $(cat "$T/out")"

# --tx to a host of its own (an exec= wrapper standing in for srun): the
# tests run at this host's paths, said once, naming the first test and
# its WORKING_DIRECTORY; local workers say nothing.
cat >"$T/fake-srun" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
shift
exec "$@"
EOF
chmod +x "$T/fake-srun"
xe -v --color=no --tx "exec=$T/fake-srun --//xdist-exec=$XDIST_EXEC" \
	--from-ctest "$T/sb"
expect_rc 0
expect_out "1 passed, 1 skipped"
expect_err "warning: ctest: test 'skip0': WORKING_DIRECTORY '$T/sb' is a path on this host: --tx 'exec=$T/fake-srun --' runs the test in it as it is (and its command), so it must exist there too"
[ "$(grep -c WORKING_DIRECTORY "$T/err")" -eq 1 ] ||
	fail "the remote paths are not said once: $(cat "$T/err")"
xe --tx 2*popen --from-ctest "$T/sb"
expect_rc 0
grep -q WORKING_DIRECTORY "$T/err" &&
	fail "a warning for local workers: $(cat "$T/err")"

# -k on a label; the fixture's setup and cleanup come with it.
rm -rf "$T/b/state" && mkdir "$T/b/state"
xe -n 2 -v --color=no --from-ctest "$T/b" -k dbuser
expect_rc 0
expect_out "PASSED db_setup ("
expect_out "PASSED db_user ("
expect_out "PASSED db_cleanup ("
expect_out "PASSED db_user2 ("
expect_out "4 passed, 45 deselected"

# -m on a label, and --collect-only shows the labels as marks.
xe -n 2 -v --color=no --from-ctest "$T/b" -m "network and not slow"
expect_rc 0
expect_out "PASSED labelled ("
expect_out "1 passed, 48 deselected"
xe --from-ctest "$T/b" --collect-only -k labelled
expect_rc 0
expect_out "labelled  #@ marks=fast,network"

# A label a mark cannot hold is a mark with each run of other characters
# spelled '_', said once: -m selects what ctest -L selects.
(cd "$T/b" && ctest -N -L 'a,b') >"$T/ctest.out" 2>&1 ||
	fail "ctest -L: $(cat "$T/ctest.out")"
sed -n 's/^ *Test *#[0-9]*: //p' "$T/ctest.out" | sort >"$T/want"
xe -n 2 -v --color=no --from-ctest "$T/b" -m a_b
expect_rc 1
sed -n 's/^\[[a-z0-9]*\] \[ *[0-9]*%\] [A-Z]* \([^ ]*\) .*/\1/p' "$T/out" |
	sort >"$T/got"
[ "$(cat "$T/want")" = "$(printf 'fail\npass')" ] ||
	fail "ctest -L 'a,b' lists: $(cat "$T/want")"
diff "$T/want" "$T/got" >"$T/diff" ||
	fail "-m a_b selects otherwise than ctest -L 'a,b': $(cat "$T/diff")"
expect_err "warning: ctest: test 'pass': LABELS 'a,b' is the mark 'a_b' (a mark name is letters, digits, '_', '-' and '.', not and, or, not)"
[ "$(grep -c "LABELS 'a,b'" "$T/err")" -eq 1 ] ||
	fail "the spelling of 'a,b' is not said once: $(cat "$T/err")"
xe -n 2 -v --color=no --from-ctest "$T/b" -m "needs_network and c_" -k pass
expect_rc 0
expect_out "1 passed, 48 deselected"
expect_err "LABELS 'needs network' is the mark 'needs_network'"
expect_err "LABELS 'c++' is the mark 'c_'"
xe --from-ctest "$T/b" --collect-only -k pass
expect_out "pass  #@ marks=a_b,c_,needs_network"

# --ctest-args: ctest's own selection.
xe -n 2 -v --color=no --from-ctest "$T/b" --ctest-args "-R '^(pass|exit77)\$'"
expect_rc 1
expect_out "PASSED pass ("
expect_out "FAILED exit77 ("
expect_out "1 failed, 1 passed"
# ctest's --timeout reaches the listing alone: said, ours named.
xe --from-ctest "$T/tb" --ctest-args "--timeout 1 -R quick" --collect-only
expect_rc 0
expect_err "warning: --ctest-args: ctest's --timeout does not reach the tests without TIMEOUT; give xdist-exec --timeout"

# Other tests beside, or a --dist that cannot keep the order.
xe --from-ctest "$T/b" -- true
expect_rc 4
expect_err "--from-ctest takes its tests from ctest: name no others"
xe --from-ctest "$T/b" --dist=loadfile
expect_rc 4
expect_err "--from-ctest runs with --dist=load or --dist=no only"

# Not a CTest build directory; ctest missing.
xe --from-ctest "$T/p"
expect_rc 4
expect_err "no CTestTestfile.cmake"
set +e
PATH=/nonexistent "$XDIST_EXEC" --from-ctest "$T/b" >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 4
expect_err "--from-ctest: cannot run 'ctest': No such file or directory"

# A ctest that does not end: killed at --timeout, with what it started.
# (sh stays, with $MARK in its argv, while sleep runs.)
mkdir "$T/hang"
printf '#!/bin/sh\nsh -c ": >%s; sleep 600; :" %s\n' "$T/started" "$MARK" \
	>"$T/hang/ctest"
chmod +x "$T/hang/ctest"
set +e
PATH="$T/hang:$PATH" "$XDIST_EXEC" --timeout 2 --from-ctest "$T/b" \
	>"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 4
expect_err "--from-ctest: ctest --show-only did not end in 2s"
[ -e "$T/started" ] || fail "the fake ctest's child never started"
no_procs "$MARK"

# Ctrl-C while ctest lists: it goes, with what it started, and so do we.
rm -f "$T/started"
PATH="$T/hang:$PATH" xe_bg --from-ctest "$T/b"
wait_for test -e "$T/started"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 130
no_procs "$MARK"
exit 0
