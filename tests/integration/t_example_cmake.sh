#!/bin/sh
# docs/examples/cmake: the `check` target runs the test executables with
# xdist-exec; `check-ctest` runs what add_test() registered, with
# xdist-exec --from-ctest (ids are ctest's names, every property honoured:
# no warning; SKIP_RETURN_CODE 77 skips, and 99 fails as in ctest).  99
# fails both targets.  Works on a copy in $T: nothing is written into the
# source tree.
. "$SRCDIR/tests/integration/lib.sh"

for p in cmake ctest make cc; do
	command -v "$p" >/dev/null ||
		fail "$p is not installed (scripts/install-deps)"
done
cp -R "$SRCDIR/docs/examples/cmake" "$T/ex"
cd "$T/ex"
unset CALC_BIGDATA XDIST_EXEC_ADDOPTS MAKEFLAGS MFLAGS

# build TARGET: cmake --build the target; $RC, $T/out, $T/err.
build() {
	set +e
	cmake --build "$T/ex/build" -j 2 --target "$1" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
}

cmake -S . -B build -DXDIST_EXEC="$XDIST_EXEC" \
	"-DXDIST_EXEC_FLAGS=-v;--color=no" >"$T/cmake.log" 2>&1 || {
	tail -n 30 "$T/cmake.log" >&2
	fail "cmake failed"
}

build check
expect_rc 0
expect_out "PASSED $T/ex/build/t_add ("
expect_out "SKIPPED $T/ex/build/t_bigdata ("
expect_out "2 passed, 1 skipped"

build check-ctest
expect_rc 0
expect_out "PASSED t_add ("
expect_out "PASSED t_floordiv ("
expect_out "SKIPPED t_bigdata ("
expect_out "2 passed, 1 skipped"
if grep -q "warning:" "$T/err"; then
	fail "a property of the example is not honoured: $(cat "$T/err")"
fi

# A test that cannot run (99) fails both targets.
CALC_BIGDATA=$T/missing
export CALC_BIGDATA
build check
[ "$RC" -ne 0 ] || fail "check passed with a test exiting 99"
expect_out "ERROR $T/ex/build/t_bigdata - exit status 99"
build check-ctest
[ "$RC" -ne 0 ] || fail "check-ctest passed with a test exiting 99"
expect_out "FAILED t_bigdata - exit status 99"
# ... and ctest itself agrees on 77 and 99.
unset CALC_BIGDATA
(cd build && ctest -R t_bigdata) >"$T/out" 2>&1 || fail "ctest: $(cat "$T/out")"
grep -q "Skipped" "$T/out" || fail "ctest did not skip t_bigdata: $(cat "$T/out")"
exit 0
