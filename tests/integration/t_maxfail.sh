#!/bin/sh
# -x and --maxfail=N: after the Nth failure nothing more is dispatched, the
# running tests are stopped (not waited for), the tests never started are
# counted as not run, and the exit status is 1.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# failafter.sh FILE: fail once FILE exists (bounded wait), so that the
# long sleeper is surely running when the failure comes.
cat >"$T/failafter.sh" <<'EOF'
#!/bin/sh
n=0
until [ -e "$1" ]; do
	n=$((n + 1))
	[ "$n" -lt 2400 ] || break
	sleep 0.05
done
exit 1
EOF

# run_stop OPTION FAILS: a sleeper on one worker, FAILS failures in a row
# on the other, then four tests that must never start.
# Each run starts in a directory of its own: the list order is the
# dispatch order only for tests xdist-exec has not seen before.
run_stop() {
	rm -f "$T/sleeping" "$T"/ran.*
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	{
		echo "$XT touch-sleep $T/sleeping 300 $MARK"
		echo "sh $T/failafter.sh $T/sleeping"
		i=1
		while [ "$i" -lt "$2" ]; do
			echo "$XT exit 1"
			i=$((i + 1))
		done
		for i in 1 2 3 4; do
			echo "$XT touch-sleep $T/ran.$i 0"
		done
	} >"$T/list"
	start=$(date +%s)
	xe -n 2 --keep-duplicates "$1" -f "$T/list"
	took=$(($(date +%s) - start))
	expect_rc 1
	[ "$took" -lt 120 ] || fail "$1: the run took ${took}s: the sleeper was waited for"
	no_procs "$MARK"
	if ls "$T"/ran.* >/dev/null 2>&1; then
		fail "$1: tests started after the stop: $(ls "$T"/ran.*)"
	fi
	tail -n 1 "$T/out" |
		grep -qE "^=+ $2 failed, 1 interrupted, 4 not run in [0-9.]+s =+\$" ||
		fail "$1: final line: $(tail -n 1 "$T/out")"
	expect_out "stopping after"
	grep -qF "INTERRUPTED $XT touch-sleep $T/sleeping 300 $MARK" "$T/out" ||
		fail "$1: the sleeper is not listed as INTERRUPTED"
}

run_stop -x 1
run_stop --exitfirst 1
run_stop --maxfail=2 2

# Below the limit the run goes on to the end.
printf '%s\n' "$XT exit 1" "$XT exit 0" "$XT exit 0" >"$T/list"
xe -n 1 --maxfail=2 --keep-duplicates -f "$T/list"
expect_rc 1
expect_out "1 failed, 2 passed"
expect_no_out "not run"
exit 0
