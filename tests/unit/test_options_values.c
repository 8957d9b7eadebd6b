/*
 * Unit tests for launcher/core/options.[ch], the values options take: -n,
 * --maxprocesses, --gtest-batch, --timeout-grace and --max-output, and
 * the parsers behind them (options_parse_count, options_parse_seconds,
 * options_parse_size, options_parse_bool).  (test_options.c has the rest.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#include "options_run.h"

/* ---- --gtest-batch ------------------------------------------------------ */

static void
options_parse__gtest_batch__auto_is_0_a_number_is_itself(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--gtest-batch=16");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.gtest_batch, 16);
	run_release(&r);
	PARSE(&r, "--gtest-batch=8", "--gtest-batch=auto");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.gtest_batch, 0);
	run_release(&r);
	PARSE(&r, "--gtest-batch=1");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.gtest_batch, 1);
	run_release(&r);
	PARSE(&r, "--gtest-batch=256");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.gtest_batch, 256);
	run_release(&r);
}

static void options_parse__gtest_batch_bad__is_a_usage_error(void **state)
{
	static const char *const bad[] = {"0", "257", "x",    "-1",
					  "",  "1x",  "AUTO", "99999999999"};
	struct run r;
	size_t i;
	int v = 5;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "--gtest-batch=%s", bad[i]);
		PARSE(&r, arg);
		assert_int_equal(r.rc, -1);
		assert_non_null(strstr(err_text(&r), "is not auto or a number "
						     "of cases from 1 to 256"));
		run_release(&r);
		assert_int_equal(options_parse_gtest_batch(bad[i], &v), -1);
		assert_int_equal(v, 5);
	}
}

/* ---- -n ---------------------------------------------------------------- */

static void options_parse__n_space_4__sets_a_count_of_4(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n", "4");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(r.o.numprocesses, 4);
	assert_int_equal(r.o.nsources, 0);
	run_release(&r);
}

static void options_parse__n4_attached__sets_a_count_of_4(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n4");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(r.o.numprocesses, 4);
	run_release(&r);
}

static void
options_parse__numprocesses_equals_8__sets_a_count_of_8(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--numprocesses=8");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(r.o.numprocesses, 8);
	run_release(&r);
}

static void options_parse__numprocesses_space_3__sets_a_count_of_3(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--numprocesses", "3");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(r.o.numprocesses, 3);
	run_release(&r);
}

static void options_parse__n_0__is_a_count_of_0(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n", "0");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(r.o.numprocesses, 0);
	run_release(&r);
}

static void options_parse__n_1024__is_accepted_as_the_maximum(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n", "1024");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(r.o.numprocesses, OPT_MAX_WORKERS);
	run_release(&r);
}

static void options_parse__n_auto_after_a_count__switches_to_auto(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n", "3", "-n", "auto");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_AUTO);
	run_release(&r);
}

static void options_parse__n_logical__sets_logical_mode(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n", "logical");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.numproc_mode, NUMPROC_LOGICAL);
	run_release(&r);
}

static void options_parse__n_abc__is_a_usage_error(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "-n", "abc");
	assert_int_equal(r.rc, -1);
	assert_string_equal(err_text(&r),
			    "-n: 'abc' is not a worker count from 0 to 1024, "
			    "'auto' or 'logical'");
	run_release(&r);
}

static void options_parse__n_minus_1__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "'-1'", "-n", "-1");
}

static void options_parse__n_0x10__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "'0x10'", "-n", "0x10");
}

static void options_parse__n_007__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "'007'", "-n", "007");
}

static void options_parse__n_100000__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "'100000'", "-n", "100000");
}

static void options_parse__n_1025__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "'1025'", "--numprocesses=1025");
}

static void options_parse__n_empty__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "''", "--numprocesses=");
}

static void options_parse__n_with_trailing_blank__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("-n", "'4 '", "-n", "4 ");
}

/* ---- --maxprocesses ---------------------------------------------------- */

static void options_parse__maxprocesses_4__caps_at_4(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--maxprocesses=4");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.maxprocesses, 4);
	run_release(&r);
}

static void options_parse__maxprocesses_0__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--maxprocesses", "'0'", "--maxprocesses=0");
}

static void options_parse__maxprocesses_abc__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--maxprocesses", "'abc'", "--maxprocesses", "abc");
}

static void options_parse__maxprocesses_1025__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--maxprocesses", "'1025'", "--maxprocesses=1025");
}

/* ---- --timeout-grace --------------------------------------------------- */

static void options_parse__timeout_grace_2_5__is_2500_ms(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--timeout-grace=2.5");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.timeout_grace_ms, 2500);
	run_release(&r);
}

static void options_parse__timeout_grace_0__is_0_ms(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--timeout-grace", "0");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.timeout_grace_ms, 0);
	run_release(&r);
}

static void options_parse__timeout_grace_abc__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--timeout-grace", "'abc'", "--timeout-grace=abc");
}

static void
options_parse__timeout_grace_negative__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--timeout-grace", "'-1'", "--timeout-grace", "-1");
}

static void
options_parse__timeout_grace_with_unit__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--timeout-grace", "'5s'", "--timeout-grace=5s");
}

static void
options_parse__timeout_grace_over_a_day__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--timeout-grace", "'86401'",
			   "--timeout-grace=86401");
}

/* ---- --max-output ------------------------------------------------------ */

static void options_parse__max_output_512k__is_512_kib(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--max-output=512k");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.max_output, 512 * 1024);
	run_release(&r);
}

static void options_parse__max_output_4M__is_4_mib(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--max-output", "4M");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.max_output, 4u << 20);
	run_release(&r);
}

static void options_parse__max_output_32M__is_the_largest_accepted(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--max-output=32M");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.max_output, 32u << 20);
	run_release(&r);
}

static void options_parse__max_output_1G__is_over_the_frame_limit(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--max-output=1G");
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err.data, "--max-output"));
	run_release(&r);
}

static void
options_parse__max_output_1024__is_the_smallest_accepted(void **state)
{
	struct run r;

	(void)state;
	PARSE(&r, "--max-output=1024");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.max_output, 1024);
	run_release(&r);
}

static void options_parse__max_output_1023__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--max-output", "'1023'", "--max-output=1023");
}

static void options_parse__max_output_0__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--max-output", "'0'", "--max-output=0");
}

static void options_parse__max_output_garbage__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--max-output", "'lots'", "--max-output=lots");
}

static void
options_parse__max_output_unknown_unit__is_a_usage_error(void **state)
{
	(void)state;
	ASSERT_USAGE_ERROR("--max-output", "'12T'", "--max-output", "12T");
}

/* ---- options_parse_count ----------------------------------------------- */

static void options_parse_count__in_range__sets_the_value(void **state)
{
	long v = -5;

	(void)state;
	assert_int_equal(options_parse_count("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(options_parse_count("10", 0, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(options_parse_count("7", 7, 7, &v), 0);
	assert_int_equal(v, 7);
}

static void options_parse_count__out_of_range__fails_and_keeps_out(void **state)
{
	long v = 42;

	(void)state;
	assert_int_equal(options_parse_count("11", 0, 10, &v), -1);
	assert_int_equal(options_parse_count("0", 1, 10, &v), -1);
	assert_int_equal(v, 42);
}

static void options_parse_count__not_plain_decimal__fails(void **state)
{
	static const char *const bad[] = {
		"",    "-1", "+1",  " 1",  "1 ",  "0x10",
		"007", "00", "1.0", "1e3", "abc", "1a",
	};
	long v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (options_parse_count(bad[i], 0, LONG_MAX, &v) != -1)
			fail_msg("'%s' was accepted", bad[i]);
	}
	assert_int_equal(v, 42);
}

static void options_parse_count__past_long_max__fails(void **state)
{
	long v = 42;

	(void)state;
	assert_int_equal(
		options_parse_count("99999999999999999999999", 0, LONG_MAX, &v),
		-1);
	assert_int_equal(v, 42);
}

/* ---- options_parse_seconds --------------------------------------------- */

static void
options_parse_seconds__whole_and_decimal__are_milliseconds(void **state)
{
	long long ms = -1;

	(void)state;
	assert_int_equal(options_parse_seconds("2", &ms), 0);
	assert_int_equal(ms, 2000);
	assert_int_equal(options_parse_seconds("1.5", &ms), 0);
	assert_int_equal(ms, 1500);
	assert_int_equal(options_parse_seconds("0.25", &ms), 0);
	assert_int_equal(ms, 250);
	assert_int_equal(options_parse_seconds("0.001", &ms), 0);
	assert_int_equal(ms, 1);
	assert_int_equal(options_parse_seconds("0", &ms), 0);
	assert_int_equal(ms, 0);
}

static void options_parse_bool__the_six_words__and_nothing_else(void **state)
{
	static const char *const words[] = {"1", "yes", "true",
					    "0", "no",	"false"};
	int i, v;

	(void)state;
	for (i = 0; i < 6; i++) {
		v = -1;
		assert_int_equal(options_parse_bool(words[i], &v), 0);
		assert_int_equal(v, i < 3);
	}
	v = 7;
	assert_int_equal(options_parse_bool("True", &v), -1);
	assert_int_equal(options_parse_bool("", &v), -1);
	assert_int_equal(options_parse_bool("on", &v), -1);
	assert_int_equal(v, 7);
}

static void options_parse_seconds__a_day__is_the_maximum(void **state)
{
	long long ms = -1;

	(void)state;
	assert_int_equal(options_parse_seconds("86400", &ms), 0);
	assert_int_equal(ms, 86400LL * 1000);
	assert_int_equal(options_parse_seconds("86400.001", &ms), -1);
	assert_int_equal(options_parse_seconds("86401", &ms), -1);
}

static void
options_parse_seconds__huge_number__fails_without_overflow(void **state)
{
	long long ms = -1;

	(void)state;
	assert_int_equal(
		options_parse_seconds("99999999999999999999999999", &ms), -1);
	assert_int_equal(ms, -1);
}

static void options_parse_seconds__not_a_number__fails(void **state)
{
	static const char *const bad[] = {
		"",   ".",   "-1",  "+1",  " 1",    "1 ",
		"1s", "1e3", "1,5", "abc", "1.2.3", "0x10",
	};
	long long ms = -7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (options_parse_seconds(bad[i], &ms) != -1)
			fail_msg("'%s' was accepted", bad[i]);
	}
	assert_int_equal(ms, -7);
}

/* ---- options_parse_size ------------------------------------------------ */

static void options_parse_size__suffixes__are_powers_of_1024(void **state)
{
	size_t v = 0;

	(void)state;
	assert_int_equal(options_parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(options_parse_size("64k", &v), 0);
	assert_int_equal(v, 64 * 1024);
	assert_int_equal(options_parse_size("64K", &v), 0);
	assert_int_equal(v, 64 * 1024);
	assert_int_equal(options_parse_size("2M", &v), 0);
	assert_int_equal(v, 2u << 20);
	assert_int_equal(options_parse_size("2m", &v), 0);
	assert_int_equal(v, 2u << 20);
	assert_int_equal(options_parse_size("1G", &v), 0);
	assert_int_equal(v, 1u << 30);
	assert_int_equal(options_parse_size("0", &v), 0);
	assert_int_equal(v, 0);
}

static void options_parse_size__garbage__fails(void **state)
{
	static const char *const bad[] = {
		"",    "k",   "-1",  "+1", " 1k", "1k ",  "1 k", "1.5M",
		"12q", "1kk", "1k2", "1T", "abc", "0x10", "1Mx",
	};
	size_t v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (options_parse_size(bad[i], &v) != -1)
			fail_msg("'%s' was accepted", bad[i]);
	}
	assert_int_equal(v, 42);
}

static void options_parse_size__one_tib__is_the_maximum(void **state)
{
	size_t v = 0;

	(void)state;
	assert_int_equal(options_parse_size("1024G", &v), 0);
	assert_int_equal(v, (size_t)1 << 40);
	assert_int_equal(options_parse_size("1025G", &v), -1);
	assert_int_equal(options_parse_size("1099511627777", &v), -1);
}

/*
 * BUG (reported): the digits are bounded by 2^40 but v * mul is not checked
 * for overflow: 17179869185G is (2^34 + 1) * 2^30 = 2^64 + 2^30, which wraps
 * to 2^30 and is accepted as 1G (and --max-output=17179869184G as 0).
 */
static void options_parse_size__gigabytes_wrapping_64_bits__fail(void **state)
{
	size_t v = 42;

	(void)state;
	assert_int_equal(options_parse_size("17179869185G", &v), -1);
	assert_int_equal(options_parse_size("17179869184G", &v), -1);
	assert_int_equal(v, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_parse__n_space_4__sets_a_count_of_4),
		cmocka_unit_test(options_parse__n4_attached__sets_a_count_of_4),
		cmocka_unit_test(
			options_parse__numprocesses_equals_8__sets_a_count_of_8),
		cmocka_unit_test(
			options_parse__numprocesses_space_3__sets_a_count_of_3),
		cmocka_unit_test(options_parse__n_0__is_a_count_of_0),
		cmocka_unit_test(
			options_parse__n_1024__is_accepted_as_the_maximum),
		cmocka_unit_test(
			options_parse__n_auto_after_a_count__switches_to_auto),
		cmocka_unit_test(options_parse__n_logical__sets_logical_mode),
		cmocka_unit_test(options_parse__n_abc__is_a_usage_error),
		cmocka_unit_test(
			options_parse__gtest_batch__auto_is_0_a_number_is_itself),
		cmocka_unit_test(
			options_parse__gtest_batch_bad__is_a_usage_error),
		cmocka_unit_test(options_parse__n_minus_1__is_a_usage_error),
		cmocka_unit_test(options_parse__n_0x10__is_a_usage_error),
		cmocka_unit_test(options_parse__n_007__is_a_usage_error),
		cmocka_unit_test(options_parse__n_100000__is_a_usage_error),
		cmocka_unit_test(options_parse__n_1025__is_a_usage_error),
		cmocka_unit_test(options_parse__n_empty__is_a_usage_error),
		cmocka_unit_test(
			options_parse__n_with_trailing_blank__is_a_usage_error),
		cmocka_unit_test(options_parse__maxprocesses_4__caps_at_4),
		cmocka_unit_test(
			options_parse__maxprocesses_0__is_a_usage_error),
		cmocka_unit_test(
			options_parse__maxprocesses_abc__is_a_usage_error),
		cmocka_unit_test(
			options_parse__maxprocesses_1025__is_a_usage_error),
		cmocka_unit_test(options_parse__timeout_grace_2_5__is_2500_ms),
		cmocka_unit_test(options_parse__timeout_grace_0__is_0_ms),
		cmocka_unit_test(
			options_parse__timeout_grace_abc__is_a_usage_error),
		cmocka_unit_test(
			options_parse__timeout_grace_negative__is_a_usage_error),
		cmocka_unit_test(
			options_parse__timeout_grace_with_unit__is_a_usage_error),
		cmocka_unit_test(
			options_parse__timeout_grace_over_a_day__is_a_usage_error),
		cmocka_unit_test(options_parse__max_output_512k__is_512_kib),
		cmocka_unit_test(options_parse__max_output_4M__is_4_mib),
		cmocka_unit_test(
			options_parse__max_output_32M__is_the_largest_accepted),
		cmocka_unit_test(
			options_parse__max_output_1G__is_over_the_frame_limit),
		cmocka_unit_test(
			options_parse__max_output_1024__is_the_smallest_accepted),
		cmocka_unit_test(
			options_parse__max_output_1023__is_a_usage_error),
		cmocka_unit_test(options_parse__max_output_0__is_a_usage_error),
		cmocka_unit_test(
			options_parse__max_output_garbage__is_a_usage_error),
		cmocka_unit_test(
			options_parse__max_output_unknown_unit__is_a_usage_error),
		cmocka_unit_test(options_parse_count__in_range__sets_the_value),
		cmocka_unit_test(
			options_parse_count__out_of_range__fails_and_keeps_out),
		cmocka_unit_test(options_parse_count__not_plain_decimal__fails),
		cmocka_unit_test(options_parse_count__past_long_max__fails),
		cmocka_unit_test(
			options_parse_seconds__whole_and_decimal__are_milliseconds),
		cmocka_unit_test(options_parse_seconds__a_day__is_the_maximum),
		cmocka_unit_test(
			options_parse_bool__the_six_words__and_nothing_else),
		cmocka_unit_test(
			options_parse_seconds__huge_number__fails_without_overflow),
		cmocka_unit_test(options_parse_seconds__not_a_number__fails),
		cmocka_unit_test(
			options_parse_size__suffixes__are_powers_of_1024),
		cmocka_unit_test(options_parse_size__garbage__fails),
		cmocka_unit_test(options_parse_size__one_tib__is_the_maximum),
		cmocka_unit_test(
			options_parse_size__gigabytes_wrapping_64_bits__fail),
	};

	return cmocka_run_group_tests_name("options_values", tests, NULL, NULL);
}
