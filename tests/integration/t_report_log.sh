#!/bin/sh
# --report-log=PATH: one JSON object a line (every line valid JSON and
# strict UTF-8, also for ids with control bytes and invalid UTF-8), each
# written as it happens: run_start, test_start and test_result for every
# run (reruns: a test_start per attempt), run_end with the exit status and
# the counts; also after Ctrl-C; a path that cannot be opened is a usage
# error before any test runs, one that cannot be written to makes exit 3.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
# A test that leaves $T/ran behind if it ever runs.
printf '%s\n' "$XT touch-sleep $T/ran 0" >"$T/ran.list"
command -v python3 >/dev/null ||
	fail "python3 is missing (scripts/install-deps)"

# events FILE: check every line and print one summary line per event:
#   event|run|id|outcome|worker|attempt|exit_status|signal|reason
# (values as JSON, so non-ASCII shows as \uXXXX).  Fails on a line that is
# not strict UTF-8 JSON, or an event without exactly its keys.
cat >"$T/events.py" <<'EOF'
import json, sys

KEYS = {
    "run_start": {"event", "version", "workers", "testrunuid", "tests", "time"},
    "test_start": {"event", "id", "classname", "name", "run", "worker",
                   "attempt", "time"},
    "test_result": {"event", "id", "classname", "name", "run", "outcome",
                    "duration", "exit_status", "signal", "worker", "attempt",
                    "reason", "time"},
    "run_end": {"event", "exit_status", "counts", "duration", "time"},
}
data = open(sys.argv[1], "rb").read()
if data and not data.endswith(b"\n"):
    sys.exit("the last line is not ended")
last = 0
for n, raw in enumerate(data.splitlines(), 1):
    try:
        e = json.loads(raw.decode("utf-8"))
    except Exception as x:
        sys.exit("line %d: %s" % (n, x))
    if not isinstance(e, dict) or e.get("event") not in KEYS:
        sys.exit("line %d: not an event" % n)
    if set(e) != KEYS[e["event"]]:
        sys.exit("line %d: keys %s" % (n, sorted(e)))
    if not isinstance(e["time"], float) or e["time"] < last:
        sys.exit("line %d: time goes back" % n)
    last = e["time"]
    if e["event"] == "run_end":
        print("run_end|%d|%s|%s" % (e["exit_status"],
              json.dumps(e["counts"], sort_keys=True), e["duration"] >= 0))
        continue
    print("|".join(json.dumps(e.get(k)) for k in
          ("event", "run", "id", "outcome", "worker", "attempt",
           "exit_status", "signal", "reason")))
EOF
events() {
	python3 "$T/events.py" "$1" >"$T/events" 2>"$T/events.err" ||
		fail "$1: $(cat "$T/events.err")"
}
# has LINE: the summary has this line.
has() {
	grep -qxF -- "$1" "$T/events" || {
		cat "$T/events" >&2
		fail "no event line: $1"
	}
}
count() {
	grep -c -- "$1" "$T/events" || true
}
# A fresh directory to run from, so that no cache reorders the lists.
fresh_cwd() {
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
}

# --- every event, in order
printf '%s\n' "$XT exit 0" "$XT exit 1" "$XT exit 77" "$XT kill SEGV" \
	>"$T/list"
printf 'true id-\001-\377\376-bad\n' >>"$T/list"
fresh_cwd
xe -n 2 --testrunuid=run-42 --report-log="$T/log/r.jsonl" -f "$T/list"
expect_rc 1
events "$T/log/r.jsonl"
version=$("$XDIST_EXEC" --version | sed 's/^xdist-exec //')
head -n 1 "$T/log/r.jsonl" | grep -qxE '\{"event":"run_start","version":"'"$version"'","workers":2,"testrunuid":"run-42","tests":5,"time":[0-9.e+]+\}' ||
	fail "run_start: $(head -n 1 "$T/log/r.jsonl")"
[ "$(count '^"test_start"')" -eq 5 ] || fail "not 5 test_start events"
[ "$(count '^"test_result"')" -eq 5 ] || fail "not 5 test_result events"
for r in 0 1 2 3 4; do
	s=$(grep -n "^\"test_start\"|$r|" "$T/events" | cut -d: -f1)
	e=$(grep -n "^\"test_result\"|$r|" "$T/events" | cut -d: -f1)
	[ -n "$s" ] && [ -n "$e" ] && [ "$s" -lt "$e" ] ||
		fail "run $r: no test_start before its test_result"
done
has "\"test_result\"|0|\"$XT exit 0\"|\"passed\"|$(grep "^\"test_start\"|0|" "$T/events" | cut -d'|' -f5)|1|0|null|null"
grep -qE "^\"test_result\"\|1\|\"$XT exit 1\"\|\"failed\"\|\"gw[01]\"\|1\|1\|null\|\"exit status 1\"$" "$T/events" ||
	fail "the exit 1 result"
grep -qE "^\"test_result\"\|2\|\"$XT exit 77\"\|\"skipped\"\|\"gw[01]\"\|1\|77\|null\|" "$T/events" ||
	fail "the exit 77 result"
grep -qE "^\"test_result\"\|3\|\"$XT kill SEGV\"\|\"failed\"\|\"gw[01]\"\|1\|null\|\"SIGSEGV\"\|\"killed by signal SIGSEGV" "$T/events" ||
	fail "the SIGSEGV result"
grep -qF '"test_result"|4|"true id-\u0001-\ufffd\ufffd-bad"|"passed"|' "$T/events" ||
	fail "the id with bad bytes"
tail -n 1 "$T/events" | grep -qxF 'run_end|1|{"error": 0, "failed": 2, "flaky": 0, "interrupted": 0, "notrun": 0, "passed": 2, "skipped": 1, "timeout": 0, "xfailed": 0, "xpassed": 0}|True' ||
	fail "run_end: $(tail -n 1 "$T/events")"

# --- written as it happens: a follower sees a finished test while
# another still runs
cat >"$T/gate.sh" <<EOF
#!/bin/sh
n=0
until [ -e "$T/go" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 2400 ] || exit 1
	sleep 0.05
done
EOF
printf '%s\n' "sh $T/gate.sh $MARK" "$XT exit 0" >"$T/list"
fresh_cwd
xe_bg -n 2 --report-log="$T/live.jsonl" -f "$T/list"
wait_for grep -q '"event":"test_result","id":"[^"]*xt exit 0"' "$T/live.jsonl"
grep -q '"event":"test_start","id":"sh ' "$T/live.jsonl" ||
	fail "the running test's test_start is not in the log yet"
if grep -q '"event":"test_result","id":"sh ' "$T/live.jsonl"; then
	fail "the gate test finished before its gate opened"
fi
: >"$T/go"
wait_exit "$XE_PID"
expect_rc 0
events "$T/live.jsonl"
no_procs "$MARK"

# --- reruns: a test_start per attempt, the result flaky on attempt 2
fresh_cwd
printf '%s\n' "test -e $T/flag || { : >$T/flag; exit 1; }" >"$T/list"
xe -n 1 --reruns=1 --report-log="$T/flaky.jsonl" -f "$T/list"
expect_rc 0
events "$T/flaky.jsonl"
grep -qE '^"test_start"\|0\|.*\|"gw0"\|1\|' "$T/events" || fail "attempt 1"
grep -qE '^"test_start"\|0\|.*\|"gw0"\|2\|' "$T/events" || fail "attempt 2"
grep -qE '^"test_result"\|0\|.*\|"flaky"\|"gw0"\|2\|0\|null\|"passed on attempt 2 of 2"$' \
	"$T/events" || fail "the flaky result"

# --- Ctrl-C: interrupted and not run, run_end with status 2
fresh_cwd
printf '%s\n' "$XT touch-sleep $T/a 300 $MARK" "$XT exit 0" >"$T/list"
xe_bg -n 1 --report-log="$T/int.jsonl" -f "$T/list"
wait_for test -e "$T/a"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
no_procs "$MARK"
events "$T/int.jsonl"
grep -qE '^"test_result"\|0\|.*\|"interrupted"\|"gw0"\|' "$T/events" ||
	fail "the interrupted result"
has "\"test_result\"|1|\"$XT exit 0\"|\"notrun\"|null|1|null|null|null"
[ "$(count "^\"test_start\"|1|")" -eq 0 ] || fail "a test_start for a test not run"
tail -n 1 "$T/events" | grep -q '^run_end|2|.*"interrupted": 1, "notrun": 1' ||
	fail "run_end: $(tail -n 1 "$T/events")"

# --- cannot open: exit 4 before any test runs
: >"$T/file"
mkdir "$T/isdir"
fresh_cwd
xe --report-log="$T/file/r.jsonl" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot create directory '$T/file': Not a directory"
xe --report-log="$T/isdir" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot open '$T/isdir': Is a directory"
[ ! -e "$T/ran" ] || fail "a test ran although the log cannot be written"

# --- a log that fills the disk: the tests still run, then exit 3 says so
if [ -w /dev/full ]; then
	fresh_cwd
	xe -n 1 --report-log=/dev/full -f "$T/ran.list"
	expect_rc 3
	expect_err "xdist-exec: cannot write '/dev/full': No space left on device"
	[ -e "$T/ran" ] || fail "the test did not run"
	expect_out "1 passed"
fi
exit 0
