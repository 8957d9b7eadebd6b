#!/bin/sh
# Time limits: --timeout stops a test (SIGTERM to its process group) and
# reports it TIMEOUT with its output so far, as a failure (exit 1); the
# `#@ timeout=` attribute overrides --timeout either way; a test ignoring
# SIGTERM is SIGKILLed after --timeout-grace; --slow only says SLOW (test
# and worker) and lets the test go on; --session-timeout stops the whole
# run: exit 2, running tests interrupted, the rest not run, no process left.
# Fixtures get --timeout too: such a fixture is an error, "timed out after".
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

final() {
	tail -n 1 "$T/out" | grep -qE "^=+ $1 in [0-9.]+s =+\$" ||
		fail "final line is '$(tail -n 1 "$T/out")', not '$1 in ...'"
}
# secs ID: the N.NN of "TIMEOUT ID - timed out after N.NNs".
secs() {
	sed -n "s|^TIMEOUT $1 - timed out after \\([0-9.]*\\)s .*|\\1|p" "$T/out"
}

cat >"$T/talk.sh" <<EOF
#!/bin/sh
echo "output so far: before the sleep"
exec "$XT" sleep 300 "\$@"
EOF
a="sh $T/talk.sh $MARK-a"
b="$XT sleep 300 $MARK-b"
c="$XT sleep 1.5 $MARK-c"
d="$XT sleep-ignore-term 300 $MARK-d"
printf '%s\n' "$a" "$b #@ timeout=0.5" "$c #@ timeout=20" "$d" >"$T/list"
start=$(date +%s)
xe -n 4 --timeout=1 --timeout-grace=1 -f "$T/list"
took=$(($(date +%s) - start))
expect_rc 1
[ "$took" -lt 60 ] || fail "the run took ${took}s: the timeouts did not stop the tests"
no_procs "$MARK"
final "3 timeouts, 1 passed"
grep -qE "^TIMEOUT $a - timed out after [0-9.]+s \\(limit 1s\\)\$" "$T/out" ||
	fail "no TIMEOUT line for the talking test (limit 1s)"
# Its output so far is in its report.
awk -v id="$a" '
	index($0, id) && /^_+ / { inside = 1; next }
	/^_+ / || /^=+ / { inside = 0 }
	inside && $0 == "output so far: before the sleep" { found = 1 }
	END { exit !found }' "$T/out" ||
	fail "the TIMEOUT report lacks the test's output so far"
grep -qE "^\\[gw[0-3]\\] timed out after [0-9.]+s \\(limit 1s\\)\$" "$T/out" ||
	fail "no '[gwN] timed out after' report line"
grep -qE "^TIMEOUT $b - timed out after 0\\.[0-9]+s \\(limit 0\\.5s\\)\$" "$T/out" ||
	fail "timeout=0.5 did not stop the test before --timeout=1"
expect_no_out "TIMEOUT $c"
# The test ignoring SIGTERM lasted the limit and the grace, then SIGKILL.
s=$(secs "$d")
[ -n "$s" ] || fail "no TIMEOUT line for the test ignoring SIGTERM"
awk -v s="$s" 'BEGIN { exit !(s >= 1.95 && s < 30) }' ||
	fail "the test ignoring SIGTERM was stopped after ${s}s, not the limit plus the grace"

# --- --slow: the test waits until its SLOW line is out, then passes.
cat >"$T/slow.sh" <<EOF
#!/bin/sh
n=0
until grep -q "^SLOW \\[gw0\\] sh $T/slow.sh" "$T/out"; do
	n=\$((n + 1))
	[ "\$n" -lt 400 ] || exit 1
	sleep 0.05
done
EOF
echo "sh $T/slow.sh" >"$T/list"
xe -n 1 --slow=0.5 -f "$T/list"
expect_rc 0
final "1 passed"
grep -qxF "SLOW [gw0] sh $T/slow.sh (running for 0.5s)" "$T/out" ||
	fail "no line 'SLOW [gw0] sh $T/slow.sh (running for 0.5s)'"

# --- --session-timeout: two sleepers take both workers, two tests wait.
printf '%s\n' "$XT sleep 300 $MARK-s1" "$XT sleep 300 $MARK-s2" \
	"$XT touch-sleep $T/ran.1 0" "$XT touch-sleep $T/ran.2 0" >"$T/list"
start=$(date +%s)
xe -n 2 --cache-clear --session-timeout=2 -f "$T/list"
took=$(($(date +%s) - start))
expect_rc 2
[ "$took" -lt 60 ] || fail "--session-timeout=2: the run took ${took}s"
no_procs "$MARK"
expect_out "session timeout reached"
for i in 1 2; do
	grep -qF "INTERRUPTED $XT sleep 300 $MARK-s$i - " "$T/out" ||
		fail "sleeper $i is not reported INTERRUPTED"
	[ ! -e "$T/ran.$i" ] || fail "test $i started after the session timeout"
done
final "2 interrupted, 2 not run"

# --- fixtures get --timeout too (a hung teardown cannot hold the run for
# ever); a fixture stopped by it is an error worded as a test's timeout.
su="$XT sleep 300 $MARK-su"
td="$XT sleep 300 $MARK-td"
echo "$XT touch-sleep $T/ran.fx 0" >"$T/list"
start=$(date +%s)
xe -n 1 --timeout=1 --timeout-grace=1 --setup="$su" --teardown="$td" \
	-f "$T/list"
took=$(($(date +%s) - start))
expect_rc 1
[ "$took" -lt 60 ] || fail "fixtures with --timeout=1: the run took ${took}s"
no_procs "$MARK"
[ ! -e "$T/ran.fx" ] || fail "a test ran after the setup timed out"
for k in setup teardown; do
	[ "$k" = setup ] && cmd=$su || cmd=$td
	awk -v t=" ERROR at $k: $cmd " \
		'/^_+ / && index($0, t) { getline; print; exit }' "$T/out" >"$T/line"
	grep -qxE "timed out after [0-9.]+s \\(limit 1s\\)" "$T/line" ||
		fail "ERROR at $k section says '$(cat "$T/line")'"
	grep -qE "^ERROR at $k: $cmd - timed out after [0-9.]+s \\(limit 1s\\)\$" \
		"$T/out" || fail "no short summary line for the $k's timeout"
done
expect_no_out "SIGTERM"
final "3 errors"
exit 0
