#!/bin/sh
# `#@ lock=ID`: tests sharing a lock never overlap in time, even with -n 4
# and free workers, while unlocked tests of the same run do overlap.
# `#@ exclusive`: the test runs while nothing else runs.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# span.sh LOG TAG SECONDS: a span "+ NS TAG" / "- NS TAG" around a sleep.
cat >"$T/span.sh" <<EOF
#!/bin/sh
echo "+ \$(date +%s%N) \$2" >>"\$1"
"$XT" sleep "\$3"
echo "- \$(date +%s%N) \$2" >>"\$1"
EOF
# free.sh TAG: a span in $T/free.log that lasts until another free test
# has begun (or every other one of the 8 has ended: nothing left to
# overlap with), so that any parallelism at all shows as an overlap.
mkdir "$T/run" "$T/done"
cat >"$T/free.sh" <<EOF
#!/bin/sh
echo "+ \$(date +%s%N) \$1" >>"$T/free.log"
: >"$T/run/\$1"
n=0
until [ "\$(ls "$T/run" | wc -l)" -ge 2 ] ||
	[ "\$(ls "$T/done" | wc -l)" -ge 7 ]; do
	n=\$((n + 1))
	[ "\$n" -lt 400 ] || break
	sleep 0.05
done
echo "- \$(date +%s%N) \$1" >>"$T/free.log"
rm "$T/run/\$1"
: >"$T/done/\$1"
EOF

# --- 8 tests under one lock, interleaved with 8 unlocked ones, -n 4.
for i in 1 2 3 4 5 6 7 8; do
	echo "sh $T/span.sh $T/lock.log L$i 0.3 #@ lock=db"
	echo "sh $T/free.sh F$i"
done >"$T/list"
xe -n 4 --cache-clear -f "$T/list"
expect_rc 0
expect_out "16 passed"
[ "$(grep -c '^+' "$T/lock.log")" -eq 8 ] || fail "not 8 locked spans"
[ "$(grep -c '^-' "$T/free.log")" -eq 8 ] || fail "not 8 unlocked spans"
o=$(max_overlap "$T/lock.log")
[ "$o" -eq 1 ] || fail "$o tests holding lock=db ran at once: $(cat "$T/lock.log")"
o=$(max_overlap "$T/free.log")
[ "$o" -gt 1 ] || fail "the unlocked tests never overlapped"

# --- an exclusive test in the middle of tests that sleep long enough to
# be running when it comes up; none of their spans may meet its span.
for i in 1 2 3; do
	echo "sh $T/span.sh $T/all.log F$i 0.5"
done >"$T/list"
echo "sh $T/span.sh $T/all.log X 0.3 #@ exclusive" >>"$T/list"
for i in 4 5 6 7; do
	echo "sh $T/span.sh $T/all.log F$i 0.5"
done >>"$T/list"
xe -n 4 --cache-clear -f "$T/list"
expect_rc 0
expect_out "8 passed"
[ "$(grep -c '^-' "$T/all.log")" -eq 8 ] || fail "not 8 spans: $(cat "$T/all.log")"
awk '
	$3 == "X" && $1 == "+" { xb = $2 }
	$3 == "X" && $1 == "-" { xe = $2 }
	$3 != "X" && $1 == "+" { b[$3] = $2 }
	$3 != "X" && $1 == "-" { e[$3] = $2 }
	END {
		if (!xb || !xe) { print "no span of X"; exit 1 }
		for (t in b)
			if (b[t] < xe && e[t] > xb) {
				print t " overlapped the exclusive test"
				bad = 1
			}
		exit bad
	}' "$T/all.log" >"$T/verdict" ||
	fail "$(cat "$T/verdict"): $(sort -k2,2n "$T/all.log")"
exit 0
