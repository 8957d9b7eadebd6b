#!/bin/sh
# --dist=loadfile behind a driver: the file of `./runner x.t` or `bin/bats
# test/a.bats` is the first argument naming an existing file, not the
# driver, so such lines are as many units as files and spread over the
# workers.  When a mode leaves fewer units than workers, one line under
# the header says so.
. "$SRCDIR/tests/integration/lib.sh"

cd "$T"
mkdir bin test
# The driver: logs "WORKER FILE", then waits until two tests have started
# (a rendezvous that only two workers can meet; bounded, so that a run on
# one worker fails instead of hanging).
cat >bin/runner <<EOF
#!/bin/sh
echo "\$XDIST_WORKER \$1" >>"$T/log"
: >"$T/started.\$\$"
n=0
while [ "\$(ls "$T" | grep -c '^started\.')" -lt 2 ]; do
	n=\$((n + 1))
	[ "\$n" -lt 600 ] || { echo "alone on \$XDIST_WORKER"; exit 1; }
	sleep 0.05
done
EOF
chmod +x bin/runner
for f in a b c d; do
	: >"test/$f.t"
done
printf 'bin/runner test/%s.t\n' a b c d >tests.list
xe -n 2 --dist=loadfile -v -f tests.list
expect_rc 0
expect_out "2 workers [4 tests]"
expect_out "4 passed"
expect_no_out "loadfile:"
[ "$(awk '{ print $1 }' log | sort -u | wc -l)" -eq 2 ] ||
	fail "the four files did not use both workers: $(cat log)"
# Each file, one unit: each ran once.
[ "$(awk '{ print $2 }' log | sort -u | wc -l)" -eq 4 ] ||
	fail "not every file ran once: $(cat log)"

# Lines whose arguments name no file: the driver is the file, one unit,
# and the run says why only one worker runs.
printf '#!/bin/sh\necho "$XDIST_WORKER $1" >>"%s/log.one"\n' "$T" >bin/quick
chmod +x bin/quick
printf 'bin/quick case%s\n' 1 2 3 >one.list
xe -n 2 --dist=loadfile -f one.list
expect_rc 0
expect_out "1 worker [3 tests]"
[ "$(sed -n 2p out)" = "loadfile: 3 tests in 1 unit; 1 of 2 workers used" ] ||
	fail "the notice is not the line under the header: $(sed -n 2p out)"
[ "$(awk '{ print $1 }' log.one | sort -u)" = gw0 ] ||
	fail "one unit ran on several workers: $(cat log.one)"

# loadgroup says the same of its groups.
printf 'true #@ group=g\nfalse #@ group=g\n' >group.list
xe -n 3 --dist=loadgroup -f group.list
expect_out "loadgroup: 2 tests in 1 unit; 1 of 3 workers used"
exit 0
