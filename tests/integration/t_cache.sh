#!/bin/sh
# The duration/failure cache: two runs at once in one directory both leave
# their results in it; the next run of a list dispatches tests it has not
# seen first, then the longest known first; --cache-clear forgets
# durations and failures; --cache-dir=DIR keeps the cache in DIR instead.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# c.sh NAME [STATUS [SECONDS]]: append NAME to $T/order, sleep, exit.
cat >"$T/c.sh" <<EOF
#!/bin/sh
echo "\$1" >>"$T/order"
[ -z "\$3" ] || "$XT" sleep "\$3"
exit "\${2:-0}"
EOF
# gate.sh ME OTHER: runs until the other run's gate test has started
# (bounded), so that both runs are alive at once and end together.
cat >"$T/gate.sh" <<EOF
#!/bin/sh
: >"$T/started.\$1"
n=0
until [ -e "$T/started.\$2" ]; do
	n=\$((n + 1))
	[ "\$n" -lt 1200 ] || exit 1
	sleep 0.05
done
EOF

# --- two concurrent runs on disjoint lists, in one directory.  The list
# files carry $MARK so that nothing of them can outlive the scenario.
mkdir "$T/both"
cd "$T/both"
la=$T/a.$MARK.list lb=$T/b.$MARK.list
printf '%s\n' "sh $T/c.sh a1" "sh $T/c.sh a2" "sh $T/c.sh a3 1" \
	"sh $T/gate.sh a b $MARK" >"$la"
printf '%s\n' "sh $T/c.sh b1" "sh $T/c.sh b2 1" "sh $T/c.sh b3" \
	"sh $T/gate.sh b a $MARK" >"$lb"
"$XDIST_EXEC" -n 2 -f "$la" >"$T/out.a" 2>&1 </dev/null &
pa=$!
"$XDIST_EXEC" -n 2 -f "$lb" >"$T/out.b" 2>&1 </dev/null &
pb=$!
wait_exit "$pa"
rca=$RC
wait_exit "$pb"
[ "$rca" -eq 1 ] && [ "$RC" -eq 1 ] ||
	fail "concurrent runs exited $rca and $RC, not 1 and 1: $(cat "$T/out.a" "$T/out.b")"
grep -qE '^=+ 1 failed, 3 passed in ' "$T/out.a" || fail "run a: $(tail -n 1 "$T/out.a")"
grep -qE '^=+ 1 failed, 3 passed in ' "$T/out.b" || fail "run b: $(tail -n 1 "$T/out.b")"
no_procs "$MARK"
grep -v "^#" .xdist-exec/durations | cut -f 2- | sort >"$T/got"
sort "$la" "$lb" >"$T/want"
cmp -s "$T/got" "$T/want" ||
	fail "durations after two concurrent runs: $(cat .xdist-exec/durations)"
sort .xdist-exec/lastfailed >"$T/got"
printf '%s\n' "sh $T/c.sh a3 1" "sh $T/c.sh b2 1" | sort >"$T/want"
cmp -s "$T/got" "$T/want" ||
	fail "lastfailed after two concurrent runs: $(cat .xdist-exec/lastfailed)"

# order_is WHAT NAME...: $T/order holds exactly NAME... (then reset it).
order_is() {
	what=$1
	shift
	got=$(tr '\n' ' ' <"$T/order")
	rm -f "$T/order"
	[ "$got" = "$* " ] || fail "$what: dispatch order '$got', not '$* '"
}

# The list: two quick tests (fast2 fails), a slow one and a middle one.
printf '%s\n' "sh $T/c.sh fast1" "sh $T/c.sh slow 0 0.9" \
	"sh $T/c.sh fast2 1" "sh $T/c.sh mid 0 0.45" >"$T/list"

# --- first run: nothing known, list order; the second run (with a new
# test at the end): the unknown test, then the longest known first.
rm -f "$T/order"
mkdir "$T/order.d"
cd "$T/order.d"
xe -n 1 --dist=load -f "$T/list"
expect_rc 1
order_is "first run" fast1 slow fast2 mid
cp "$T/list" "$T/list.new"
echo "sh $T/c.sh new" >>"$T/list.new"
xe -n 1 --dist=load -f "$T/list.new"
expect_rc 1
got=$(tr '\n' ' ' <"$T/order")
case $got in
"new slow mid fast1 fast2 " | "new slow mid fast2 fast1 ") rm -f "$T/order" ;;
*) fail "second run: dispatch order '$got', not 'new slow mid' then the fast ones" ;;
esac

# --- --cache-clear: durations and failures are forgotten (list order, and
# --lf has no failure to go by), and the file no longer knows 'new'.
xe -n 1 --dist=load --cache-clear --lf -f "$T/list"
expect_rc 1
order_is "--cache-clear" fast1 slow fast2 mid
expect_out "run-last-failure: no previously failed tests, not deselecting items."
if grep -qF "c.sh new" .xdist-exec/durations; then
	fail "--cache-clear kept the duration of 'new'"
fi

# --- --cache-dir=DIR: written there, nothing in the working directory,
# read from there by the next run.
mkdir "$T/dir.d"
cd "$T/dir.d"
xe -n 1 --dist=load --cache-dir="$T/elsewhere" -f "$T/list"
expect_rc 1
order_is "--cache-dir first run" fast1 slow fast2 mid
[ ! -e .xdist-exec ] || fail "--cache-dir: .xdist-exec was created anyway"
for t in fast1 slow "fast2 1" "mid 0 0.45"; do
	grep -qF "	sh $T/c.sh $t" "$T/elsewhere/durations" ||
		fail "--cache-dir: no duration for '$t'"
done
grep -qxF "sh $T/c.sh fast2 1" "$T/elsewhere/lastfailed" ||
	fail "--cache-dir: fast2 is not in lastfailed"
xe -n 1 --dist=load --cache-dir="$T/elsewhere" --lf -f "$T/list"
expect_rc 1
order_is "--cache-dir --lf" fast2
exit 0
