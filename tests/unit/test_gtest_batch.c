/*
 * Unit tests for launcher/core/gtest_batch.[ch]: several cases of one
 * GoogleTest binary in one process, and that process's output read back
 * into each case's outcome, output and time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gtest_batch.h"

/* What gtest prints for a skip, a pass and a failure of one batch. */
static const char three[] =
	"Running main() from gtest_main.cc\n"
	"[==========] Running 3 tests from 2 test suites.\n"
	"[----------] Global test environment set-up.\n"
	"[----------] 1 test from SkipTest\n"
	"[ RUN      ] SkipTest.DoesSkip\n"
	"t.cc:38: Skipped\n"
	"skipping single test\n"
	"[  SKIPPED ] SkipTest.DoesSkip (0 ms)\n"
	"[----------] 1 test from SkipTest (0 ms total)\n"
	"\n"
	"[----------] 2 tests from Inst/Param\n"
	"[ RUN      ] Inst/Param.Works/0\n"
	"[       OK ] Inst/Param.Works/0 (12 ms)\n"
	"[ RUN      ] Inst/Param.Works/1\n"
	"t.cc:50: Failure\n"
	"Expected equality of these values:\n"
	"[  FAILED  ] Inst/Param.Works/1, where GetParam() = 4 (3 ms)\n"
	"[----------] 2 tests from Inst/Param (15 ms total)\n"
	"\n"
	"[==========] 3 tests from 2 test suites ran. (15 ms total)\n"
	"[  PASSED  ] 1 test.\n"
	"[  FAILED  ] 1 test, listed below:\n"
	"[  FAILED  ] Inst/Param.Works/1, where GetParam() = 4\n";

static const char *names3[] = {"Inst/Param.Works/0", "SkipTest.DoesSkip",
			       "Inst/Param.Works/1"};

/* The output of case c of out, as a fresh string. */
static char *output_of(const char *out, const struct gtest_batch_case *c)
{
	char *s = malloc(c->len + 1);

	memcpy(s, out + c->off, c->len);
	s[c->len] = '\0';
	return s;
}

static void check_output(const char *out, const struct gtest_batch_case *c,
			 const char *want)
{
	char *got = output_of(out, c);

	assert_string_equal(got, want);
	free(got);
}

static void gtest_batch_read__each_outcome__is_its_cases(void **state)
{
	struct gtest_batch_case c[3];

	(void)state;
	assert_int_equal(gtest_batch_read(three, strlen(three), names3, 3, c),
			 3);
	assert_int_equal(c[0].status, GTEST_BATCH_PASSED);
	assert_int_equal(c[0].ms, 12);
	assert_int_equal(c[1].status, GTEST_BATCH_SKIPPED);
	assert_int_equal(c[1].ms, 0);
	assert_int_equal(c[2].status, GTEST_BATCH_FAILED);
	assert_int_equal(c[2].ms, 3);
	check_output(three, &c[0],
		     "[ RUN      ] Inst/Param.Works/0\n"
		     "[       OK ] Inst/Param.Works/0 (12 ms)\n");
	check_output(three, &c[1],
		     "[ RUN      ] SkipTest.DoesSkip\n"
		     "t.cc:38: Skipped\n"
		     "skipping single test\n"
		     "[  SKIPPED ] SkipTest.DoesSkip (0 ms)\n");
	check_output(three, &c[2],
		     "[ RUN      ] Inst/Param.Works/1\n"
		     "t.cc:50: Failure\n"
		     "Expected equality of these values:\n"
		     "[  FAILED  ] Inst/Param.Works/1, where GetParam() = 4 "
		     "(3 ms)\n");
}

static void
gtest_batch_read__crash_mid_batch__unfinished_then_not_run(void **state)
{
	static const char out[] = "[ RUN      ] A.One\n"
				  "[       OK ] A.One (1 ms)\n"
				  "[ RUN      ] A.Two\n"
				  "about to crash\n"
				  "Segmentation fault";
	const char *names[] = {"A.One", "A.Two", "A.Three"};
	struct gtest_batch_case c[3];

	(void)state;
	assert_int_equal(gtest_batch_read(out, strlen(out), names, 3, c), 2);
	assert_int_equal(c[0].status, GTEST_BATCH_PASSED);
	assert_int_equal(c[1].status, GTEST_BATCH_UNFINISHED);
	assert_int_equal(c[1].ms, -1);
	check_output(out, &c[1],
		     "[ RUN      ] A.Two\nabout to crash\nSegmentation fault");
	assert_int_equal(c[2].status, GTEST_BATCH_NOT_RUN);
	assert_int_equal(c[2].off, 0);
	assert_int_equal(c[2].len, 0);
}

static void gtest_batch_read__names_are_whole__prefix_does_not_end(void **state)
{
	/* A.On's end line is not A.One's, nor is the summary's. */
	static const char out[] = "[ RUN      ] A.One\n"
				  "[       OK ] A.On (1 ms)\n"
				  "[  FAILED  ] A.Oner (1 ms)\n"
				  "[  FAILED  ] A.One\r\n";
	const char *names[] = {"A.One"};
	struct gtest_batch_case c[1];

	(void)state;
	assert_int_equal(gtest_batch_read(out, strlen(out), names, 1, c), 1);
	assert_int_equal(c[0].status, GTEST_BATCH_FAILED);
	assert_int_equal(c[0].ms, -1);
	assert_int_equal(c[0].len, strlen(out));
}

static void
gtest_batch_read__end_after_output_without_newline__ends(void **state)
{
	/* "progress: 100%" has no newline: gtest's end line follows it on
	   the same line. */
	static const char out[] = "[ RUN      ] B.Prints\n"
				  "progress: 100%[       OK ] B.Prints (3 ms)\n"
				  "[ RUN      ] B.Fails\n"
				  "x[  FAILED  ] B.Fails (1 ms)\n";
	const char *names[] = {"B.Prints", "B.Fails"};
	struct gtest_batch_case c[2];

	(void)state;
	assert_int_equal(gtest_batch_read(out, strlen(out), names, 2, c), 2);
	assert_int_equal(c[0].status, GTEST_BATCH_PASSED);
	assert_int_equal(c[0].ms, 3);
	check_output(out, &c[0],
		     "[ RUN      ] B.Prints\n"
		     "progress: 100%[       OK ] B.Prints (3 ms)\n");
	assert_int_equal(c[1].status, GTEST_BATCH_FAILED);
	assert_int_equal(c[1].ms, 1);
}

static void gtest_batch_read__summary_and_strangers__end_nothing(void **state)
{
	/* The summary names a case after it ended; a RUN line of a case not
	   asked for, or run twice, ends the running one unfinished. */
	static const char out[] = "[  FAILED  ] A.One (1 ms)\n"
				  "[ RUN      ] A.One\n"
				  "[ RUN      ] Other.Case\n"
				  "[       OK ] A.One (1 ms)\n"
				  "[ RUN      ] A.Two\n"
				  "[       OK ] A.Two (2 ms)\n"
				  "[ RUN      ] A.Two\n"
				  "[  FAILED  ] A.Two (2 ms)\n";
	const char *names[] = {"A.One", "A.Two"};
	struct gtest_batch_case c[2];

	(void)state;
	assert_int_equal(gtest_batch_read(out, strlen(out), names, 2, c), 2);
	assert_int_equal(c[0].status, GTEST_BATCH_UNFINISHED);
	check_output(out, &c[0], "[ RUN      ] A.One\n");
	assert_int_equal(c[1].status, GTEST_BATCH_PASSED);
	assert_int_equal(c[1].ms, 2);
}

static void gtest_batch_read__no_output__nothing_ran(void **state)
{
	const char *names[] = {"A.One"};
	struct gtest_batch_case c[1];

	(void)state;
	assert_int_equal(gtest_batch_read("", 0, names, 1, c), 0);
	assert_int_equal(c[0].status, GTEST_BATCH_NOT_RUN);
	assert_int_equal(gtest_batch_read("[ RUN      ]\n[ RUN      ] \n", 27,
					  names, 1, c),
			 0);
}

static void
gtest_batch_args__names__one_filter_then_reporting_flags(void **state)
{
	struct buf b = BUF_INIT;
	const char *names[] = {"A.One", "Inst/P.T/0"};
	const char *p;

	(void)state;
	assert_int_equal(gtest_batch_args(&b, names, 0), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(gtest_batch_args(&b, names, 2), 3);
	p = b.data;
	assert_string_equal(p, "--gtest_filter=A.One:Inst/P.T/0");
	p += strlen(p) + 1;
	assert_string_equal(p, "--gtest_brief=0");
	p += strlen(p) + 1;
	assert_string_equal(p, "--gtest_print_time=1");
	p += strlen(p) + 1;
	assert_int_equal((size_t)(p - b.data), b.len);
	buf_release(&b);
}

/* gtest_batch_argv_ok of line split on blanks into argv. */
static int argv_ok(const char *line)
{
	char *copy = strdup(line), *argv[8], *save = NULL, *w;
	size_t n = 0;
	int ok;

	for (w = strtok_r(copy, " ", &save); w && n < 7;
	     w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	argv[n] = NULL;
	ok = gtest_batch_argv_ok(argv);
	free(copy);
	return ok;
}

static void gtest_batch_argv_ok__repeat_or_stop_flags__refused(void **state)
{
	(void)state;
	assert_true(argv_ok("./t --gtest_color=no"));
	assert_false(argv_ok("./t --gtest_repeat=3"));
	assert_false(argv_ok("./t -v --gtest_fail_fast"));
	assert_false(argv_ok("./t --gtest_break_on_failure=1"));
	assert_false(argv_ok("./t --gtest_throw_on_failure"));
	assert_true(argv_ok("./t --gtest_repeater"));
	/* argv[0] is the program, whatever its name. */
	assert_true(argv_ok("--gtest_repeat=2"));
}

/* A fake environment for gtest_batch_env_ok: "NAME=VALUE\0..." */
static const char *fake_env;

static char *fake_getenv(const char *name)
{
	const char *p;
	size_t n = strlen(name);

	for (p = fake_env; *p; p += strlen(p) + 1)
		if (!strncmp(p, name, n) && p[n] == '=')
			return (char *)(p + n + 1);
	return NULL;
}

static void gtest_batch_env_ok__repeat_or_stop_variables__refused(void **state)
{
	(void)state;
	fake_env = "PATH=/bin\0";
	assert_true(gtest_batch_env_ok(fake_getenv));
	fake_env = "GTEST_REPEAT=1\0GTEST_FAIL_FAST=0\0";
	assert_true(gtest_batch_env_ok(fake_getenv));
	fake_env = "GTEST_REPEAT=2\0";
	assert_false(gtest_batch_env_ok(fake_getenv));
	fake_env = "GTEST_FAIL_FAST=1\0";
	assert_false(gtest_batch_env_ok(fake_getenv));
	fake_env = "GTEST_BREAK_ON_FAILURE=\0";
	assert_false(gtest_batch_env_ok(fake_getenv));
	fake_env = "GTEST_THROW_ON_FAILURE=yes\0";
	assert_false(gtest_batch_env_ok(fake_getenv));
}

static void gtest_batch_plain__attributes_and_long_cases__alone(void **state)
{
	struct test_attrs a;
	struct test t;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.gtest = TEST_GTEST_CASE;
	assert_true(gtest_batch_plain(&t, -1));
	assert_true(gtest_batch_plain(&t, GTEST_BATCH_LONG_NS - 1));
	assert_false(gtest_batch_plain(&t, GTEST_BATCH_LONG_NS));
	memcpy(&a, test_attrs_of(&t), sizeof(a));
	t.attrs = &a;
	assert_true(gtest_batch_plain(&t, -1));
	a.lock = strdup("db");
	assert_false(gtest_batch_plain(&t, -1));
	free(a.lock);
	a.lock = NULL;
	a.exclusive = 1;
	assert_false(gtest_batch_plain(&t, -1));
	a.exclusive = 0;
	a.xfail = strdup("");
	assert_false(gtest_batch_plain(&t, -1));
	free(a.xfail);
	a.xfail = NULL;
	a.timeout_ms = 5000;
	assert_false(gtest_batch_plain(&t, -1));
	a.timeout_ms = -1;
	a.tap = 1;
	assert_false(gtest_batch_plain(&t, -1));
	a.tap = 0;
	t.attrs = NULL;
	t.gtest = TEST_GTEST_NO;
	assert_false(gtest_batch_plain(&t, -1));
}

static void gtest_batch_auto__pending_over_workers__bounded(void **state)
{
	(void)state;
	assert_int_equal(gtest_batch_auto(0, 2), 1);
	assert_int_equal(gtest_batch_auto(7, 2), 1);
	assert_int_equal(gtest_batch_auto(80, 2), 10);
	assert_int_equal(gtest_batch_auto(80, 0), 20);
	assert_int_equal(gtest_batch_auto(1000000, 2), GTEST_BATCH_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gtest_batch_read__each_outcome__is_its_cases),
		cmocka_unit_test(
			gtest_batch_read__crash_mid_batch__unfinished_then_not_run),
		cmocka_unit_test(
			gtest_batch_read__names_are_whole__prefix_does_not_end),
		cmocka_unit_test(
			gtest_batch_read__summary_and_strangers__end_nothing),
		cmocka_unit_test(gtest_batch_read__no_output__nothing_ran),
		cmocka_unit_test(
			gtest_batch_env_ok__repeat_or_stop_variables__refused),
		cmocka_unit_test(
			gtest_batch_read__end_after_output_without_newline__ends),
		cmocka_unit_test(
			gtest_batch_args__names__one_filter_then_reporting_flags),
		cmocka_unit_test(
			gtest_batch_argv_ok__repeat_or_stop_flags__refused),
		cmocka_unit_test(
			gtest_batch_plain__attributes_and_long_cases__alone),
		cmocka_unit_test(
			gtest_batch_auto__pending_over_workers__bounded),
	};

	return cmocka_run_group_tests_name("gtest_batch", tests, NULL, NULL);
}
