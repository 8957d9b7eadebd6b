#!/bin/sh
# Marks: the list attribute marks=A,B (mark= too), -m EXPRESSION over them
# (exact names, and, or, not, parentheses), the ini's markers declaring
# them, --markers listing them, and --strict-markers (or strict_markers =
# true) making an undeclared mark a usage error that names the line.
. "$SRCDIR/tests/integration/lib.sh"

mkdir "$T/p"
cd "$T/p"
{
	echo "true #@ name=fast"
	echo "true #@ name=slow_db marks=slow,db"
	echo "true #@ name=net mark=network"
	echo "true #@ name=slow_net mark=slow mark=network"
	echo "true #@ name=known_bug xfail=\"issue 12\""
} >tests.list

collected -m slow -f tests.list
expect_ids "-m slow" slow_db slow_net
collected -m 'not network' -f tests.list
expect_ids "-m 'not network'" fast slow_db known_bug
collected -m 'slow and not (db or xfail)' -f tests.list
expect_ids "-m 'slow and not (db or xfail)'" slow_net
collected -m xfail -f tests.list
expect_ids "-m xfail (the xfail attribute)" known_bug
# -m matches names exactly: a part of one is not a match.
collected -m slo -f tests.list
expect_rc 5
expect_ids "-m slo"
collected -m slow -m network -f tests.list
expect_ids "-m slow -m network (each must match)" slow_net
# --collect-only shows the marks.
collected -f tests.list
grep -qxF "slow_net  #@ marks=slow,network" "$T/out" ||
	fail "--collect-only does not show the marks: $(cat "$T/out")"
grep -qxF 'known_bug  #@ xfail="issue 12"' "$T/out" ||
	fail "--collect-only does not show the xfail reason: $(cat "$T/out")"

xe -n 2 -m 'not slow' -f tests.list
expect_rc 0
expect_out "2 passed, 2 deselected, 1 xpassed"

# Malformed -m: pytest's message, exit 4.
xe -m 'slow and' -f tests.list
expect_rc 4
expect_err "xdist-exec: Wrong expression passed to '-m': slow and: at column 9: expected not OR left parenthesis OR identifier; got end of input"

# A bad mark name in a list: exit 4, FILE:LINE.
printf 'true #@ marks=slow,,db\n' >bad.list
xe -f bad.list
expect_rc 4
expect_err "bad.list:1: attribute marks: no mark named"

# --markers: what the ini declares, and the built-in xfail.
cat >xdist-exec.ini <<'EOF'
[xdist-exec]
markers =
    slow: takes more than a second
    db: needs the database
EOF
xe --markers
expect_rc 0
expect_out "slow: takes more than a second"
expect_out "db: needs the database"
expect_out "xfail(reason): "
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "--markers printed: $(cat "$T/out")"

# --strict-markers: network is not declared; the line says so.
xe --strict-markers -f tests.list
expect_rc 4
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "not one line: $(cat "$T/err")"
expect_err "xdist-exec: tests.list:3: 'network' not found in \`markers\` configuration option"
# ... and a -m naming an undeclared mark, as pytest says it.
sed -i '/network/d' tests.list
xe --strict-markers -m 'slow or networks or xfail' -f tests.list
expect_rc 4
expect_err "xdist-exec: Unknown marker(s) in '-m' expression: networks. Use 'xdist-exec --markers' to see available markers."
xe --strict-markers -n 1 -m 'slow or db' -f tests.list
expect_rc 0
expect_out "1 passed, 2 deselected"
# The ini's strict_markers does the same as the option.
printf 'strict_markers = true\n' >>xdist-exec.ini
printf 'true #@ marks=flaky\n' >>tests.list
xe -f tests.list
expect_rc 4
expect_err "tests.list:4: 'flaky' not found in \`markers\` configuration option"
exit 0
