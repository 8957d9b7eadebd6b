#!/bin/sh
# --trace=PATH: a Chrome trace-event file (JSON array) with a lane per
# worker named after it, one complete event per attempt of every test on
# the lane of the worker that ran it, none overlapping on a lane, each
# within the run, its duration the test's own (as --report-log says);
# fixtures and counters too.  Streamed: a run killed with SIGKILL leaves
# a file whose whole lines load once the array is closed, as a tolerant
# reader (Perfetto's) does.  A path that cannot be opened is a usage
# error naming it.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
command -v python3 >/dev/null ||
	fail "python3 is missing (scripts/install-deps)"

# check.py TRACE [REPORT_LOG]: strict (or, with --tolerant, a killed
# run's) trace; prints "tests N", "reruns N", "fixtures N", "lanes N".
cat >"$T/check.py" <<'PY'
import json, sys

args = sys.argv[1:]
tolerant = args[0] == "--tolerant"
if tolerant:
    args = args[1:]
text = open(args[0], encoding="utf-8").read()
if tolerant:
    # What a trace viewer does with an unterminated array: keep the
    # whole lines, drop a trailing comma, close it.
    lines = text.split("\n")
    if not text.endswith("\n"):
        lines = lines[:-1]
    body = "\n".join(lines).rstrip().rstrip(",")
    text = body + "\n]"
events = json.loads(text)
assert isinstance(events, list), "not an array"
lanes = {e["tid"]: e["args"]["name"] for e in events
         if e["ph"] == "M" and e["name"] == "thread_name"}
ends = [e["ts"] for e in events if e["ph"] == "i" and e["name"] == "run end"]
end = ends[0] if ends else max(e["ts"] + e.get("dur", 0) for e in events)
byl = {}
n = {"test": 0, "fixture": 0, "rerun": 0}
for e in events:
    if e["ph"] != "X":
        continue
    for k in ("ts", "dur", "tid", "pid", "name"):
        assert k in e, "no %s in %r" % (k, e)
    assert e["tid"] in lanes, "lane %r has no name" % e["tid"]
    assert e["args"]["worker"] == lanes[e["tid"]], \
        "%r on lane %s" % (e, lanes[e["tid"]])
    assert 0 <= e["ts"] and e["dur"] >= 0 and e["ts"] + e["dur"] <= end, \
        "outside the run: %r" % e
    byl.setdefault(e["tid"], []).append(e)
    n[e["cat"]] += 1
    if e["cat"] == "test" and e["args"]["outcome"] == "rerun":
        n["rerun"] += 1
for tid, es in byl.items():
    es.sort(key=lambda e: e["ts"])
    for a, b in zip(es, es[1:]):
        assert a["ts"] + a["dur"] <= b["ts"], \
            "overlap on %s: %r and %r" % (lanes[tid], a, b)
if len(args) > 1:
    # The last attempt of each run lasts what the report log says.
    took = {}
    for line in open(args[1]):
        r = json.loads(line)
        if r["event"] == "test_result":
            took[r["run"]] = (r["duration"], r["worker"], r["attempt"])
    for es in byl.values():
        for e in es:
            if e["cat"] != "test" or e["args"]["outcome"] == "rerun":
                continue
            d, w, a = took[e["args"]["run"]]
            assert w == e["args"]["worker"] and a == e["args"]["attempt"], \
                "%r is not %r" % (e, took[e["args"]["run"]])
            assert abs(e["dur"] - d * 1e6) <= 2, \
                "%r lasted %.6fs" % (e, d)
counters = [e for e in events if e["ph"] == "C"]
assert tolerant or counters, "no counter"
for c in counters:
    assert c["args"]["running"] >= 0 and c["args"]["queued"] >= 0
print("tests %d" % (n["test"] - n["rerun"]))
print("reruns %d" % n["rerun"])
print("fixtures %d" % n["fixture"])
print("lanes %d" % len(lanes))
PY
check() {
	python3 "$T/check.py" "$@" >"$T/checked" 2>"$T/check.err" ||
		fail "$*: $(tail -3 "$T/check.err")"
}
expect_checked() {
	grep -qxF "$1" "$T/checked" ||
		fail "expected '$1', got: $(tr '\n' ' ' <"$T/checked")"
}

# Twelve tests of different lengths on three workers, one failing once
# (a rerun), a setup and a worker setup.
: >"$T/list"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
	echo "$XT sleep 0.0$i" >>"$T/list"
done
printf '%s\n' '[ -e "$1" ] && exit 0' ': >"$1"' 'exit 1' >"$T/flaky.sh"
echo "sh $T/flaky.sh $T/once" >>"$T/list"
xe -n 3 --reruns=1 --setup="$XT sleep 0.01" --worker-setup=true \
	--trace="$T/deep/dir/t.json" --report-log="$T/log.jsonl" -f "$T/list"
expect_rc 0
check "$T/deep/dir/t.json" "$T/log.jsonl"
expect_checked "tests 12"
expect_checked "reruns 1"
# --setup on master, --worker-setup on each of gw0..gw2.
expect_checked "fixtures 4"
expect_checked "lanes 4"
# A finished trace is strict JSON, closed.
tail -n 1 "$T/deep/dir/t.json" | grep -qx ']' || fail "the array is not closed"

# Killed outright mid-run: the tests that ended are in the file.
printf '%s\n' "$XT sleep 0.01 a" "$XT sleep 0.01 b" "$XT sleep 0.01 c" \
	"$XT touch-sleep $T/started 300 $MARK" >"$T/kill.list"
xe_bg -n 2 --trace="$T/kill.json" -f "$T/kill.list"
ended() {
	[ -e "$T/started" ] &&
		[ "$(grep -c '"cat":"test","ph":"X"' "$T/kill.json")" -ge 3 ]
}
wait_for ended
kill -KILL "$XE_PID"
wait_exit "$XE_PID"
no_procs "$MARK"
check --tolerant "$T/kill.json"
expect_checked "tests 3"

# A path that cannot be opened: exit 4 before any test, one line naming it.
echo "$XT touch-sleep $T/ran 0" >"$T/ran.list"
xe --trace="$T" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot open '$T': Is a directory"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line: $(cat "$T/err")"
[ ! -e "$T/ran" ] || fail "a test ran despite the bad path"
exit 0
