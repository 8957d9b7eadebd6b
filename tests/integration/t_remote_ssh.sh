#!/bin/sh
# --tx against a real OpenSSH server of our own: 2*ssh + popen from the
# ini keys (tx, rsyncdirs, rsyncignore), //chdir created, the synced tree
# there without the ignored paths, the env contract on every worker (ids
# gw0..gw2 in spec order, one count, one run id, XDIST_HOST), the shim's
# titles on the ssh side, and the host's run directory gone afterwards.
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/sshd.sh"
start_sshd

mkdir -p src/data src/build
echo payload >src/data/file
echo junk >src/build/obj
echo junk >src/skip.tmp
W="$T/remote-w"
cat >xdist-exec.ini <<EOF
[xdist-exec]
tx = 2*ssh=-F $SSH_CFG xtarget//chdir=$W//xdist-exec=$XDIST_EXEC
	popen
rsyncdirs = src
rsyncignore = build *.tmp
EOF
# Each worker writes what it sees to a file of its own: the "remote" is
# this machine, so the scenario can read them.
cat >probe.sh <<EOF
#!/bin/sh
out=$T/seen.\$XDIST_WORKER
{
	echo "worker=\$XDIST_WORKER count=\$PYTEST_XDIST_WORKER_COUNT uid=\$PYTEST_XDIST_TESTRUNUID host=\$XDIST_HOST"
	echo "pwd=\$(pwd)"
	echo "rundir=\$XDIST_RUN_DIR"
	echo "title=\$(tr '\\0' ' ' </proc/\$PPID/cmdline)"
	[ -f src/data/file ] && echo "synced"
	[ -e src/build ] && echo "build-copied"
	[ -e src/skip.tmp ] && echo "tmp-copied"
	[ -d "\$XDIST_WORKER_DIR" ] && echo "workerdir"
	true
} >"\$out"
EOF
chmod +x probe.sh
echo "$T/probe.sh" >list
xe -v --dist each -f list
expect_rc 0
expect_out "3 workers"
expect_out "3 passed"
for w in gw0 gw1 gw2; do
	[ -f "seen.$w" ] || fail "no report from $w: $(ls)"
	grep -q "count=3 " "seen.$w" || fail "$w: $(cat "seen.$w")"
	grep -q "workerdir" "seen.$w" || fail "$w: no XDIST_WORKER_DIR"
done
uid=$(sed -n 's/.* uid=\([^ ]*\) .*/\1/p' seen.gw0)
[ -n "$uid" ] || fail "no run id"
for w in gw1 gw2; do
	grep -q "uid=$uid " "seen.$w" || fail "$w has another run id"
done
for w in gw0 gw1; do
	grep -q "host=xtarget" "seen.$w" || fail "$w: $(cat "seen.$w")"
	grep -qx "pwd=$W" "seen.$w" || fail "$w did not run in //chdir"
	grep -qx "synced" "seen.$w" || fail "rsyncdirs did not reach $w"
	if grep -q "build-copied\|tmp-copied" "seen.$w"; then
		fail "rsyncignore was not applied"
	fi
	# The shim's title on the ssh side: the worker is titled as here.
	grep -q "title=\[xdist-exec running\] $w" "seen.$w" ||
		fail "$w: no worker title: $(cat "seen.$w")"
	grep -q "rundir=${TMPDIR:-/tmp}/xdist-exec-host-" "seen.$w" ||
		fail "$w: not the host's own run directory"
done
grep -q "host=localhost" seen.gw2 || fail "gw2 is the popen worker"
grep -qx "pwd=$T" seen.gw2 || fail "gw2 ran elsewhere: $(cat seen.gw2)"
# Both ssh workers shared the host's directory, and its last one
# removed it.
rd=$(sed -n 's/^rundir=//p' seen.gw0)
[ "$rd" = "$(sed -n 's/^rundir=//p' seen.gw1)" ] ||
	fail "two run directories on one host"
wait_for test ! -e "$rd"
exit 0
