/*
 * Unit tests for launcher/core/select.[ch]: -k, -m, --sw, --partition,
 * --shuffle.
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

/* Does -k s keep the test named by n? */
static int keeps(const char *s, const struct select_names *n)
{
	struct expr e;
	struct buf err = BUF_INIT;
	int r;

	if (expr_parse(&e, s, &err) < 0)
		fail_msg("-k '%s': %s", s, err.data);
	r = select_keyword(&e, n);
	expr_release(&e);
	buf_release(&err);
	return r;
}

/* Does -m s keep the test named by n? */
static int marked(const char *s, const struct select_names *n)
{
	struct expr e;
	struct buf err = BUF_INIT;
	int r;

	assert_int_equal(expr_parse(&e, s, &err), 0);
	r = select_mark(&e, n);
	expr_release(&e);
	buf_release(&err);
	return r;
}

static void select_keyword__plain_word__is_a_substring_any_case(void **state)
{
	struct select_names n = {"./t_Login --fast", NULL, NULL, 0};

	(void)state;
	assert_true(keeps("login", &n));
	assert_true(keeps("LOGIN", &n));
	assert_true(keeps("--fast", &n));
	assert_false(keeps("logout", &n));
}

static void select_keyword__glob_word__matches_a_name_whole(void **state)
{
	struct select_names n = {"./t_login", NULL, NULL, 0};
	struct select_names deep = {"tests/unit/t_a", NULL, NULL, 0};
	struct select_names p = {"t_x[1]", NULL, NULL, 0};

	(void)state;
	assert_true(keeps("*login*", &n));
	assert_true(keeps("./t_?OGIN", &n));
	/* A glob is anchored: "t_*" does not match "./t_login". */
	assert_false(keeps("t_*", &n));
	/* '/' is an ordinary character for -k. */
	assert_true(keeps("*/t_*", &deep));
	/* Brackets alone are pytest's word characters, not a glob. */
	assert_true(keeps("x[1]", &p));
	assert_true(keeps("t_x?1?", &p));
}

static void select_keyword__expression__combines_words(void **state)
{
	struct select_names login = {"./t_login", NULL, NULL, 0};
	struct select_names export = {"./t_export", NULL, NULL, 0};
	struct select_names slow = {"./t_login_slow", NULL, NULL, 0};

	(void)state;
	assert_true(keeps("login or export", &login));
	assert_true(keeps("login or export", &export));
	assert_false(keeps("login and not slow", &slow));
	assert_true(keeps("login and not slow", &login));
	assert_true(keeps("not (slow or export)", &login));
	assert_false(keeps("not (slow or export)", &export));
}

static void select_keyword__command_and_marks__match_too(void **state)
{
	struct select_names n = {"db::schema", "build/t_db --schema",
				 "slow,network", 0};
	struct select_names xf = {"t_a", NULL, NULL, 1};

	(void)state;
	assert_true(keeps("t_db", &n));
	assert_true(keeps("NETWORK", &n));
	assert_true(keeps("slo", &n));
	assert_true(keeps("net*", &n));
	assert_false(keeps("*work*ing", &n));
	assert_false(keeps("t_db and not slow", &n));
	/* The xfail attribute is the mark xfail. */
	assert_true(keeps("xfail", &xf));
	assert_false(keeps("xfail", &n));
}

static void select_mark__words__are_whole_marks_with_their_case(void **state)
{
	struct select_names n = {"t", NULL, "slow,network", 0};
	struct select_names none = {"t", NULL, NULL, 0};
	struct select_names xf = {"t", NULL, NULL, 1};

	(void)state;
	assert_true(marked("slow", &n));
	assert_true(marked("slow and network", &n));
	assert_false(marked("not network", &n));
	assert_false(marked("slo", &n));
	assert_false(marked("Slow", &n));
	assert_false(marked("slow", &none));
	assert_true(marked("not slow", &none));
	assert_true(marked("xfail", &xf));
	assert_false(marked("xfail", &none));
}

static const char *nth(const void *arg, size_t i)
{
	return ((const char *const *)arg)[i];
}

static void
select_stepwise_from__cached_id__is_where_the_run_starts(void **state)
{
	const char *ids[] = {"a", "b", "c", "b"};
	int found = -1;

	(void)state;
	assert_int_equal(select_stepwise_from(nth, ids, 4, "b", &found), 1);
	assert_int_equal(found, 1);
	assert_int_equal(select_stepwise_from(nth, ids, 4, "c", &found), 2);
	assert_int_equal(select_stepwise_from(nth, ids, 4, "z", &found), 0);
	assert_int_equal(found, 0);
	assert_int_equal(select_stepwise_from(nth, ids, 4, NULL, &found), 0);
	assert_int_equal(found, 0);
	assert_int_equal(select_stepwise_from(nth, ids, 0, "a", &found), 0);
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
		cmocka_unit_test(
			select_keyword__plain_word__is_a_substring_any_case),
		cmocka_unit_test(
			select_keyword__glob_word__matches_a_name_whole),
		cmocka_unit_test(select_keyword__expression__combines_words),
		cmocka_unit_test(select_keyword__command_and_marks__match_too),
		cmocka_unit_test(
			select_mark__words__are_whole_marks_with_their_case),
		cmocka_unit_test(
			select_stepwise_from__cached_id__is_where_the_run_starts),
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
