/*
 * Unit tests for launcher/core/gtest_cases.[ch]: the tests --split=gtest
 * makes of a GoogleTest binary's listing, and of one whose listing failed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gtest_cases.h"

/* The binary as a list line, parsed: its test and argv. */
struct bin {
	struct testlist l;
	char **argv;
};

static void bin_of(struct bin *b, const char *line)
{
	struct buf err = BUF_INIT;

	testlist_init(&b->l);
	assert_int_equal(
		testlist_parse(&b->l, "t.list", line, strlen(line), &err), 0);
	assert_int_equal(b->l.n, 1);
	b->argv = test_argv(&b->l.v[0]);
	buf_release(&err);
}

static void bin_release(struct bin *b)
{
	free(b->argv);
	testlist_release(&b->l);
}

static void listing(struct gtest_list *g, const char *text)
{
	gtest_list_init(g);
	gtest_parse_list(text, strlen(text), g);
}

static void gtest_cases_add__each_case__is_a_test_with_its_filter(void **state)
{
	struct bin b;
	struct gtest_list g;
	struct testlist out;
	size_t disabled = 0;

	(void)state;
	bin_of(&b, "build/unit_tests --gtest_brief=1 #@ timeout=5 marks=slow "
		   "scope=ignored\n");
	listing(&g,
		"Parser.\n  Empty\nInst/Sizes.\n  Pos/0  # GetParam() = 1\n");
	testlist_init(&out);
	assert_int_equal(
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, &disabled), 2);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0].id, "build/unit_tests::Parser.Empty");
	assert_string_equal(out.v[0].cmd, "build/unit_tests --gtest_brief=1 "
					  "--gtest_filter=Parser.Empty");
	assert_true(out.v[0].split);
	assert_false(out.v[0].shell);
	assert_int_equal(out.v[0].gtest, TEST_GTEST_CASE);
	assert_string_equal(out.v[0].attrs->scope, "Parser");
	assert_string_equal(out.v[0].attrs->marks, "slow");
	assert_int_equal(out.v[0].attrs->timeout_ms, 5000);
	assert_string_equal(out.v[1].id, "build/unit_tests::Inst/Sizes.Pos/0");
	assert_string_equal(out.v[1].attrs->scope, "Inst/Sizes");
	/* Its file is the binary, whatever its arguments. */
	{
		char *f = test_file(&out.v[1]);

		assert_string_equal(f, "build/unit_tests");
		free(f);
	}
	assert_int_equal(disabled, 0);
	testlist_release(&out);
	gtest_list_release(&g);
	bin_release(&b);
}

static void gtest_cases_add__name_attribute__is_the_program_part(void **state)
{
	struct bin b;
	struct gtest_list g;
	struct testlist out;
	size_t disabled = 0;

	(void)state;
	bin_of(&b, "./t -v #@ name=unit\n");
	listing(&g, "S.\n  N\n");
	testlist_init(&out);
	gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, &disabled);
	assert_string_equal(out.v[0].id, "unit::S.N");
	assert_string_equal(out.v[0].cmd, "./t -v --gtest_filter=S.N");
	testlist_release(&out);
	gtest_list_release(&g);
	bin_release(&b);
}

static void gtest_cases_add__disabled__left_out_unless_asked(void **state)
{
	struct bin b;
	struct gtest_list g;
	struct testlist out;
	size_t disabled = 0;

	(void)state;
	bin_of(&b, "./t\n");
	listing(&g, "DISABLED_S.\n  A\nS.\n  DISABLED_B\n  C\n");
	testlist_init(&out);
	assert_int_equal(
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, &disabled), 1);
	assert_int_equal(disabled, 2);
	assert_string_equal(out.v[0].id, "./t::S.C");
	testlist_release(&out);

	disabled = 0;
	testlist_init(&out);
	assert_int_equal(
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 1, &disabled), 3);
	assert_int_equal(disabled, 0);
	assert_string_equal(out.v[0].cmd, "./t --gtest_filter=DISABLED_S.A "
					  "--gtest_also_run_disabled_tests");
	assert_string_equal(out.v[2].cmd, "./t --gtest_filter=S.C");
	testlist_release(&out);
	gtest_list_release(&g);
	bin_release(&b);

	/* The line's own flag asks for them too, and is not repeated. */
	bin_of(&b, "./t --gtest_also_run_disabled_tests\n");
	listing(&g, "S.\n  DISABLED_B\n");
	testlist_init(&out);
	assert_int_equal(
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, &disabled), 1);
	assert_string_equal(out.v[0].cmd, "./t --gtest_also_run_disabled_tests "
					  "--gtest_filter=S.DISABLED_B");
	testlist_release(&out);
	gtest_list_release(&g);
	bin_release(&b);
}

static void gtest_cases_listing_failed__keeps_the_id_and_lists(void **state)
{
	struct bin b;
	struct testlist out;
	char **v;

	(void)state;
	bin_of(&b, "./t -v #@ lock=db\n");
	testlist_init(&out);
	gtest_cases_listing_failed(&out, &b.l.v[0], b.argv);
	assert_string_equal(out.v[0].id, "./t -v");
	assert_string_equal(out.v[0].cmd, "./t --gtest_list_tests -v");
	assert_int_equal(out.v[0].gtest, TEST_GTEST_LISTING);
	assert_string_equal(out.v[0].attrs->lock, "db");
	v = gtest_cases_list_argv(b.argv);
	assert_string_equal(v[1], "--gtest_list_tests");
	assert_string_equal(v[2], "-v");
	assert_null(v[3]);
	free(v);
	testlist_release(&out);
	bin_release(&b);
}

static void gtest_cases_wanted__attribute_wins_over_the_option(void **state)
{
	struct bin yes, no, plain;

	(void)state;
	bin_of(&yes, "./t #@ split=gtest\n");
	bin_of(&no, "./t #@ split=no\n");
	bin_of(&plain, "./t\n");
	assert_true(gtest_cases_wanted(&yes.l.v[0], SPLIT_NONE));
	assert_false(gtest_cases_wanted(&no.l.v[0], SPLIT_GTEST));
	assert_true(gtest_cases_wanted(&plain.l.v[0], SPLIT_GTEST));
	assert_false(gtest_cases_wanted(&plain.l.v[0], SPLIT_NONE));
	bin_release(&yes);
	bin_release(&no);
	bin_release(&plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			gtest_cases_add__each_case__is_a_test_with_its_filter),
		cmocka_unit_test(
			gtest_cases_add__name_attribute__is_the_program_part),
		cmocka_unit_test(
			gtest_cases_add__disabled__left_out_unless_asked),
		cmocka_unit_test(
			gtest_cases_listing_failed__keeps_the_id_and_lists),
		cmocka_unit_test(
			gtest_cases_wanted__attribute_wins_over_the_option),
	};

	return cmocka_run_group_tests_name("gtest_cases", tests, NULL, NULL);
}
