/*
 * Unit tests for launcher/core/cachefile.[ch]: the durations file's layout
 * on bytes in memory (the sorted part's comment line, complete lines, the
 * binary search, the sort and the merge).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cachefile.h"

/* A file: the comment line, then the sorted lines, then the appended. */
static char *file_of(const char *sorted, const char *appended, size_t *n)
{
	char head[CACHEFILE_HEAD_LEN + 1], *p = NULL;

	cachefile_head(head, CACHEFILE_HEAD_LEN + strlen(sorted));
	assert_true(asprintf(&p, "%s%s%s", head, sorted, appended) > 0);
	*n = strlen(p);
	return p;
}

static void cachefile_sorted__reads_its_comment_line(void **state)
{
	size_t n, lo, hi;
	char *p = file_of("1\ta\n2\tb\n", "3\ta\n", &n);

	(void)state;
	assert_int_equal(cachefile_sorted(p, n, &lo, &hi), 1);
	assert_int_equal(lo, CACHEFILE_HEAD_LEN);
	assert_int_equal(hi, CACHEFILE_HEAD_LEN + 8);
	free(p);
}

static void cachefile_sorted__bad_comment__is_all_appended(void **state)
{
	static const char *const bad[] = {
		"1\ta\n", /* the previous format */
		"# xdist-exec: sorted by id to byte 000000000099\n1\ta\n",
		"# xdist-exec: sorted by id to byte 00000000004x\n1\ta\n",
		"# xdist-exec: sorted by id to byte 000000000050\n1\ta\n",
		"# xdist-exec: sorted by id to byte 0000000000",
	};
	size_t i, lo = 7, hi = 7;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(
			cachefile_sorted(bad[i], strlen(bad[i]), &lo, &hi), 0);
		assert_int_equal(lo, 0);
		assert_int_equal(hi, 0);
	}
}

static void cachefile_next_entry__skips_bad_and_cut_short_lines(void **state)
{
	static const char text[] = "1\ta\n\nbad\n2\tb\n3\tcut";
	size_t at = 0, len;
	const char *id;
	long long ns;

	(void)state;
	assert_int_equal(
		cachefile_next_entry(text, strlen(text), &at, &id, &len, &ns),
		1);
	assert_int_equal(ns, 1);
	assert_int_equal(len, 1);
	assert_memory_equal(id, "a", 1);
	assert_int_equal(
		cachefile_next_entry(text, strlen(text), &at, &id, &len, &ns),
		1);
	assert_int_equal(ns, 2);
	assert_memory_equal(id, "b", 1);
	/* "3\tcut" has no newline: an append cut short. */
	assert_int_equal(
		cachefile_next_entry(text, strlen(text), &at, &id, &len, &ns),
		0);
	assert_int_equal(at, strlen(text));
}

static void cachefile_find__finds_every_id_and_nothing_else(void **state)
{
	struct buf b = BUF_INIT;
	size_t n, lo, hi, i;
	long long ns;
	char id[32], *p;

	(void)state;
	/* 1,000 ids of varied lengths, in byte order. */
	for (i = 0; i < 1000; i++)
		buf_addf(&b, "%zu\tt%03zu%.*s\n", i, i, (int)(i % 7),
			 "xxxxxxx");
	p = file_of(b.data, "", &n);
	assert_int_equal(cachefile_sorted(p, n, &lo, &hi), 1);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "t%03zu%.*s", i, (int)(i % 7),
			 "xxxxxxx");
		ns = -1;
		assert_int_equal(cachefile_find(p, lo, hi, id, strlen(id), &ns),
				 1);
		assert_int_equal(ns, (long long)i);
		/* A prefix, an extension, a neighbour: not there. */
		assert_int_equal(
			cachefile_find(p, lo, hi, id, strlen(id) - 1, &ns), 0);
		strcat(id, "y");
		assert_int_equal(cachefile_find(p, lo, hi, id, strlen(id), &ns),
				 0);
	}
	assert_int_equal(cachefile_find(p, lo, hi, "a", 1, &ns), 0);
	assert_int_equal(cachefile_find(p, lo, hi, "u", 1, &ns), 0);
	assert_int_equal(cachefile_find(p, lo, lo, "t000", 4, &ns), 0);
	buf_release(&b);
	free(p);
}

static void cachefile_find__malformed_lines__are_stepped_over(void **state)
{
	static const char *const ids[] = {"a", "b", "c", "d", "e"};
	size_t n, lo, hi, i;
	long long ns;
	char *p = file_of("1\ta\nzzz\n2\tb\n\nzzz\n3\tc\nx\ty\n4\td\n"
			  "zzz\n5\te\nzzz\nzzz\n",
			  "", &n);

	(void)state;
	assert_int_equal(cachefile_sorted(p, n, &lo, &hi), 1);
	assert_int_equal(cachefile_is_sorted(p, lo, hi), 1);
	for (i = 0; i < 5; i++) {
		assert_int_equal(cachefile_find(p, lo, hi, ids[i], 1, &ns), 1);
		assert_int_equal(ns, (long long)i + 1);
	}
	assert_int_equal(cachefile_find(p, lo, hi, "zzz", 3, &ns), 0);
	assert_int_equal(cachefile_find(p, lo, hi, "f", 1, &ns), 0);
	free(p);
}

static void cachefile_is_sorted__sees_disorder_and_repeats(void **state)
{
	static const char ok[] = "1\ta\nbad\n2\tab\n3\tb\n";
	static const char unordered[] = "1\tb\n2\ta\n";
	static const char repeated[] = "1\ta\n2\ta\n";

	(void)state;
	assert_int_equal(cachefile_is_sorted(ok, 0, strlen(ok)), 1);
	assert_int_equal(cachefile_is_sorted(unordered, 0, strlen(unordered)),
			 0);
	assert_int_equal(cachefile_is_sorted(repeated, 0, strlen(repeated)), 0);
}

static void cachefile_sort__keeps_the_latest_of_each_id(void **state)
{
	struct cachefile_entry v[] = {
		{"b", 10, 1, 0},  {"a", 20, 1, 1}, {"b", 30, 1, 2},
		{"ab", 40, 2, 3}, {"a", 50, 1, 4},
	};
	size_t n;

	(void)state;
	n = cachefile_sort(v, 5);
	assert_int_equal(n, 3);
	assert_memory_equal(v[0].id, "a", 1);
	assert_int_equal(v[0].ns, 50);
	assert_memory_equal(v[1].id, "ab", 2);
	assert_int_equal(v[2].ns, 30);
	assert_int_equal(cachefile_sort(v, 0), 0);
}

static int to_buf(void *arg, const char *s, size_t n, size_t done)
{
	(void)done;
	buf_add(arg, s, n);
	return 0;
}

static void cachefile_merge__new_entries_win_and_old_ones_stay(void **state)
{
	static const char old[] = "1\ta\nbad\n2\tc\n3\te\n";
	struct cachefile_entry v[] = {
		{"0", 9, 1, 0}, {"c", 8, 1, 1}, {"d", 7, 1, 2}, {"f", 6, 1, 3}};
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(cachefile_merge(old, 0, strlen(old), v, 4, to_buf, &b),
			 0);
	buf_addch(&b, '\0');
	assert_string_equal(b.data, "9\t0\n1\ta\n8\tc\n7\td\n3\te\n6\tf\n");
	buf_reset(&b);
	/* Nothing old, nothing new. */
	assert_int_equal(cachefile_merge(NULL, 0, 0, v, 0, to_buf, &b), 0);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void cachefile_merge__old_part_out_of_order__is_told(void **state)
{
	static const char *const old[] = {"1\ta\n3\tc\n2\tb\n", "1\ta\n2\ta\n"};
	struct cachefile_entry v[] = {{"b", 5, 1, 0}};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(cachefile_merge(old[i], 0, strlen(old[i]), v,
						 1, to_buf, &b),
				 1);
		buf_reset(&b);
	}
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cachefile_sorted__reads_its_comment_line),
		cmocka_unit_test(
			cachefile_sorted__bad_comment__is_all_appended),
		cmocka_unit_test(
			cachefile_next_entry__skips_bad_and_cut_short_lines),
		cmocka_unit_test(
			cachefile_find__finds_every_id_and_nothing_else),
		cmocka_unit_test(
			cachefile_find__malformed_lines__are_stepped_over),
		cmocka_unit_test(
			cachefile_is_sorted__sees_disorder_and_repeats),
		cmocka_unit_test(cachefile_sort__keeps_the_latest_of_each_id),
		cmocka_unit_test(
			cachefile_merge__new_entries_win_and_old_ones_stay),
		cmocka_unit_test(
			cachefile_merge__old_part_out_of_order__is_told),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
