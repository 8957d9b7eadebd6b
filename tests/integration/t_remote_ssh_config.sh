#!/bin/sh
# ssh=: our keep-alive and connect-timeout defaults give way to the
# user's ssh configuration for the target.  A wrapper ssh first in PATH
# logs every command line: with a config file (-F in the spec) that sets
# ServerAliveInterval and ConnectTimeout for the host, the probe, the
# rsync and the worker pass our ServerAliveCountMax=3 alone (ssh -G run
# once for the two workers, before them); with one that sets none of the three, all three
# are passed as before.
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/sshd.sh"
start_sshd
XT=$HELPERS/xt

real_ssh=$(command -v ssh)
mkdir -p bin src
echo payload >src/file
cat >bin/ssh <<EOF
#!/bin/sh
printf '%s ' "\$@" >>"$T/ssh.log"
echo >>"$T/ssh.log"
exec "$real_ssh" "\$@"
EOF
chmod +x bin/ssh
PATH="$T/bin:$PATH"
export PATH

# sshd.sh's file with the host's ConnectTimeout 30 taken out, and one
# that sets its own.
grep -v ConnectTimeout "$SSH_CFG" >plain.cfg
sed 's/ConnectTimeout 30/ConnectTimeout 40\n\tServerAliveInterval 5/' \
	"$SSH_CFG" >user.cfg
grep -q "ServerAliveInterval 5" user.cfg || fail "user.cfg: $(cat user.cfg)"
echo "$XT exit 0" >list

# The user's two win: ours are not on any command line that connects.
: >ssh.log
xe -v --tx "2*ssh=-F $T/user.cfg xtarget//chdir=$T/w//xdist-exec=$XDIST_EXEC" \
	--rsyncdir src -f list
expect_rc 0
expect_out "1 passed"
[ -f w/src/file ] || fail "--rsyncdir did not reach the target"
if grep -v -- '^-G ' ssh.log | grep -q "ServerAliveInterval=15\|ConnectTimeout=30"; then
	fail "our defaults overrode the user's ssh config: $(cat ssh.log)"
fi
[ "$(grep -c -- '^-G ' ssh.log)" = 1 ] || fail "not one ssh -G: $(cat ssh.log)"
grep -q -- "^-G -F $T/user.cfg -- xtarget $" ssh.log ||
	fail "ssh -G without the spec's options: $(cat ssh.log)"
grep -q "'worker'" ssh.log || fail "no worker went through ssh: $(cat ssh.log)"
[ "$(grep -vc -- '^-G ' ssh.log)" -ge 3 ] ||
	fail "the probe, rsync and the worker did not all go through ssh: $(cat ssh.log)"
grep -v -- '^-G ' ssh.log | grep -v -q "ServerAliveCountMax=3" &&
	fail "ServerAliveCountMax=3, left to us, is missing: $(cat ssh.log)"

# A configuration that sets none of them: all three of ours, as before.
: >ssh.log
xe -v --tx "ssh=-F $T/plain.cfg xtarget//xdist-exec=$XDIST_EXEC" -f list
expect_rc 0
expect_out "1 passed"
grep "'worker'" ssh.log >worker.argv || fail "no worker: $(cat ssh.log)"
for o in ServerAliveInterval=15 ServerAliveCountMax=3 ConnectTimeout=30; do
	grep -q -- "-F $T/plain.cfg -o .*$o .*-- xtarget" worker.argv ||
		fail "the worker's ssh lacks $o: $(cat worker.argv)"
done
exit 0
