#!/bin/sh
# --nf / --new-first: the tests the cache has never seen (no duration, no
# failure on record) start first, in list order, then the rest in the
# order they would have had.  A line added to a list is such a test.
. "$SRCDIR/tests/integration/lib.sh"

mkdir "$T/p"
cd "$T/p"
cat >rec.sh <<EOF
echo "\$1" >>"$T/ran"
EOF
for t in t1 t2 t3 t4 t5 t6; do
	echo "sh rec.sh $t #@ name=$t"
done >tests.list

order() {
	touch "$T/ran"
	tr '\n' ' ' <"$T/ran"
	rm -f "$T/ran"
}

xe -n 1 -f tests.list
expect_rc 0
rm -f "$T/ran"
# A new line, at the end of the list.
echo "sh rec.sh new #@ name=new" >>tests.list

# --shuffle keeps neither list order nor durations: without --nf the new
# test runs wherever the seed puts it, which for this seed is not first.
# (On a copy of the cache: once run, the test is no longer new.)
cp -R .xdist-exec copy
xe -n 1 --shuffle=4242 --cache-dir=copy -f tests.list
expect_rc 0
plain=$(order)
case $plain in
"new "*) fail "--shuffle=4242 puts the new test first anyway: pick another seed" ;;
*new*) ;;
*) fail "the new test did not run: $plain" ;;
esac
xe -n 1 --shuffle=4242 --nf -f tests.list
expect_rc 0
got=$(order)
# The new test first, then the others as the seed ordered them.
want="new $(echo "$plain" | sed 's/new //')"
[ "$got" = "$want" ] || fail "--nf ran '$got', not '$want'"

# Once it has run, it is new no more.
xe -n 1 --shuffle=4242 --nf -f tests.list
expect_rc 0
got=$(order)
[ "$got" = "$plain" ] || fail "--nf a run later ran '$got', not '$plain'"

# Two new lines, with --new-first: both first, in list order.
echo "sh rec.sh newer #@ name=newer" >>tests.list
sed -i '1i sh rec.sh newest #@ name=newest' tests.list
xe -n 1 --shuffle=4242 --new-first -f tests.list
expect_rc 0
case $(order) in
"newest newer "*) ;;
*) fail "--new-first with two new tests ran '$(order)'" ;;
esac
exit 0
