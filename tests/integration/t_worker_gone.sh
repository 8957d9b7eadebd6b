#!/bin/sh
# A worker gone for good in the middle of a run (its connection lost and
# no replacement can reach the target) does not stop the run: the other
# worker finishes its work.
#   loadscope: the rest of its unit goes, whole and in order, to the
#              other worker;
#   worksteal: its queue is stolen by the other, to the last test;
#   each:      its runs not started are "not run", the reason in the
#              report log; the other worker runs everything.
# The test it was running is the one failure, reported crashed; exit 1.
# (--max-worker-restart spent stops the run, as in pytest-xdist:
# t_worker_crash.)
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/sshd.sh"
start_sshd

XT=$HELPERS/xt
# v.sh: the victim.  On the target, note the worker's pid and sleep until
# killed with it; elsewhere pass.
cat >"$T/v.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER v \$1" >>"$T/log"
if [ "\$XDIST_HOST" = xtarget ]; then
	echo \$PPID >$T/wpid.tmp && mv $T/wpid.tmp $T/wpid
	exec $XT sleep 300 $MARK
fi
exit 0
EOF
# u.sh NAME: logs; a NAME starting with "hold" waits for $T/go (bounded).
cat >"$T/u.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER u \$1" >>"$T/log"
case \$1 in
hold*)
	n=0
	until [ -e "$T/go" ]; do
		n=\$((n + 1))
		[ "\$n" -lt 2400 ] || exit 1
		sleep 0.05
	done ;;
esac
exit 0
EOF
# wsetup.sh: a local worker starts on tests only once the target's worker
# runs the victim (bounded), so that the target's worker takes the first
# unit or queue.
cat >"$T/wsetup.sh" <<EOF
#!/bin/sh
[ "\$XDIST_HOST" = xtarget ] && exit 0
n=0
until [ -e "$T/wpid" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 2400 ] || exit 1
	sleep 0.05
done
EOF
chmod +x "$T/v.sh" "$T/u.sh" "$T/wsetup.sh"
TX="ssh=-F $SSH_CFG xtarget//xdist-exec=$XDIST_EXEC"

# run_remote ARGS...: the target's worker (gw0) and a local one (gw1).
run_remote() {
	rm -f "$T/wpid" "$T/log" "$T/go"
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	xe_bg -v --cache-clear --worker-setup "$T/wsetup.sh" --tx "$TX" \
		--tx popen "$@"
	wait_for test -s "$T/wpid"
	wpid=$(cat "$T/wpid")
	session=$(ps -o ppid= -p "$wpid" | tr -d ' ')
	[ -n "$session" ] && [ "$session" -gt 1 ] ||
		fail "no sshd session above $wpid"
}

# lose [unreachable]: cut gw0's connection; with "unreachable", the
# server goes first, so that no replacement can connect.
lose() {
	[ "${1:-}" != unreachable ] || kill -KILL "$SSHD_PID"
	kill -KILL "$session"
}

# ran WORKER KIND NAMES: the log's lines of that worker and kind, in order.
ran() {
	awk -v w="$1" -v k="$2" '$1 == w && $2 == k { printf "%s ", $3 }' \
		"$T/log"
}

final() {
	tail -n 1 "$T/out" | grep -qE "^=+ $1 in [0-9.]+s( \\([0-9:]+\\))? =+\$" ||
		fail "$2: final line: $(tail -n 1 "$T/out")"
}

# --- worksteal, the target unreachable: gw0's queue is [v 1, u 2, u 3],
# gw1's [u 4, u 5, u 6].  gw1 runs its own, steals u 3, and once gw0 is
# gone, u 2 too.
printf '%s\n' "$T/v.sh 1" "$T/u.sh 2" "$T/u.sh 3" "$T/u.sh 4" \
	"$T/u.sh 5" "$T/u.sh 6" >"$T/list"
run_remote --dist worksteal -f "$T/list"
wait_for grep -qF "PASSED $T/u.sh 3 (" "$T/out"
lose unreachable
WAIT_LIMIT=120 wait_for sh -c "! kill -0 $XE_PID 2>/dev/null"
wait_exit "$XE_PID"
expect_rc 1
expect_out "replacing crashed worker gw0"
expect_err "worker gw0 could not start on ssh=-F $SSH_CFG xtarget"
expect_out "worker gw0 gone: its 1 test goes to the other workers"
expect_out "FAILED $T/v.sh 1 - worker 'gw0' crashed while running '$T/v.sh 1' (lost ssh="
[ "$(ran gw1 u)" = "4 5 6 3 2 " ] ||
	fail "worksteal: gw1 ran '$(ran gw1 u)', not '4 5 6 3 2 '"
[ "$(ran gw0 u)" = "" ] || fail "worksteal: gw0 ran '$(ran gw0 u)'"
final "1 failed, 5 passed" worksteal
no_procs "$MARK"

# A new server for each run that follows a lost one.
new_sshd() {
	rm -rf "$T/sshd"
	start_sshd
	TX="ssh=-F $SSH_CFG xtarget//xdist-exec=$XDIST_EXEC"
}

# --- loadscope, the target unreachable: unit V (v 1, u v2, u v3) on gw0,
# W (u w1, u w2) on gw1.  gw0 lost in v 1, its replacement refused: the
# rest of V goes whole to gw1, in order.
new_sshd
{
	echo "$T/v.sh 1 #@ scope=V"
	echo "$T/u.sh v2 #@ scope=V"
	echo "$T/u.sh v3 #@ scope=V"
	echo "$T/u.sh w1 #@ scope=W"
	echo "$T/u.sh w2 #@ scope=W"
} >"$T/list"
run_remote --dist loadscope -f "$T/list"
wait_for grep -qF "PASSED $T/u.sh w2 (" "$T/out"
lose unreachable
WAIT_LIMIT=120 wait_for sh -c "! kill -0 $XE_PID 2>/dev/null"
wait_exit "$XE_PID"
expect_rc 1
expect_out "replacing crashed worker gw0"
expect_err "worker gw0 could not start on ssh=-F $SSH_CFG xtarget"
expect_out "worker gw0 gone: its 2 tests go to the other workers"
expect_out "FAILED $T/v.sh 1 - worker 'gw0' crashed while running '$T/v.sh 1' (lost ssh="
[ "$(ran gw1 u)" = "w1 w2 v2 v3 " ] ||
	fail "loadscope: gw1 ran '$(ran gw1 u)', not 'w1 w2 v2 v3 '"
[ "$(ran gw0 v)" = "1 " ] && [ "$(ran gw1 v)" = "" ] ||
	fail "loadscope: the victim ran again: $(cat "$T/log")"
final "1 failed, 4 passed" loadscope
no_procs "$MARK"

# --- each, the target unreachable:
# gw0 lost in v 1, u 2 and u hold3 are not run on it; gw1 runs all
# three, the last only once gw0 is gone.
new_sshd
printf '%s\n' "$T/v.sh 1" "$T/u.sh 2" "$T/u.sh hold3" >"$T/list"
run_remote --dist each --report-log "$T/each.jsonl" -f "$T/list"
lose unreachable
wait_for grep -qxF "worker gw0 gone: 2 tests not run on it" "$T/out"
: >"$T/go"
WAIT_LIMIT=120 wait_for sh -c "! kill -0 $XE_PID 2>/dev/null"
wait_exit "$XE_PID"
expect_rc 1
expect_out "FAILED $T/v.sh 1 - worker 'gw0' crashed while running '$T/v.sh 1' (lost ssh="
[ "$(ran gw1 v)$(ran gw1 u)" = "1 2 hold3 " ] ||
	fail "each: gw1 ran '$(ran gw1 v)$(ran gw1 u)', not '1 2 hold3 '"
[ "$(ran gw0 u)" = "" ] || fail "each: gw0 ran '$(ran gw0 u)'"
final "1 failed, 3 passed, 2 not run" each
n=$(grep -c '"outcome": *"notrun".*"reason": *"not run: worker '"'"'gw0'"'"' was lost"' \
	"$T/each.jsonl" || true)
[ "$n" -eq 2 ] || fail "each: $n notrun records with the reason, not 2: $(grep notrun "$T/each.jsonl")"
no_procs "$MARK"

exit 0
