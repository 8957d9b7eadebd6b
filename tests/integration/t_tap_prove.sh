#!/bin/sh
# --tap counts a TAP suite's cases as prove(1) does: the same cases by
# status (TAP::Parser, which prove runs, reads the same scripts) and the
# same failing scripts.  The suite has a plain script, SKIP and TODO in
# any case, a failure with a YAML block, an escaped '#', a plan at the
# end, a short plan, a skip-all plan, a bail out, 1,000 cases, a non-zero
# exit and CR LF lines.
. "$SRCDIR/tests/integration/lib.sh"

command -v prove >/dev/null && perl -MTAP::Parser -e 1 2>/dev/null || {
	echo "prove and TAP::Parser not installed: skipped"
	exit 77
}
mkdir t
cat >t/01-basic.t <<'EOF'
#!/bin/sh
echo "1..5"
for i in 1 2 3 4 5; do echo "ok $i - basic $i"; done
EOF
cat >t/02-skips.t <<'EOF'
#!/bin/sh
echo "TAP version 13"
echo "1..6"
echo "ok 1 - a"
echo "ok 2 - b # SKIP no network"
echo "ok 3 # skip no root"
echo "not ok 4 - known bug # TODO fix later"
echo "ok 5 - fixed # todo was broken"
echo "ok 6 - f"
EOF
cat >t/03-fail.t <<'EOF'
#!/bin/sh
echo "1..4"
echo "ok 1 - a"
echo "not ok 2 - init with template"
echo "  ---"
echo "  message: template missing"
echo "  ..."
echo "ok 3 - c \# not a skip"
echo "not ok 4 - d"
EOF
cat >t/04-planlast.t <<'EOF'
#!/bin/sh
for i in $(seq 1 20); do echo "ok - case $i"; done
echo "1..20"
EOF
cat >t/05-short.t <<'EOF'
#!/bin/sh
printf '1..5\nok 1\nok 2\nok 3\n'
EOF
cat >t/06-skipall.t <<'EOF'
#!/bin/sh
echo "1..0 # SKIP no database here"
EOF
cat >t/07-bail.t <<'EOF'
#!/bin/sh
printf '1..3\nok 1 - a\nBail out! disk full\nok 2\n'
EOF
cat >t/08-big.t <<'EOF'
#!/bin/sh
awk 'BEGIN { print "1..1000"; for (i = 1; i <= 1000; i++)
	if (i % 100 == 0) printf "ok %d - c%d # SKIP s\n", i, i
	else if (i % 250 == 7) printf "not ok %d - c%d # TODO t\n", i, i
	else printf "ok %d - c%d\n", i, i }'
EOF
cat >t/09-exit.t <<'EOF'
#!/bin/sh
printf '1..2\nok 1\nok 2\n'
exit 3
EOF
cat >t/10-crlf.t <<'EOF'
#!/bin/sh
printf '1..3\r\nok 1 - a\r\nok 2 - b # SKIP x\r\nnot ok 3 - c\r\n'
EOF
chmod +x t/*.t
ls t/*.t >tests.list

# TAP::Parser's count of each status, over every script.
cat >count.pl <<'EOF'
use strict;
use TAP::Parser;
my %n = map { $_ => 0 } qw(passed failed skipped todo bonus);
my $cases = 0;
for my $f (@ARGV) {
	my $p = TAP::Parser->new({ exec => [$f] });
	while (my $r = $p->next) {
		next unless $r->is_test;
		$cases++;
		if ($r->has_todo) { $n{$r->is_actual_ok ? "bonus" : "todo"}++ }
		elsif ($r->has_skip && $r->is_actual_ok) { $n{skipped}++ }
		elsif ($r->is_actual_ok) { $n{passed}++ }
		else { $n{failed}++ }
	}
}
print "$cases $n{passed} $n{failed} $n{skipped} $n{todo} $n{bonus}\n";
EOF
# shellcheck disable=SC2046
read -r cases passed failed skipped todo bonus <<EOF
$(perl count.pl t/*.t)
EOF
# prove itself, one script at a time (a bail out stops the rest): the
# cases it ran and the scripts it failed.
ptests=0
pfailed=0
for f in t/*.t; do
	set +e
	prove "$f" >prove.out 2>&1
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || pfailed=$((pfailed + 1))
	n=$(sed -n 's/.*Tests=\([0-9]*\),.*/\1/p' prove.out)
	ptests=$((ptests + ${n:-0}))
done
[ "$ptests" -eq "$cases" ] ||
	fail "prove ran $ptests cases, TAP::Parser read $cases"

xe -n 4 --tap --report-log=log.jsonl -f tests.list
expect_rc 1
echo "prove: $ptests cases, $pfailed scripts failed;" \
	"TAP::Parser: $passed passed, $failed failed, $skipped skipped," \
	"$todo todo, $bonus todo passed"
echo "xdist-exec: $(tail -n 1 out)"
grep -qF "\"cases\":{\"passed\":$passed,\"failed\":$failed,\"skipped\":$skipped,\"todo\":$todo,\"todo passed\":$bonus}" log.jsonl ||
	fail "case counts differ from TAP::Parser's: $(tail -n 1 log.jsonl)"
expect_out "$pfailed failed, "
expect_out "($(printf '%s' "$cases" | sed 's/\(.\)\(...\)$/\1,\2/') cases: "
exit 0
