#!/bin/sh
# What a test leaves behind is found, killed and reported: a background
# child in its process group, a setsid daemon and a double-forked
# grandchild all end with the test; --leak=warn (default) passes with a
# LEAK line, --leak=fail fails, --leak=ignore says nothing.  A --setup
# may leave a server running for the tests, and it ends with the run.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

cat >"$T/leaky.sh" <<EOF
#!/bin/sh
"$XT" sleep 300 $MARK in-group &
setsid "$XT" sleep 300 $MARK setsid &
( "$XT" sleep 300 $MARK double-fork & )
echo leaving three behind
EOF
chmod +x "$T/leaky.sh"

xe -n 1 -- "$T/leaky.sh" true
expect_rc 0
expect_out "2 passed"
expect_out "LEAK $T/leaky.sh - left 3 processes behind (killed)"
no_procs "$MARK"

xe -n 1 --leak=fail -- "$T/leaky.sh" true
expect_rc 1
expect_out "FAILED $T/leaky.sh - left 3 processes behind (killed; --leak=fail)"
expect_out "leaving three behind"
no_procs "$MARK"

xe -n 1 --leak=ignore -- "$T/leaky.sh"
expect_rc 0
expect_no_out "LEAK"
no_procs "$MARK"

# A test that cleans up after itself is not leaky.
cat >"$T/tidy.sh" <<EOF
#!/bin/sh
"$XT" sleep 300 $MARK tidy &
kill \$!
wait
EOF
chmod +x "$T/tidy.sh"
xe -n 1 -- "$T/tidy.sh"
expect_rc 0
expect_no_out "LEAK"

# The setup's server lives through the tests and dies with the run.
cat >"$T/server.sh" <<EOF
#!/bin/sh
"$XT" sleep 300 $MARK server >/dev/null 2>&1 &
echo "SERVER_PID=\$!" >>"\$XDIST_ENV_FILE"
EOF
chmod +x "$T/server.sh"
printf '%s\n' "sh -c 'kill -0 \$SERVER_PID'" "sh -c 'kill -0 \$SERVER_PID'" >"$T/list"
xe -n 2 --keep-duplicates --setup "$T/server.sh" -f "$T/list"
expect_rc 0
expect_out "2 passed"
expect_no_out "LEAK"
no_procs "$MARK"
