#!/bin/sh
# -n 0: the tests run one at a time on 'master', without the PYTEST_XDIST_*
# variables (as pytest without xdist), and the header says 'no workers'.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
export PYTEST_XDIST_WORKER=bogus PYTEST_XDIST_WORKER_COUNT=bogus \
	PYTEST_XDIST_TESTRUNUID=bogus XDIST_WORKER=bogus

# Lock-free overlap check: mark running, look for another mark while
# lingering a little to widen any window, unmark.
mkdir "$T/state"
cat >"$T/serial.sh" <<EOF
#!/bin/sh
d=$T/state
: >"\$d/running.\$1"
for i in 1 2 3 4 5; do
	if [ "\$(ls "\$d" | grep -c '^running\\.')" -ne 1 ]; then
		ls "\$d" >"$T/overlap.\$1"
	fi
	sleep 0.02
done
"$XT" env PYTEST_XDIST_WORKER PYTEST_XDIST_WORKER_COUNT \\
	PYTEST_XDIST_TESTRUNUID XDIST_WORKER >"$T/env.\$1"
rm "\$d/running.\$1"
EOF
for i in 1 2 3 4 5 6; do
	echo "sh $T/serial.sh $i"
done >"$T/list"

xe -n 0 -f "$T/list"
expect_rc 0
head -n 1 "$T/out" | grep -qF -- "-- no workers [6 tests]" ||
	fail "header: $(head -n 1 "$T/out")"
expect_out "6 passed"
if ls "$T"/overlap.* >/dev/null 2>&1; then
	fail "tests overlapped under -n 0: $(cat "$T"/overlap.*)"
fi
for i in 1 2 3 4 5 6; do
	f=$T/env.$i
	[ -f "$f" ] || fail "test $i did not run"
	grep -qx "XDIST_WORKER=master" "$f" ||
		fail "test $i: $(grep '^XDIST_WORKER' "$f")"
	for v in PYTEST_XDIST_WORKER PYTEST_XDIST_WORKER_COUNT \
		PYTEST_XDIST_TESTRUNUID; do
		grep -qx "$v unset" "$f" || fail "test $i: $(grep "^$v" "$f")"
	done
done

# The same, seen by a program exec'd directly (sh would hide a duplicate).
names="PYTEST_XDIST_WORKER PYTEST_XDIST_WORKER_COUNT PYTEST_XDIST_TESTRUNUID"
echo "$XT env $names XDIST_WORKER" >"$T/direct.list"
xe -n 0 -s -f "$T/direct.list"
expect_rc 0
for want in "PYTEST_XDIST_WORKER unset" "PYTEST_XDIST_WORKER_COUNT unset" \
	"PYTEST_XDIST_TESTRUNUID unset" "XDIST_WORKER=master"; do
	grep -qxF "$want" "$T/out" || fail "direct exec: no line '$want'"
done
[ "$(grep -c '^XDIST_WORKER=' "$T/out")" -eq 1 ] ||
	fail "direct exec: XDIST_WORKER set more than once"

# -v under -n 0: no [gwN] prefix.
xe -n 0 -v -- true
expect_rc 0
grep -qxE '\[100%\] PASSED true \([0-9]+\.[0-9]{2}s\)' "$T/out" ||
	fail "-n 0 -v line is not '[100%] PASSED true (N.NNs)'"
exit 0
