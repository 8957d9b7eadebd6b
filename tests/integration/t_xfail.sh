#!/bin/sh
# Expected failures, the list attribute xfail (xfail=REASON): a failing
# run is xfailed (not a failure, not rerun), a passing one XPASS, which
# fails the run with --xfail-strict or the ini's xfail_strict = true.
# Both reach the progress letters, the -v lines, the final line ("1
# xfailed, 1 xpassed"), -r's short summary, JUnit (a skip of type
# pytest.xfail; an xpass passes, as pytest writes them) and JSON lines.
# Errors (99) and timeouts stay what they are.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
command -v xmllint >/dev/null ||
	fail "xmllint is missing (Debian libxml2-utils; scripts/install-deps)"
command -v python3 >/dev/null || fail "python3 is missing"

mkdir "$T/p"
cd "$T/p"
# count.sh FILE STATUS: append a line to FILE (one per run), exit STATUS.
cat >count.sh <<'EOF'
echo run >>"$1"
exit "$2"
EOF
{
	echo "$XT exit 0 #@ name=ok"
	echo "sh count.sh $T/xf.runs 1 #@ name=xf xfail=\"known bug #7\""
	echo "$XT exit 0 #@ name=xp xfail"
	echo "$XT kill SEGV #@ name=xf_signal xfail"
	echo "$XT exit 99 #@ name=xf_error xfail"
} >tests.list

xe -n 2 --color=no --reruns=2 --junitxml=junit.xml --report-log=log.jsonl \
	-rxXE -f tests.list
expect_rc 1
expect_out "1 passed, 2 xfailed, 1 xpassed, 1 error"
expect_out "XFAIL xf - known bug #7"
expect_out "XFAIL xf_signal - killed by signal SIGSEGV"
expect_out "XPASS xp"
expect_out "ERROR xf_error - exit status 99 (hard error)"
expect_no_out "RERUN"
[ "$(wc -l <"$T/xf.runs")" -eq 1 ] ||
	fail "an expected failure was run $(wc -l <"$T/xf.runs") times"
# Progress letters: x for xfailed, X for xpassed (in some order).
head -n 2 "$T/out" | grep -qE '^[.xXE]*x[.xXE]*X|^[.xXE]*X[.xXE]*x' ||
	fail "no x and X letters: $(head -n 2 "$T/out")"
# No FAILURES section for an expected failure.
expect_no_out "___ xf ___"

# JUnit: pytest's layout.
xmllint --noout --schema "$SRCDIR/tests/junit.xsd" junit.xml 2>"$T/xmllint.err" ||
	fail "junit.xml is not valid: $(cat "$T/xmllint.err")"
xq() {
	xmllint --xpath "$1" junit.xml 2>/dev/null || true
}
[ "$(xq 'string(//testcase[@name="xf"]/skipped/@type)')" = pytest.xfail ] ||
	fail "xfail is not a skip of type pytest.xfail"
[ "$(xq 'string(//testcase[@name="xf"]/skipped/@message)')" = "known bug #7" ] ||
	fail "the xfail skip does not carry the reason"
[ "$(xq 'count(//testcase[@name="xp"]/*[name()!="properties"])')" = 0 ] ||
	fail "an xpass is not a plain pass in JUnit"
[ "$(xq 'string(//testsuite/@skipped)')" = 2 ] ||
	fail "testsuite skipped=$(xq 'string(//testsuite/@skipped)'), not 2"
[ "$(xq 'string(//testsuite/@failures)')" = 0 ] ||
	fail "testsuite failures=$(xq 'string(//testsuite/@failures)'), not 0"

# JSON lines: the outcomes and the counts.
python3 - log.jsonl >"$T/events" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "test_result":
        print(e["id"], e["outcome"], e["reason"])
    elif e["event"] == "run_end":
        c = e["counts"]
        print("counts", c["xfailed"], c["xpassed"], c["failed"])
EOF
for want in "xf xfailed known bug #7" "xp xpassed None" \
	"xf_signal xfailed killed by signal SIGSEGV" "counts 2 1 0"; do
	grep -qxF "$want" "$T/events" ||
		fail "report log lacks '$want': $(cat "$T/events")"
done

# --xfail-strict: an XPASS fails the run, as pytest's [XPASS(strict)].
printf '%s\n' "$XT exit 0 #@ name=xp xfail=\"fixed yet?\"" \
	"$XT exit 1 #@ name=xf xfail" >strict.list
xe -n 1 --color=no -v --xfail-strict -f strict.list
expect_rc 1
expect_out "FAILED xp (0."
expect_out "XFAIL xf (0."
expect_out "FAILED xp - [XPASS(strict)] fixed yet?"
expect_out "1 failed, 1 xfailed"
# Without it the same run passes.
xe -n 1 --color=no -v -f strict.list
expect_rc 0
expect_out "XPASS xp (0."
expect_out "1 xfailed, 1 xpassed"
# The ini's xfail_strict = true is the option.
printf '[xdist-exec]\nxfail_strict = true\n' >xdist-exec.ini
xe -n 1 --color=no -f strict.list
expect_rc 1
expect_out "1 failed, 1 xfailed"
exit 0
