#!/bin/sh
# xdist-exec once when the first holder of a key dies: SIGKILL it while it
# holds the lock and another caller waits.  The work dies with the holder
# (PR_SET_PDEATHSIG); the waiter gets the lock, runs the work itself and
# gets its result; nobody hangs; the record is saved once, and later
# callers replay it without running the work.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# No xdist-exec run: a run directory of our own is all 'once' needs.
mkdir "$T/run"
export XDIST_RUN_DIR="$T/run"

# work.sh: the first run says it started and then sleeps for good (the
# holder is killed meanwhile); any later run completes: one line in the
# side-effect file, one line of output, status 5.
cat >"$T/work.sh" <<EOF
#!/bin/sh
if [ ! -e "$T/started" ]; then
	echo \$\$ >"$T/started"
	exec "$XT" sleep 300 "hold-$MARK"
fi
echo "completed \$\$" >>"$T/side"
echo "result \$\$"
exit 5
EOF

# holder_waiters N: the key's lock is held, with N callers blocked on it.
locks_on() {
	ino=$(stat -c %i "$T"/run/once/*.lock) || return 1
	awk -v ino=":$ino" -v blocked="$1" '
		{ f = $2 == "->" ? $7 : $6 }
		($2 == "->") == (blocked == "yes") &&
			substr(f, length(f) - length(ino) + 1) == ino' /proc/locks
}
holder_waiters() {
	[ "$(locks_on no | wc -l)" -eq 1 ] &&
		[ "$(locks_on yes | wc -l)" -eq "$1" ]
}
# alive PID: the process exists and is not a zombie.
alive() {
	s=$(ps -o stat= -p "$1") || return 1
	case $s in Z*) return 1 ;; esac
}
gone() {
	! alive "$1"
}

once() {
	"$XDIST_EXEC" once --key "killed key" -- sh "$T/work.sh" "$MARK"
}

# Not through once(): a function in the background would be a subshell.
"$XDIST_EXEC" once --key "killed key" -- sh "$T/work.sh" "$MARK" \
	>"$T/holder.out" 2>"$T/holder.err" &
holder=$!
_bg_pids="$_bg_pids $holder"
wait_for test -s "$T/started"
work=$(cat "$T/started")
# $! is the 'once' process itself, and the work is its child.
tr '\0' ' ' <"/proc/$holder/cmdline" | grep -qF "once --key killed key -- sh" ||
	fail "pid $holder is not the once process: $(tr '\0' ' ' <"/proc/$holder/cmdline")"
[ "$(ps -o ppid= -p "$work" | tr -d ' ')" = "$holder" ] ||
	fail "the work ($work) is not the once process's child"
wait_for holder_waiters 0

(
	set +e
	once >"$T/waiter.out" 2>"$T/waiter.err"
	echo $? >"$T/waiter.rc"
) &
_bg_pids="$_bg_pids $!"
# The waiter is inside the call, blocked on the holder's lock.
wait_for holder_waiters 1
[ ! -e "$T/waiter.rc" ] || fail "the waiter did not wait for the holder"

kill -KILL "$holder"
# The work dies with its holder, and the waiter finishes on its own.
WAIT_LIMIT=30 wait_for gone "$work"
no_procs "hold-$MARK"
WAIT_LIMIT=30 wait_for test -s "$T/waiter.rc"
[ "$(cat "$T/waiter.rc")" = 5 ] ||
	fail "the waiter exited $(cat "$T/waiter.rc"), not the work's 5: $(cat "$T/waiter.err")"
[ ! -s "$T/holder.out" ] || fail "the killed holder printed: $(cat "$T/holder.out")"
[ "$(wc -l <"$T/side")" -eq 1 ] ||
	fail "the work completed $(wc -l <"$T/side") times: $(cat "$T/side")"
ran=$(sed -n 's/^completed //p' "$T/side")
[ "$(cat "$T/waiter.out")" = "result $ran" ] ||
	fail "the waiter got '$(cat "$T/waiter.out")', not its own run's 'result $ran'"
[ ! -s "$T/waiter.err" ] || fail "the waiter complained: $(cat "$T/waiter.err")"

# One record, no leftover of the dead holder's.
[ "$(ls "$T/run/once" | grep -c '\.rec$')" -eq 1 ] ||
	fail "records: $(ls "$T/run/once")"
if ls "$T/run/once" | grep -q '\.tmp$'; then
	fail "the dead holder's .tmp is left: $(ls "$T/run/once")"
fi

# Later callers replay the record: no new run, same output and status.
set +e
once >"$T/late.out" 2>"$T/late.err"
rc=$?
set -e
[ "$rc" -eq 5 ] || fail "a later caller exited $rc, not 5: $(cat "$T/late.err")"
cmp -s "$T/waiter.out" "$T/late.out" ||
	fail "a later caller got '$(cat "$T/late.out")'"
[ "$(wc -l <"$T/side")" -eq 1 ] || fail "a later caller ran the work again"
no_procs "$MARK"
exit 0
