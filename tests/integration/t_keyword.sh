#!/bin/sh
# -k EXPRESSION as pytest reads it: words are case-insensitive substrings
# of the id, of a named test's command and of its marks (globs with * or
# ?), joined by and, or, not and parentheses; several -k must all match; a
# malformed expression is pytest's one-line error and exit 4.
. "$SRCDIR/tests/integration/lib.sh"

# The issue's own example: a new user's first try with the demo suite.
collected -k 'login or export' -f "$SRCDIR/tests/demo/demo.list"
expect_rc 0
expect_ids "-k 'login or export'" tests/demo/t_export.sh tests/demo/t_login.sh
expect_out "2/13 tests collected (11 deselected)"

{
	echo "true #@ name=parser_fast"
	echo "true #@ name=parser_slow marks=slow"
	echo "true #@ name=Export_CSV marks=network"
	echo "build/t_login --fast #@ name=auth"
	echo "true #@ name=flaky_one xfail"
} >"$T/list"

collected -k 'parser and not slow' -f "$T/list"
expect_ids "-k 'parser and not slow' (a mark is a keyword)" parser_fast
collected -k 'EXPORT' -f "$T/list"
expect_ids "-k EXPORT (any case)" Export_CSV
collected -k 'not (slow or network)' -f "$T/list"
expect_ids "-k 'not (slow or network)'" parser_fast auth flaky_one
collected -k 'parser or export and network' -f "$T/list"
expect_ids "-k 'parser or export and network' (and first)" \
	parser_fast parser_slow Export_CSV
collected -k 't_login' -f "$T/list"
expect_ids "-k t_login (a named test's command)" auth
collected -k 'xfail' -f "$T/list"
expect_ids "-k xfail (the xfail attribute is a mark)" flaky_one
collected -k '*_csv' -f "$T/list"
expect_ids "-k '*_csv' (a glob, any case)" Export_CSV
collected -k parser -k 'not slow' -f "$T/list"
expect_ids "-k parser -k 'not slow' (each must match)" parser_fast
collected -k '' -f "$T/list"
expect_ids "-k '' (everything)" parser_fast parser_slow Export_CSV auth \
	flaky_one

# A run, not only a collection: the final line counts the deselected.
xe -n 2 -k 'parser and not slow or export' -f "$T/list"
expect_rc 0
expect_out "2 passed, 3 deselected"

# Malformed: pytest's message, one line, exit 4, nothing run.
bad_k() {
	xe -k "$1" -- "$HELPERS/xt touch-sleep $T/ran 0"
	expect_rc 4
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "-k '$1': not one line: $(cat "$T/err")"
	expect_err "xdist-exec: Wrong expression passed to '-k': $1: $2"
	[ ! -e "$T/ran" ] || fail "-k '$1': a test ran"
}
bad_k 'a and' "at column 6: expected not OR left parenthesis OR identifier; got end of input"
bad_k '(login or export' "at column 17: expected right parenthesis; got end of input"
bad_k 'login)' "at column 6: expected end of input; got right parenthesis"
bad_k 'a = b' 'at column 3: unexpected character "="'
exit 0
