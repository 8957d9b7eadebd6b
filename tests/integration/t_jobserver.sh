#!/bin/sh
# Under `make -jK`, xdist-exec takes a token from make's jobserver for
# every test beyond the first it runs at once, and gives them all back:
# two recursive xdist-exec -n 4 recipes under make -j3 never run more than
# three tests at a time, and make reports no lost token.
. "$SRCDIR/tests/integration/lib.sh"

command -v make >/dev/null || exit 77

cat >"$T/span.sh" <<EOF
#!/bin/sh
echo "+ \$(date +%s%N)" >>"$T/spans"
sleep \$1
echo "- \$(date +%s%N)" >>"$T/spans"
EOF
chmod +x "$T/span.sh"

# '+' marks the recipes recursive: make keeps its jobserver open for them.
{
	echo "all: a b"
	echo "a:"
	printf '\t+%s -q -n 4 --keep-duplicates -f %s\n' "$XDIST_EXEC" "$T/list.a"
	echo "b:"
	printf '\t+%s -q -n 4 --keep-duplicates -f %s\n' "$XDIST_EXEC" "$T/list.b"
} >"$T/Makefile"

# lists SECONDS: six sleeping tests in each of the two lists.
lists() {
	for x in a b; do
		for i in 1 2 3 4 5 6; do echo "$T/span.sh $1"; done >"$T/list.$x"
	done
	rm -f "$T/spans"
}

lists 0.4
set +e
make -C "$T" -j3 >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 0
n=$(grep -c '^+' "$T/spans")
[ "$n" -eq 12 ] || fail "expected 12 tests to run, saw $n"
max=$(max_overlap "$T/spans")
[ "$max" -le 3 ] || fail "make -j3 but $max tests ran at once"
if grep -qiE "jobserver|token" "$T/err"; then
	fail "make complains about its jobserver: $(cat "$T/err")"
fi

# The oracle can see parallelism: with -j8 the two runs together go past
# three at once (tests long enough that starting them cannot hide it).
lists 2
set +e
make -C "$T" -j8 >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 0
max=$(max_overlap "$T/spans")
[ "$max" -gt 3 ] || fail "make -j8: only $max at once; the oracle sees nothing"
