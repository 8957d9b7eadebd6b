#!/bin/sh
# --isolate=net,tmp: a legacy suite of 8 tests hard-wired to one port and
# one /tmp file collides under -n 4 and passes unchanged with isolation;
# nothing a test writes to /tmp reaches the real /tmp, while
# XDIST_RUN_DIR stays shared; a test's isolate= attribute isolates the
# run's workers too.  Skipped (77) where the kernel refuses namespaces
# or / is no mount point (a chroot into a directory).
. "$SRCDIR/tests/integration/lib.sh"

PROBE=$HELPERS/isoprobe

xe -q -n 1 --isolate=net,tmp -- true
if [ "$RC" -eq 4 ] &&
	grep -qE "refused|is not a mount point" "$T/err"; then
	echo "namespaces refused here: $(cat "$T/err")"
	exit 77
fi
expect_rc 0

# A port of our own, so that parallel runs of this scenario on one
# machine collide only with themselves.
PORT=$((20000 + $$ % 20000))
FIXED=/tmp/xdist-legacy-$MARK
i=0
: >"$T/legacy.list"
while [ $i -lt 8 ]; do
	echo "sh -c 'mkdir -p \"\$XDIST_RUN_DIR/b\" && exec $PROBE legacy $PORT $FIXED \"\$XDIST_RUN_DIR/b\" 4' #@ name=legacy$i" >>"$T/legacy.list"
	i=$((i + 1))
done

# Without isolation the first four overlap and collide.
xe -n 4 -f "$T/legacy.list"
expect_rc 1
expect_out "bind 127.0.0.1:$PORT: EADDRINUSE"
expect_out "create $FIXED: "
[ ! -e "$FIXED" ] || fail "$FIXED left behind by the plain run"

# Unchanged, they pass with a network and a /tmp per worker.
xe -n 4 --isolate=net,tmp -f "$T/legacy.list"
expect_rc 0
expect_out "8 passed"
[ ! -e "$FIXED" ] || fail "$FIXED reached the real /tmp"

# /tmp and /var/tmp are the worker's; the run directory is still shared.
cat >"$T/tmp.list" <<EOF
sh -c 'echo x >/tmp/$MARK && echo y >/var/tmp/$MARK && echo shared >"\$XDIST_RUN_DIR/\$XDIST_WORKER.txt" && test -f /tmp/$MARK'
EOF
xe -n 1 --isolate=tmp --keep-run-dir -f "$T/tmp.list"
expect_rc 0
[ ! -e "/tmp/$MARK" ] || fail "a test's /tmp file reached the real /tmp"
[ ! -e "/var/tmp/$MARK" ] || fail "a test's /var/tmp file reached /var/tmp"
run_dir=$(sed -n 's/^xdist-exec: run directory kept: //p' "$T/err")
[ -n "$run_dir" ] || fail "no run directory printed"
[ -f "$run_dir/gw0.txt" ] || fail "XDIST_RUN_DIR not shared under --isolate=tmp ($run_dir)"
[ -f "$run_dir/gw0/tmp/$MARK" ] || fail "the private /tmp is not gw0/tmp in the run directory"
rm -rf "$run_dir"

# isolate= in a list: the port is free in every worker.
cat >"$T/attr.list" <<EOF
sh -c 'mkdir -p "\$XDIST_RUN_DIR/b" && exec $PROBE legacy $PORT /tmp/a-$MARK "\$XDIST_RUN_DIR/b" 2' #@ isolate=net,tmp name=one
sh -c 'mkdir -p "\$XDIST_RUN_DIR/b" && exec $PROBE legacy $PORT /tmp/a-$MARK "\$XDIST_RUN_DIR/b" 2' #@ name=two
EOF
xe -n 2 -f "$T/attr.list"
expect_rc 0
expect_out "2 passed"
[ ! -e "/tmp/a-$MARK" ] || fail "/tmp/a-$MARK reached the real /tmp"

# The ini key does what the option does.
cat >"$T/net.list" <<EOF
sh -c 'mkdir -p "\$XDIST_RUN_DIR/b" && exec $PROBE legacy $PORT /tmp/n1-$MARK "\$XDIST_RUN_DIR/b" 2' #@ name=n1
sh -c 'mkdir -p "\$XDIST_RUN_DIR/b" && exec $PROBE legacy $PORT /tmp/n2-$MARK "\$XDIST_RUN_DIR/b" 2' #@ name=n2
EOF
printf '[xdist-exec]\nisolate = net\n' >"$T/xdist-exec.ini"
xe -n 2 -f "$T/net.list"
expect_rc 0
expect_out "2 passed"
rm "$T/xdist-exec.ini"

# An unknown kind is a usage error.
xe -n 1 --isolate=net,bogus -- true
expect_rc 4
expect_err "--isolate: 'bogus' is not one of net, tmp, pid"
exit 0
