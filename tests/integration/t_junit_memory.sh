#!/bin/sh
# --junitxml keeps no test's output in memory until the end: each waits in
# the spool file from the time its test ends and is read back one at a
# time as the report is written.  300 tests printing 200 KB each (60 MB
# in the report) peak, for the largest process of the run, within 8 MiB
# of the same 300 tests printing nothing.
. "$SRCDIR/tests/integration/lib.sh"

# make sanitize: ASan keeps freed memory in quarantine, so RSS measures
# it, not us.
if ldd "$XDIST_EXEC" 2>/dev/null | grep -qE 'lib(a|ub|t)san'; then
	echo "xdist-exec is built with sanitizers"
	exit 77
fi

awk 'BEGIN { for (i = 0; i < 2500; i++)
	printf "%079d\n", i }' >data
[ "$(wc -c <data)" -eq 200000 ] || fail "data is not 200 KB"
printf '#!/bin/sh\nexec cat %s/data\n' "$T" >loud.sh
printf '#!/bin/sh\nexit 0\n' >quiet.sh
chmod +x loud.sh quiet.sh
i=1
while [ $i -le 300 ]; do
	echo "./loud.sh $i" >>loud.list
	echo "./quiet.sh $i" >>quiet.list
	i=$((i + 1))
done

# peak NAME: run NAME.list with --junitxml; the largest process's peak
# RSS (KiB), the JUnit file written, in $T/NAME.kb.
peak() {
	set +e
	/usr/bin/time -o "$T/$1.time" -f %M "$XDIST_EXEC" -n 2 \
		--junitxml="$T/$1.xml" -f "$1.list" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
	expect_rc 0
	expect_out "300 passed in "
	tail -n 1 "$T/$1.time" >"$T/$1.kb"
}
peak quiet
peak loud
[ "$(grep -c '<system-out>' loud.xml)" -eq 300 ] ||
	fail "not 300 outputs in the JUnit file"
[ "$(grep -c '^0*2499\(</system-out>\)\{0,1\}$' loud.xml)" -eq 300 ] ||
	fail "not every output whole in the JUnit file"
read -r quiet <quiet.kb
read -r loud <loud.kb
echo "peak RSS (KiB), 300 tests printing nothing -> 200 KB each: $quiet -> $loud"
[ $((loud - quiet)) -lt 8192 ] ||
	fail "--junitxml grew by $((loud - quiet)) KiB with 60 MB of output"
exit 0
