/*
 * Unit tests for launcher/core/ctest_timeout.c: the default timeout a
 * CTest build directory's configuration gives, and how a test's TIMEOUT,
 * --timeout and that default weigh, as in ctest 3.25 (each case checked
 * against `ctest -V`'s "Test timeout computed to be").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "ctest_json.h"

static long long config(const char *text)
{
	return ctest_config_timeout_ms(text, strlen(text));
}

static void config__timeout_line__is_the_default(void **state)
{
	(void)state;
	assert_int_equal(config("# comment\nSite: h\nTimeOut: 1500\n"),
			 1500000);
	/* include(CTest) with DART_TESTING_TIMEOUT empty. */
	assert_int_equal(config("TimeOut: \n"), 0);
	/* enable_testing() alone writes no file: nothing read. */
	assert_int_equal(config(""), 0);
	assert_int_equal(config("Site: h\n"), 0);
}

static void config__value__is_read_as_atoi(void **state)
{
	(void)state;
	assert_int_equal(config("TimeOut: 4.7\n"), 4000);
	assert_int_equal(config("TimeOut:   5  \n"), 5000);
	assert_int_equal(config("TimeOut: 5s\n"), 5000);
	assert_int_equal(config("TimeOut: -5\n"), 0);
	assert_int_equal(config("TimeOut: 0\n"), 0);
	assert_int_equal(config("TimeOut: abc\n"), 0);
	assert_int_equal(config("TimeOut: 9999999\n"), 9999999000LL);
	/* At ctest's bound or past it: none. */
	assert_int_equal(config("TimeOut: 10000000\n"), 0);
	assert_int_equal(config("TimeOut: 99999999999999999999999\n"), 0);
}

static void config__lines__as_ctest_reads_them(void **state)
{
	(void)state;
	/* The last one wins. */
	assert_int_equal(config("TimeOut: 3\nTimeOut: 6\n"), 6000);
	/* Blanks before the key go, a blank before ':' makes another
	   key; carriage returns are blanks. */
	assert_int_equal(config("  TimeOut: 8\n"), 8000);
	assert_int_equal(config("TimeOut : 8\n"), 0);
	assert_int_equal(config("timeout: 8\n"), 0);
	assert_int_equal(config("TimeOut: 8\r\n"), 8000);
	/* A comment, even joined. */
	assert_int_equal(config("# TimeOut: 8\n"), 0);
	assert_int_equal(config("#x\\\nTimeOut: 8\n"), 0);
	/* A trailing backslash joins the next line. */
	assert_int_equal(config("TimeOut: \\\n 8\n"), 8000);
	assert_int_equal(config("TimeOut: 7"), 7000);
	assert_int_equal(config("TimeOut: 7\\"), 7000);
}

static void config__long_line__ends_the_reading(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	/* 1022 characters are a line; one more and reading stops there. */
	buf_adds(&b, "Note: ");
	for (i = 6; i < 1022; i++)
		buf_addch(&b, 'x');
	buf_adds(&b, "\nTimeOut: 9\n");
	assert_int_equal(ctest_config_timeout_ms(b.data, b.len), 9000);
	buf_reset(&b);
	buf_adds(&b, "TimeOut: 3\nNote: ");
	for (i = 6; i < 1023; i++)
		buf_addch(&b, 'x');
	buf_adds(&b, "\nTimeOut: 9\n");
	assert_int_equal(ctest_config_timeout_ms(b.data, b.len), 3000);
	buf_release(&b);
}

/* The timeout_ms of a test with TIMEOUT t (has: given). */
static long long resolve(int has, double t, long long option_ms,
			 long long default_ms)
{
	struct ctest_props *p = ctest_props_new();
	long long ms;

	p->has_timeout = has;
	p->timeout_s = t;
	ms = ctest_timeout_ms(p, option_ms, default_ms);
	ctest_props_free(p);
	return ms;
}

static void resolve__property__wins(void **state)
{
	(void)state;
	assert_int_equal(resolve(1, 6, 0, 0), 6000);
	assert_int_equal(resolve(1, 6, 2000, 3000), 6000);
	assert_int_equal(resolve(1, 6, 8000, 3000), 6000);
	assert_int_equal(resolve(1, 0.5, 2000, 3000), 500);
	assert_int_equal(resolve(1, 0.0001, 0, 0), 1);
}

static void resolve__no_property__option_then_default(void **state)
{
	(void)state;
	/* -1: the run's --timeout. */
	assert_int_equal(resolve(0, 0, 2000, 3000), -1);
	assert_int_equal(resolve(0, 0, 8000, 3000), -1);
	assert_int_equal(resolve(0, 0, 0, 3000), 3000);
	assert_int_equal(resolve(0, 0, 0, 0), -1);
}

static void resolve__zero__none_but_for_the_option(void **state)
{
	(void)state;
	/* TIMEOUT 0 (or a word, which CMake reads as 0). */
	assert_int_equal(resolve(1, 0, 0, 3000), -1);
	assert_int_equal(resolve(1, 0, 0, 0), -1);
	assert_int_equal(resolve(1, 0, 2000, 3000), -1);
}

static void resolve__negative_or_huge__default_only(void **state)
{
	(void)state;
	/* ctest's --timeout does not replace them; its default does. */
	assert_int_equal(resolve(1, -5, 0, 3000), 3000);
	assert_int_equal(resolve(1, -5, 2000, 3000), 3000);
	assert_int_equal(resolve(1, -5, 2000, 0), 0);
	assert_int_equal(resolve(1, -5, 0, 0), -1);
	assert_int_equal(resolve(1, 1e12, 2000, 7000), 7000);
	assert_int_equal(resolve(1, CTEST_MAX_SECONDS, 0, 0), -1);
	assert_int_equal(resolve(1, CTEST_MAX_SECONDS - 1, 0, 7000),
			 (long long)(CTEST_MAX_SECONDS - 1) * 1000);
}

static void json_read__timeout__kept_as_given(void **state)
{
	static const char doc[] =
		"{\"kind\":\"ctestInfo\",\"tests\":["
		"{\"name\":\"z\",\"command\":[\"true\"],\"properties\":["
		"{\"name\":\"TIMEOUT\",\"value\":0.0}]},"
		"{\"name\":\"n\",\"command\":[\"true\"],\"properties\":["
		"{\"name\":\"TIMEOUT\",\"value\":-5.0}]},"
		"{\"name\":\"t\",\"command\":[\"true\"],\"properties\":["
		"{\"name\":\"TIMEOUT\",\"value\":1.5}]},"
		"{\"name\":\"u\",\"command\":[\"true\"]}"
		"],\"version\":{\"major\":1,\"minor\":0}}";
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;
	const struct ctest_props *p;

	(void)state;
	testlist_init(&l);
	assert_int_equal(ctest_json_read(&l, doc, strlen(doc), &warn, &err), 4);
	p = test_attrs_of(&l.v[0])->ctest;
	assert_true(p->has_timeout);
	assert_true(p->timeout_s == 0);
	assert_int_equal(test_attrs_of(&l.v[0])->timeout_ms, -1);
	p = test_attrs_of(&l.v[1])->ctest;
	assert_true(p->has_timeout);
	assert_true(p->timeout_s == -5);
	assert_int_equal(test_attrs_of(&l.v[2])->timeout_ms, 1500);
	assert_false(test_attrs_of(&l.v[3])->ctest->has_timeout);
	assert_int_equal(test_attrs_of(&l.v[3])->timeout_ms, -1);
	assert_null(warn.data);
	testlist_release(&l);
	buf_release(&warn);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config__timeout_line__is_the_default),
		cmocka_unit_test(config__value__is_read_as_atoi),
		cmocka_unit_test(config__lines__as_ctest_reads_them),
		cmocka_unit_test(config__long_line__ends_the_reading),
		cmocka_unit_test(resolve__property__wins),
		cmocka_unit_test(resolve__no_property__option_then_default),
		cmocka_unit_test(resolve__zero__none_but_for_the_option),
		cmocka_unit_test(resolve__negative_or_huge__default_only),
		cmocka_unit_test(json_read__timeout__kept_as_given),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
