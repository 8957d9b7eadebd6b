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
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, 0, &disabled),
		2);
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
	gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, 0, &disabled);
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
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, 0, &disabled),
		1);
	assert_int_equal(disabled, 2);
	assert_string_equal(out.v[0].id, "./t::S.C");
	testlist_release(&out);

	disabled = 0;
	testlist_init(&out);
	assert_int_equal(
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 1, 0, &disabled),
		3);
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
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, 0, &disabled),
		1);
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

static void gtest_cases_shared__same_program__on_both_lines(void **state)
{
	/* ./unit twice and a named line that runs it too: the two unnamed
	   lines share, wherever they are; the named one and ./other not. */
	const char *programs[] = {"./unit", NULL, "./other", "./unit", "unit"};
	unsigned char shared[5];

	(void)state;
	memset(shared, 7, sizeof(shared));
	gtest_cases_shared(programs, 5, shared);
	assert_int_equal(shared[0], 1);
	assert_int_equal(shared[1], 0);
	assert_int_equal(shared[2], 0);
	assert_int_equal(shared[3], 1);
	assert_int_equal(shared[4], 0);
}

static void gtest_cases_shared__order__does_not_matter(void **state)
{
	const char *a[] = {"./b", "./a", "./b", "./a", "./c"};
	const char *b[] = {"./c", "./a", "./b", "./a", "./b"};
	static const unsigned char wa[] = {1, 1, 1, 1, 0},
				   wb[] = {0, 1, 1, 1, 1};
	unsigned char sa[5], sb[5];

	(void)state;
	gtest_cases_shared(a, 5, sa);
	gtest_cases_shared(b, 5, sb);
	assert_memory_equal(sa, wa, 5);
	assert_memory_equal(sb, wb, 5);
	gtest_cases_shared(NULL, 0, sa);
}

/* The ids of the cases of line with a listing of S.N, with_args given. */
static char *one_id(const char *line, int with_args)
{
	struct bin b;
	struct gtest_list g;
	struct testlist out;
	size_t disabled = 0;
	char *id;

	bin_of(&b, line);
	listing(&g, "S.\n  N\nInst/P.\n  Q/1  # GetParam() = 1\n");
	testlist_init(&out);
	assert_int_equal(gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0,
					 with_args, &disabled),
			 2);
	id = out.v[0].id;
	out.v[0].id = NULL;
	/* The second case's arguments are the same as the first's. */
	assert_int_equal(gtest_cases_args_at(out.v[1].id),
			 strlen(out.v[1].id) -
				 (strlen(id) - gtest_cases_args_at(id)));
	testlist_release(&out);
	gtest_list_release(&g);
	bin_release(&b);
	return id;
}

static void
gtest_cases_add__with_args__the_line_s_arguments_end_the_id(void **state)
{
	char *id;

	(void)state;
	/* Alone: PROGRAM::Suite.Name, whatever the arguments. */
	id = one_id("./unit --param=fast\n", 0);
	assert_string_equal(id, "./unit::S.N");
	assert_int_equal(gtest_cases_args_at(id), strlen(id));
	free(id);
	/* Shared: its arguments, as split, joined by one blank. */
	id = one_id("./unit   --param=fast\t-v\n", 1);
	assert_string_equal(id, "./unit::S.N[--param=fast -v]");
	assert_int_equal(gtest_cases_args_at(id), strlen("./unit::S.N"));
	free(id);
	/* Shared without arguments: the plain id. */
	id = one_id("./unit\n", 1);
	assert_string_equal(id, "./unit::S.N");
	free(id);
	/* A name attribute's PROGRAM takes no arguments (the caller
	   never asks, gtest_cases_shared) but with_args would add them. */
	id = one_id("./unit --x::y #@ name=u\n", 1);
	assert_string_equal(id, "u::S.N[--x::y]");
	assert_int_equal(gtest_cases_args_at(id), strlen("u::S.N"));
	free(id);
	assert_int_equal(gtest_cases_args_at("a[1]::S.N"), 9);
	assert_int_equal(gtest_cases_args_at(""), 0);
}

/* The word of line that gtest_cases_program_at finds, or its why. */
static void program_is(const char *line, const char *want)
{
	struct bin b;
	const char *why = NULL;
	long at;

	bin_of(&b, line);
	at = gtest_cases_program_at(b.argv, &why);
	if (at < 0)
		assert_string_equal(why, want);
	else
		assert_string_equal(b.argv[at], want);
	bin_release(&b);
}

static void gtest_cases_program_at__env__the_program_env_runs(void **state)
{
	(void)state;
	program_is("./unit --x\n", "./unit");
	program_is("env FOO=1 ./unit --x\n", "./unit");
	program_is("/usr/bin/env -i A=1 B= ./unit\n", "./unit");
	program_is("env -u X -uY --unset=Z --unset W - --ignore-environment "
		   "-- ./unit\n",
		   "./unit");
	/* After --, a word with '=' is the program. */
	program_is("env -- a=b\n", "a=b");
	/* Not env: a program merely named like it. */
	program_is("./myenv A=1\n", "./myenv");
	program_is("env -S ./unit\n",
		   "runs env with an option other than -i and -u");
	program_is("env -C /tmp ./unit\n",
		   "runs env with an option other than -i and -u");
	program_is("env FOO=1\n", "runs env with no program");
	program_is("env -u\n", "runs env with no program");
}

static void gtest_cases_add__env_line__program_is_env_s(void **state)
{
	struct bin b;
	struct gtest_list g;
	struct testlist out;
	size_t disabled = 0;
	char **v;

	(void)state;
	bin_of(&b, "env -u X FOO=1 ./unit --y\n");
	v = gtest_cases_list_argv(b.argv);
	assert_string_equal(v[0], "env");
	assert_string_equal(v[4], "./unit");
	assert_string_equal(v[5], "--gtest_list_tests");
	assert_string_equal(v[6], "--y");
	assert_null(v[7]);
	free(v);
	listing(&g, "S.\n  N\n");
	testlist_init(&out);
	assert_int_equal(
		gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, 0, &disabled),
		1);
	gtest_cases_add(&out, &b.l.v[0], b.argv, &g, 0, 1, &disabled);
	assert_string_equal(out.v[0].id, "./unit::S.N");
	assert_string_equal(out.v[0].cmd,
			    "env -u X FOO=1 ./unit --y --gtest_filter=S.N");
	/* Shared: ARGS is the line's words but its PROGRAM. */
	assert_string_equal(out.v[1].id, "./unit::S.N[env -u X FOO=1 --y]");
	assert_int_equal(gtest_cases_args_at(out.v[1].id),
			 strlen("./unit::S.N"));
	testlist_release(&out);
	gtest_list_release(&g);
	bin_release(&b);
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
		cmocka_unit_test(
			gtest_cases_shared__same_program__on_both_lines),
		cmocka_unit_test(gtest_cases_shared__order__does_not_matter),
		cmocka_unit_test(
			gtest_cases_add__with_args__the_line_s_arguments_end_the_id),
		cmocka_unit_test(
			gtest_cases_program_at__env__the_program_env_runs),
		cmocka_unit_test(gtest_cases_add__env_line__program_is_env_s),
	};

	return cmocka_run_group_tests_name("gtest_cases", tests, NULL, NULL);
}
