#!/bin/sh
# --split=gtest asks the binaries for their tests a few at once: as many
# listings run together as the run has workers (-n 2: two, never three;
# -n 1 and -n 0: one at a time), and the cases still come in the list's
# order, whichever listing ends first.  A failing, an empty and a hanging
# listing among good ones give the same errors as alone, the others are
# split normally, and nothing they started is left running: neither past
# --timeout nor when Ctrl-C stops the run during the listings.
. "$SRCDIR/tests/integration/lib.sh"

# gbin NAME: a fake GoogleTest binary whose listing (Suite_NAME.A, .B) is
# a span in $T/spans.  With BARRIER=N it first waits until N listings have
# begun; with HOLD=NAME it then waits until the listing of $UNTIL ended.
# (Each wait is on a condition, bounded at 20 s.)
gbin() {
	cat >"$T/$1" <<EOF
#!/bin/sh
echo "+ \$(date +%s%N)" >>"$T/spans"
i=0
while [ -n "\${BARRIER:-}" ] && [ \$i -lt 400 ] &&
	[ "\$(grep -c '^+' "$T/spans")" -lt "\$BARRIER" ]; do
	sleep 0.05
	i=\$((i + 1))
done
i=0
while [ "\${HOLD:-}" = $1 ] && [ \$i -lt 400 ] && [ ! -e "$T/\$UNTIL.done" ]; do
	sleep 0.05
	i=\$((i + 1))
done
printf 'Suite_$1.\n  A\n  B\n'
echo "- \$(date +%s%N)" >>"$T/spans"
: >"$T/$1.done"
EOF
	chmod +x "$T/$1"
}
for b in g1 g2 g3 g4; do gbin $b; done

# ids NAME...: the cases the fake binaries list, in this order.
ids() {
	for b in "$@"; do
		printf './%s::Suite_%s.A\n./%s::Suite_%s.B\n' "$b" "$b" "$b" "$b"
	done
}

# --- -n 2: two listings at once, never three; g1's ends after g2's, and
# its cases still come first.
rm -f spans ./*.done
export BARRIER=2 HOLD=g1 UNTIL=g2
xe --co -n 2 --split=gtest -- ./g1 ./g2 ./g3 ./g4
unset BARRIER HOLD UNTIL
expect_rc 0
[ "$(max_overlap spans)" = 2 ] ||
	fail "-n 2: $(max_overlap spans) listings at once ($(cat spans))"
[ "$(grep '::' out)" = "$(ids g1 g2 g3 g4)" ] ||
	fail "-n 2: collected $(cat out)"
expect_out "8 tests collected"

# --- -n 1 and -n 0: one at a time
for n in 1 0; do
	rm -f spans
	xe --co -n $n --split=gtest -- ./g1 ./g2 ./g3
	expect_rc 0
	[ "$(max_overlap spans)" = 1 ] ||
		fail "-n $n: $(max_overlap spans) listings at once ($(cat spans))"
	[ "$(grep '::' out)" = "$(ids g1 g2 g3)" ] ||
		fail "-n $n: collected $(cat out)"
done

# --- a failing, an empty and a hanging listing among good ones, two at
# a time: each its own error, the good ones split, nothing left behind
# (sh stays, with $MARK in its argv, while sleep runs).
printf '#!/bin/sh\necho "usage: notgtest [--verbose]" >&2\nexit 2\n' \
	>notgtest
printf '#!/bin/sh\nsh -c ": >%s; sleep 600; :" %s\n' "$T/started" "$MARK" >hangs
chmod +x notgtest hangs
xe --co -n 2 --timeout=3 --split=gtest -- \
	./g1 ./notgtest ./hangs ./g2 /bin/true ./g3
expect_rc 2
[ -e "$T/started" ] || fail "the hanging listing's child never started"
expect_out "cannot list the tests of './notgtest' (--gtest_list_tests): exit status 2"
expect_out "cannot list the tests of './hangs' (--gtest_list_tests): it did not end in 3s"
expect_out "cannot list the tests of '/bin/true' (--gtest_list_tests): none listed (not a GoogleTest binary?)"
[ "$(grep -c '^cannot list' out)" = 3 ] || fail "errors: $(cat out)"
[ "$(grep -v -e '^cannot list' -e '^=' out)" = "$(ids g1)
./notgtest
./hangs
$(ids g2)
/bin/true
$(ids g3)" ] || fail "collected: $(cat out)"
expect_out "9 tests collected, 3 errors in"
no_procs "$MARK"

# --- Ctrl-C while listings run (two hanging, one waiting its turn):
# we die of it as before, and what the listings started goes with us.
rm -f started
xe_bg -n 2 --split=gtest -- ./hangs ./g1 ./hangs ./g2
wait_for [ -e "$T/started" ]
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 130
no_procs "$MARK"
exit 0
