#!/bin/sh
# --tap on a 10 MB TAP stream (200,000 cases) costs flat memory: neither
# the worker (which parses it as the bytes come) nor the controller (which
# counts the cases, streams them to the report log and keeps them for
# JUnit in a file) grows with it.  Peak RSS with the big stream against
# the same run of a one-case test: well under 10 MB more, for each.
. "$SRCDIR/tests/integration/lib.sh"

# make sanitize: ASan keeps freed memory in quarantine, so RSS measures
# it, not us.
if ldd "$XDIST_EXEC" 2>/dev/null | grep -qE 'lib(a|ub|t)san'; then
	echo "xdist-exec is built with sanitizers"
	exit 77
fi

cat >big.t <<'EOF'
#!/bin/sh
awk 'BEGIN { n = 200000; print "TAP version 13"; print "1.." n
	for (i = 1; i <= n; i++)
		printf "ok %d - case %d of a long stream, with words\n", i, i }'
EOF
cat >small.t <<'EOF'
#!/bin/sh
echo 1..1
echo ok 1
EOF
# A teardown on the master worker (-n 0 runs everything there): the
# worker's and the controller's peak RSS, once every case is counted.
cat >probe.sh <<'EOF'
#!/bin/sh
c=$(awk '/^PPid:/ { print $2 }' /proc/$PPID/status)
echo "$(awk '/^VmHWM:/ { print $2 }' /proc/$PPID/status)" \
	"$(awk '/^VmHWM:/ { print $2 }' /proc/$c/status)" >"$1"
EOF
chmod +x big.t small.t probe.sh
[ "$(./big.t | wc -c)" -gt 10000000 ] || fail "the stream is not 10 MB"

# peak NAME: run NAME.t; "WORKER_KB CONTROLLER_KB ALL_KB" in $T/NAME.kb,
# ALL being the largest process of the run, measured after the JUnit file
# is written.
peak() {
	set +e
	/usr/bin/time -o "$T/$1.all" -f %M "$XDIST_EXEC" -n 0 --tap \
		--max-output=256k --report-log="$T/$1.jsonl" \
		--junitxml="$T/$1.xml" --teardown "sh $T/probe.sh $T/$1.hwm" \
		"./$1.t" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
	expect_rc 0
	echo "$(cat "$T/$1.hwm") $(tail -n 1 "$T/$1.all")" >"$T/$1.kb"
}
peak small
expect_out "1 passed (1 case: 1 passed) in "
peak big
expect_out "1 passed (200,000 cases: 200,000 passed) in "
[ "$(grep -c '"event":"case"' big.jsonl)" -eq 200000 ] ||
	fail "not 200,000 case events in the report log"
[ "$(grep -c '<testcase ' big.xml)" -eq 200001 ] ||
	fail "not 200,001 testcases in the JUnit file"

read -r sw sc sa <small.kb
read -r bw bc ba <big.kb
echo "peak RSS (KiB), one case -> 200,000 cases (10 MB):" \
	"worker $sw -> $bw, controller $sc -> $bc, largest $sa -> $ba"
for pair in "worker $sw $bw" "controller $sc $bc" "largest $sa $ba"; do
	# shellcheck disable=SC2086
	set -- $pair
	[ $(($3 - $2)) -lt 4096 ] ||
		fail "$1 grew by $(($3 - $2)) KiB with a 10 MB TAP stream"
done
exit 0
