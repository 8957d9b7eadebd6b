#!/bin/sh
# xdist-exec once from shell tests: 60 tests on 4 workers run an expensive
# command at most once per run and key; every caller, the ones that queued
# behind the first included, gets the same replayed output and exit status;
# --key lets different command lines share one record; outside a run the
# command simply runs every time.
. "$SRCDIR/tests/integration/lib.sh"

NTESTS=60

# expensive PIDFILE STATUS WAITERS TAG: append our pid to PIDFILE; with
# WAITERS > 0, on the first run only, wait (bounded) until that many other
# callers are blocked on the run-once lock, so that the queueing path is
# taken for sure; print a line nobody else could print; take a while; exit
# STATUS.
cat >"$T/expensive" <<EOF
#!/bin/sh
echo \$\$ >>"\$1"
if [ "\$3" -gt 0 ] && mkdir "$T/barrier" 2>/dev/null; then
	# The only key in use so far: its lock is the only .lock file.
	ino=\$(stat -c %i "\$XDIST_RUN_DIR"/once/*.lock)
	n=0
	while [ "\$(awk -v ino=":\$ino" '\$2 == "->" && substr(\$7, length(\$7) - length(ino) + 1) == ino' /proc/locks | wc -l)" -lt "\$3" ]; do
		n=\$((n + 1))
		[ "\$n" -lt 600 ] || { echo "expensive: no \$3 waiters" >&2; exit 99; }
		sleep 0.05
	done
	echo "waiters \$3" >"$T/waited"
fi
echo "expensive pid \$\$ rand \$(od -An -N8 -tx8 /dev/urandom | tr -d ' ') tag \$4"
echo "a second line"
sleep 0.3
exit "\$2"
EOF
chmod +x "$T/expensive"

# t.sh N: call once twice (the default key, then --key with a command line
# that differs between odd and even N), keep what each call printed and
# returned, and fail unless the statuses are the work's.
cat >"$T/t.sh" <<EOF
#!/bin/sh
n=\$1
"$XDIST_EXEC" once -- ./expensive "$T/pids" 0 3 plain >"$T/got.\$n"
rc=\$?
echo "\$rc" >"$T/rc.\$n"
"$XDIST_EXEC" once --key "status three" -- ./expensive "$T/pids3" 3 0 "parity\$((n % 2))" >"$T/got3.\$n"
rc3=\$?
echo "\$rc3" >"$T/rc3.\$n"
echo "\$XDIST_WORKER" >"$T/worker.\$n"
[ "\$rc" -eq 0 ] && [ "\$rc3" -eq 3 ]
EOF

i=1
while [ "$i" -le "$NTESTS" ]; do
	echo "sh $T/t.sh $i"
	i=$((i + 1))
done >"$T/list"

# Run from $T: the tests call ./expensive.
xe -n 4 -f "$T/list"
expect_rc 0
expect_out "$NTESTS passed"
[ -f "$T/waited" ] || fail "the first holder did not see other callers queue"

# The default key: one run, whose output every caller got.
[ "$(wc -l <"$T/pids")" -eq 1 ] ||
	fail "the expensive command ran $(wc -l <"$T/pids") times: $(tr '\n' ' ' <"$T/pids")"
pid=$(cat "$T/pids")
grep -qx "expensive pid $pid rand [0-9a-f]* tag plain" "$T/got.1" ||
	fail "test 1 did not get the run's output: $(cat "$T/got.1")"
[ "$(wc -l <"$T/got.1")" -eq 2 ] || fail "test 1 got $(wc -l <"$T/got.1") lines"
# (One pass over all the files: a loop of cmp's is slow on a loaded box.)
# distinct PATTERN: how many distinct contents the files $T/PATTERN have.
# shellcheck disable=SC2086 # PATTERN is a glob
distinct() {
	cd "$T" && md5sum $1 | cut -d' ' -f1 | sort -u | wc -l
}
for f in got got3 rc rc3 worker; do
	[ "$(ls "$T" | grep -c "^$f\.[0-9]*\$")" -eq "$NTESTS" ] ||
		fail "not every test wrote its $f file: $(ls "$T")"
done
[ "$(distinct 'got.[0-9]*')" -eq 1 ] ||
	fail "the tests got different output: $(cat "$T"/got.[0-9]* | sort | uniq -c)"
[ "$(distinct 'got3.[0-9]*')" -eq 1 ] ||
	fail "the tests got different output for 'status three': $(cat "$T"/got3.[0-9]* | sort | uniq -c)"
[ "$(cat "$T"/rc.[0-9]* | sort -u)" = 0 ] ||
	fail "once exited with: $(cat "$T"/rc.[0-9]* | sort | uniq -c)"
[ "$(cat "$T"/rc3.[0-9]* | sort -u)" = 3 ] ||
	fail "'status three' gave: $(cat "$T"/rc3.[0-9]* | sort | uniq -c), not 3"
[ "$(cat "$T"/worker.[0-9]* | sort -u | tr '\n' ' ')" = "gw0 gw1 gw2 gw3 " ] ||
	fail "not 4 workers took part: $(cat "$T"/worker.[0-9]* | sort -u | tr '\n' ' ')"

# --key: two command lines, one key, one run, its status replayed.
[ "$(wc -l <"$T/pids3")" -eq 1 ] ||
	fail "--key 'status three' ran $(wc -l <"$T/pids3") times"
pid3=$(cat "$T/pids3")
[ "$pid3" != "$pid" ] || fail "both keys report the same run"
grep -qx "expensive pid $pid3 rand [0-9a-f]* tag parity[01]" "$T/got3.1" ||
	fail "'status three' output: $(cat "$T/got3.1")"

# Outside a run (no XDIST_RUN_DIR, or an empty one): CMD runs every time,
# with its own output and status.
for run_dir in unset empty unset; do
	if [ "$run_dir" = unset ]; then
		set -- env -u XDIST_RUN_DIR
	else
		set -- env XDIST_RUN_DIR=
	fi
	set +e
	"$@" "$XDIST_EXEC" once -- ./expensive "$T/pids.out" 3 0 outside \
		>>"$T/got.out" 2>"$T/err"
	rc=$?
	set -e
	[ "$rc" -eq 3 ] || fail "outside a run ($run_dir): status $rc, not 3"
done
[ "$(wc -l <"$T/pids.out")" -eq 3 ] ||
	fail "outside a run: ran $(wc -l <"$T/pids.out") times, not 3"
[ "$(grep -c '^expensive pid .* tag outside$' "$T/got.out")" -eq 3 ] ||
	fail "outside a run: output $(cat "$T/got.out")"
[ "$(grep '^expensive pid' "$T/got.out" | sort -u | wc -l)" -eq 3 ] ||
	fail "outside a run: the output was replayed: $(cat "$T/got.out")"
exit 0
