#!/bin/sh
# --junitxml=PATH: one <testsuite> with a <testcase> per run, valid against
# tests/junit.xsd (xmllint) for passing, failing, erroring, skipped,
# crashed, timed-out and interrupted runs, also when tests print control
# bytes and invalid UTF-8 or have them in their ids; long output cut as
# the summary cuts it; written atomically (no temporary file left, an old
# file replaced whole), also after Ctrl-C and when no test was selected; a
# path that cannot be written is a usage error before any test runs.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
# A test that leaves $T/ran behind if it ever runs.
printf '%s\n' "$XT touch-sleep $T/ran 0" >"$T/ran.list"
XSD=$SRCDIR/tests/junit.xsd
command -v xmllint >/dev/null ||
	fail "xmllint is missing (Debian libxml2-utils; scripts/install-deps)"

# valid FILE: well-formed and valid against the schema.
valid() {
	xmllint --noout --schema "$XSD" "$1" 2>"$T/xmllint.err" ||
		fail "$1 is not valid: $(cat "$T/xmllint.err")"
}
# xq FILE XPATH: the string value of XPATH.
xq() {
	xmllint --xpath "$2" "$1" 2>/dev/null || true
}
# expect_xq FILE XPATH WANT
expect_xq() {
	got=$(xq "$1" "$2")
	[ "$got" = "$3" ] || fail "$2: got '$got', want '$3'"
}
# A fresh directory to run from, so that no cache reorders the lists.
fresh_cwd() {
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
}

# --- every outcome, bad bytes in output and ids
printf '%s\n' \
	"$XT exit 0" \
	"$XT print hello" \
	"$XT exit 1" \
	"$XT exit 77" \
	"$XT exit 99" \
	"$XT kill SEGV" \
	"$XT sleep 30 $MARK #@ timeout=1" \
	'kill -KILL $PPID' \
	"printf 'ctl:\\001\\033[31m bad:\\377\\376 nul:\\000 end\\n'; exit 1" \
	"$XT exit 0 #@ name=suite/t_names.sh::group::case_one" \
	>"$T/list"
printf 'true ctl-\001-bad-\377\376-id\n' >>"$T/list"
# An old report, replaced whole.
mkdir "$T/r"
echo "not xml" >"$T/r/junit.xml"
fresh_cwd
xe -n 2 --junitxml="$T/r/junit.xml" -f "$T/list"
expect_rc 1
J=$T/r/junit.xml
valid "$J"
[ "$(ls -A "$T/r")" = junit.xml ] ||
	fail "files besides the report: $(ls -A "$T/r")"
expect_xq "$J" 'count(/testsuites/testsuite)' 1
expect_xq "$J" 'string(//testsuite/@name)' xdist-exec
expect_xq "$J" 'string(//testsuite/@tests)' 11
expect_xq "$J" 'string(//testsuite/@failures)' 5
expect_xq "$J" 'string(//testsuite/@errors)' 1
expect_xq "$J" 'string(//testsuite/@skipped)' 1
expect_xq "$J" 'count(//testcase)' 11
expect_xq "$J" 'string(//testsuite/@hostname)' "$(uname -n)"
expect_xq "$J" "count(//testcase[failure[@type='failed']])" 3
expect_xq "$J" "count(//testcase[failure[@type='timeout']])" 1
expect_xq "$J" "string(//testcase[failure[@type='crashed']]/@name)" \
	'kill -KILL $PPID'
expect_xq "$J" "string(//testcase[@name='$XT exit 1']/failure/@message)" \
	"exit status 1"
expect_xq "$J" "string(//testcase[@name='$XT kill SEGV']/failure/@message)" \
	"killed by signal SIGSEGV"
expect_xq "$J" "string(//testcase[@name='$XT exit 99']/error/@type)" error
expect_xq "$J" "string(//testcase[@name='$XT exit 77']/skipped/@message)" \
	"exit status 77"
expect_xq "$J" "count(//testcase[@name='$XT exit 0']/*[name()!='properties'])" 0
# classname: the test's file dotted (xt is outside the current directory:
# its absolute path); or, for a "::" id, the id's part before its last
# "::", the file's extension dropped.
expect_xq "$J" "string(//testcase[@name='$XT exit 0']/@classname)" \
	"$(printf '%s' "$XT" | sed 's|^/||; s|/|.|g')"
expect_xq "$J" "string(//testcase[@name='case_one']/@classname)" \
	suite.t_names.group
# Every run that ran says where; the output of passing runs is there too.
expect_xq "$J" "count(//testcase[properties/property[@name='worker']])" 11
expect_xq "$J" "count(//property[@name='worker'][@value!='gw0' and @value!='gw1'])" 0
expect_xq "$J" "string(//testcase[@name='$XT print hello']/system-out)" \
	"stdout: hello
stderr: hello"
# Control bytes become \xNN, invalid UTF-8 U+FFFD.
expect_xq "$J" "string(//testcase[contains(@name, 'printf')]/system-out)" \
	"$(printf 'ctl:\\x01\\x1b[31m bad:\357\277\275\357\277\275 nul:\\x00 end')"
expect_xq "$J" "count(//testcase[@name='$(printf 'true ctl-\\x01-bad-\357\277\275\357\277\275-id')'])" 1
no_procs "$MARK"

# --- -n 0: the worker is "master"; a flaky test passes with flaky=2
fresh_cwd
printf '%s\n' "test -e $T/flag || { : >$T/flag; exit 1; }" >"$T/list"
xe -n 0 --reruns=1 --junitxml="$T/flaky.xml" -f "$T/list"
expect_rc 0
valid "$T/flaky.xml"
expect_xq "$T/flaky.xml" 'string(//testsuite/@failures)' 0
expect_xq "$T/flaky.xml" "string(//property[@name='worker']/@value)" master
expect_xq "$T/flaky.xml" "string(//property[@name='flaky']/@value)" 2

# --- output over --max-output: head, the cut line, tail
fresh_cwd
printf '%s\n' "$XT spew 100000" >"$T/list"
xe -n 1 --max-output=4k --junitxml="$T/cut.xml" -f "$T/list"
expect_rc 0
valid "$T/cut.xml"
xq "$T/cut.xml" 'string(//system-out)' >"$T/cut.out"
grep -qE '^\[\.\.\. xdist-exec: [0-9]+ bytes of output cut; the first [0-9]+ and the last [0-9]+ bytes are shown \.\.\.\]$' \
	"$T/cut.out" || fail "no cut line in the system-out"
[ "$(wc -c <"$T/cut.out")" -lt 8192 ] || fail "more than --max-output kept"

# --- interrupted: the running test is skipped "interrupted", the one not
# started "not run"; the report is still written, and valid
fresh_cwd
printf '%s\n' "$XT exit 0" "$XT touch-sleep $T/a 300 $MARK" "$XT exit 0" \
	>"$T/list"
xe_bg -n 1 --keep-duplicates --junitxml="$T/int.xml" -f "$T/list"
wait_for test -e "$T/a"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
no_procs "$MARK"
valid "$T/int.xml"
expect_xq "$T/int.xml" 'string(//testsuite/@tests)' 3
expect_xq "$T/int.xml" 'string(//testsuite/@skipped)' 2
expect_xq "$T/int.xml" "count(//skipped[@message='interrupted'])" 1
expect_xq "$T/int.xml" "count(//skipped[@message='not run'])" 1
# A run that never started has no worker.
expect_xq "$T/int.xml" "count(//testcase[skipped[@message='not run']]/properties)" 0

# --- nothing selected: an empty suite, exit 5
fresh_cwd
xe --junitxml="$T/none.xml" -k "no-such-test-$MARK" -f "$T/ran.list"
expect_rc 5
valid "$T/none.xml"
expect_xq "$T/none.xml" 'string(//testsuite/@tests)' 0

# --- a path that cannot be written: exit 4 before any test runs
: >"$T/file"
fresh_cwd
xe --junitxml="$T/file/junit.xml" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot create directory '$T/file': Not a directory"
[ ! -e "$T/ran" ] || fail "a test ran although the report cannot be written"
mkdir "$T/isdir"
xe --junitxml="$T/isdir" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot write '$T/isdir': Is a directory"
[ ! -e "$T/ran" ] || fail "a test ran although the report cannot be written"
exit 0
