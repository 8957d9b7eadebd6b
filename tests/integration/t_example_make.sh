#!/bin/sh
# docs/examples/make: `make check` builds the tests and runs them through
# xdist-exec; a skip (77) keeps it green, a failure or a hard error (99)
# makes it fail; XDIST_EXEC_FLAGS reaches xdist-exec; make -j works.
# Works on a copy in $T: nothing is written into the source tree.
. "$SRCDIR/tests/integration/lib.sh"

command -v make >/dev/null || fail "make is not installed (scripts/install-deps)"
command -v cc >/dev/null || fail "cc is not installed (scripts/install-deps)"
cp -R "$SRCDIR/docs/examples/make" "$T/ex"
cd "$T/ex"
unset CALC_BIGDATA XDIST_EXEC_ADDOPTS MAKEFLAGS MFLAGS

# run_make ARGS...: make in the copy; $RC, $T/out, $T/err as with xe.
run_make() {
	set +e
	make --no-print-directory XDIST_EXEC="$XDIST_EXEC" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
}

run_make -j2 check XDIST_EXEC_FLAGS="--color=no -v"
expect_rc 0
expect_out "PASSED ./t_add ("
expect_out "PASSED ./t_floordiv ("
expect_out "SKIPPED ./t_bigdata ("
expect_out "2 passed, 1 skipped"

# The skipped test runs when its data is there.
CALC_BIGDATA=$T
export CALC_BIGDATA
run_make check XDIST_EXEC_FLAGS=--color=no
expect_rc 0
expect_out "3 passed"

# A test that cannot run (99) is an error, and fails `make check`.
CALC_BIGDATA=$T/missing
run_make check XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed with a test exiting 99"
expect_out "ERROR ./t_bigdata - exit status 99"
expect_out "2 passed, 1 error"
unset CALC_BIGDATA

# A failing test fails `make check`.
sed 's/return a + b;/return a - b;/' calc.c >calc.c.new && mv calc.c.new calc.c
run_make check XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed with a failing test"
expect_out "FAILED ./t_add - exit status 1"
expect_out "1 failed, 1 passed, 1 skipped"

exit 0
