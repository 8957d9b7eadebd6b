#!/bin/sh
# --tx faults: a bad spec is a usage error naming the spec and the key
# (exit 4, also from the ini file with its line); an unreachable target is
# one line with ssh's own message and the run goes on with the workers it
# has; no target at all that answers is exit 3.
. "$SRCDIR/tests/integration/lib.sh"
command -v ssh >/dev/null 2>&1 || {
	echo "skipped: ssh is not installed" >&2
	exit 77
}
XT=$HELPERS/xt
echo "$XT exit 0" >list

xe --tx 'popen//nice=5' -f list
expect_rc 4
expect_err "xdist-exec: --tx 'popen//nice=5': unknown key 'nice'"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line"

xe --tx 'socket=h:1' -f list
expect_rc 4
expect_err "unknown gateway type 'socket'"

printf '[xdist-exec]\ntx = popen\n\t2*ssh=\n' >xdist-exec.ini
xe -f list
expect_rc 4
expect_err "xdist-exec.ini:2: tx: 'ssh=': ssh= needs a host"
rm xdist-exec.ini

# Nothing listens on port 1 of the loopback: refused at once.  The user's
# own ssh config may not apply (-F /dev/null).
bad='ssh=-F /dev/null -p 1 -o StrictHostKeyChecking=no 127.0.0.1'
xe --tx "$bad" --tx popen -f list
expect_rc 0
expect_err "xdist-exec: --tx '$bad': ssh: connect to host 127.0.0.1 port 1: Connection refused"
expect_out "1 worker"
expect_out "1 passed"

xe --tx "2*$bad" -f list
expect_rc 3
expect_err "port 1: Connection refused"
expect_err "xdist-exec: no worker could start on any --tx target"
exit 0
