#!/bin/sh
# A test whose id repeats an earlier one is dropped, as pytest drops a
# path given twice, and one line under the header says how many;
# --keep-duplicates (or keep_duplicates in xdist-exec.ini) runs them.  Two
# lines with distinct `#@ name=` values are two tests.
. "$SRCDIR/tests/integration/lib.sh"

cd "$T"
# t NAME: a test that logs its name.
printf '#!/bin/sh\necho "$1" >>"%s/log"\n' "$T" >t
chmod +x t
printf '%s\n' "./t a" "./t b" "./t a" "./t c #@ name=one" \
	"./t c #@ name=two" "./t b" "./t c #@ name=one" >list

# runs NAME: how many times NAME ran.
runs() {
	grep -cx "$1" log || true
}

rm -f log
xe -n 2 -f list -- ./t
expect_rc 0
expect_out "2 workers [5 tests]"
[ "$(sed -n 2p out)" = "3 duplicate tests ignored; --keep-duplicates runs them" ] ||
	fail "no duplicates line under the header: $(sed -n 2p out)"
expect_out "5 passed"
[ "$(runs a)" -eq 1 ] && [ "$(runs b)" -eq 1 ] && [ "$(runs c)" -eq 2 ] &&
	[ "$(runs "")" -eq 1 ] || fail "runs: $(cat log)"

# An argument repeating an argument: one duplicate, said in the singular.
rm -f log
xe -n 1 -- ./t ./t
expect_rc 0
expect_out "1 duplicate test ignored; --keep-duplicates runs them"
expect_out "1 passed"

# --collect-only says it too, and lists each test once.
xe --collect-only -f list
expect_out "3 duplicate tests ignored"
[ "$(grep -c '^\./t a$' out)" -eq 1 ] || fail "collect-only lists ./t a twice"

# --keep-duplicates runs every line, and says nothing.
rm -f log
xe -n 2 --keep-duplicates -f list
expect_rc 0
expect_out "7 passed"
expect_no_out "duplicate"
[ "$(runs a)" -eq 2 ] && [ "$(runs b)" -eq 2 ] && [ "$(runs c)" -eq 3 ] ||
	fail "--keep-duplicates runs: $(cat log)"

# So does keep_duplicates in xdist-exec.ini.
printf '[xdist-exec]\nkeep_duplicates = true\n' >xdist-exec.ini
rm -f log
xe -n 2 -f list
expect_rc 0
expect_out "7 passed"
printf '[xdist-exec]\nkeep_duplicates = nope\n' >xdist-exec.ini
xe -n 2 -f list
expect_rc 4
expect_err "xdist-exec.ini:2: keep_duplicates: 'nope' is not one of"
exit 0
