#!/bin/sh
# exec= targets, with a wrapper script standing in for srun: the worker
# runs through it (//chdir created, --rsyncdir synced over the same
# command with rsync's --blocking-io), with no xdist-exec installed there
# it is bootstrapped into the cache, and Ctrl-C with tests running on
# such targets stops them like local ones (exit 2, nothing left).
. "$SRCDIR/tests/integration/lib.sh"
command -v rsync >/dev/null 2>&1 || {
	echo "skipped: rsync is not installed" >&2
	exit 77
}
XT=$HELPERS/xt
# The bootstrap cache of this "target" (it shares our environment).
export XDG_CACHE_HOME="$T/cache"

cat >fake-srun <<EOF
#!/bin/sh
# Like srun: options, then the command line to run "there".
echo "\$*" >>$T/srun.log
while [ \$# -gt 0 ] && [ "\$1" != -- ]; do shift; done
shift
exec "\$@"
EOF
chmod +x fake-srun
mkdir -p data
echo payload >data/x
echo '[ -f data/x ] && [ "$XDIST_HOST" = "'"$T"'/fake-srun -N1 --" ]' >list
echo "$XT exit 0" >>list
xe -v --dist each --tx "2*exec=$T/fake-srun -N1 --//chdir=$T/ew" \
	--rsyncdir data -f list
expect_rc 0
expect_out "2 workers"
expect_out "4 passed"
grep -q -- "-N1 -- .*worker" srun.log || fail "the worker did not go through the wrapper: $(cat srun.log)"
[ -f ew/data/x ] || fail "--rsyncdir did not reach the exec target"
if ! command -v xdist-exec >/dev/null 2>&1; then
	ls "$XDG_CACHE_HOME"/xdist-exec/*/xdist-exec >/dev/null 2>&1 ||
		fail "no bootstrapped executable in the cache"
	ls "$XDG_CACHE_HOME"/xdist-exec/*/preload/libxdist.so.0 >/dev/null 2>&1 ||
		fail "no bootstrapped preload in the cache"
fi

# Ctrl-C while both remote workers run a test.
printf '%s\n' "$XT touch-sleep $T/s1 300 $MARK" \
	"$XT touch-sleep $T/s2 300 $MARK" >list2
xe_bg --tx "2*exec=$T/fake-srun --" -f list2
wait_for test -e s1 -a -e s2
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
expect_out "KeyboardInterrupt"
expect_out "2 interrupted"
no_procs "$MARK"
exit 0
