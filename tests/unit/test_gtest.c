/*
 * Unit tests for launcher/core/gtest.[ch]: a GoogleTest binary's listing
 * (--gtest_list_tests), and a case's output read for a skip or a failed
 * assertion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "gtest.h"

/* The cases of text as "Suite.Name" lines, a '!' before a disabled one. */
static void check_list(const char *text, const char *want)
{
	struct gtest_list l;
	struct buf got = BUF_INIT;
	size_t i, n;

	gtest_list_init(&l);
	n = gtest_parse_list(text, strlen(text), &l);
	assert_int_equal(n, l.n);
	for (i = 0; i < l.n; i++)
		buf_addf(&got, "%s%s.%s\n", l.v[i].disabled ? "!" : "",
			 l.v[i].suite, l.v[i].name);
	assert_string_equal(got.data ? got.data : "", want);
	buf_release(&got);
	gtest_list_release(&l);
}

static void gtest_parse_list__plain_suites__give_suite_dot_name(void **state)
{
	(void)state;
	check_list("Parser.\n  EmptyInput\n  Nested\nLexer.\n  Words\n",
		   "Parser.EmptyInput\nParser.Nested\nLexer.Words\n");
	check_list("", "");
}

static void
gtest_parse_list__typed_and_parameterised__drop_comments(void **state)
{
	(void)state;
	check_list("TypedTest/0.  # TypeParam = int\n"
		   "  Adds\n"
		   "TypedTest/1.  # TypeParam = char\n"
		   "  Adds\n"
		   "Inst/ValueTest.\n"
		   "  Holds/0  # GetParam() = 4\n"
		   "  Holds/1  # GetParam() = \"a # b\"\n",
		   "TypedTest/0.Adds\nTypedTest/1.Adds\n"
		   "Inst/ValueTest.Holds/0\nInst/ValueTest.Holds/1\n");
}

static void
gtest_parse_list__disabled_suites_and_tests__are_marked(void **state)
{
	(void)state;
	check_list("DISABLED_Slow.\n  Big\n"
		   "Fast.\n  DISABLED_Broken\n  Fine\n"
		   "Inst/DISABLED_Param.\n  Case/0  # GetParam() = 1\n",
		   "!DISABLED_Slow.Big\n!Fast.DISABLED_Broken\nFast.Fine\n"
		   "!Inst/DISABLED_Param.Case/0\n");
	assert_true(gtest_disabled("DISABLED_x"));
	assert_true(gtest_disabled("Inst/DISABLED_x"));
	assert_false(gtest_disabled("NOT_DISABLED_x"));
}

static void gtest_parse_list__crlf_lines__are_read_as_lf(void **state)
{
	(void)state;
	check_list("Suite.\r\n  A\r\n  B  # GetParam() = 1\r\n",
		   "Suite.A\nSuite.B\n");
}

static void gtest_parse_list__garbage__is_ignored(void **state)
{
	(void)state;
	check_list("Running main() from gmock_main.cc\n"
		   "  indented before any suite\n"
		   "Suite.\n  A\n"
		   "warning: something. else\n"
		   "  B extra words\n"
		   "  C\n"
		   "   D\n"
		   "  E.\n"
		   ".\n"
		   "  F",
		   "Suite.A\nSuite.C\nSuite.F\n");
	check_list("usage: prog [options]\n  -h  help\n", "");
	check_list("\x01\xff.\n  \xfe\n", "");
}

static void check_skip(const char *text, int want, const char *reason)
{
	const char *r;
	size_t len;

	assert_int_equal(gtest_skipped(text, strlen(text), &r, &len), want);
	if (!reason) {
		assert_null(r);
		return;
	}
	assert_non_null(r);
	assert_int_equal(len, strlen(reason));
	assert_memory_equal(r, reason, len);
}

static void gtest_skipped__skipped_line__gives_the_message(void **state)
{
	(void)state;
	check_skip("[ RUN      ] S.N\n"
		   "t.cc:9: Skipped\n"
		   "no network here\n"
		   "\n"
		   "[  SKIPPED ] S.N (0 ms)\n"
		   "[  SKIPPED ] 1 test, listed below:\n",
		   1, "no network here");
	check_skip("[ RUN      ] S.N\nt.cc:9: Skipped\n\n"
		   "[  SKIPPED ] S.N (0 ms)\n",
		   1, NULL);
	check_skip("t.cc:9: Skipped\r\ntwo\r\nlines\r\n[  SKIPPED ] S.N\r\n", 1,
		   "two\r\nlines");
}

static void gtest_skipped__passing_output__is_0(void **state)
{
	(void)state;
	check_skip("[ RUN      ] S.N\n[       OK ] S.N (0 ms)\n"
		   "[  PASSED  ] 1 test.\n",
		   0, NULL);
	check_skip("  [  SKIPPED ] S.N\n", 0, NULL);
	check_skip("", 0, NULL);
}

static void check_failure(const char *text, const char *want)
{
	struct buf msg = BUF_INIT;
	int r = gtest_failure_message(text, strlen(text), &msg);

	assert_int_equal(r, want != NULL);
	assert_string_equal(msg.data ? msg.data : "", want ? want : "");
	buf_release(&msg);
}

static void gtest_failure_message__assertion__is_one_line(void **state)
{
	(void)state;
	check_failure("[ RUN      ] Calc.Adds\n"
		      "calc.cc:12: Failure\n"
		      "Expected equality of these values:\n"
		      "  add(2, 2)\n"
		      "    Which is: 5\n"
		      "  4\n"
		      "\n"
		      "[  FAILED  ] Calc.Adds (0 ms)\n",
		      "calc.cc:12: Expected equality of these values: "
		      "add(2, 2) Which is: 5 4");
	check_failure("a.cc:3: Failure\r\nValue of: ok\r\n  Actual: false\r\n"
		      "a.cc:4: Failure\nsecond\n",
		      "a.cc:3: Value of: ok Actual: false");
	/* A suite's teardown fails after the case's own lines. */
	check_failure("[       OK ] S.N (0 ms)\n"
		      "s.cc:7: Failure\n"
		      "Expected: (n) >= (2), actual: 1 vs 2\n"
		      "[----------] 1 test from S (0 ms total)\n"
		      "\n[----------] Global test environment tear-down\n",
		      "s.cc:7: Expected: (n) >= (2), actual: 1 vs 2");
}

static void gtest_failure_message__long_or_absent__is_bounded(void **state)
{
	char big[2000];

	(void)state;
	memset(big, 'x', sizeof(big));
	memcpy(big, "b.cc:1: Failure\n", 16);
	big[sizeof(big) - 1] = '\0';
	{
		struct buf msg = BUF_INIT;

		assert_int_equal(gtest_failure_message(big, strlen(big), &msg),
				 1);
		assert_int_equal(msg.len, GTEST_MESSAGE_MAX);
		assert_memory_equal(msg.data + msg.len - 3, "...", 3);
		buf_release(&msg);
	}
	check_failure("[ RUN      ] S.N\nSegmentation fault\n", NULL);
	check_failure("Failure\n", NULL);
}

static void gtest_split_parse__known_modes__only(void **state)
{
	enum split_mode m;

	(void)state;
	assert_int_equal(gtest_split_parse("gtest", &m), 0);
	assert_int_equal(m, SPLIT_GTEST);
	assert_int_equal(gtest_split_parse("no", &m), 0);
	assert_int_equal(m, SPLIT_NONE);
	assert_int_equal(gtest_split_parse("GTest", &m), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			gtest_parse_list__plain_suites__give_suite_dot_name),
		cmocka_unit_test(
			gtest_parse_list__typed_and_parameterised__drop_comments),
		cmocka_unit_test(
			gtest_parse_list__disabled_suites_and_tests__are_marked),
		cmocka_unit_test(gtest_parse_list__crlf_lines__are_read_as_lf),
		cmocka_unit_test(gtest_parse_list__garbage__is_ignored),
		cmocka_unit_test(
			gtest_skipped__skipped_line__gives_the_message),
		cmocka_unit_test(gtest_skipped__passing_output__is_0),
		cmocka_unit_test(gtest_failure_message__assertion__is_one_line),
		cmocka_unit_test(
			gtest_failure_message__long_or_absent__is_bounded),
		cmocka_unit_test(gtest_split_parse__known_modes__only),
	};

	return cmocka_run_group_tests_name("gtest", tests, NULL, NULL);
}
