#!/bin/sh
# --sw / --stepwise: stop at the first failure; the next --sw run starts
# from that test, skipping (deselecting) the ones that passed before it,
# and goes on to the next failure once it is fixed.  --sw-skip lets one
# failure pass first.  The position is kept in the cache (.xdist-exec/
# stepwise); a run without --sw forgets it, as pytest.  With several
# workers a test that was stopped before it could pass is not skipped.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

mkdir "$T/p"
cd "$T/p"
# rec.sh NAME [fail|fixable]: record NAME in $T/ran; "fail" fails,
# "fixable" fails until $T/fixed exists.
cat >rec.sh <<EOF
echo "\$1" >>"$T/ran"
case \${2:-} in
fail) exit 1 ;;
fixable) [ -e "$T/fixed" ] || exit 1 ;;
esac
exit 0
EOF
for t in alpha bravo "charlie fixable" delta "echo fail" foxtrot "golf fail" \
	hotel; do
	set -- $t
	echo "sh rec.sh $t #@ name=$1"
done >tests.list

# ran_in_order WHAT NAME...: exactly NAME... ran, in this order.
ran_in_order() {
	what=$1
	shift
	touch "$T/ran"
	got=$(tr '\n' ' ' <"$T/ran")
	rm -f "$T/ran"
	[ "$got" = "$* " ] || fail "$what: ran '$got', not '$* '"
}

# 1: alpha and bravo pass, charlie fails: the run stops there.
xe -n 1 --color=no --sw -f tests.list
expect_rc 1
ran_in_order "first --sw run" alpha bravo charlie
expect_out "stepwise: no previously failed tests, not skipping."
expect_out "Interrupted: Test failed, continuing from this test next run."
expect_out "1 failed, 2 passed, 5 not run"
[ "$(cat .xdist-exec/stepwise)" = charlie ] ||
	fail "the cache keeps '$(cat .xdist-exec/stepwise)', not charlie"

# 2: charlie is fixed: the run starts at it, passes it and delta, stops
# at echo.
touch "$T/fixed"
xe -n 1 --color=no --sw -f tests.list
expect_rc 1
ran_in_order "--sw after the fix" charlie delta echo
expect_out "stepwise: skipping 2 already passed items."
expect_out "1 failed, 2 passed, 2 deselected, 3 not run"

# 3: echo still fails: it runs first and stops the run again.
xe -n 1 --color=no --sw -f tests.list
expect_rc 1
ran_in_order "--sw on a failure not fixed" echo
expect_out "stepwise: skipping 4 already passed items."

# 4: --sw-skip lets echo fail and stops at golf; the next run starts at
# golf.
xe -n 1 --color=no --sw-skip -f tests.list
expect_rc 1
ran_in_order "--sw-skip" echo foxtrot golf
expect_out "2 failed, 1 passed, 4 deselected, 1 not run"
xe -n 1 --color=no --sw -f tests.list
expect_rc 1
ran_in_order "--sw after --sw-skip" golf
expect_out "stepwise: skipping 6 already passed items."

# 5: a test the position names but no longer selected: start from the top.
xe -n 1 --color=no --sw -k 'not golf' -f tests.list
expect_rc 1
ran_in_order "--sw with the test deselected" alpha bravo charlie delta echo
expect_out "stepwise: previously failed test not found, not skipping."

# 6: a run without --sw forgets the position.
xe -n 1 --color=no -k 'alpha or bravo' -f tests.list
expect_rc 0
[ ! -e .xdist-exec/stepwise ] || fail "a run without --sw kept the position"
xe -n 1 --color=no --sw -k 'alpha or bravo' -f tests.list
expect_rc 0
expect_out "stepwise: no previously failed tests, not skipping."
# A --sw run that passes leaves nothing to resume.
[ ! -e .xdist-exec/stepwise ] || fail "a passing --sw run kept a position"
rm -f "$T/ran"

# 7: two workers: p passes; s is still running when f fails, so it is
# stopped, not passed: the next run starts from s, not from f.
cat >sleeper.sh <<EOF
[ -e "$T/sleeping" ] && exit 0
exec "$XT" touch-sleep "$T/sleeping" 300 $MARK
EOF
cat >failafter.sh <<'EOF'
n=0
until [ -e "$1" ]; do
	n=$((n + 1))
	[ "$n" -lt 2400 ] || break
	sleep 0.05
done
exit 1
EOF
printf '%s\n' "true #@ name=p" "sh sleeper.sh #@ name=s" \
	"sh failafter.sh $T/sleeping #@ name=f" >par.list
xe -n 2 --color=no --sw -f par.list
expect_rc 1
expect_out "1 failed, 1 passed, 1 interrupted"
no_procs "$MARK"
[ "$(cat .xdist-exec/stepwise)" = s ] ||
	fail "after an interrupted s the cache keeps '$(cat .xdist-exec/stepwise)'"
# (One worker now, so that s surely ends before f fails.)
xe -n 1 --color=no --sw -f par.list
expect_rc 1
expect_out "stepwise: skipping 1 already passed items."
expect_out "1 failed, 1 passed, 1 deselected"
exit 0
