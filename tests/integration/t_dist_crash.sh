#!/bin/sh
# A worker crash in the middle of a unit (--dist=loadfile, loadgroup): the
# test it was running is reported once, FAILED with "worker 'gwN' crashed
# while running", and never run again; the rest of its unit still runs, in
# list order, on the replacement worker (same id), not on the idle other
# worker.  Contrast: a test that SIGKILLs itself is an ordinary failure
# ("killed by signal SIGKILL"): no worker is replaced.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

gone() {
	s=$(ps -o stat= -p "$1") || return 0
	case $s in Z*) return 0 ;; esac
	return 1
}
# victim_worker: the pid of the controller's child whose title says it
# runs $victim, and its id in $VGW.
victim_worker() {
	line=$(ps --ppid "$XE_PID" -o pid=,args= |
		awk -v id="$victim" '{ p = $1; sub(/^ *[0-9]+ /, "") }
			$0 ~ /^\[xdist-exec running\] gw[0-9]+ / &&
			index($0, id) { split($0, f, " "); print p, f[3] }')
	VW=${line%% *}
	VGW=${line#* }
	[ -n "$line" ] && [ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ]
}

# u.sh CASE [WORD]: logs "WORKER u CASE"; case 2 also counts its runs in
# $T/count and holds its worker until $T/go exists (bounded); case k
# (kill) SIGKILLs itself.
cat >"$T/u.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER u \$1" >>"$T/log"
case \$1 in
2)
	echo run >>"$T/count"
	n=0
	until [ -e "$T/go" ]; do
		n=\$((n + 1))
		[ "\$n" -lt 2400 ] || exit 1
		sleep 0.05
	done ;;
k)
	exec "$XT" kill KILL ;;
esac
exit 0
EOF
cat >"$T/o.sh" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER o \$1" >>"$T/log"
EOF
chmod +x "$T/u.sh" "$T/o.sh"

# crash MODE ATTR: the unit u (4 tests, interleaved in the list with two
# others) under MODE; ATTR makes u a unit in that mode.
crash() {
	mode=$1 attr=$2
	rm -f "$T/log" "$T/count" "$T/go"
	victim="$T/u.sh 2 $MARK"
	{
		echo "$T/u.sh 1$attr"
		echo "$T/o.sh 1"
		echo "$victim$attr"
		echo "$T/o.sh 2"
		echo "$T/u.sh 3$attr"
		echo "$T/u.sh 4$attr"
	} >"$T/list"
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	xe_bg -n 2 -v --dist="$mode" -f "$T/list"
	wait_for test -s "$T/count"
	wait_for victim_worker
	# The other worker is done with its tests and idle: it could take
	# the rest of the unit if the scheduler gave it away.
	wait_for grep -qF "PASSED $T/o.sh 2 (" "$T/out"
	grep -qF "PASSED $T/o.sh 1 (" "$T/out" || fail "$mode: o.sh 1 did not pass"
	kill -KILL "$VW"
	wait_for grep -qx "replacing crashed worker $VGW" "$T/out"
	# Were the victim run again, it would pass now and count twice.
	: >"$T/go"
	WAIT_LIMIT=120 wait_for gone "$XE_PID"
	wait_exit "$XE_PID"
	expect_rc 1
	no_procs "$MARK"
	msg="worker '$VGW' crashed while running '$victim'"
	[ "$(grep -cxF "FAILED $victim - $msg" "$T/out")" -eq 1 ] ||
		fail "$mode: the short summary does not list '$msg' once"
	n=$(grep -cF " $victim (" "$T/out") || true
	[ "$n" -eq 1 ] || fail "$mode: the victim has $n -v lines, not 1"
	grep -qE "^\\[$VGW\\] \\[ *[0-9]+%\\] FAILED $victim \\(" "$T/out" ||
		fail "$mode: no -v line '[$VGW] ... FAILED $victim'"
	[ "$(wc -l <"$T/count")" -eq 1 ] ||
		fail "$mode: the crashed test ran $(wc -l <"$T/count") times"
	seq=$(awk '$2 == "u" { printf "%s:%s ", $1, $3 }' "$T/log")
	[ "$seq" = "$VGW:1 $VGW:2 $VGW:3 $VGW:4 " ] ||
		fail "$mode: unit u ran as '$seq', not 1 2 3 4 all on $VGW"
	tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, 5 passed in [0-9.]+s =+$' ||
		fail "$mode: final line: $(tail -n 1 "$T/out")"
}

crash loadfile ""
crash loadgroup " #@ group=u"

# A test killing itself is a failed test, not a crashed worker: the rest
# of its unit runs on the same worker process.
printf '%s\n' "$T/u.sh 1" "$T/u.sh k" "$T/u.sh 3" >"$T/list"
rm -f "$T/log"
cd "$(mktemp -d "$T/cwd.XXXXXX")"
xe -n 2 --dist=loadfile -f "$T/list"
expect_rc 1
expect_out "FAILED $T/u.sh k - killed by signal SIGKILL"
expect_no_out "crashed"
tail -n 1 "$T/out" | grep -qE '^=+ 1 failed, 2 passed in [0-9.]+s =+$' ||
	fail "self-kill: final line: $(tail -n 1 "$T/out")"
[ "$(awk '{ print $1 }' "$T/log" | sort -u | wc -l)" -eq 1 ] ||
	fail "self-kill: the unit moved: $(cat "$T/log")"
exit 0
