# Sourced by the remote scenarios after lib.sh: an OpenSSH server of the
# scenario's own on 127.0.0.1, nothing of the system's ssh setup used or
# changed.
#
#   start_sshd [HIDE_DIR]   keys, config and sshd in $T/sshd; sets
#                           $SSH_CFG (an ssh -F file whose host "xtarget"
#                           is that server), $SSHD_PID and $REMOTE_CACHE
#                           (the bootstrap cache the server's sessions
#                           see).  With HIDE_DIR (root only), sshd runs in
#                           a mount namespace where HIDE_DIR is an empty
#                           tmpfs: the "remote" side cannot see it.
#   rssh CMD                run CMD there
#
# A machine without sshd, ssh or rsync skips the scenario (exit 77).  The
# server is one of lib.sh's background pids, killed on exit; its argv does
# not hold $MARK, so that no_procs "$MARK" watches the tests alone.

for _tool in /usr/sbin/sshd ssh ssh-keygen rsync python3; do
	command -v "$_tool" >/dev/null 2>&1 || {
		echo "skipped: $_tool is not installed" >&2
		exit 77
	}
done

# At exit, before the servers are killed: their sessions, whose clients
# are gone, end on their own (and the remote workers under them); wait for
# that (bounded), so that nothing of them outlives the scenario.
_sshd_pids=
_sshd_quiesce() {
	for _p in $_sshd_pids; do
		_n=0
		while kill -0 "$_p" 2>/dev/null &&
			pgrep -P "$_p" >/dev/null 2>&1 && [ "$_n" -lt 400 ]; do
			_n=$((_n + 1))
			sleep 0.05
		done
	done
}
_cleanup_hooks="$_cleanup_hooks _sshd_quiesce"

_free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

start_sshd() {
	_hide=${1:-}
	_d="$T/sshd"
	mkdir -p "$_d"
	chmod 700 "$_d"
	ssh-keygen -q -t ed25519 -N '' -f "$_d/hostkey"
	ssh-keygen -q -t ed25519 -N '' -f "$_d/userkey"
	cp "$_d/userkey.pub" "$_d/authorized_keys"
	chmod 600 "$_d/authorized_keys"
	REMOTE_CACHE="$T/remote-cache"
	_try=0
	while :; do
		_try=$((_try + 1))
		[ "$_try" -le 5 ] || fail "sshd would not start"
		SSHD_PORT=$(_free_port)
		cat >"$_d/sshd_config" <<EOF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $_d/hostkey
AuthorizedKeysFile $_d/authorized_keys
PidFile none
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
LogLevel ERROR
MaxStartups 100
MaxSessions 100
SetEnv XDG_CACHE_HOME=$REMOTE_CACHE
EOF
		cat >"$_d/config" <<EOF
Host xtarget
	HostName 127.0.0.1
	Port $SSHD_PORT
	User $(id -un)
	IdentityFile $_d/userkey
	IdentitiesOnly yes
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null
	LogLevel ERROR
	ConnectTimeout 30
EOF
		SSH_CFG="$_d/config"
		if [ "$(id -u)" -eq 0 ]; then
			# sshd run as root wants its privilege separation
			# directory: a private /run of our own provides it.
			unshare -m --propagation private sh -c '
				mount -t tmpfs tmpfs /run && mkdir /run/sshd &&
				if [ -n "$1" ]; then mount -t tmpfs tmpfs "$1"; fi &&
				exec /usr/sbin/sshd -D -e -f "$2"' sh "$_hide" \
				"$_d/sshd_config" 2>"$T/sshd.err" &
		elif [ -n "$_hide" ]; then
			echo "skipped: hiding a directory from sshd needs root" >&2
			exit 77
		else
			/usr/sbin/sshd -D -e -f "$_d/sshd_config" 2>"$T/sshd.err" &
		fi
		SSHD_PID=$!
		_bg_pids="$_bg_pids $SSHD_PID"
		_sshd_pids="$_sshd_pids $SSHD_PID"
		# Up once a session works; gone (a port taken meanwhile): again.
		_n=0
		while kill -0 "$SSHD_PID" 2>/dev/null; do
			if rssh true 2>/dev/null; then
				return 0
			fi
			_n=$((_n + 1))
			[ "$_n" -lt 1200 ] || fail "sshd did not answer: $(cat "$T/sshd.err")"
			sleep 0.05
		done
		if grep -q 'unshare\|mount' "$T/sshd.err" 2>/dev/null; then
			echo "skipped: cannot run sshd in a mount namespace: $(cat "$T/sshd.err")" >&2
			exit 77
		fi
	done
}

rssh() {
	ssh -F "$SSH_CFG" -o BatchMode=yes xtarget "$@"
}
