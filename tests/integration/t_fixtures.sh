#!/bin/sh
# Fixtures: --setup runs once first and its $XDIST_ENV_FILE lines reach
# every test and the teardown (but cannot change the contract variables);
# --worker-setup/--worker-teardown run once per worker and their lines
# reach only that worker; --teardown runs once, after every test ended,
# also after a failed setup, -x and Ctrl-C; a failed setup errors every
# test.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
FIXVAL="from setup, with spaces"

# --- setup, worker setups, 9 tests on 3 workers, worker teardowns, teardown
cat >"$T/setup.sh" <<EOF
#!/bin/sh
echo "setup \$XDIST_WORKER" >>"$T/setup.log"
{
	echo "FIXVAL=$FIXVAL"
	echo "XDIST_WORKER=hijack"
	echo "PYTEST_XDIST_WORKER=hijack"
	echo "XDIST_RUN_DIR=/hijack"
	echo "XDIST_TEST_ID=hijack"
} >"\$XDIST_ENV_FILE"
EOF
cat >"$T/wsetup.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER ws-\$XDIST_WORKER-\$\$ \$FIXVAL" >>"$T/wsetup.log"
echo "WVAL=ws-\$XDIST_WORKER-\$\$" >"\$XDIST_ENV_FILE"
EOF
# (It takes a moment, so that a teardown started too early would see it.)
cat >"$T/wteardown.sh" <<EOF
#!/bin/sh
sleep 0.2
echo "\$XDIST_WORKER \$WVAL \$FIXVAL" >>"$T/wteardown.log"
EOF
cat >"$T/teardown.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER WVAL=\${WVAL-unset} \$FIXVAL" \\
	"done=\$(ls "$T" | grep -c '^done\\.')" \\
	"wteardowns=\$(cat "$T/wteardown.log" | wc -l)" >>"$T/teardown.log"
EOF
# test.sh N: fail unless the setup's variable and an intact contract are
# there; wait (bounded) until every worker has a test, so that each one
# runs its worker setup; say what worker-setup value it saw; finish last
# of all with the 'done' mark.
cat >"$T/test.sh" <<EOF
#!/bin/sh
: >"$T/started.\$1"
[ "\$FIXVAL" = "$FIXVAL" ] || { echo "FIXVAL='\$FIXVAL'"; exit 1; }
case \$XDIST_WORKER in
gw0 | gw1 | gw2) ;;
*) echo "XDIST_WORKER=\$XDIST_WORKER"; exit 1 ;;
esac
[ "\$PYTEST_XDIST_WORKER" = "\$XDIST_WORKER" ] || { echo "PYTEST_XDIST_WORKER=\$PYTEST_XDIST_WORKER"; exit 1; }
[ "\$XDIST_RUN_DIR" != /hijack ] && [ -d "\$XDIST_RUN_DIR" ] || { echo "XDIST_RUN_DIR=\$XDIST_RUN_DIR"; exit 1; }
[ "\$XDIST_TEST_ID" = "sh $T/test.sh \$1" ] || { echo "XDIST_TEST_ID=\$XDIST_TEST_ID"; exit 1; }
[ ! -e "$T/teardown.log" ] || { echo "the teardown ran already"; exit 1; }
n=0
while [ "\$(ls "$T" | grep -c '^started\\.')" -lt 3 ]; do
	n=\$((n + 1))
	[ "\$n" -lt 1200 ] || { echo "no 3 tests at once"; exit 1; }
	sleep 0.05
done
echo "\$XDIST_WORKER \$WVAL" >"$T/w.\$1"
sleep 0.2
: >"$T/done.\$1"
EOF
i=1
while [ "$i" -le 9 ]; do
	echo "sh $T/test.sh $i"
	i=$((i + 1))
done >"$T/list"

xe -n 3 --setup="sh $T/setup.sh" --teardown="sh $T/teardown.sh" \
	--worker-setup="sh $T/wsetup.sh" --worker-teardown="sh $T/wteardown.sh" \
	-f "$T/list"
expect_rc 0
expect_out "9 passed"
expect_no_out "error"
# The setup: once, as master.
[ "$(cat "$T/setup.log")" = "setup master" ] ||
	fail "setup ran as: $(cat "$T/setup.log")"
# Worker setups: once per worker, each with its XDIST_WORKER, after the
# setup (its variable is there).
[ "$(cut -d' ' -f1 "$T/wsetup.log" | sort | tr '\n' ' ')" = "gw0 gw1 gw2 " ] ||
	fail "worker setups: $(cat "$T/wsetup.log")"
for w in gw0 gw1 gw2; do
	line=$(grep "^$w " "$T/wsetup.log")
	[ "${line#* * }" = "$FIXVAL" ] || fail "$w's worker setup did not see FIXVAL: $line"
	ws=$(echo "$line" | cut -d' ' -f2)
	eval "ws_$w=\$ws"
done
# Each test saw its own worker's value, and no other.
for f in "$T"/w.*; do
	read -r w val <"$f"
	eval "want=\$ws_$w"
	[ "$val" = "$want" ] || fail "${f##*/}: on $w, WVAL='$val' (its worker setup: $want)"
done
[ "$(ls "$T" | grep -c '^w\.')" -eq 9 ] || fail "not every test recorded WVAL"
# Worker teardowns: once per live worker, each with its own value.
[ "$(wc -l <"$T/wteardown.log")" -eq 3 ] ||
	fail "worker teardowns: $(cat "$T/wteardown.log")"
for w in gw0 gw1 gw2; do
	eval "want=\$ws_$w"
	grep -qxF "$w $want $FIXVAL" "$T/wteardown.log" ||
		fail "$w's worker teardown: $(cat "$T/wteardown.log")"
done
# The teardown: once, as master, with the setup's variable and none of the
# worker setups', after every test and worker teardown had ended.
[ "$(cat "$T/teardown.log")" = "master WVAL=unset $FIXVAL done=9 wteardowns=3" ] ||
	fail "teardown: $(cat "$T/teardown.log")"

# --- the contract, seen by a program exec'd directly (sh would hide a
# duplicate entry): the setup's XDIST_WORKER=hijack and friends are dropped
printf '%s\n' "$XT env XDIST_WORKER PYTEST_XDIST_WORKER XDIST_RUN_DIR XDIST_TEST_ID FIXVAL" \
	>"$T/direct.list"
rm -f "$T/setup.log"
xe -n 1 -s --setup="sh $T/setup.sh" -f "$T/direct.list"
expect_rc 0
for want in "XDIST_WORKER=gw0" "PYTEST_XDIST_WORKER=gw0" \
	"XDIST_TEST_ID=$XT env XDIST_WORKER PYTEST_XDIST_WORKER XDIST_RUN_DIR XDIST_TEST_ID FIXVAL" \
	"FIXVAL=$FIXVAL"; do
	grep -qxF "[gw0] $want" "$T/out" || fail "direct exec: no line '$want'"
done
[ "$(grep -c '^\[gw0\] XDIST_RUN_DIR=/' "$T/out")" -eq 1 ] ||
	fail "direct exec: XDIST_RUN_DIR is not set once"
expect_no_out "hijack"

# --- a failing setup: every test is an error and none runs; the setup's
# output is shown; the teardown still runs
cat >"$T/badsetup.sh" <<EOF
#!/bin/sh
echo "FIXVAL=never" >"\$XDIST_ENV_FILE"
echo "setup stdout $MARK"
echo "setup stderr $MARK" >&2
exit 3
EOF
cat >"$T/td2.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER FIXVAL=\${FIXVAL-unset}" >>"$T/td2.log"
EOF
cat >"$T/ran.sh" <<EOF
#!/bin/sh
: >"$T/ran.\$1"
EOF
printf 'sh %s %s\n' "$T/ran.sh" 1 "$T/ran.sh" 2 "$T/ran.sh" 3 "$T/ran.sh" 4 \
	>"$T/list"
xe -n 2 --setup="sh $T/badsetup.sh" --teardown="sh $T/td2.sh" \
	-f "$T/list"
expect_rc 1
tail -n 1 "$T/out" | grep -qE '^=+ 5 errors in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"
grep -qE "^_+ ERROR at setup: sh $T/badsetup.sh _+\$" "$T/out" ||
	fail "no 'ERROR at setup' section"
sed -n "/ERROR at setup: sh /,/^=/p" "$T/out" >"$T/section"
grep -qxF "setup stdout $MARK" "$T/section" || fail "the section lacks the setup's stdout"
grep -qxF "setup stderr $MARK" "$T/section" || fail "the section lacks the setup's stderr"
expect_out "ERROR at setup: sh $T/badsetup.sh - exit status 3"
for i in 1 2 3 4; do
	expect_out "ERROR sh $T/ran.sh $i - not run: --setup failed"
done
if ls "$T" | grep -q '^ran\.[0-9]'; then fail "a test ran after the setup failed"; fi
# A failed setup's lines reach nobody.
[ "$(cat "$T/td2.log")" = "master FIXVAL=unset" ] ||
	fail "teardown after a failed setup: $(cat "$T/td2.log")"

# --- -x: the teardown runs after the stop
printf '%s\n' "$XT exit 1" "$XT exit 0" "$XT exit 0" >"$T/list"
xe -n 1 -x --keep-duplicates --teardown="$XT touch-sleep $T/td.x 0" -f "$T/list"
expect_rc 1
expect_out "stopping after 1 failure"
expect_out "1 failed"
[ -e "$T/td.x" ] || fail "no teardown after -x"

# --- Ctrl-C: the teardown runs after the tests were stopped
printf '%s\n' "$XT touch-sleep $T/running 300 $MARK" >"$T/list"
xe_bg -n 2 --teardown="$XT touch-sleep $T/td.int 0" -f "$T/list"
wait_for test -e "$T/running"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
expect_out "INTERRUPTED $XT touch-sleep $T/running 300 $MARK"
[ -e "$T/td.int" ] || fail "no teardown after Ctrl-C"
no_procs "$MARK"
exit 0
