#!/bin/sh
# --isolate=pid: each worker's tests in a pid namespace of their own, the
# worker its init, with their own /proc.  A process started outside the
# run cannot be signalled (ESRCH); `kill -9 -1` in a test reaches only its
# worker's namespace (guarded: a test that is not in a namespace of its
# own fails instead of killing); the other worker's test and the process
# outside survive it; ps sees a handful of processes.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
"$XT" sleep 300 "$MARK" &
outside=$!
_bg_pids="$_bg_pids $outside"
OUTER_NS=$(readlink /proc/self/ns/pid)
export OUTER_NS

# The guard: never kill -9 -1 outside a namespace of the run's own.
cat >"$T/killall.sh" <<EOF2
#!/bin/sh
[ "\$(readlink /proc/self/ns/pid)" != "\$OUTER_NS" ] || exit 9
kill -0 $outside 2>"$T/kill0.err" && exit 8
ps -e | wc -l >"$T/ps.count"
kill -9 -1
: >"$T/killed"
EOF2
chmod +x "$T/killall.sh"
cat >"$T/survivor.sh" <<EOF2
#!/bin/sh
n=0
until [ -e "$T/killed" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 6000 ] || exit 7
	sleep 0.01
done
: >"$T/survived"
EOF2
chmod +x "$T/survivor.sh"
printf '%s\n' "$T/survivor.sh" "$T/killall.sh" >"$T/list"

# Where this machine cannot make a pid namespace (the kernel refuses it,
# or / is no mount point, as in a chroot into a directory), xdist-exec
# says so and exits 4: nothing to test here.
xe -q -n 1 --isolate=pid -- true
if [ "$RC" -eq 4 ] &&
	grep -qE "refused|is not a mount point" "$T/err"; then
	echo "skipped: $(cat "$T/err")"
	exit 77
fi
expect_rc 0

xe -n 2 -v --isolate=pid -f "$T/list"
expect_rc 0
expect_out "2 passed"
grep -q "No such process" "$T/kill0.err" ||
	fail "the process outside was not ESRCH: $(cat "$T/kill0.err")"
[ "$(cat "$T/ps.count")" -lt 10 ] ||
	fail "ps saw $(cat "$T/ps.count") lines in the namespace"
[ -e "$T/survived" ] || fail "the other worker's test did not survive"
kill -0 "$outside" || fail "kill -9 -1 reached the process outside the run"

# Without --isolate=pid the guard holds: the test fails, nothing killed.
xe -n 1 -q -f "$T/list" -k killall
expect_rc 1
expect_out "exit status 9"
kill -0 "$outside" || fail "the unguarded run killed the process outside"
