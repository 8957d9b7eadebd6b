/*
 * Unit tests for launcher/core/options.[ch], the options pytest users pick
 * tests and read results with: -k, -m, --markers, --strict-markers, --nf,
 * --sw, --sw-skip, -r and --xfail-strict.  (test_options.c and
 * test_options_values.c have the rest.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#include "options_run.h"

/* Parsing fails with exactly why. */
static void assert_fails(const char *const *args, const char *why)
{
	struct run r;

	run_parse(&r, args);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err.data, why);
	assert_null(strchr(r.err.data, '\n'));
	run_release(&r);
}

#define FAILS(why, ...) \
	assert_fails((const char *const[]){__VA_ARGS__, NULL}, (why))

static void
options_init__selection_and_summary__have_pytests_defaults(void **state)
{
	struct options o;

	(void)state;
	options_init(&o);
	assert_string_equal(o.reportchars, "fE");
	assert_int_equal(o.nkeywords, 0);
	assert_int_equal(o.nmarkexprs, 0);
	assert_int_equal(o.stepwise, 0);
	assert_int_equal(o.stepwise_skip, 0);
	assert_int_equal(o.new_first, 0);
	assert_int_equal(o.strict_markers, 0);
	assert_int_equal(o.xfail_strict, 0);
	assert_int_equal(o.markers, 0);
	options_release(&o);
}

static void options_parse__k_expressions__are_parsed_in_order(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-k", "login or export", "-knot slow", "--", "t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.nkeywords, 2);
	assert_string_equal(r.o.keywords[0].text, "login or export");
	assert_string_equal(r.o.keywords[1].text, "not slow");
	assert_int_equal(r.o.nsources, 1);
	run_release(&r);
}

static void options_parse__empty_k_or_m__selects_everything(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-k", "", "-m", "  ", "t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.nkeywords, 0);
	assert_int_equal(r.o.nmarkexprs, 0);
	run_release(&r);
}

static void options_parse__malformed_k__is_pytests_message(void **state)
{
	(void)state;
	FAILS("Wrong expression passed to '-k': a and: at column 6: expected "
	      "not OR left parenthesis OR identifier; got end of input",
	      "-k", "a and");
	FAILS("Wrong expression passed to '-k': (a: at column 3: expected "
	      "right parenthesis; got end of input",
	      "-k", "(a");
	FAILS("Wrong expression passed to '-k': not: at column 4: expected "
	      "not OR left parenthesis OR identifier; got end of input",
	      "-k", "not");
}

static void options_parse__malformed_m__names_m(void **state)
{
	(void)state;
	FAILS("Wrong expression passed to '-m': slow(x): at column 5: expected "
	      "end of input; got left parenthesis",
	      "-m", "slow(x)");
}

static void options_parse__m_expressions__are_parsed_in_order(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-m", "slow", "-mnot network", "t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.nmarkexprs, 2);
	assert_string_equal(r.o.markexprs[1].text, "not network");
	run_release(&r);
}

static void options_parse__sw_skip__implies_sw(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--sw-skip", "t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.stepwise, 1);
	assert_int_equal(r.o.stepwise_skip, 1);
	run_release(&r);
	PARSE(&r, "--stepwise", "t");
	assert_int_equal(r.o.stepwise, 1);
	assert_int_equal(r.o.stepwise_skip, 0);
	run_release(&r);
	PARSE(&r, "--stepwise-skip", "--sw", "t");
	assert_int_equal(r.o.stepwise_skip, 1);
	run_release(&r);
}

static void options_parse__flags__set_their_fields(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--nf", "--strict-markers", "--markers", "--xfail-strict",
	      "t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.new_first, 1);
	assert_int_equal(r.o.strict_markers, 1);
	assert_int_equal(r.o.markers, 1);
	assert_int_equal(r.o.xfail_strict, 1);
	assert_int_equal(r.o.tap, 0);
	run_release(&r);
	PARSE(&r, "--tap", "t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.tap, 1);
	run_release(&r);
	PARSE(&r, "--new-first", "t");
	assert_int_equal(r.o.new_first, 1);
	run_release(&r);
}

static void options_parse__flags_given_a_value__are_usage_errors(void **state)
{
	(void)state;
	FAILS("option '--sw' does not take a value", "--sw=1", "t");
	FAILS("option '--xfail-strict' does not take a value",
	      "--xfail-strict=no", "t");
}

/* What -r CHARS leaves. */
static void assert_chars(const char *arg, const char *want)
{
	struct run r;

	PARSE(&r, "-r", arg, "t");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.o.reportchars, want);
	run_release(&r);
}

static void options_parse__r__reads_chars_as_pytest(void **state)
{
	(void)state;
	assert_chars("s", "s");
	assert_chars("fEsxX", "fEsxX");
	assert_chars("ff", "f");
	assert_chars("FS", "fs");
	assert_chars("a", "sxXEf");
	assert_chars("A", "PpsxXEf");
	assert_chars("ap", "sxXEfp");
	assert_chars("xa", "sxXEf");
	assert_chars("AN", "");
	assert_chars("Nf", "f");
	assert_chars("w", "w");
	assert_chars("", "");
}

static void options_parse__r_twice__the_last_one_wins(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-rs", "-rx", "t");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.o.reportchars, "x");
	run_release(&r);
}

static void options_parse__r_unknown_char__is_a_usage_error(void **state)
{
	(void)state;
	FAILS("-r: 'z' is not one of f, E, s, x, X, p, P, a, A, N, w", "-rfz",
	      "t");
	FAILS("option '-r' needs a value", "-r");
}

static void options_short_takes_value__m_and_r__do(void **state)
{
	(void)state;
	assert_true(options_short_takes_value('m'));
	assert_true(options_short_takes_value('r'));
	assert_true(options_short_takes_value('k'));
	assert_false(options_short_takes_value('x'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			options_init__selection_and_summary__have_pytests_defaults),
		cmocka_unit_test(
			options_parse__k_expressions__are_parsed_in_order),
		cmocka_unit_test(
			options_parse__empty_k_or_m__selects_everything),
		cmocka_unit_test(
			options_parse__malformed_k__is_pytests_message),
		cmocka_unit_test(options_parse__malformed_m__names_m),
		cmocka_unit_test(
			options_parse__m_expressions__are_parsed_in_order),
		cmocka_unit_test(options_parse__sw_skip__implies_sw),
		cmocka_unit_test(options_parse__flags__set_their_fields),
		cmocka_unit_test(
			options_parse__flags_given_a_value__are_usage_errors),
		cmocka_unit_test(options_parse__r__reads_chars_as_pytest),
		cmocka_unit_test(options_parse__r_twice__the_last_one_wins),
		cmocka_unit_test(
			options_parse__r_unknown_char__is_a_usage_error),
		cmocka_unit_test(options_short_takes_value__m_and_r__do),
	};

	return cmocka_run_group_tests_name("options_select", tests, NULL, NULL);
}
