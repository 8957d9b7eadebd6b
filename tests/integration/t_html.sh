#!/bin/sh
# --html=PATH: one self-contained page (no http reference, no external
# script, style or font), with an SVG bar for every attempt of every test,
# a table row for every run, the output of a failing test that printed
# <script> escaped (never markup), the summary's final and efficiency
# lines; replaced at the end, parents created; a path that cannot be
# written is a usage error naming it.  A 2,000-test run's page stays
# small (the bound is generous: a few hundred bytes a test).
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
: >"$T/list"
for i in 1 2 3 4 5 6 7 8; do
	echo "$XT sleep 0.0$i" >>"$T/list"
done
echo "$XT print '<script>alert(1)</script>'" >"$T/script.sh"
echo "exit 3" >>"$T/script.sh"
echo "sh $T/script.sh" >>"$T/list"
echo "$XT exit 77" >>"$T/list"
xe -n 3 --reruns=1 --html="$T/a/b/report.html" -f "$T/list"
expect_rc 1
H=$T/a/b/report.html
[ -s "$H" ] || fail "no report"
grep -qi 'http' "$H" && fail "the page refers to http: $(grep -io '.\{20\}http.\{20\}' "$H" | head -1)"
grep -qi '<link\|<script src\|@import\|url(' "$H" && fail "the page loads something"
# 10 runs, the failing one twice (a rerun): 11 bars, 10 rows.
n=$(grep -c '<rect class="bar t-' "$H")
[ "$n" -eq 11 ] || fail "expected 11 test bars, got $n"
n=$(grep -c '^<tr class="t-' "$H")
[ "$n" -eq 10 ] || fail "expected 10 table rows, got $n"
grep -q '<rect class="bar t-rerun"' "$H" || fail "no bar for the rerun attempt"
grep -qF 'stdout: &lt;script&gt;alert(1)&lt;/script&gt;' "$H" ||
	fail "the test's output is not there, escaped"
grep -qF '<script>alert' "$H" && fail "the test's output is markup"
[ "$(grep -c '<script>' "$H")" -eq 1 ] || fail "more than our one script"
grep -qF '1 failed, 8 passed, 1 skipped, 1 rerun in ' "$H" ||
	fail "no final line"
grep -q 'workers busy [0-9]*% of ' "$H" || fail "no efficiency line"
expect_out "workers busy "
expect_out "longest test "
[ -z "$(find "$T/a/b" -name 'report.html.tmp-*')" ] || fail "a scratch file is left"

# A directory where the page should go: exit 4, one line, nothing run.
mkdir "$T/dir"
echo "$XT touch-sleep $T/ran 0" >"$T/ran.list"
xe --html="$T/dir" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot write '$T/dir': Is a directory"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line: $(cat "$T/err")"
[ ! -e "$T/ran" ] || fail "a test ran despite the bad path"

# 2,000 tests: one bar and one row each, in well under 1 MB.
i=0
while [ $i -lt 2000 ]; do
	echo "true tests/suite/t_case_$i"
	i=$((i + 1))
done >"$T/big.list"
xe -q -n 2 --html="$T/big.html" -f "$T/big.list"
expect_rc 0
n=$(grep -c '<rect class="bar t-passed' "$T/big.html")
[ "$n" -eq 2000 ] || fail "expected 2000 bars, got $n"
size=$(wc -c <"$T/big.html")
[ "$size" -lt 1000000 ] || fail "a 2,000-test page takes $size bytes"
exit 0
