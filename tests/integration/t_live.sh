#!/bin/sh
# -s / --capture=no: output is streamed live, each line prefixed with the
# worker's name; lines of tests running at the same time never mix.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

printf '%s\n' "$XT print live-$MARK" >"$T/print.list"
for opt in -s --capture=no; do
	xe -n 1 "$opt" -f "$T/print.list"
	expect_rc 0
	grep -qxF "[gw0] stdout: live-$MARK" "$T/out" ||
		fail "$opt: no '[gw0] stdout: live-...' line"
	grep -qxF "[gw0] stderr: live-$MARK" "$T/out" ||
		fail "$opt: no '[gw0] stderr: live-...' line"
done

# Two tests that start spewing only once both run, one on each worker.
cat >"$T/spew.sh" <<EOF
#!/bin/sh
: >"$T/live.\$1"
n=0
until [ -e "$T/live.\$2" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 2400 ] || exit 1
	sleep 0.05
done
exec "$XT" spew 2000000 "\$1"
EOF
printf '%s\n' "sh $T/spew.sh A B" "sh $T/spew.sh B A" >"$T/list"
xe -n 2 -s -f "$T/list"
expect_rc 0
expect_out "2 passed"

# Every line is a report line or '[gwN] ' and one whole line of one test;
# each test's lines come from one worker, complete and in order.
awk '
function bad(why) { print "line " NR ": " why ": " $0; failed = 1; exit 1 }
/^xdist-exec / && NR == 1 { next }
/^[.FsE]+( +\[ *[0-9]+%\])?$/ { next }
/^=+ .* =+$/ { next }
/^workers busy [0-9]+% of / { next }
/^\[gw[01]\] / {
	w = substr($0, 2, 3)
	rest = substr($0, 7)
	if (rest ~ /^xt-spew-(first|last) [AB]$/) {
		tag = substr(rest, length(rest))
		if (rest ~ /first/) first[tag]++; else last[tag]++
	} else if (rest ~ /^[AB] [0-9]+ [a-z]+$/ && length(rest) == 63) {
		tag = substr(rest, 1, 1)
		n = substr(rest, 3, 9) + 0
		if (n != seq[tag] + 1)
			bad("line " n " of " tag " after line " seq[tag])
		seq[tag] = n
	} else if (rest ~ /^=*$/) {
		next
	} else {
		bad("not one whole line of a test")
	}
	if (tag in worker && worker[tag] != w)
		bad(tag " printed from two workers")
	worker[tag] = w
	next
}
{ bad("unexpected line") }
END {
	if (failed) exit 1
	if (first["A"] != 1 || first["B"] != 1 || last["A"] != 1 || last["B"] != 1) {
		print "first/last lines missing or repeated"; exit 1
	}
	# (2000000 - 17 - 16) / 64 whole numbered lines per test
	if (seq["A"] != 31249 || seq["B"] != 31249) {
		print "numbered lines: A " seq["A"] ", B " seq["B"]; exit 1
	}
	if (worker["A"] == worker["B"]) { print "both on " worker["A"]; exit 1 }
}' "$T/out" >"$T/why" || fail "live output: $(cat "$T/why")"
exit 0
