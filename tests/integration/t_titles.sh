#!/bin/sh
# Process titles: a worker shows '[xdist-exec running] gwN <id>' while a
# test runs and '[xdist-exec idle] gwN' between tests, so that ps tells
# what each worker is doing.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# title PID: what ps shows as the process's command line.
title() {
	ps -o args= -p "$1" | sed 's/ *$//'
}
# workers: the controller's children, one pid a line.
workers() {
	ps --ppid "$XE_PID" -o pid= | tr -d ' '
}
# titles_are: one worker shows the sleeper running, the other idle; sets
# $gwr and $gwi to their names.
titles_are() {
	gwr=
	gwi=
	for p in $(workers); do
		t=$(title "$p")
		case $t in
		"[xdist-exec running] gw"[01]" $sleeper")
			gwr=${t#\[xdist-exec running\] }
			gwr=${gwr%% *}
			;;
		"[xdist-exec idle] gw"[01]) gwi=${t#\[xdist-exec idle\] } ;;
		esac
	done
	[ -n "$gwr" ] && [ -n "$gwi" ] && [ "$gwr" != "$gwi" ]
}

# Short ids: a process title has room for 255 bytes only (libbsd), and
# titles are compared whole here.  xt is found in PATH, files are relative
# to the current directory, which xdist-exec and its tests share.
PATH=$HELPERS:$PATH
export PATH
sleeper="xt touch-sleep running 300 $MARK"
printf '%s\n' "$sleeper" "$XT exit 0" >"$T/list"
xe_bg -n 2 -f "$T/list"
wait_for test -e "$T/running"
# The quick test ends on its own; then its worker is idle until the end.
wait_for titles_are
for p in $(workers); do
	t=$(title "$p")
	case $t in
	"[xdist-exec running] gw0 $sleeper" | "[xdist-exec running] gw1 $sleeper") ;;
	"[xdist-exec idle] gw0" | "[xdist-exec idle] gw1") ;;
	*) fail "worker $p has the title '$t'" ;;
	esac
done
[ "$(workers | wc -l)" -eq 2 ] || fail "not two workers: $(workers | tr '\n' ' ')"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
no_procs "$MARK"

# -n 0: the one worker is 'master'.
printf '%s\n' "$sleeper" >"$T/list"
rm -f "$T/running"
xe_bg -n 0 -f "$T/list"
wait_for test -e "$T/running"
master_titled() {
	[ "$(title "$(workers)")" = "[xdist-exec running] master $sleeper" ]
}
wait_for master_titled
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
no_procs "$MARK"
exit 0
