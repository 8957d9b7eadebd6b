/*
 * Unit tests for launcher/base/dynlib.[ch]: functions resolved into typed
 * pointers on first use, and the one-line errors when a library or a
 * symbol is missing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dynlib.h"

static void test_resolves_typed_pointers(void **state)
{
	double (*fn_cos)(double) = NULL;
	size_t (*fn_strlen)(const char *) = NULL;
	const struct dynlib_sym m[] = {{"cos", &fn_cos}};
	const struct dynlib_sym c[] = {{"strlen", &fn_strlen}};
	struct buf err = BUF_INIT;

	(void)state;
	assert_non_null(dynlib_load("libm.so.6", "libc6", m, 1, &err));
	assert_non_null(dynlib_load("libc.so.6", "libc6", c, 1, &err));
	assert_int_equal(err.len, 0);
	assert_true(fn_cos(0.0) == 1.0);
	assert_int_equal(fn_strlen("gw10"), 4);
}

static void test_missing_library(void **state)
{
	void (*fn)(void) = NULL;
	const struct dynlib_sym s[] = {{"nothing", &fn}};
	struct buf err = BUF_INIT;

	(void)state;
	assert_null(dynlib_load("libxdist-nonexistent.so.9", "xdist-none", s, 1,
				&err));
	assert_null(fn);
	assert_non_null(strstr(err.data, "cannot load "
					 "libxdist-nonexistent.so.9 (Debian "
					 "package xdist-none): "));
	assert_null(strchr(err.data, '\n'));
	buf_release(&err);
}

static void test_missing_symbol(void **state)
{
	double (*fn_cos)(double) = NULL;
	void (*fn)(void) = NULL;
	const struct dynlib_sym s[] = {{"cos", &fn_cos},
				       {"xdist_no_such_fn", &fn}};
	struct buf err = BUF_INIT;

	(void)state;
	assert_null(dynlib_load("libm.so.6", "libc6", s, 2, &err));
	assert_non_null(strstr(err.data, "libm.so.6 has no "
					 "xdist_no_such_fn: "));
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolves_typed_pointers),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
