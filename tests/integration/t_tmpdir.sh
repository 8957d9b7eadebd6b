#!/bin/sh
# --tmpdir and --home (Bazel's TEST_TMPDIR convention): per-test gives each
# test a fresh TMPDIR (and XDIST_TEST_TMPDIR) or HOME in the run directory,
# removed when the test ends, kept by --keep-run-dir when it failed;
# per-worker gives each worker one; off (the default) leaves the run's
# own; fixtures keep the run's own; a bad value is exit 4.
. "$SRCDIR/tests/integration/lib.sh"

# probe.sh NAME [STATUS]: note what the test sees, write into its TMPDIR
# and HOME, then exit STATUS.
cat >"$T/probe.sh" <<'EOF2'
#!/bin/sh
{
	echo "tmpdir=$TMPDIR"
	echo "xtmp=${XDIST_TEST_TMPDIR-unset}"
	echo "home=$HOME"
	echo "worker=$XDIST_WORKER"
	echo "rundir=$XDIST_RUN_DIR"
} >"$SEEN/$1"
: >"$TMPDIR/written-by-$1" || exit 3
: >"$HOME/written-by-$1" || exit 3
exit "${2:-0}"
EOF2
chmod +x "$T/probe.sh"
SEEN=$T/seen
export SEEN
mkdir "$SEEN" "$T/runtmp" "$T/runhome"
val() { sed -n "s/^$2=//p" "$SEEN/$1"; }
list() {
	: >"$T/list"
	for _n; do echo "$T/probe.sh $_n" >>"$T/list"; done
}

# Default: the run's own TMPDIR and HOME.
list a
TMPDIR=$T/runtmp HOME=$T/runhome xe -n 1 -q -f "$T/list"
expect_rc 0
[ "$(val a tmpdir)" = "$T/runtmp" ] || fail "off: TMPDIR is $(val a tmpdir)"
[ "$(val a xtmp)" = unset ] || fail "off: XDIST_TEST_TMPDIR is set"
[ "$(val a home)" = "$T/runhome" ] || fail "off: HOME is $(val a home)"

# per-test: four tests, four fresh directories in the run directory.
rm -f "$SEEN"/*
list p1 p2 p3 p4
TMPDIR=$T/runtmp HOME=$T/runhome xe -n 2 -q --tmpdir=per-test \
	--home=per-test -f "$T/list"
expect_rc 0
for n in p1 p2 p3 p4; do
	d=$(val $n tmpdir)
	case $d in "$(val $n rundir)"/gw*/t*/tmp) ;; *)
		fail "$n: TMPDIR $d is not its own in the run directory" ;;
	esac
	[ "$(val $n xtmp)" = "$d" ] || fail "$n: XDIST_TEST_TMPDIR is not TMPDIR"
	case $(val $n home) in "$(val $n rundir)"/gw*/t*/home) ;; *)
		fail "$n: HOME $(val $n home) is not its own" ;;
	esac
done
[ "$(for n in p1 p2 p3 p4; do val $n tmpdir; done | sort -u | wc -l)" -eq 4 ] ||
	fail "per-test: the tests shared a TMPDIR"
[ "$(for n in p1 p2 p3 p4; do val $n home; done | sort -u | wc -l)" -eq 4 ] ||
	fail "per-test: the tests shared a HOME"
[ ! -e "$T/runtmp/written-by-p1" ] || fail "per-test: wrote the run's TMPDIR"

# Removed when the test ends; --keep-run-dir keeps a failed test's.
rm -f "$SEEN"/*
printf '%s\n' "$T/probe.sh good" "$T/probe.sh bad 1" >"$T/list"
xe -n 1 -q --tmpdir=per-test --keep-run-dir -f "$T/list"
expect_rc 1
[ ! -e "$(val good tmpdir)" ] || fail "a passed test's TMPDIR was kept"
[ -e "$(val bad tmpdir)/written-by-bad" ] ||
	fail "--keep-run-dir: the failed test's TMPDIR is gone"
rm -rf "$(val bad rundir)"

# per-worker: one worker, one TMPDIR for both of its tests.
rm -f "$SEEN"/*
list w1 w2
xe -n 1 -q --tmpdir=per-worker -f "$T/list"
expect_rc 0
[ "$(val w1 tmpdir)" = "$(val w2 tmpdir)" ] ||
	fail "per-worker: $(val w1 tmpdir) and $(val w2 tmpdir)"
case $(val w1 tmpdir) in "$(val w1 rundir)"/gw0/tmp) ;; *)
	fail "per-worker: TMPDIR $(val w1 tmpdir)" ;;
esac

# A fixture keeps the run's own TMPDIR.
rm -f "$SEEN"/*
list t
TMPDIR=$T/runtmp xe -n 1 -q --tmpdir=per-test \
	--setup="echo \$TMPDIR >$SEEN/setup" -f "$T/list"
expect_rc 0
[ "$(cat "$SEEN/setup")" = "$T/runtmp" ] ||
	fail "the setup saw TMPDIR $(cat "$SEEN/setup")"

# A bad value: exit 4, one line, before any test.
xe --tmpdir=sometimes -f "$T/list"
expect_rc 4
expect_err "--tmpdir: 'sometimes' is not one of per-test, per-worker, off"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line: $(cat "$T/err")"
