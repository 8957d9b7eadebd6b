#!/bin/sh
# The environment contract: every test gets PYTEST_XDIST_* and XDIST_*
# describing its worker and the run, replacing whatever the caller had.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
# One line: split unquoted into one word per name.
VARS="PYTEST_XDIST_WORKER PYTEST_XDIST_WORKER_COUNT PYTEST_XDIST_TESTRUNUID \
XDIST_WORKER XDIST_WORKER_INDEX XDIST_WORKER_COUNT XDIST_TESTRUNUID \
XDIST_TEST_ID XDIST_RUN_DIR XDIST_WORKER_DIR XDIST_MAINARGV"

# Values from an outer run (or a confused caller) must not leak through.
# shellcheck disable=SC2086
for v in $VARS; do
	export "$v=bogus"
done

# envtest DIR NAME [NEED]: say it started, wait (bounded) until NEED tests
# have started so that every worker holds one, then record what it sees.
cat >"$T/envtest.sh" <<EOF
#!/bin/sh
d=\$1 name=\$2 need=\${3:-3}
: >"\$d/started.\$name"
n=0
while [ "\$(ls "\$d" | grep -c '^started\\.')" -lt "\$need" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 2400 ] || { echo "only \$(ls "\$d") started" >&2; exit 1; }
	sleep 0.05
done
"$XT" env $VARS >"\$d/env.\$name.tmp"
if [ -d "\$XDIST_RUN_DIR" ]; then
	echo "rundir exists \$(stat -c %a "\$XDIST_RUN_DIR")"
else
	echo "rundir missing"
fi >>"\$d/env.\$name.tmp"
[ -d "\$XDIST_WORKER_DIR" ] && echo "workerdir exists" >>"\$d/env.\$name.tmp"
mv "\$d/env.\$name.tmp" "\$d/env.\$name"
EOF

# val FILE NAME: the value a test recorded for NAME.
val() {
	sed -n "s/^$2=//p" "$1"
}

# make_list DIR COUNT NEED: a list file of COUNT envtest lines in DIR.
make_list() {
	mkdir -p "$1"
	i=1
	while [ "$i" -le "$2" ]; do
		printf 'sh %s %s t%02d %s\n' "$T/envtest.sh" "$1" "$i" "$3"
		i=$((i + 1))
	done >"$1.list"
}

# --- a run of 12 tests on 3 workers; the list's name needs quoting
make_list "$T/r1" 12 3
list="$T/my list's.txt"
mv "$T/r1.list" "$list"
xe -n 3 -f "$list"
expect_rc 0
expect_out "12 passed"

uid=
rundir=
seen=
for f in "$T"/r1/env.t*; do
	name=${f##*/env.}
	w=$(val "$f" XDIST_WORKER)
	case $w in
	gw0 | gw1 | gw2) ;;
	*) fail "$name: XDIST_WORKER='$w'" ;;
	esac
	seen="$seen $w"
	[ "$(val "$f" PYTEST_XDIST_WORKER)" = "$w" ] ||
		fail "$name: PYTEST_XDIST_WORKER differs from XDIST_WORKER"
	[ "gw$(val "$f" XDIST_WORKER_INDEX)" = "$w" ] ||
		fail "$name: XDIST_WORKER_INDEX does not match $w"
	[ "$(val "$f" PYTEST_XDIST_WORKER_COUNT)" = 3 ] ||
		fail "$name: PYTEST_XDIST_WORKER_COUNT is not 3"
	[ "$(val "$f" XDIST_WORKER_COUNT)" = 3 ] ||
		fail "$name: XDIST_WORKER_COUNT is not 3"
	u=$(val "$f" PYTEST_XDIST_TESTRUNUID)
	[ "$(val "$f" XDIST_TESTRUNUID)" = "$u" ] ||
		fail "$name: XDIST_TESTRUNUID differs from PYTEST_XDIST_TESTRUNUID"
	printf '%s\n' "$u" | grep -qxE '[0-9a-f]{32}' ||
		fail "$name: testrunuid '$u' is not 32 lowercase hex digits"
	[ -z "$uid" ] || [ "$uid" = "$u" ] || fail "two testrunuids: $uid $u"
	uid=$u
	[ "$(val "$f" XDIST_TEST_ID)" = "sh $T/envtest.sh $T/r1 $name 3" ] ||
		fail "$name: XDIST_TEST_ID='$(val "$f" XDIST_TEST_ID)'"
	r=$(val "$f" XDIST_RUN_DIR)
	[ -n "$r" ] && [ "$r" != bogus ] || fail "$name: no XDIST_RUN_DIR"
	[ -z "$rundir" ] || [ "$rundir" = "$r" ] ||
		fail "XDIST_RUN_DIR not shared: $rundir $r"
	rundir=$r
	grep -qx "rundir exists 700" "$f" ||
		fail "$name: run dir not there with mode 0700: $(grep rundir "$f")"
	[ "$(val "$f" XDIST_WORKER_DIR)" = "$r/$w" ] ||
		fail "$name: XDIST_WORKER_DIR is not \$XDIST_RUN_DIR/$w"
	grep -qx "workerdir exists" "$f" || fail "$name: no worker dir"
	# The controller's argv, quoted so that sh reads it back as it was.
	m=$(val "$f" XDIST_MAINARGV)
	eval "set -- $m"
	[ "$#" -eq 5 ] && [ "$1" = "$XDIST_EXEC" ] && [ "$2" = -n ] &&
		[ "$3" = 3 ] && [ "$4" = -f ] && [ "$5" = "$list" ] ||
		fail "$name: XDIST_MAINARGV does not read back: $m"
done
[ "$(ls "$T"/r1/env.t* | wc -l)" -eq 12 ] || fail "not every test wrote its env"
for w in gw0 gw1 gw2; do
	case " $seen " in
	*" $w "*) ;;
	*) fail "worker $w ran no test (saw:$seen)" ;;
	esac
done
[ ! -e "$rundir" ] || fail "run dir $rundir left after the run"

# --- seen by a program exec'd directly (sh would hide a duplicate entry:
# it keeps the last, getenv() finds the first): each name once, replaced
printf '%s\n' "$XT env $VARS" >"$T/direct.list"
xe -n 2 -s -f "$T/direct.list"
expect_rc 0
for v in $VARS; do
	[ "$(grep -c "^\[gw0\] $v=" "$T/out")" -eq 1 ] ||
		fail "direct exec: $v is not set once: $(grep "$v" "$T/out")"
done
if grep -q '=bogus$' "$T/out"; then
	fail "direct exec: a caller's value got through: $(grep '=bogus$' "$T/out")"
fi
grep -qx '\[gw0\] PYTEST_XDIST_WORKER_COUNT=1' "$T/out" ||
	fail "direct exec: PYTEST_XDIST_WORKER_COUNT is not 1 (one test, one worker)"

# --- a second run gets another uid; --keep-run-dir keeps the directory
make_list "$T/r2" 3 3
xe -n 3 --keep-run-dir -f "$T/r2.list"
expect_rc 0
u2=$(val "$T/r2/env.t01" XDIST_TESTRUNUID)
printf '%s\n' "$u2" | grep -qxE '[0-9a-f]{32}' || fail "second uid '$u2'"
[ "$u2" != "$uid" ] || fail "two runs share the testrunuid $uid"
r2=$(val "$T/r2/env.t01" XDIST_RUN_DIR)
expect_err "$r2"
grep -F -- "$r2" "$T/err" | grep -q "kept" || fail "stderr does not say the run dir was kept"
[ -d "$r2" ] || { rm -rf "$r2"; fail "--keep-run-dir: $r2 is gone"; }
[ "$(stat -c %a "$r2")" = 700 ] || { rm -rf "$r2"; fail "kept run dir is not 0700"; }
rm -rf "$r2"

# --- --testrunuid sets it
make_list "$T/r3" 2 2
xe -n 2 --testrunuid=abc -f "$T/r3.list"
expect_rc 0
for f in "$T"/r3/env.t01 "$T"/r3/env.t02; do
	[ "$(val "$f" PYTEST_XDIST_TESTRUNUID)" = abc ] &&
		[ "$(val "$f" XDIST_TESTRUNUID)" = abc ] ||
		fail "--testrunuid=abc not passed on: $(grep UID "$f")"
done
exit 0
