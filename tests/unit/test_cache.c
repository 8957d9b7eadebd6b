/*
 * Unit tests for launcher/cache.[ch]: the id map and the file parsers
 * (pure), plus cache_save merging two runs' results in a private
 * directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"

static void cache_map__set_get_del__round_trip(void **state)
{
	struct cache_map m;
	long long v = 0;

	(void)state;
	cache_map_init(&m);
	assert_false(cache_map_get(&m, "a", &v));
	cache_map_set(&m, "a", 5);
	cache_map_set(&m, "b", 7);
	cache_map_set(&m, "a", 9);
	assert_true(cache_map_get(&m, "a", &v));
	assert_int_equal(v, 9);
	cache_map_del(&m, "a");
	assert_false(cache_map_get(&m, "a", &v));
	assert_true(cache_map_get(&m, "b", &v));
	assert_int_equal(v, 7);
	cache_map_release(&m);
}

static void cache_map__many_entries_and_deletions__stay_findable(void **state)
{
	struct cache_map m;
	char id[32];
	long long v;
	int i;

	(void)state;
	cache_map_init(&m);
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "./t_%d", i);
		cache_map_set(&m, id, i);
		if (i % 3 == 0)
			cache_map_del(&m, id);
	}
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "./t_%d", i);
		if (i % 3 == 0) {
			assert_false(cache_map_get(&m, id, &v));
		} else {
			assert_true(cache_map_get(&m, id, &v));
			assert_int_equal(v, i);
		}
	}
	cache_map_release(&m);
}

static void cache_parse_durations__reads_ns_tab_id(void **state)
{
	static const char text[] = "1500000\t./t_a\n"
				   "garbage line\n"
				   "12x\t./t_bad\n"
				   "\t./t_empty_number\n"
				   "7\tsh -c 'a\tb'\n"
				   "42\t./t_last";
	struct cache_map m;
	long long v;

	(void)state;
	cache_map_init(&m);
	cache_parse_durations(&m, text, sizeof(text) - 1);
	assert_true(cache_map_get(&m, "./t_a", &v));
	assert_int_equal(v, 1500000);
	/* The id is everything after the first tab, tabs included. */
	assert_true(cache_map_get(&m, "sh -c 'a\tb'", &v));
	assert_int_equal(v, 7);
	assert_true(cache_map_get(&m, "./t_last", &v));
	assert_int_equal(v, 42);
	assert_false(cache_map_get(&m, "./t_bad", &v));
	assert_false(cache_map_get(&m, "./t_empty_number", &v));
	cache_map_release(&m);
}

static void cache_parse_lastfailed__one_id_a_line(void **state)
{
	static const char text[] = "./t_a\n\n./t b c\n";
	struct cache_map m;
	long long v;

	(void)state;
	cache_map_init(&m);
	cache_parse_lastfailed(&m, text, sizeof(text) - 1);
	assert_true(cache_map_get(&m, "./t_a", &v));
	assert_true(cache_map_get(&m, "./t b c", &v));
	assert_false(cache_map_get(&m, "", &v));
	cache_map_release(&m);
}

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/xdist-cache-test.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return strdup(d);
}

static void remove_dir(const char *d)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
}

static void
cache_save__two_runs__merge_and_keep_each_others_entries(void **state)
{
	char *d = temp_dir();
	char *dir = NULL;
	struct cache a, b, check;
	struct cache_result ra[] = {{"./t_a", 100, 1}, {"./t_b", 200, 0}};
	struct cache_result rb[] = {{"./t_c", 300, 1}, {"./t_a", 150, 0}};
	long long v;

	(void)state;
	assert_true(asprintf(&dir, "%s/cache", d) > 0);
	/* Both start from an empty cache, as two runs started together. */
	assert_int_equal(cache_load(&a, dir, 0), 0);
	assert_int_equal(cache_load(&b, dir, 0), 0);
	assert_int_equal(cache_save(&a, ra, 2), 0);
	assert_int_equal(cache_save(&b, rb, 2), 0);

	assert_int_equal(cache_load(&check, dir, 0), 0);
	assert_true(cache_map_get(&check.durations, "./t_a", &v));
	assert_int_equal(v, 150);
	assert_true(cache_map_get(&check.durations, "./t_b", &v));
	assert_int_equal(v, 200);
	assert_true(cache_map_get(&check.durations, "./t_c", &v));
	/* t_a passed in the later run; t_c failed; t_b passed. */
	assert_false(cache_map_get(&check.failed, "./t_a", &v));
	assert_true(cache_map_get(&check.failed, "./t_c", &v));
	assert_false(cache_map_get(&check.failed, "./t_b", &v));
	cache_release(&a);
	cache_release(&b);
	cache_release(&check);
	free(dir);
	remove_dir(d);
	free(d);
}

static void cache_save__not_run__keeps_the_old_failure(void **state)
{
	char *d = temp_dir();
	struct cache a, b;
	struct cache_result r1[] = {{"./t_a", 100, 1}};
	struct cache_result r2[] = {{"./t_a", -1, -1}};
	long long v;

	(void)state;
	assert_int_equal(cache_load(&a, d, 0), 0);
	assert_int_equal(cache_save(&a, r1, 1), 0);
	assert_int_equal(cache_save(&a, r2, 1), 0);
	cache_release(&a);
	assert_int_equal(cache_load(&b, d, 0), 0);
	assert_true(cache_map_get(&b.failed, "./t_a", &v));
	assert_true(cache_map_get(&b.durations, "./t_a", &v));
	assert_int_equal(v, 100);
	cache_release(&b);
	remove_dir(d);
	free(d);
}

static void cache_load__clear__forgets_everything(void **state)
{
	char *d = temp_dir();
	struct cache a, b;
	struct cache_result r[] = {{"./t_a", 100, 1}};
	long long v;

	(void)state;
	assert_int_equal(cache_load(&a, d, 0), 0);
	assert_int_equal(cache_save(&a, r, 1), 0);
	cache_release(&a);
	assert_int_equal(cache_load(&b, d, 1), 0);
	assert_false(cache_map_get(&b.failed, "./t_a", &v));
	assert_false(cache_map_get(&b.durations, "./t_a", &v));
	cache_release(&b);
	assert_int_equal(cache_load(&b, d, 0), 0);
	assert_false(cache_map_get(&b.durations, "./t_a", &v));
	cache_release(&b);
	remove_dir(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cache_map__set_get_del__round_trip),
		cmocka_unit_test(
			cache_map__many_entries_and_deletions__stay_findable),
		cmocka_unit_test(cache_parse_durations__reads_ns_tab_id),
		cmocka_unit_test(cache_parse_lastfailed__one_id_a_line),
		cmocka_unit_test(
			cache_save__two_runs__merge_and_keep_each_others_entries),
		cmocka_unit_test(cache_save__not_run__keeps_the_old_failure),
		cmocka_unit_test(cache_load__clear__forgets_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
