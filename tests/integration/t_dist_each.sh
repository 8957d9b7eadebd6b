#!/bin/sh
# --dist=each: every test runs once on every worker (-n 3, 4 tests: 12
# runs, each test seen by gw0, gw1 and gw2), and every run is reported on
# its own, naming its worker: -v lines, failures, the short summary and the
# counts of the final line.
. "$SRCDIR/tests/integration/lib.sh"

cat >"$T/rec.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER \$1" >>"$T/log"
exit "\${2:-0}"
EOF
for c in 1 2 3 4; do
	echo "sh $T/rec.sh $c"
done >"$T/list"

xe -n 3 --dist=each -v -f "$T/list"
expect_rc 0
tail -n 1 "$T/out" | grep -qE '^=+ 12 passed in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
[ "$(wc -l <"$T/log")" -eq 12 ] || fail "$(wc -l <"$T/log") runs, not 12"
for w in 0 1 2; do
	for c in 1 2 3 4; do
		n=$(grep -cx "gw$w $c" "$T/log") || true
		[ "$n" -eq 1 ] || fail "test $c ran $n times on gw$w: $(cat "$T/log")"
		n=$(grep -cE "^\\[gw$w\\] \\[ *[0-9]+%\\] PASSED sh $T/rec.sh $c \\([0-9.]+s\\)\$" \
			"$T/out") || true
		[ "$n" -eq 1 ] || fail "$n -v lines for test $c on gw$w, not 1"
	done
done
[ "$(grep -c '^\[gw[0-9]*\] \[' "$T/out")" -eq 12 ] || fail "not 12 -v lines"
grep -qF '[100%] PASSED' "$T/out" || fail "the last -v line is not at 100%"

# A failing test fails once per worker, each failure under its worker.
printf '%s\n' "sh $T/rec.sh ok" "sh $T/rec.sh bad 1" >"$T/list2"
rm -f "$T/log"
xe -n 3 --dist=each -f "$T/list2"
expect_rc 1
tail -n 1 "$T/out" | grep -qE '^=+ 3 failed, 3 passed in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
for w in 0 1 2; do
	grep -qx "gw$w bad" "$T/log" || fail "the failing test did not run on gw$w"
	grep -qE "^\\[gw$w\\] exit status 1 after " "$T/out" ||
		fail "no failure report from gw$w"
done
[ "$(grep -cxF "FAILED sh $T/rec.sh bad 1 - exit status 1" "$T/out")" -eq 3 ] ||
	fail "the short summary does not list the failure three times"
exit 0
