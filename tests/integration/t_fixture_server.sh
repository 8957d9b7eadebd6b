#!/bin/sh
# A server started by a fixture on the worker that runs the tests
# (--worker-setup; --setup under -n 0) is the worker's: no test's sweep
# counts or kills it, every test reaches it, and it dies when the worker
# ends, after the teardown ran.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

cat >"$T/server.sh" <<EOF
#!/bin/sh
"$XT" sleep 300 $MARK server >/dev/null 2>&1 &
echo \$! >"$T/server.pid"
echo "SERVER_PID=\$!" >>"\$XDIST_ENV_FILE"
EOF
cat >"$T/teardown.sh" <<EOF
#!/bin/sh
kill -0 "\$SERVER_PID" && echo alive >"$T/teardown.log"
EOF
printf '%s\n' "sh -c 'kill -0 \$SERVER_PID'" "sh -c 'kill -0 \$SERVER_PID'" \
	"sh -c 'kill -0 \$SERVER_PID'" >"$T/list"

# server OPTIONS...: three tests reach the server, no LEAK, and the
# server is gone after the run.
server() {
	rm -f "$T/server.pid" "$T/teardown.log"
	xe --leak=fail --keep-duplicates "$@" -f "$T/list"
	expect_rc 0
	expect_out "3 passed"
	expect_no_out "LEAK"
	[ -s "$T/server.pid" ] || fail "$*: the server did not start"
	no_procs "$MARK"
}

server -n 1 --worker-setup "sh $T/server.sh" \
	--worker-teardown "sh $T/teardown.sh"
[ -s "$T/teardown.log" ] || fail "the server was gone before the teardown"
server -n 0 --setup "sh $T/server.sh" --teardown "sh $T/teardown.sh"
[ -s "$T/teardown.log" ] || fail "-n 0: the server was gone before the teardown"
server -n 2 --worker-setup "sh $T/server.sh"
exit 0
