#!/bin/sh
# Selection and order: -k (substring, glob, 'not', or, repeated), --deselect,
# the "N deselected" count, exit 5 when nothing is left, --collect-only,
# --lf and --ff, --partition=K/N and hash:K/N, --shuffle[=SEED].
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# rec.sh NAME [STATUS [SECONDS]]: append NAME to $T/ran, sleep SECONDS (or
# $SLEEP), exit STATUS.
cat >"$T/rec.sh" <<EOF
#!/bin/sh
echo "\$1" >>"$T/ran"
s=\${3:-\${SLEEP:-}}
[ -z "\$s" ] || "$XT" sleep "\$s"
exit "\${2:-0}"
EOF
{
	echo "sh $T/rec.sh alpha_one #@ name=alpha_one"
	echo "sh $T/rec.sh alpha_two #@ name=alpha_two"
	echo "sh $T/rec.sh beta_one #@ name=beta_one group=g timeout=2"
	echo "sh $T/rec.sh beta_two 1 0 #@ name=beta_two"
	echo "sh $T/rec.sh gamma #@ name=gamma lock=x"
} >"$T/list"

# ran WHAT NAME...: exactly NAME... ran, each once, in any order.
ran() {
	what=$1
	shift
	printf '%s\n' "$@" | sort >"$T/want"
	touch "$T/ran"
	sort "$T/ran" | cmp -s - "$T/want" ||
		fail "$what: ran '$(sort "$T/ran" | tr '\n' ' ')', not '$*'"
	rm "$T/ran"
}
# ran_in_order WHAT NAME...: exactly NAME... ran, in this order.
ran_in_order() {
	what=$1
	shift
	got=$(tr '\n' ' ' <"$T/ran")
	rm -f "$T/ran"
	[ "$got" = "$* " ] || fail "$what: ran '$got', not '$* '"
}
final() {
	tail -n 1 "$T/out" | grep -qE "^=+ $1 in [0-9.]+s =+\$" ||
		fail "final line is '$(tail -n 1 "$T/out")', not '$1 in ...'"
}

# Every run below starts in a directory of its own unless it means to
# read what an earlier run cached.
fresh() {
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
}

# --- -k
fresh
xe -n 2 -k alpha -f "$T/list"
expect_rc 0
ran "-k alpha" alpha_one alpha_two
final "2 passed, 3 deselected"

xe -n 2 -k 'a*_one' -f "$T/list"
expect_rc 0
ran "-k 'a*_one' (a glob matches the whole id)" alpha_one
final "1 passed, 4 deselected"
xe -n 2 -k '*_one' -f "$T/list"
expect_rc 0
ran "-k '*_one'" alpha_one beta_one

xe -n 2 -k 'not alpha' -f "$T/list"
expect_rc 1
ran "-k 'not alpha'" beta_one beta_two gamma
final "1 failed, 2 passed, 2 deselected"

xe -n 2 -k 'alpha or gamma' -f "$T/list"
expect_rc 0
ran "-k 'alpha or gamma' (either)" alpha_one alpha_two gamma
xe -n 2 -k beta -k 'not two' -f "$T/list"
expect_rc 0
ran "-k beta -k 'not two' (each must match)" beta_one
final "1 passed, 4 deselected"

# --- --deselect: whole ids only; an unknown id deselects nothing
xe -n 2 --deselect=gamma --deselect alpha_two --deselect=alpha -f "$T/list"
expect_rc 1
ran "--deselect" alpha_one beta_one beta_two
final "1 failed, 2 passed, 2 deselected"

# --- nothing left: exit 5, nothing runs
xe -n 2 -k nothing-matches -f "$T/list"
expect_rc 5
[ ! -e "$T/ran" ] || fail "-k nothing-matches ran $(cat "$T/ran")"
final "5 deselected"
: >"$T/empty"
xe -n 2 -f "$T/empty"
expect_rc 5
final "no tests ran"

# --- --collect-only (--co): the ids that would run, with their attributes, in
# list order; nothing runs
xe -n 2 --co -k 'not alpha_two' -f "$T/list"
expect_rc 0
[ ! -e "$T/ran" ] || fail "--collect-only ran $(cat "$T/ran")"
grep -vE '^=+ ' "$T/out" >"$T/got"
printf '%s\n' "alpha_one" "beta_one  #@ group=g timeout=2.000" "beta_two" \
	"gamma  #@ lock=x" >"$T/want"
cmp -s "$T/got" "$T/want" || fail "--collect-only printed: $(cat "$T/got")"
final "4/5 tests collected \\(1 deselected\\)"

# --- --lf: only what failed last time (the first run caches beta_two as
# the shortest test, the others sleeping 0.1s) ...
fresh
export SLEEP=0.1
xe -n 2 -f "$T/list"
unset SLEEP
expect_rc 1
ran "first run" alpha_one alpha_two beta_one beta_two gamma
xe -n 2 --lf -f "$T/list"
expect_rc 1
ran "--lf" beta_two
expect_out "run-last-failure: rerun previous 1 failure"
final "1 failed, 4 deselected"
# ... --ff: what failed last time first (as the shortest known test, it
# would otherwise run last) ...
xe -n 1 --ff -f "$T/list"
expect_rc 1
first=$(head -n 1 "$T/ran")
ran "--ff" alpha_one alpha_two beta_one beta_two gamma
[ "$first" = beta_two ] || fail "--ff: '$first' ran first, not beta_two"
expect_out "run-last-failure: rerun previous 1 failure first"
# ... and everything, with pytest's message, when nothing failed.
fresh
xe -n 2 -k 'not two' -f "$T/list"
expect_rc 0
ran "passing run" alpha_one beta_one gamma
xe -n 2 --lf -k 'not two' -f "$T/list"
expect_rc 0
ran "--lf after a clean run" alpha_one beta_one gamma
expect_out "run-last-failure: no previously failed tests, not deselecting items."
final "3 passed, 2 deselected"

# --- --partition: K/N takes tests K, K+N, ... of the selection; hash:K/N
# slices by id; either way the N slices are the list, each test once.
for i in 1 2 3 4 5 6 7; do
	echo "sh $T/rec.sh p$i #@ name=p$i"
done >"$T/plist"
fresh
xe -n 2 --partition=1/3 -f "$T/plist"
expect_rc 0
ran "--partition=1/3" p1 p4 p7
expect_out "partition 1/3: 3 of 7 tests"
final "3 passed, 4 deselected"
xe -n 2 --partition=2/3 -f "$T/plist"
expect_rc 0
ran "--partition=2/3" p2 p5
xe -n 2 --partition=3/3 -f "$T/plist"
expect_rc 0
ran "--partition=3/3" p3 p6
for k in 1 2 3; do
	xe -n 2 --partition=hash:$k/3 -f "$T/plist"
	[ "$RC" -eq 0 ] || [ "$RC" -eq 5 ] || fail "hash:$k/3: exit status $RC"
	expect_out "partition $k/3 (by id hash): "
	[ ! -e "$T/ran" ] || mv "$T/ran" "$T/hash.$k"
done
# The same slice again: the hash does not depend on the run.
for k in 1 2 3; do
	[ -e "$T/hash.$k" ] || continue
	xe -n 2 --partition=hash:$k/3 -f "$T/plist"
	ran "hash:$k/3 again" $(cat "$T/hash.$k")
	break
done
got=$(cat "$T"/hash.* | sort | tr '\n' ' ')
[ "$got" = "p1 p2 p3 p4 p5 p6 p7 " ] ||
	fail "the hash:K/3 slices together ran '$got'"

# --- --shuffle=SEED: the same order twice (the second run knows that s8
# is the longest, which must not matter: 12345 does not put s8 first), not
# the list order; plain --shuffle
# prints a seed that gives its order back.
for i in 1 2 3 4 5 6 7; do
	echo "sh $T/rec.sh s$i"
done >"$T/slist"
echo "sh $T/rec.sh s8 0 0.2" >>"$T/slist"
fresh
xe -n 1 --shuffle=12345 -f "$T/slist"
expect_rc 0
expect_out "Using --shuffle=12345"
order1=$(tr '\n' ' ' <"$T/ran")
ran "--shuffle=12345" s1 s2 s3 s4 s5 s6 s7 s8
case $order1 in
"s1 s2 s3 s4 s5 s6 s7 s8 ") fail "--shuffle=12345 kept the list order" ;;
"s8 "*) fail "--shuffle=12345 put s8 first: pick another seed" ;;
esac
xe -n 1 --shuffle=12345 -f "$T/slist"
expect_rc 0
ran_in_order "--shuffle=12345 again" $order1
xe -n 1 --shuffle -f "$T/slist"
expect_rc 0
seed=$(sed -n 's/^Using --shuffle=\([0-9][0-9]*\)$/\1/p' "$T/out")
[ -n "$seed" ] || fail "plain --shuffle printed no 'Using --shuffle=<seed>' line"
order2=$(tr '\n' ' ' <"$T/ran")
rm -f "$T/ran"
xe -n 1 --shuffle="$seed" -f "$T/slist"
expect_rc 0
ran_in_order "--shuffle=$seed (the printed seed)" $order2
exit 0
