#!/bin/sh
# A big duration cache: one written by the previous version (no comment
# line, unsorted) is read and its durations order the run; a one-test run
# keeps the entries of every test it did not run (the file rewritten
# sorted, with its comment line); the next one-test runs append a line
# each, and runs at once never leave a torn or lost entry.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
N=10000

# c.sh NAME: append NAME to $T/order.
cat >"$T/c.sh" <<EOF
#!/bin/sh
echo "\$1" >>"$T/order"
EOF

mkdir -p proj/.xdist-exec
cd proj
# The previous version's file: N entries of other tests, then the two of
# this list, "two" known as much the slower.
awk -v n="$N" 'BEGIN { for (i = n; i > 0; i--) printf "%d\ttests/t_%05d\n", 1000 + i, i }' \
	>.xdist-exec/durations
printf '5\tsh %s one\n9000000000\tsh %s two\n' "$T/c.sh" "$T/c.sh" \
	>>.xdist-exec/durations
printf '%s\n' "sh $T/c.sh one" "sh $T/c.sh two" >list

# entries: the entry lines of the durations file, checked well-formed.
entries() {
	grep -v '^# xdist-exec: sorted by id to byte [0-9]\{12\}$' \
		.xdist-exec/durations >"$T/entries" || true
	if grep -qv '^[0-9][0-9]*	.' "$T/entries"; then
		fail "a malformed line in durations: $(grep -v '^[0-9][0-9]*	.' "$T/entries" | head -n 3)"
	fi
}

# --- the old format is read: the longest known test first.
xe -n 1 --dist=load -f list
expect_rc 0
got=$(tr '\n' ' ' <"$T/order")
rm -f "$T/order"
[ "$got" = "two one " ] || fail "dispatch order '$got', not 'two one '"
# Every other test's entry kept; the file rewritten sorted.
head -n 1 .xdist-exec/durations | grep -q '^# xdist-exec: sorted by id to byte ' ||
	fail "durations has no comment line: $(head -n 1 .xdist-exec/durations)"
entries
[ "$(wc -l <"$T/entries")" -eq $((N + 2)) ] ||
	fail "durations holds $(wc -l <"$T/entries") entries, not $((N + 2))"
grep -q '^1001	tests/t_00001$' "$T/entries" || fail "tests/t_00001 was lost"
grep -q "^$((1000 + N))	tests/t_$N\$" "$T/entries" || fail "tests/t_$N was lost"
cut -f 2- "$T/entries" >"$T/ids"
LC_ALL=C sort -c "$T/ids" || fail "the rewritten durations are not sorted"

# --- a one-test run appends its line: the sorted part stays as it was.
size=$(wc -c <.xdist-exec/durations)
cp .xdist-exec/durations "$T/before"
echo "$XT exit 0" >one
xe -n 1 -q -f one
expect_rc 0
head -c "$size" .xdist-exec/durations | cmp -s - "$T/before" ||
	fail "a one-test run rewrote the cache"
tail -n 1 .xdist-exec/durations | grep -q "^[0-9]*	$XT exit 0\$" ||
	fail "the run's line was not appended: $(tail -n 1 .xdist-exec/durations)"

# --- runs at once: every entry whole, nothing lost.  Enough of them
# that the appended part outgrows its bound and the file is rewritten
# while others append.
i=0
pids=
while [ "$i" -lt 24 ]; do
	echo "$XT sleep 0 $MARK-$i-$(printf '%04000d' 0)" >"one.$i"
	"$XDIST_EXEC" -n 1 -q -f "one.$i" >"$T/out.$i" 2>&1 </dev/null &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait_exit "$p"
	[ "$RC" -eq 0 ] || fail "a concurrent run exited $RC: $(tail -qc 300 "$T"/out.* | head -c 600)"
done
no_procs "$MARK"
entries
[ "$(grep -c "$MARK" "$T/entries")" -eq 24 ] ||
	fail "$(grep -c "$MARK" "$T/entries") of the 24 concurrent runs' entries are in the cache"
[ "$(grep -c '	tests/t_' "$T/entries")" -eq "$N" ] ||
	fail "$(grep -c '	tests/t_' "$T/entries") of the $N other entries are left"
ls -a .xdist-exec | grep -q '\.tmp$' && fail "a temporary file was left: $(ls -a .xdist-exec)"

# --- an append cut short (a run killed while writing): the cut line is
# no entry, and the next run's lines are whole.  Read, the cut line would
# make "two" the slower.
printf '99000000000\tsh %s one\n999000000000\tsh %s two' "$T/c.sh" "$T/c.sh" \
	>>.xdist-exec/durations
xe -n 1 --dist=load -f list
expect_rc 0
got=$(tr '\n' ' ' <"$T/order")
[ "$got" = "one two " ] || fail "after a cut append: dispatch order '$got', not 'one two '"
grep -aq "^999000000000	sh $T/c.sh two\$" .xdist-exec/durations &&
	fail "the cut line became an entry"
grep -aq "^[0-9]*	sh $T/c.sh two\$" .xdist-exec/durations ||
	fail "the next run's line is not whole"
# Its first line too ("one"), not glued onto the cut one; no line holds
# two entries.
after=$(grep -a -A2 "^999000000000	" .xdist-exec/durations | tail -n 2)
[ "$(printf '%s\n' "$after" | grep -c "^[0-9]*	sh $T/c.sh \(one\|two\)\$")" -eq 2 ] ||
	fail "the next run's two lines are not whole after the cut: $after"
if grep -aq '	.*	' .xdist-exec/durations; then
	fail "a line holds two entries: $(grep -a '	.*	' .xdist-exec/durations)"
fi
