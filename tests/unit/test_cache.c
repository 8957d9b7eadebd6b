/*
 * Unit tests for launcher/core/cache.[ch]: the id index and the durations line
 * parser (pure), plus cache_lookup and cache_save on files in a private
 * directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"

static const char *str_at(const void *arg, size_t i)
{
	return ((const char *const *)arg)[i];
}

/* ---- the index ----------------------------------------------------------- */

static void cache_index__finds_each_id_at_its_first_position(void **state)
{
	static const char *const ids[] = {"./a", "./b", "./a", "", "./c"};
	struct cache_index x;

	(void)state;
	cache_index_build(&x, 5, str_at, ids);
	assert_int_equal(cache_index_find(&x, "./a"), 0);
	assert_int_equal(cache_index_find(&x, "./b"), 1);
	assert_int_equal(cache_index_find(&x, ""), 3);
	assert_int_equal(cache_index_find(&x, "./c"), 4);
	assert_int_equal(cache_index_find(&x, "./d"), CACHE_NONE);
	assert_int_equal(cache_index_find(&x, "./a "), CACHE_NONE);
	cache_index_release(&x);
	assert_null(x.slots);
}

static void cache_index__many_ids__stay_findable(void **state)
{
	enum { N = 5000 };
	char **ids = calloc(N, sizeof(char *));
	struct cache_index x;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++)
		assert_true(asprintf(&ids[i], "./t_%zu", i % 4000) > 0);
	cache_index_build(&x, N, str_at, ids);
	assert_true(x.cap >= 2 * N);
	for (i = 0; i < N; i++)
		assert_int_equal(cache_index_find(&x, ids[i]), i % 4000);
	assert_int_equal(cache_index_find(&x, "./t_4000"), CACHE_NONE);
	cache_index_release(&x);
	for (i = 0; i < N; i++)
		free(ids[i]);
	free(ids);
}

static void cache_index__no_ids__finds_nothing(void **state)
{
	struct cache_index x;

	(void)state;
	cache_index_build(&x, 0, str_at, NULL);
	assert_int_equal(cache_index_find(&x, "./a"), CACHE_NONE);
	cache_index_release(&x);
}

/* ---- the durations line -------------------------------------------------- */

static void assert_duration_line(const char *line, long long ns, const char *id)
{
	long long v = -1;
	size_t at = 0;

	assert_int_equal(cache_duration_line(line, strlen(line), &v, &at), 1);
	assert_int_equal(v, ns);
	assert_string_equal(line + at, id);
}

static void assert_bad_duration_line(const char *line, size_t n)
{
	long long v = -1;
	size_t at = 0;

	assert_int_equal(cache_duration_line(line, n, &v, &at), 0);
}

static void cache_duration_line__reads_ns_tab_id(void **state)
{
	(void)state;
	assert_duration_line("1500000\t./t_a", 1500000, "./t_a");
	assert_duration_line("7\tsh -c 'a\tb'", 7, "sh -c 'a\tb'");
	assert_duration_line("0\tx", 0, "x");
}

static void cache_duration_line__malformed__is_refused(void **state)
{
	(void)state;
	assert_bad_duration_line("garbage line", 12);
	assert_bad_duration_line("12x\t./t_bad", 11);
	assert_bad_duration_line("\t./t_empty_number", 17);
	assert_bad_duration_line("12\t", 3);
	assert_bad_duration_line("-5\t./t", 6);
	assert_bad_duration_line("99999999999999999999\t./t", 24);
	assert_bad_duration_line("5\t./t\0x", 7);
}

/* ---- the files ----------------------------------------------------------- */

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

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = NULL;
	FILE *f;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	free(p);
}

/* dir/name holds exactly want. */
static void assert_file(const char *dir, const char *name, const char *want)
{
	char *p = NULL, *text = calloc(1, 4096);
	FILE *f;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	f = fopen(p, "r");
	assert_non_null(f);
	assert_true(fread(text, 1, 4095, f) < 4095);
	fclose(f);
	assert_string_equal(text, want);
	free(text);
	free(p);
}

/* dir/durations is a new file of sorted entries, exactly lines. */
static void assert_sorted_file(const char *dir, const char *lines)
{
	char head[CACHEFILE_HEAD_LEN + 1], *want = NULL;

	cachefile_head(head, CACHEFILE_HEAD_LEN + strlen(lines));
	assert_true(asprintf(&want, "%s%s", head, lines) > 0);
	assert_file(dir, "durations", want);
	free(want);
}

/* The file at path starts with want. */
static void assert_file_starts(const char *path, const char *want)
{
	char got[128] = "";
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_true(strlen(want) < sizeof(got));
	assert_int_equal(fread(got, 1, strlen(want), f), strlen(want));
	fclose(f);
	assert_string_equal(got, want);
}

/* Look ids up in the cache in dir: durations and failures, by position. */
struct looked {
	long long dur[8];
	unsigned char failed[8];
};

static void look_up(const char *dir, const char *const *ids, size_t n,
		    struct looked *l)
{
	struct cache c;

	assert_true(n <= 8);
	assert_int_equal(cache_open(&c, dir, 0), 0);
	cache_lookup(&c, n, str_at, ids, l->dur, l->failed);
	cache_release(&c);
}

static void
cache_save__two_runs__merge_and_keep_each_others_entries(void **state)
{
	static const char *const ids[] = {"./t_a", "./t_b", "./t_c", "./t_d"};
	char *d = temp_dir();
	char *dir = NULL;
	struct cache a, b;
	struct cache_result ra[] = {{"./t_a", 100, 1}, {"./t_b", 200, 0}};
	struct cache_result rb[] = {{"./t_c", 300, 1}, {"./t_a", 150, 0}};
	struct looked l;

	(void)state;
	assert_true(asprintf(&dir, "%s/cache", d) > 0);
	/* Both start before either saves, as two runs started together. */
	assert_int_equal(cache_open(&a, dir, 0), 0);
	assert_int_equal(cache_open(&b, dir, 0), 0);
	assert_int_equal(cache_save(&a, ra, 2), 0);
	assert_int_equal(cache_save(&b, rb, 2), 0);
	cache_release(&a);
	cache_release(&b);

	look_up(dir, ids, 4, &l);
	assert_int_equal(l.dur[0], 150);
	assert_int_equal(l.dur[1], 200);
	assert_int_equal(l.dur[2], 300);
	assert_int_equal(l.dur[3], -1);
	/* t_a passed in the later run; t_c failed; t_b passed. */
	assert_int_equal(l.failed[0], 0);
	assert_int_equal(l.failed[1], 0);
	assert_int_equal(l.failed[2], 1);
	assert_int_equal(l.failed[3], 0);
	free(dir);
	remove_dir(d);
	free(d);
}

static void cache_save__not_run__keeps_the_old_failure(void **state)
{
	static const char *const ids[] = {"./t_a"};
	char *d = temp_dir();
	struct cache a;
	struct cache_result r1[] = {{"./t_a", 100, 1}};
	struct cache_result r2[] = {{"./t_a", -1, -1}};
	struct looked l;

	(void)state;
	assert_int_equal(cache_open(&a, d, 0), 0);
	assert_int_equal(cache_save(&a, r1, 1), 0);
	assert_int_equal(cache_save(&a, r2, 1), 0);
	cache_release(&a);
	look_up(d, ids, 1, &l);
	assert_int_equal(l.failed[0], 1);
	assert_int_equal(l.dur[0], 100);
	remove_dir(d);
	free(d);
}

static void cache_open__clear__forgets_everything(void **state)
{
	static const char *const ids[] = {"./t_a"};
	char *d = temp_dir();
	struct cache a, b;
	struct cache_result r[] = {{"./t_a", 100, 1}};
	struct looked l;

	(void)state;
	assert_int_equal(cache_open(&a, d, 0), 0);
	assert_int_equal(cache_save(&a, r, 1), 0);
	cache_release(&a);
	assert_int_equal(cache_open(&b, d, 1), 0);
	cache_lookup(&b, 1, str_at, ids, l.dur, l.failed);
	assert_int_equal(l.failed[0], 0);
	assert_int_equal(l.dur[0], -1);
	cache_release(&b);
	look_up(d, ids, 1, &l);
	assert_int_equal(l.dur[0], -1);
	remove_dir(d);
	free(d);
}

static void cache_lookup__missing_cache__knows_nothing(void **state)
{
	static const char *const ids[] = {"./t_a", "./t_b"};
	char *d = temp_dir();
	char *dir = NULL;
	struct looked l;

	(void)state;
	assert_true(asprintf(&dir, "%s/none", d) > 0);
	look_up(dir, ids, 2, &l);
	assert_int_equal(l.dur[0], -1);
	assert_int_equal(l.dur[1], -1);
	assert_int_equal(l.failed[0], 0);
	assert_int_equal(l.failed[1], 0);
	free(dir);
	remove_dir(d);
	free(d);
}

static void cache_lookup__repeated_ids_and_malformed_lines__last_good_line_wins(
	void **state)
{
	static const char *const ids[] = {"./t_a", "./t b", "./t_a", "./t_z"};
	char *d = temp_dir();
	struct looked l;

	(void)state;
	write_file(d, "durations",
		   "10\t./t_a\n"
		   "garbage\n"
		   "20\t./t b\n"
		   "x\t./t_z\n"
		   "30\t./t_a\n"
		   "5\t./t_unlisted");
	write_file(d, "lastfailed", "\n./t b\n./t_other\n");
	look_up(d, ids, 4, &l);
	assert_int_equal(l.dur[0], 30);
	assert_int_equal(l.dur[1], 20);
	assert_int_equal(l.dur[2], 30);
	assert_int_equal(l.dur[3], -1);
	assert_int_equal(l.failed[0], 0);
	assert_int_equal(l.failed[1], 1);
	assert_int_equal(l.failed[2], 0);
	remove_dir(d);
	free(d);
}

static void cache_save__small_cache__appends_this_runs_entries(void **state)
{
	char *d = temp_dir();
	struct cache c;
	struct cache_result r[] = {{"./t_a", 70, 0}, {"./t_new", 80, 1}};

	(void)state;
	write_file(d, "durations",
		   "10\t./t_a\n"
		   "bad line\n"
		   "20\t./t_other\n");
	write_file(d, "lastfailed", "./t_a\n./t_other\n");
	assert_int_equal(cache_open(&c, d, 0), 0);
	assert_int_equal(cache_save(&c, r, 2), 0);
	cache_release(&c);
	/* Appended: the file is small, and a later line wins. */
	assert_file(
		d, "durations",
		"10\t./t_a\nbad line\n20\t./t_other\n70\t./t_a\n80\t./t_new\n");
	/* Others' lines kept in order, ours removed (passed) or last. */
	assert_file(d, "lastfailed", "./t_other\n./t_new\n");
	remove_dir(d);
	free(d);
}

static void cache_save__repeated_ids__merge_into_one_entry(void **state)
{
	char *d = temp_dir();
	struct cache c;
	struct cache_result r[] = {{"./t_a", 50, 0},
				   {"./t_b", -1, -1},
				   {"./t_a", 90, 1},
				   {"./t_b", 40, 0},
				   {"./t_a", 10, -1}};

	(void)state;
	assert_int_equal(cache_open(&c, d, 0), 0);
	assert_int_equal(cache_save(&c, r, 5), 0);
	cache_release(&c);
	assert_sorted_file(d, "90\t./t_a\n40\t./t_b\n");
	assert_file(d, "lastfailed", "./t_a\n");
	remove_dir(d);
	free(d);
}

static void cache_save__id_with_a_newline__is_not_recorded(void **state)
{
	char *d = temp_dir();
	struct cache c;
	struct cache_result r[] = {{"./t\nx", 50, 1}, {"./t_b", 40, 1}};

	(void)state;
	assert_int_equal(cache_open(&c, d, 0), 0);
	assert_int_equal(cache_save(&c, r, 2), 0);
	cache_release(&c);
	assert_sorted_file(d, "40\t./t_b\n");
	assert_file(d, "lastfailed", "./t_b\n");
	remove_dir(d);
	free(d);
}

static void cache_open__clear_that_fails__reads_nothing(void **state)
{
	static const char *const ids[] = {"./t_a"};
	char *d = temp_dir(), *p = NULL;
	struct cache c;
	struct looked l;

	(void)state;
	write_file(d, "lastfailed", "./t_a\n");
	/* A directory where a file belongs: unlink() cannot remove it. */
	assert_true(asprintf(&p, "%s/durations", d) > 0);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(cache_open(&c, d, 1), -1);
	cache_lookup(&c, 1, str_at, ids, l.dur, l.failed);
	assert_int_equal(l.failed[0], 0);
	assert_int_equal(l.dur[0], -1);
	cache_release(&c);
	free(p);
	remove_dir(d);
	free(d);
}

static void cache_save__old_file_unreadable__is_not_replaced(void **state)
{
	char *d = temp_dir(), *p = NULL;
	struct cache c;
	struct cache_result r[] = {{"./t_a", 10, 1}};
	struct stat st;

	(void)state;
	/* Opens, but reading fails (EISDIR): its entries must not be lost. */
	assert_true(asprintf(&p, "%s/durations", d) > 0);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(cache_open(&c, d, 0), 0);
	assert_int_equal(cache_save(&c, r, 1), -1);
	assert_int_equal(errno, EISDIR);
	cache_release(&c);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(p);
	remove_dir(d);
	free(d);
}

static void cache_lookup__overlong_line__is_skipped(void **state)
{
	static const char *const ids[] = {"./t_a", "./t_b"};
	char *d = temp_dir(), *text;
	size_t n = CACHE_MAX_LINE + 10;
	struct looked l;

	(void)state;
	text = malloc(n + 64);
	assert_non_null(text);
	memcpy(text, "5\t./t_a", 7);
	memset(text + 7, 'x', n - 7);
	strcpy(text + n, "\n6\t./t_b\n7\t./t_a\n");
	write_file(d, "durations", text);
	look_up(d, ids, 2, &l);
	assert_int_equal(l.dur[0], 7);
	assert_int_equal(l.dur[1], 6);
	free(text);
	remove_dir(d);
	free(d);
}

/* ---- the sorted file, appends, rewrites ---------------------------------- */

#define BIG 6000 /* entries: more bytes than CACHEFILE_TAIL_MAX */

static char big_ids[BIG][32];

static const char *big_id(const void *arg, size_t i)
{
	(void)arg;
	return big_ids[i];
}

/* Save ids [from, to) of big_ids with duration base + i. */
static void save_big(const char *dir, size_t from, size_t to, long long base)
{
	struct cache_result *r = calloc(to - from, sizeof(*r));
	struct cache c;
	size_t i;

	assert_non_null(r);
	for (i = from; i < to; i++) {
		r[i - from].id = big_ids[i];
		r[i - from].duration_ns = base + (long long)i;
		r[i - from].failed = -1;
	}
	assert_int_equal(cache_open(&c, dir, 0), 0);
	assert_int_equal(cache_save(&c, r, to - from), 0);
	cache_release(&c);
	free(r);
}

/* Look up big_ids [0, n) all at once (a scan): each duration is
   want(i). */
static void assert_big(const char *dir, size_t n, long long (*want)(size_t))
{
	long long *dur = calloc(n, sizeof(*dur));
	unsigned char *failed = calloc(n, 1);
	struct cache c;
	size_t i;

	assert_non_null(dur);
	assert_non_null(failed);
	assert_int_equal(cache_open(&c, dir, 0), 0);
	cache_lookup(&c, n, big_id, NULL, dur, failed);
	for (i = 0; i < n; i++)
		assert_int_equal(dur[i], want(i));
	cache_release(&c);
	free(dur);
	free(failed);
}

/* One id looked up alone: by binary search in a big sorted part. */
static long long look_one(const char *dir, const char *id)
{
	struct cache c;
	long long dur;
	unsigned char failed;

	assert_int_equal(cache_open(&c, dir, 0), 0);
	cache_lookup(&c, 1, str_at, &id, &dur, &failed);
	cache_release(&c);
	return dur;
}

/*
 * What the previous version reads: every line in order, malformed ones
 * skipped, the last line of an id winning (a last line without a newline
 * counted too).
 */
static long long old_reader(const char *dir, const char *id)
{
	char *p = NULL, *line = NULL;
	size_t cap = 0, off;
	ssize_t n;
	long long ns, got = -1;
	FILE *f;

	assert_true(asprintf(&p, "%s/durations", dir) > 0);
	f = fopen(p, "r");
	assert_non_null(f);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		if (cache_duration_line(line, (size_t)n, &ns, &off) &&
		    (size_t)n - off == strlen(id) &&
		    !memcmp(line + off, id, strlen(id)))
			got = ns;
	}
	fclose(f);
	free(line);
	free(p);
	return got;
}

static long long first_run(size_t i)
{
	return i < BIG / 2 ? 1000 + (long long)i : -1;
}

static long long second_run(size_t i)
{
	return i == 7 ? 5007 : first_run(i);
}

static long long third_run(size_t i)
{
	return i >= BIG / 4 ? 9000 + (long long)i : second_run(i);
}

static void
cache_save__big_cache__appends_then_rewrites_keeping_every_entry(void **state)
{
	char *d = temp_dir(), *p = NULL, head[CACHEFILE_HEAD_LEN + 1];
	struct stat st;
	size_t i;

	(void)state;
	for (i = 0; i < BIG; i++)
		snprintf(big_ids[i], sizeof(big_ids[i]), "./tests/t_%05zu",
			 (i * 7919) % BIG);
	assert_true(asprintf(&p, "%s/durations", d) > 0);

	/* A new file: written sorted, with its comment line. */
	save_big(d, 0, BIG / 2, 1000);
	assert_big(d, BIG, first_run);
	assert_int_equal(stat(p, &st), 0);
	cachefile_head(head, (size_t)st.st_size);
	assert_file_starts(p, head);

	/* One test: its line appended; the others' entries kept. */
	save_big(d, 7, 8, 5000);
	assert_big(d, BIG, second_run);
	assert_int_equal(look_one(d, big_ids[7]), 5007);
	assert_int_equal(look_one(d, big_ids[8]), 1008);
	assert_int_equal(old_reader(d, big_ids[7]), 5007);
	assert_int_equal(old_reader(d, big_ids[8]), 1008);
	assert_file_starts(p, head);

	/* Many tests: more than the appended part may hold, so the file is
	   rewritten sorted, the appended line and the absent tests' entries
	   merged in. */
	save_big(d, BIG / 4, BIG, 9000);
	assert_big(d, BIG, third_run);
	assert_int_equal(look_one(d, big_ids[7]), 5007);
	assert_int_equal(old_reader(d, big_ids[7]), 5007);
	assert_int_equal(old_reader(d, big_ids[BIG - 1]), 9000 + BIG - 1);
	assert_int_equal(stat(p, &st), 0);
	cachefile_head(head, (size_t)st.st_size);
	assert_file_starts(p, head);
	free(p);
	remove_dir(d);
	free(d);
}

static void cache_save__old_format_cache__is_read_and_converted(void **state)
{
	char *d = temp_dir(), *p = NULL, *text;
	struct buf b = BUF_INIT;
	struct stat st;
	size_t i;

	(void)state;
	for (i = 0; i < BIG; i++) {
		snprintf(big_ids[i], sizeof(big_ids[i]), "./old/suite/t_%05zu",
			 (i * 7919) % BIG);
		/* The previous version's file: unsorted, no comment line. */
		if (i < BIG / 2)
			buf_addf(&b, "%lld\t%s\n", 1000 + (long long)i,
				 big_ids[i]);
	}
	text = buf_release_take(&b);
	write_file(d, "durations", text);
	free(text);
	assert_big(d, BIG, first_run);
	assert_int_equal(look_one(d, big_ids[8]), 1008);
	/* Too big to append to: rewritten sorted, nothing lost. */
	save_big(d, 7, 8, 5000);
	assert_big(d, BIG, second_run);
	assert_true(asprintf(&p, "%s/durations", d) > 0);
	assert_int_equal(stat(p, &st), 0);
	assert_file_starts(p, CACHEFILE_HEAD);
	assert_int_equal(look_one(d, big_ids[8]), 1008);
	free(p);
	remove_dir(d);
	free(d);
}

static void cache_save__append_cut_short__is_not_an_entry(void **state)
{
	static const char *const ids[] = {"./t_a", "./t_b", "./t_bc", "./t_c"};
	char *d = temp_dir();
	struct cache c;
	struct cache_result r[] = {{"./t_c", 30, -1}};
	struct looked l;

	(void)state;
	/* A run killed while appending "20\t./t_bc\n". */
	write_file(d, "durations", "10\t./t_a\n20\t./t_b");
	look_up(d, ids, 4, &l);
	assert_int_equal(l.dur[0], 10);
	assert_int_equal(l.dur[1], -1);
	assert_int_equal(cache_open(&c, d, 0), 0);
	assert_int_equal(cache_save(&c, r, 1), 0);
	cache_release(&c);
	look_up(d, ids, 4, &l);
	assert_int_equal(l.dur[0], 10);
	assert_int_equal(l.dur[1], -1);
	assert_int_equal(l.dur[2], -1);
	assert_int_equal(l.dur[3], 30);
	assert_int_equal(old_reader(d, "./t_b"), -1);
	assert_int_equal(old_reader(d, "./t_c"), 30);
	remove_dir(d);
	free(d);
}

static void cache_save__sorted_part_out_of_order__is_read_whole(void **state)
{
	char *d = temp_dir(), *text = NULL, head[CACHEFILE_HEAD_LEN + 1];
	static const char lines[] = "1\t./z\n2\t./a\n3\t./m\n";
	size_t i;

	(void)state;
	for (i = 0; i < BIG; i++)
		snprintf(big_ids[i], sizeof(big_ids[i]), "./many/t_%05zu", i);
	/* Edited by hand: the comment line says sorted, the lines are not. */
	cachefile_head(head, CACHEFILE_HEAD_LEN + strlen(lines));
	assert_true(asprintf(&text, "%s%s4\t./b\n", head, lines) > 0);
	write_file(d, "durations", text);
	free(text);
	/* Too many lines to append: rewritten, the edited part read whole. */
	save_big(d, 0, BIG / 2, 1000);
	assert_big(d, BIG, first_run);
	assert_int_equal(look_one(d, "./z"), 1);
	assert_int_equal(look_one(d, "./a"), 2);
	assert_int_equal(look_one(d, "./m"), 3);
	assert_int_equal(look_one(d, "./b"), 4);
	remove_dir(d);
	free(d);
}

static ino_t inode_of(const char *dir, const char *name)
{
	char *p = NULL;
	struct stat st;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	assert_int_equal(stat(p, &st), 0);
	free(p);
	return st.st_ino;
}

static void cache_save__nothing_changed__rewrites_nothing(void **state)
{
	char *d = temp_dir();
	struct cache c;
	struct cache_result r[] = {{"./t_a", -1, 1}, {"./t_b", -1, 0}};
	struct cache_result r2[] = {{"./t_b", -1, 1}};
	ino_t durations, failed;

	(void)state;
	write_file(d, "durations", "10\t./t_a\n");
	write_file(d, "lastfailed", "./t_other\n./t_a\n");
	durations = inode_of(d, "durations");
	failed = inode_of(d, "lastfailed");
	/* t_a failed again, t_b passed again, no duration: no write. */
	assert_int_equal(cache_open(&c, d, 0), 0);
	assert_int_equal(cache_save(&c, r, 2), 0);
	assert_int_equal(inode_of(d, "durations"), durations);
	assert_int_equal(inode_of(d, "lastfailed"), failed);
	assert_file(d, "durations", "10\t./t_a\n");
	assert_file(d, "lastfailed", "./t_other\n./t_a\n");
	/* A new failure: lastfailed is replaced, by rename. */
	assert_int_equal(cache_save(&c, r2, 1), 0);
	cache_release(&c);
	assert_true(inode_of(d, "lastfailed") != failed);
	assert_file(d, "lastfailed", "./t_other\n./t_a\n./t_b\n");
	remove_dir(d);
	free(d);
}

static void cache_stepwise__set_get_forget(void **state)
{
	char *d = temp_dir(), *dir = NULL, *id;
	struct cache a, b;

	(void)state;
	assert_true(asprintf(&dir, "%s/new/cache", d) > 0);
	assert_int_equal(cache_open(&a, dir, 0), 0);
	assert_null(cache_stepwise_get(&a));
	/* Forgetting what is not there is no error. */
	assert_int_equal(cache_stepwise_set(&a, NULL), 0);
	assert_int_equal(cache_stepwise_set(&a, "./t_b --fast"), 0);
	assert_file(dir, "stepwise", "./t_b --fast\n");
	id = cache_stepwise_get(&a);
	assert_string_equal(id, "./t_b --fast");
	free(id);
	assert_int_equal(cache_stepwise_set(&a, "./t_c"), 0);
	id = cache_stepwise_get(&a);
	assert_string_equal(id, "./t_c");
	free(id);
	/* An id a line cannot hold is forgotten, not written torn. */
	assert_int_equal(cache_stepwise_set(&a, "a\nb"), 0);
	assert_null(cache_stepwise_get(&a));
	assert_int_equal(cache_stepwise_set(&a, "./t_c"), 0);
	cache_release(&a);
	/* --cache-clear forgets it too. */
	assert_int_equal(cache_open(&b, dir, 1), 0);
	assert_null(cache_stepwise_get(&b));
	cache_release(&b);
	free(dir);
	remove_dir(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cache_stepwise__set_get_forget),
		cmocka_unit_test(
			cache_save__big_cache__appends_then_rewrites_keeping_every_entry),
		cmocka_unit_test(
			cache_save__old_format_cache__is_read_and_converted),
		cmocka_unit_test(cache_save__append_cut_short__is_not_an_entry),
		cmocka_unit_test(
			cache_save__sorted_part_out_of_order__is_read_whole),
		cmocka_unit_test(cache_save__nothing_changed__rewrites_nothing),
		cmocka_unit_test(
			cache_index__finds_each_id_at_its_first_position),
		cmocka_unit_test(cache_index__many_ids__stay_findable),
		cmocka_unit_test(cache_index__no_ids__finds_nothing),
		cmocka_unit_test(cache_duration_line__reads_ns_tab_id),
		cmocka_unit_test(cache_duration_line__malformed__is_refused),
		cmocka_unit_test(
			cache_save__two_runs__merge_and_keep_each_others_entries),
		cmocka_unit_test(cache_save__not_run__keeps_the_old_failure),
		cmocka_unit_test(cache_open__clear__forgets_everything),
		cmocka_unit_test(cache_lookup__missing_cache__knows_nothing),
		cmocka_unit_test(
			cache_lookup__repeated_ids_and_malformed_lines__last_good_line_wins),
		cmocka_unit_test(
			cache_save__small_cache__appends_this_runs_entries),
		cmocka_unit_test(
			cache_save__repeated_ids__merge_into_one_entry),
		cmocka_unit_test(
			cache_save__id_with_a_newline__is_not_recorded),
		cmocka_unit_test(cache_open__clear_that_fails__reads_nothing),
		cmocka_unit_test(
			cache_save__old_file_unreadable__is_not_replaced),
		cmocka_unit_test(cache_lookup__overlong_line__is_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
