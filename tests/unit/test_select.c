/*
 * Unit tests for launcher/core/select.[ch]: -k, --partition, --shuffle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"

static void select_keyword__plain_pattern__is_a_substring(void **state)
{
	(void)state;
	assert_true(select_keyword("login", "./t_login --fast"));
	assert_false(select_keyword("logout", "./t_login --fast"));
}

static void select_keyword__glob_pattern__matches_the_whole_id(void **state)
{
	(void)state;
	assert_true(select_keyword("*login*", "./t_login"));
	assert_true(select_keyword("./t_?ogin", "./t_login"));
	assert_false(select_keyword("t_login", "./t_logout") &&
		     select_keyword("t_log[i]n", "./t_logout"));
	/* A glob is anchored: "t_*" does not match "./t_login". */
	assert_false(select_keyword("t_*", "./t_login"));
	/* '/' is an ordinary character for -k. */
	assert_true(select_keyword("*/t_*", "tests/unit/t_a"));
}

static void select_keyword__not__inverts(void **state)
{
	(void)state;
	assert_false(select_keyword("not login", "./t_login"));
	assert_true(select_keyword("not login", "./t_payment"));
	assert_true(select_keyword("not   *slow*", "./t_fast"));
}

static void select_keywords__positives_are_alternatives(void **state)
{
	const char *k[] = {"login", "payment"};

	(void)state;
	assert_true(select_keywords(k, 2, "./t_login"));
	assert_true(select_keywords(k, 2, "./t_payment"));
	assert_false(select_keywords(k, 2, "./t_search"));
}

static void select_keywords__a_not_pattern_always_wins(void **state)
{
	const char *k[] = {"t_", "not slow"};

	(void)state;
	assert_true(select_keywords(k, 2, "./t_login"));
	assert_false(select_keywords(k, 2, "./t_login_slow"));
}

static void select_keywords__only_not_patterns__keep_the_rest(void **state)
{
	const char *k[] = {"not slow"};

	(void)state;
	assert_true(select_keywords(k, 1, "./t_login"));
	assert_false(select_keywords(k, 1, "./t_slow"));
	assert_true(select_keywords(NULL, 0, "./anything"));
}

static void select_hash__is_fnv1a64(void **state)
{
	(void)state;
	assert_int_equal(select_hash(""), 0xcbf29ce484222325ULL);
	assert_int_equal(select_hash("a"), 0xaf63dc4c8601ec8cULL);
}

static void select_partition__by_index__is_i_mod_n(void **state)
{
	(void)state;
	assert_true(select_partition(1, 3, 0, 0, "x"));
	assert_true(select_partition(2, 3, 0, 1, "x"));
	assert_true(select_partition(3, 3, 0, 2, "x"));
	assert_true(select_partition(1, 3, 0, 3, "x"));
	assert_false(select_partition(2, 3, 0, 3, "x"));
}

/* The N partitions of a list are disjoint and together the whole list. */
static void check_union(int hash)
{
	enum { N_TESTS = 1000 };
	char id[32];
	int n, k;
	size_t i;

	for (n = 1; n <= 7; n++) {
		for (i = 0; i < N_TESTS; i++) {
			int hits = 0;

			snprintf(id, sizeof(id), "./t_%zu", i);
			for (k = 1; k <= n; k++)
				hits += select_partition(k, n, hash, i, id);
			if (hits != 1)
				fail_msg("test %zu is in %d of %d partitions",
					 i, hits, n);
		}
	}
}

static void select_partition__by_index__union_is_exact(void **state)
{
	(void)state;
	check_union(0);
}

static void select_partition__by_hash__union_is_exact(void **state)
{
	(void)state;
	check_union(1);
}

static void select_partition__by_hash__ignores_the_position(void **state)
{
	int k, home = 0;

	(void)state;
	for (k = 1; k <= 4; k++)
		if (select_partition(k, 4, 1, 0, "./t_login"))
			home = k;
	assert_true(home > 0);
	assert_true(select_partition(home, 4, 1, 12345, "./t_login"));
}

static void select_shuffle__same_seed__same_order(void **state)
{
	size_t a[50], b[50], i;

	(void)state;
	for (i = 0; i < 50; i++)
		a[i] = b[i] = i;
	select_shuffle(a, 50, 42);
	select_shuffle(b, 50, 42);
	assert_memory_equal(a, b, sizeof(a));
}

static void select_shuffle__is_a_permutation_and_moves_things(void **state)
{
	size_t a[50], i, moved = 0;
	int seen[50] = {0};

	(void)state;
	for (i = 0; i < 50; i++)
		a[i] = i;
	select_shuffle(a, 50, 7);
	for (i = 0; i < 50; i++) {
		assert_true(a[i] < 50);
		assert_false(seen[a[i]]);
		seen[a[i]] = 1;
		moved += a[i] != i;
	}
	assert_true(moved > 25);
}

static void select_shuffle__other_seed__other_order(void **state)
{
	size_t a[50], b[50], i;

	(void)state;
	for (i = 0; i < 50; i++)
		a[i] = b[i] = i;
	select_shuffle(a, 50, 1);
	select_shuffle(b, 50, 2);
	assert_memory_not_equal(a, b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(select_keyword__plain_pattern__is_a_substring),
		cmocka_unit_test(
			select_keyword__glob_pattern__matches_the_whole_id),
		cmocka_unit_test(select_keyword__not__inverts),
		cmocka_unit_test(select_keywords__positives_are_alternatives),
		cmocka_unit_test(select_keywords__a_not_pattern_always_wins),
		cmocka_unit_test(
			select_keywords__only_not_patterns__keep_the_rest),
		cmocka_unit_test(select_hash__is_fnv1a64),
		cmocka_unit_test(select_partition__by_index__is_i_mod_n),
		cmocka_unit_test(select_partition__by_index__union_is_exact),
		cmocka_unit_test(select_partition__by_hash__union_is_exact),
		cmocka_unit_test(
			select_partition__by_hash__ignores_the_position),
		cmocka_unit_test(select_shuffle__same_seed__same_order),
		cmocka_unit_test(
			select_shuffle__is_a_permutation_and_moves_things),
		cmocka_unit_test(select_shuffle__other_seed__other_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
