#!/bin/sh
# --tap names a test's first 20 failed cases in the short summary and
# counts the rest ("FAILED ./big.t::... and 999,980 more failed cases"):
# a script printing 1,000,000 "not ok" lines costs the controller no more
# memory than one printing one (peak RSS within 4 MB), and the JUnit file
# still has a testcase for every case, the 21st and after included.
. "$SRCDIR/tests/integration/lib.sh"

# make sanitize: ASan keeps freed memory in quarantine, so RSS measures
# it, not us.
if ldd "$XDIST_EXEC" 2>/dev/null | grep -qE 'lib(a|ub|t)san'; then
	echo "xdist-exec is built with sanitizers"
	exit 77
fi
command -v xmllint >/dev/null ||
	fail "xmllint is missing (Debian libxml2-utils; scripts/install-deps)"

cat >big.t <<'EOF'
#!/bin/sh
awk 'BEGIN { n = 1000000; print "1.." n
	for (i = 1; i <= n; i++)
		printf "not ok %d - case %d, failing with a long description\n", i, i }'
EOF
cat >small.t <<'EOF'
#!/bin/sh
echo 1..1
echo not ok 1 - case 1, failing with a long description
EOF
cat >some.t <<'EOF'
#!/bin/sh
echo 1..26
echo ok 1 - first
i=2
while [ $i -le 26 ]; do
	echo "not ok $i - case $i"
	i=$((i + 1))
done
EOF
# A teardown on the master worker (-n 0 runs everything there): the
# controller's peak RSS, once every case is counted.
cat >probe.sh <<'EOF'
#!/bin/sh
c=$(awk '/^PPid:/ { print $2 }' /proc/$PPID/status)
awk '/^VmHWM:/ { print $2 }' /proc/$c/status >"$1"
EOF
chmod +x big.t small.t some.t probe.sh

# peak NAME: run NAME.t; the controller's peak RSS (KiB) in $T/NAME.kb.
peak() {
	xe -n 0 --tap --max-output=64k --teardown "sh $T/probe.sh $T/$1.kb" "./$1.t"
	expect_rc 1
}
peak small
expect_out "1 failed (1 case: 1 failed) in "
expect_out "FAILED ./small.t::1 - case 1, failing with a long description"
expect_no_out "more failed case"
peak big
expect_out "1 failed (1,000,000 cases: 1,000,000 failed) in "
[ "$(grep -c '^FAILED \./big\.t::[0-9]* - case' out)" -eq 20 ] ||
	fail "not 20 failed cases named"
expect_out "FAILED ./big.t::20 - case 20, failing with a long description"
expect_no_out "FAILED ./big.t::21 "
expect_out "FAILED ./big.t::... and 999,980 more failed cases"
read -r small <small.kb
read -r big <big.kb
echo "controller peak RSS (KiB), 1 -> 1,000,000 failed cases: $small -> $big"
[ $((big - small)) -lt 4096 ] ||
	fail "the controller grew by $((big - small)) KiB with 1,000,000 failed cases"

# Past the cap: the summary names 20 and counts 5; JUnit has all 26 cases
# (and the test's own testcase), and is valid.
xe -n 0 --tap --junitxml=j.xml ./some.t
expect_rc 1
expect_out "1 failed (26 cases: 1 passed, 25 failed) in "
[ "$(grep -c '^FAILED \./some\.t::[0-9]* - case' out)" -eq 20 ] ||
	fail "not 20 failed cases named"
expect_out "FAILED ./some.t::21 - case 21"
expect_out "FAILED ./some.t::... and 5 more failed cases"
xmllint --noout --schema "$SRCDIR/tests/junit.xsd" j.xml 2>xmllint.err ||
	fail "JUnit is not valid: $(cat xmllint.err)"
[ "$(grep -c '<testcase ' j.xml)" -eq 27 ] || fail "not 27 testcases"
[ "$(grep -c '<failure ' j.xml)" -eq 26 ] || fail "not 26 failures"
grep -q 'name="26 - case 26"' j.xml || fail "case 26 is not in JUnit"
exit 0
