#!/bin/sh
# --reruns=N: a failed test gets up to N more tries, each told its try in
# XDIST_ATTEMPT and the number of tries in XDIST_ATTEMPTS; a pass on a
# rerun is FLAKY (counted "flaky", listed in the short summary, exit 0); a
# test failing every try runs N+1 times and is FAILED.  Without --reruns a
# test runs once, with XDIST_ATTEMPT=1 and XDIST_ATTEMPTS=1 (whatever the
# caller's environment said).  --count=N runs every test N times, each run
# reported on its own as "ID [i/N]".  A test that crashes its worker is
# rerun on the replacement only after that worker's --worker-setup.
. "$SRCDIR/tests/integration/lib.sh"

# try.sh NAME [PASS_FROM]: logs "ATTEMPT/ATTEMPTS" to $T/NAME.tries; passes
# once XDIST_ATTEMPT >= PASS_FROM (never, without PASS_FROM).
cat >"$T/try.sh" <<EOF
#!/bin/sh
echo "\$XDIST_ATTEMPT/\$XDIST_ATTEMPTS" >>"$T/\$1.tries"
[ -n "\$2" ] && [ "\$XDIST_ATTEMPT" -ge "\$2" ]
EOF
tries() {
	tr '\n' ' ' <"$T/$1.tries"
}
final() {
	tail -n 1 "$T/out" | grep -qE "^=+ $1 in [0-9.]+s =+\$" ||
		fail "final line is '$(tail -n 1 "$T/out")', not '$1 in ...'"
}
export XDIST_ATTEMPT=7 XDIST_ATTEMPTS=9

# --- flaky: fails on try 1, passes on try 2
printf '%s\n' "sh $T/try.sh flaky 2" "sh $T/try.sh ok 1" >"$T/list"
xe -n 2 --reruns=2 -f "$T/list"
expect_rc 0
[ "$(tries flaky)" = "1/3 2/3 " ] || fail "flaky test tries: $(tries flaky)"
[ "$(tries ok)" = "1/3 " ] || fail "passing test tries: $(tries ok)"
grep -qxF "FLAKY sh $T/try.sh flaky 2 - passed on attempt 2 of 3" "$T/out" ||
	fail "the short summary does not list the flaky test"
final "1 passed, 1 flaky, 1 rerun"

# --- always failing: 3 tries, FAILED
rm -f "$T"/*.tries
echo "sh $T/try.sh bad" >"$T/list"
xe -n 1 --reruns=2 -v -f "$T/list"
expect_rc 1
[ "$(tries bad)" = "1/3 2/3 3/3 " ] || fail "failing test tries: $(tries bad)"
[ "$(grep -cE "^\\[gw0\\] \\[ *[0-9]+%\\] RERUN sh $T/try.sh bad \\(" "$T/out")" -eq 2 ] ||
	fail "not two RERUN lines"
grep -qE "^\\[gw0\\] \\[100%\\] FAILED sh $T/try.sh bad \\(" "$T/out" ||
	fail "no FAILED -v line"
grep -qxF "FAILED sh $T/try.sh bad - exit status 1" "$T/out" ||
	fail "the short summary does not list the failed test"
expect_out "(attempt 3)"
final "1 failed, 2 rerun"

# --- no --reruns: one try, told 1 of 1
rm -f "$T"/*.tries
printf '%s\n' "sh $T/try.sh bad" "sh $T/try.sh ok 1" >"$T/list"
xe -n 2 -f "$T/list"
expect_rc 1
[ "$(tries bad)" = "1/1 " ] || fail "without --reruns, failing test tries: $(tries bad)"
[ "$(tries ok)" = "1/1 " ] || fail "without --reruns, passing test tries: $(tries ok)"
final "1 failed, 1 passed"

# --- --count=3: every test three times, each run reported
rm -f "$T"/*.tries
printf '%s\n' "sh $T/try.sh one 1" "sh $T/try.sh two 1" >"$T/list"
xe -n 2 --count=3 -v -f "$T/list"
expect_rc 0
[ "$(tries one)" = "1/1 1/1 1/1 " ] || fail "--count=3: 'one' tries: $(tries one)"
[ "$(tries two)" = "1/1 1/1 1/1 " ] || fail "--count=3: 'two' tries: $(tries two)"
for t in one two; do
	for i in 1 2 3; do
		n=$(grep -cE "^\\[gw[01]\\] \\[ *[0-9]+%\\] PASSED sh $T/try.sh $t 1 \\[$i/3\\] \\(" \
			"$T/out") || true
		[ "$n" -eq 1 ] || fail "--count=3: $n -v lines for '$t [$i/3]', not 1"
	done
done
final "6 passed"

# --- a crash on try 1 (the test SIGKILLs its worker): the replacement runs
# its --worker-setup before the rerun, which sees the setup's variable
cat >"$T/wsetup.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER" >>"$T/wsetup.log"
echo "WVAL=ws-\$\$" >"\$XDIST_ENV_FILE"
EOF
cat >"$T/crash.sh" <<EOF
#!/bin/sh
echo "\$XDIST_ATTEMPT WVAL=\${WVAL-unset}" >>"$T/crash.tries"
[ "\$XDIST_ATTEMPT" != 1 ] || kill -KILL "\$PPID"
[ -n "\${WVAL-}" ]
EOF
echo "sh $T/crash.sh" >"$T/list"
xe -n 1 --reruns 1 --worker-setup="sh $T/wsetup.sh" -f "$T/list"
[ "$(tr '\n' ' ' <"$T/wsetup.log")" = "gw0 gw0 " ] ||
	fail "worker setups: $(tr '\n' ' ' <"$T/wsetup.log")"
grep -qx "2 WVAL=ws-[0-9]*" "$T/crash.tries" ||
	fail "the rerun did not see its worker setup: $(tr '\n' ' ' <"$T/crash.tries")"
expect_rc 0
expect_out "replacing crashed worker gw0"
final "1 flaky, 1 rerun"
exit 0
