#!/bin/sh
# How many workers: never more than tests, --maxprocesses caps, and
# PYTEST_XDIST_AUTO_NUM_WORKERS overrides -n auto (a bad value is ignored
# with a warning).
. "$SRCDIR/tests/integration/lib.sh"

unset PYTEST_XDIST_AUTO_NUM_WORKERS
T24="true true true true true true true true true true true true
true true true true true true true true true true true true"

# header N: the header line reports N workers.
header() {
	head -n 1 "$T/out" | grep -qE -- "-- $1 workers? \[" ||
		fail "header is not '$1 worker(s)': $(head -n 1 "$T/out")"
}

xe -n 8 --keep-duplicates -- true true
expect_rc 0
header 2
expect_out "2 passed"

xe -n 1 --keep-duplicates -- true true true
expect_rc 0
header 1

# shellcheck disable=SC2086
xe -n 8 --maxprocesses=3 --keep-duplicates -- $T24
expect_rc 0
header 3
expect_out "24 passed"

xe --maxprocesses=1 --keep-duplicates -- true true true
expect_rc 0
header 1

PYTEST_XDIST_AUTO_NUM_WORKERS=3
export PYTEST_XDIST_AUTO_NUM_WORKERS
# shellcheck disable=SC2086
xe -n auto --keep-duplicates -- $T24
expect_rc 0
header 3
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"

# auto is the default
# shellcheck disable=SC2086
xe --keep-duplicates -- $T24
expect_rc 0
header 3

# ... but never above the number of tests, nor --maxprocesses
xe -n auto --keep-duplicates -- true true
header 2
xe -n auto --maxprocesses=2 --keep-duplicates -- true true true true
header 2

# An explicit count wins over the variable.
xe -n 1 --keep-duplicates -- true true true
header 1

# A bad value: warned about, then ignored (auto as if unset).
unset PYTEST_XDIST_AUTO_NUM_WORKERS
# shellcheck disable=SC2086
xe -n auto --keep-duplicates -- $T24
expect_rc 0
want=$(head -n 1 "$T/out" | grep -oE -- '-- [0-9]+ workers?')
PYTEST_XDIST_AUTO_NUM_WORKERS=lots
export PYTEST_XDIST_AUTO_NUM_WORKERS
# shellcheck disable=SC2086
xe -n auto --keep-duplicates -- $T24
expect_rc 0
expect_err "PYTEST_XDIST_AUTO_NUM_WORKERS"
expect_err "lots"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line on stderr"
[ "$(head -n 1 "$T/out" | grep -oE -- '-- [0-9]+ workers?')" = "$want" ] ||
	fail "bad PYTEST_XDIST_AUTO_NUM_WORKERS not ignored: $(head -n 1 "$T/out") (want $want)"
exit 0
