/*
 * Unit tests for launcher/core/sched.[ch]: every --dist mode's order, locks,
 * exclusive tests and stop, plus a randomized simulator that checks the
 * constraints and that every run completes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched.h"

/* ---- helpers ----------------------------------------------------------- */

/* n tests of unknown duration, no unit, no lock. */
static struct sched_test *tests_new(size_t n)
{
	struct sched_test *t = calloc(n ? n : 1, sizeof(*t));
	size_t i;

	assert_non_null(t);
	for (i = 0; i < n; i++) {
		t[i].duration_ns = -1;
		t[i].lock = -1;
	}
	return t;
}

static long next_test(struct sched *s, int w)
{
	long rc = sched_next(s, w);

	assert_true(rc >= 0);
	return rc;
}

/* Worker w, alone, runs exactly the tests of want in that order. */
static void assert_runs(struct sched *s, int w, const long *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(sched_next(s, w), want[i]);
		sched_finished(s, w, (size_t)want[i]);
	}
}

#define ASSERT_RUNS(s, w, ...)                                              \
	do {                                                                \
		const long want_[] = {__VA_ARGS__};                         \
		assert_runs((s), (w), want_, sizeof(want_) / sizeof(long)); \
	} while (0)

/* ---- sched_mode_parse -------------------------------------------------- */

/* The --dist spelling of each mode, by enum value. */
static const char *const mode_names[] = {"load",      "loadscope", "loadfile",
					 "loadgroup", "worksteal", "each",
					 "no"};

static void sched_mode_parse__every_mode_name__is_its_mode(void **state)
{
	enum sched_mode m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++) {
		assert_int_equal(sched_mode_parse(mode_names[i], &m), 0);
		assert_int_equal(m, (enum sched_mode)i);
	}
}

static void
sched_mode_parse__unknown_name__is_minus_1_and_keeps_out(void **state)
{
	enum sched_mode m = SCHED_EACH;

	(void)state;
	assert_int_equal(sched_mode_parse("LOAD", &m), -1);
	assert_int_equal(sched_mode_parse("", &m), -1);
	assert_int_equal(sched_mode_parse("loads", &m), -1);
	assert_int_equal(sched_mode_parse("load ", &m), -1);
	assert_int_equal(sched_mode_parse(NULL, &m), -1);
	assert_int_equal(m, SCHED_EACH);
}

/* ---- sched_unit_key ---------------------------------------------------- */

static void assert_key(enum sched_mode m, const char *id, const char *argv0,
		       const char *scope, const char *group, const char *want)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_adds(&b, "stale");
	rc = sched_unit_key(m, id, argv0, scope, group, &b);
	if (want) {
		assert_int_equal(rc, 1);
		assert_string_equal(b.data, want);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(b.len, 0);
	}
	buf_release(&b);
}

static void sched_unit_key__loadscope_scope_attribute__wins(void **state)
{
	(void)state;
	assert_key(SCHED_LOADSCOPE, "a.py::C::m", "tests/t_a", "db", NULL,
		   "db");
	assert_key(SCHED_LOADSCOPE, "t_a", "tests/t_a", "db", "g", "db");
}

static void
sched_unit_key__loadscope_id_with_colons__is_text_before_last(void **state)
{
	(void)state;
	assert_key(SCHED_LOADSCOPE, "a.py::C::m[0]", "tests/t_a", NULL, NULL,
		   "a.py::C");
	assert_key(SCHED_LOADSCOPE, "a.py::f", "x", "", NULL, "a.py");
	assert_key(SCHED_LOADSCOPE, "a::::b", "x", NULL, NULL, "a::");
}

static void
sched_unit_key__loadscope_plain_id__is_executable_directory(void **state)
{
	(void)state;
	assert_key(SCHED_LOADSCOPE, "t_a", "tests/unit/t_a", NULL, NULL,
		   "tests/unit");
	assert_key(SCHED_LOADSCOPE, "t_a", "./t_a", NULL, NULL, ".");
	assert_key(SCHED_LOADSCOPE, "t_a", "t_a", NULL, NULL, ".");
	assert_key(SCHED_LOADSCOPE, "t_a", "/t_a", NULL, NULL, "/");
	assert_key(SCHED_LOADSCOPE, "t_a", "a//b", NULL, NULL, "a");
	assert_key(SCHED_LOADSCOPE, "t_a", "a/b/", NULL, NULL, "a");
	assert_key(SCHED_LOADSCOPE, "t_a", NULL, NULL, NULL, ".");
	/* "::" with nothing before it names no scope */
	assert_key(SCHED_LOADSCOPE, "::t", "d/t", NULL, NULL, "d");
}

static void sched_unit_key__loadfile__is_the_file(void **state)
{
	(void)state;
	assert_key(SCHED_LOADFILE, "a.py::C::m", "tests/t_a", "s", "g",
		   "tests/t_a");
	assert_key(SCHED_LOADFILE, "x", "t_a", NULL, NULL, "t_a");
	assert_key(SCHED_LOADFILE, "x", "", NULL, NULL, NULL);
	assert_key(SCHED_LOADFILE, "x", NULL, NULL, NULL, NULL);
}

static void note(enum sched_mode m, size_t ntests, size_t nunits, int wanted,
		 const char *want)
{
	struct buf b = BUF_INIT;

	sched_units_note(&b, m, ntests, nunits, wanted);
	assert_string_equal(b.data ? b.data : "", want);
	buf_release(&b);
}

static void sched_units_note__fewer_units_than_workers(void **state)
{
	(void)state;
	note(SCHED_LOADFILE, 21, 1, 2,
	     "loadfile: 21 tests in 1 unit; 1 of 2 workers used\n");
	note(SCHED_LOADSCOPE, 1, 1, 4,
	     "loadscope: 1 test in 1 unit; 1 of 4 workers used\n");
	note(SCHED_LOADGROUP, 9, 3, 8,
	     "loadgroup: 9 tests in 3 units; 3 of 8 workers used\n");
	/* Enough units, or a mode without units: nothing to say. */
	note(SCHED_LOADFILE, 21, 2, 2, "");
	note(SCHED_LOADFILE, 21, 3, 2, "");
	note(SCHED_LOADFILE, 21, 1, 1, "");
	note(SCHED_LOAD, 1, 1, 2, "");
	note(SCHED_EACH, 1, 1, 2, "");
}

static void sched_unit_key__loadgroup__is_the_group_or_none(void **state)
{
	(void)state;
	assert_key(SCHED_LOADGROUP, "a::b", "t_a", "s", "g1", "g1");
	assert_key(SCHED_LOADGROUP, "a::b", "t_a", "s", NULL, NULL);
	assert_key(SCHED_LOADGROUP, "a::b", "t_a", "s", "", NULL);
}

static void sched_unit_key__other_modes__are_none(void **state)
{
	enum sched_mode m[] = {SCHED_LOAD, SCHED_WORKSTEAL, SCHED_EACH,
			       SCHED_NO};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		assert_key(m[i], "a::b", "d/t_a", "s", "g", NULL);
}

/* ---- load -------------------------------------------------------------- */

static void sched_next__load__known_durations_longest_first(void **state)
{
	struct sched_test *t = tests_new(5);
	struct sched s;

	(void)state;
	t[0].duration_ns = 10;
	t[1].duration_ns = 50;
	t[2].duration_ns = 30;
	t[3].duration_ns = 50;
	t[4].duration_ns = 20;
	sched_init(&s, SCHED_LOAD, 1, t, 5, 0);
	ASSERT_RUNS(&s, 0, 1, 3, 2, 4, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

/*
 * A test handed out while the worker runs one (sent ahead) is held as
 * its second: counted as started, its lock taken; the worker's next
 * finish is the first, then the second.  An exclusive test is never the
 * second: it waits for everything, the one ahead included.
 */
static void sched_next__second_test_while_one_runs__held_in_order(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[1].lock = t[2].lock = 3;
	t[3].exclusive = 1;
	sched_init(&s, SCHED_LOAD, 2, t, 4, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(next_test(&s, 0), 1); /* ahead, behind 0 */
	assert_int_equal(sched_pending(&s), 2);
	/* 2 shares 1's lock; 3 is exclusive: worker 1 raises the barrier
	   and waits while 0 and the one ahead, 1, run. */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 0, 1);
	assert_int_equal(next_test(&s, 1), 3);
	sched_finished(&s, 1, 3);
	assert_int_equal(next_test(&s, 0), 2);
	sched_finished(&s, 0, 2);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__load__first_then_unknown_then_known(void **state)
{
	struct sched_test *t = tests_new(6);
	struct sched s;

	(void)state;
	t[0].duration_ns = 10;
	t[2].duration_ns = 99;
	t[3].duration_ns = 1;
	t[3].first = 1;
	t[5].first = 1;
	sched_init(&s, SCHED_LOAD, 1, t, 6, 0);
	ASSERT_RUNS(&s, 0, 3, 5, 1, 4, 2, 0);
	sched_release(&s);
	free(t);
}

static void
sched_next__load_keep_order__ignores_durations_not_first(void **state)
{
	struct sched_test *t = tests_new(6);
	struct sched s;

	(void)state;
	t[0].duration_ns = 10;
	t[2].duration_ns = 99;
	t[3].duration_ns = 1;
	t[3].first = 1;
	t[5].first = 1;
	sched_init(&s, SCHED_LOAD, 1, t, 6, 1);
	ASSERT_RUNS(&s, 0, 3, 5, 0, 1, 2, 4);
	sched_release(&s);
	free(t);
}

static void sched_next__load__idle_workers_share_one_queue(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_LOAD, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 1);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_finished(&s, 1, 2);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

static void sched_next__load__a_test_waits_for_those_it_follows(void **state)
{
	struct sched_test *t = tests_new(4);
	const size_t after0[] = {1, 2};
	struct sched s;

	(void)state;
	/* 0 follows 1 and 2, which come after it in the dispatch order; 3
	   goes on while 0 waits. */
	t[0].after = after0;
	t[0].nafter = 2;
	sched_init(&s, SCHED_LOAD, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_finished(&s, 1, 2);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 1);
	assert_int_equal(sched_next(&s, 1), 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_finished(&s, 1, 0);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

static void
sched_next__load__a_waiting_test_with_a_lock_waits_in_its_queue(void **state)
{
	struct sched_test *t = tests_new(4);
	const size_t after2[] = {0};
	struct sched s;

	(void)state;
	/* 2 follows 0 and shares a lock with 1: 1 may start while 2
	   waits, and 2 then waits for both. */
	t[1].lock = t[2].lock = 7;
	t[2].after = after2;
	t[2].nafter = 1;
	sched_init(&s, SCHED_LOAD, 2, t, 4, 1);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 1);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 2);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 0, 2);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__no__order_is_kept_with_after(void **state)
{
	struct sched_test *t = tests_new(3);
	const size_t after1[] = {0};
	struct sched s;

	(void)state;
	t[1].after = after1;
	t[1].nafter = 1;
	sched_init(&s, SCHED_NO, 2, t, 3, 0);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	ASSERT_RUNS(&s, 0, 0, 1, 2);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__load__a_test_of_two_slots_keeps_one_idle(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[0].slots = 2;
	sched_init(&s, SCHED_LOAD, 3, t, 4, 1);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 1);
	assert_int_equal(sched_next(&s, 2), SCHED_WAIT);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 2), 2);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_release(&s);
	free(t);
}

static void sched_next__load__a_test_of_slots_waits_for_them(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;

	(void)state;
	/* 5 slots on 2 workers: capped at 2. */
	t[1].slots = 5;
	sched_init(&s, SCHED_LOAD, 2, t, 3, 1);
	assert_int_equal(sched_next(&s, 0), 0);
	/* Not while 0 runs, not sent ahead, and 2 waits behind it. */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 1), 1);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 0), 2);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__load__a_test_with_two_locks_holds_both(void **state)
{
	struct sched_test *t = tests_new(4);
	const int more[] = {20};
	struct sched s;

	(void)state;
	t[0].lock = 10;
	t[0].more_locks = more;
	t[0].nmore_locks = 1;
	t[1].lock = 20;
	t[2].lock = 10;
	sched_init(&s, SCHED_LOAD, 2, t, 4, 1);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_release(&s);
	free(t);
}

static void sched_next__load__a_test_with_two_locks_waits_for_both(void **state)
{
	struct sched_test *t = tests_new(3);
	const int more[] = {20};
	struct sched s;

	(void)state;
	t[0].lock = 20;
	t[1].lock = 10;
	t[1].more_locks = more;
	t[1].nmore_locks = 1;
	sched_init(&s, SCHED_LOAD, 2, t, 3, 1);
	assert_int_equal(sched_next(&s, 0), 0);
	/* 1 is next and 20 is held: the queue waits behind it. */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 1), 1);
	assert_int_equal(sched_next(&s, 0), 2);
	sched_finished(&s, 1, 1);
	sched_finished(&s, 0, 2);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__load__no_tests__is_done_at_once(void **state)
{
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_LOAD, 3, NULL, 0, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	assert_int_equal(sched_next(&s, 2), SCHED_DONE);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	sched_release(&s);
}

static void
sched_next__load__locked_tests_are_skipped_not_reordered(void **state)
{
	struct sched_test *t = tests_new(5);
	struct sched s;

	(void)state;
	t[0].duration_ns = 100;
	t[1].duration_ns = 90;
	t[2].duration_ns = 80;
	t[3].duration_ns = 70;
	t[4].duration_ns = 60;
	t[0].lock = t[1].lock = t[3].lock = 7;
	sched_init(&s, SCHED_LOAD, 2, t, 5, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_finished(&s, 1, 2);
	assert_int_equal(sched_next(&s, 1), 4);
	sched_finished(&s, 1, 4);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 1);
	assert_int_equal(sched_next(&s, 1), 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void
sched_next__load__distinct_locks_do_not_block_each_other(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;

	(void)state;
	t[0].lock = 1;
	t[1].lock = 1000000;
	t[2].lock = 1;
	sched_init(&s, SCHED_LOAD, 3, t, 3, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 1);
	assert_int_equal(sched_next(&s, 2), SCHED_WAIT);
	sched_release(&s);
	free(t);
}

/* Splitmix64: a small seeded PRNG. */
static uint64_t rnd_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rnd(uint64_t *x, uint64_t n)
{
	return n ? rnd_next(x) % n : 0;
}

/*
 * Run the tests on nworkers that ask whenever idle, each test lasting its
 * duration; returns the makespan.
 */
static long long makespan(struct sched *s, int nworkers, const long long *dur)
{
	long long now = 0, end[16];
	long cur[16];
	int w, left = nworkers, done[16] = {0};

	assert_true(nworkers <= 16);
	for (w = 0; w < nworkers; w++)
		cur[w] = -1;
	while (left) {
		int first = -1;

		for (w = 0; w < nworkers; w++) {
			long rc;

			if (cur[w] >= 0 || done[w])
				continue;
			rc = sched_next(s, w);
			if (rc == SCHED_DONE) {
				done[w] = 1;
				left--;
			} else if (rc >= 0) {
				cur[w] = rc;
				end[w] = now + dur[rc];
			}
		}
		for (w = 0; w < nworkers; w++) {
			if (cur[w] >= 0 && (first < 0 || end[w] < end[first]))
				first = w;
		}
		if (first < 0)
			break;
		now = end[first];
		sched_finished(s, first, (size_t)cur[first]);
		cur[first] = -1;
	}
	return now;
}

static void
sched_next__load__makespan_is_within_5_percent_of_lower_bound(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		struct sched_test *t = tests_new(40);
		long long dur[40], total = 0, longest = 0, bound, span;
		uint64_t x = seed;
		struct sched s;
		size_t i;

		for (i = 0; i < 40; i++) {
			/* a few long tests (5-10 s), many short (50 ms-1 s) */
			if (rnd(&x, 8) == 0)
				dur[i] = 5000 + (long long)rnd(&x, 5001);
			else
				dur[i] = 50 + (long long)rnd(&x, 951);
			dur[i] *= 1000000;
			t[i].duration_ns = dur[i];
			total += dur[i];
			if (dur[i] > longest)
				longest = dur[i];
		}
		bound = total / 2 > longest ? total / 2 : longest;
		sched_init(&s, SCHED_LOAD, 2, t, 40, 0);
		span = makespan(&s, 2, dur);
		assert_int_equal(sched_pending(&s), 0);
		if (span * 100 > bound * 105)
			fail_msg("seed %llu: makespan %lld > 105%% of %lld",
				 (unsigned long long)seed, span, bound);
		sched_release(&s);
		free(t);
	}
}

/* n tests through sched_next/sched_finished on 8 workers, timed. */
static double schedule_all_seconds(enum sched_mode mode, size_t n, int locks,
				   int units)
{
	static const char *const keys[] = {"k0", "k1", "k2", "k3", "k4",
					   "k5", "k6", "k7", "k8", "k9"};
	struct sched_test *t = tests_new(n);
	uint64_t x = 42;
	struct sched s;
	clock_t c0;
	size_t i, runs = 0;
	long cur[8];
	int w, left = 8;

	for (i = 0; i < n; i++) {
		t[i].duration_ns = (long long)rnd(&x, 1000000000);
		if (locks)
			t[i].lock = (int)rnd(&x, (uint64_t)locks);
		if (units)
			t[i].unit = keys[rnd(&x, 10)];
	}
	c0 = clock();
	sched_init(&s, mode, 8, t, n, 0);
	for (w = 0; w < 8; w++)
		cur[w] = -1;
	while (left) {
		int busy = 0;

		left = 0;
		for (w = 0; w < 8; w++) {
			long rc;

			if (cur[w] >= 0) {
				sched_finished(&s, w, (size_t)cur[w]);
				cur[w] = -1;
			}
			rc = sched_next(&s, w);
			if (rc >= 0) {
				cur[w] = rc;
				runs++;
			}
			if (rc != SCHED_DONE)
				left++;
			busy += rc >= 0;
		}
		if (left && !busy)
			fail_msg("%s: stuck with %zu tests left",
				 mode_names[mode], sched_pending(&s));
	}
	sched_release(&s);
	free(t);
	assert_int_equal(runs, mode == SCHED_EACH ? n * 8 : n);
	return (double)(clock() - c0) / CLOCKS_PER_SEC;
}

/*
 * 100,000 tests: a quadratic scheduler would take minutes of CPU here.
 * The bound is deliberately loose (sanitizers, a loaded machine): this
 * catches the wrong order of growth, not a slow machine; `make bench`
 * measures real dispatch cost.
 */
#define LINEAR_BOUND_S 10.0

static void
sched_next__100000_tests__schedule_without_quadratic_cost(void **state)
{
	(void)state;
	assert_true(schedule_all_seconds(SCHED_LOAD, 100000, 0, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOAD, 100000, 100, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOAD, 100000, 100000, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOADFILE, 100000, 0, 1) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOADGROUP, 100000, 50, 1) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_WORKSTEAL, 100000, 0, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_EACH, 100000, 0, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_NO, 100000, 10, 0) <
		    LINEAR_BOUND_S);
}

/* ---- loadscope, loadfile, loadgroup ------------------------------------ */

static void
sched_next__loadscope__unit_runs_whole_on_one_worker_in_order(void **state)
{
	struct sched_test *t = tests_new(6);
	struct sched s;

	(void)state;
	t[0].unit = t[2].unit = t[4].unit = "a";
	t[1].unit = t[3].unit = "b";
	sched_init(&s, SCHED_LOADSCOPE, 2, t, 6, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 1);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 2);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), 5);
	sched_finished(&s, 1, 5);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 2);
	assert_int_equal(sched_next(&s, 0), 4);
	/* nothing is pending any more */
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_finished(&s, 0, 4);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__loadfile__units_by_duration_sum_then_size(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[0].unit = "x";
	t[0].duration_ns = 10;
	t[1].unit = t[2].unit = "y";
	t[1].duration_ns = 5;
	t[2].duration_ns = 8;
	t[3].unit = "z";
	t[3].duration_ns = 13;
	sched_init(&s, SCHED_LOADFILE, 1, t, 4, 0);
	ASSERT_RUNS(&s, 0, 1, 2, 3, 0);
	sched_release(&s);
	free(t);
}

static void
sched_next__loadfile__unknown_units_first_largest_first(void **state)
{
	struct sched_test *t = tests_new(7);
	struct sched s;

	(void)state;
	t[0].unit = "u";
	t[0].duration_ns = 100;
	t[1].unit = "v";
	t[2].unit = t[3].unit = t[4].unit = "w";
	t[2].duration_ns = 1;
	t[5].unit = t[6].unit = "t";
	t[6].duration_ns = 1;
	sched_init(&s, SCHED_LOADFILE, 1, t, 7, 0);
	ASSERT_RUNS(&s, 0, 2, 3, 4, 5, 6, 1, 0);
	sched_release(&s);
	free(t);
}

static void sched_next__loadfile_keep_order__units_in_list_order(void **state)
{
	struct sched_test *t = tests_new(5);
	struct sched s;

	(void)state;
	t[0].unit = "a";
	t[0].duration_ns = 1;
	t[1].unit = t[3].unit = "b";
	t[1].duration_ns = 100;
	t[2].unit = "c";
	t[4].unit = "d";
	t[4].first = 1;
	sched_init(&s, SCHED_LOADFILE, 1, t, 5, 1);
	ASSERT_RUNS(&s, 0, 4, 0, 1, 3, 2);
	sched_release(&s);
	free(t);
}

static void sched_next__loadscope__unit_with_first_test_goes_first(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[0].unit = t[1].unit = "a";
	t[2].unit = t[3].unit = "b";
	t[3].first = 1;
	sched_init(&s, SCHED_LOADSCOPE, 1, t, 4, 0);
	ASSERT_RUNS(&s, 0, 2, 3, 0, 1);
	sched_release(&s);
	free(t);
}

static void
sched_next__loadgroup__ungrouped_tests_are_units_of_one(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[0].unit = t[3].unit = "g";
	t[0].duration_ns = t[3].duration_ns = 1;
	t[1].duration_ns = 50;
	t[2].duration_ns = 5;
	sched_init(&s, SCHED_LOADGROUP, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_finished(&s, 1, 2);
	assert_int_equal(sched_next(&s, 1), 0);
	sched_finished(&s, 0, 1);
	/* the rest of group g belongs to worker 1: worker 0 waits */
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 1, 0);
	assert_int_equal(sched_next(&s, 1), 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void
sched_next__loadscope__held_lock_mid_unit__waits_in_order(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[0].unit = t[1].unit = "a";
	t[0].duration_ns = t[1].duration_ns = 10;
	t[0].lock = 1;
	t[1].lock = 2;
	t[2].unit = t[3].unit = "b";
	t[2].duration_ns = t[3].duration_ns = 5;
	t[2].lock = 2;
	sched_init(&s, SCHED_LOADSCOPE, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 1, 2);
	assert_int_equal(sched_next(&s, 1), 3);
	assert_int_equal(sched_next(&s, 0), 1);
	sched_release(&s);
	free(t);
}

static void
sched_next__loadfile__unit_whose_first_lock_is_held_is_skipped(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;

	(void)state;
	t[0].unit = "a";
	t[0].duration_ns = 30;
	t[0].lock = 5;
	t[1].unit = "b";
	t[1].duration_ns = 20;
	t[1].lock = 5;
	t[2].unit = "c";
	t[2].duration_ns = 10;
	sched_init(&s, SCHED_LOADFILE, 2, t, 3, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_finished(&s, 1, 2);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 1), 1);
	sched_release(&s);
	free(t);
}

/* ---- worksteal --------------------------------------------------------- */

static void
sched_init__worksteal__splits_load_order_into_even_queues(void **state)
{
	struct sched_test *t = tests_new(10);
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_WORKSTEAL, 3, t, 10, 0);
	assert_int_equal(s.workers[0].q.len, 3);
	assert_int_equal(s.workers[1].q.len, 3);
	assert_int_equal(s.workers[2].q.len, 4);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 3);
	assert_int_equal(sched_next(&s, 2), 6);
	sched_finished(&s, 0, 0);
	sched_finished(&s, 1, 3);
	sched_finished(&s, 2, 6);
	ASSERT_RUNS(&s, 2, 7, 8, 9);
	ASSERT_RUNS(&s, 1, 4, 5);
	sched_release(&s);
	free(t);
}

static void sched_next__worksteal__idle_worker_steals_tail_half(void **state)
{
	struct sched_test *t = tests_new(10);
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_WORKSTEAL, 2, t, 10, 0);
	assert_int_equal(sched_next(&s, 1), 5);
	ASSERT_RUNS(&s, 0, 0, 1, 2, 3, 4);
	/* worker 1 holds 6 7 8 9: worker 0 steals 8 9, then 7 of 6 7 */
	ASSERT_RUNS(&s, 0, 8, 9, 7);
	/* worker 1 holds 6 alone: not stolen */
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 1, 5);
	ASSERT_RUNS(&s, 1, 6);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_next__worksteal__steals_from_the_longest_queue(void **state)
{
	struct sched_test *t = tests_new(12);
	struct sched s;

	(void)state;
	/* queues: 0 1 2 3 | 4 5 6 7 | 8 9 10 11 */
	sched_init(&s, SCHED_WORKSTEAL, 3, t, 12, 0);
	assert_int_equal(sched_next(&s, 1), 4);
	assert_int_equal(sched_next(&s, 2), 8);
	sched_finished(&s, 2, 8);
	assert_int_equal(sched_next(&s, 2), 9);
	ASSERT_RUNS(&s, 0, 0, 1, 2, 3);
	/* left: 5 6 7 (worker 1) and 10 11 (worker 2): steal 7 */
	ASSERT_RUNS(&s, 0, 7);
	/* left: 5 6 and 10 11: tie, lowest slot: steal 6 */
	ASSERT_RUNS(&s, 0, 6);
	/* left: 5 and 10 11: steal 11 */
	ASSERT_RUNS(&s, 0, 11);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_release(&s);
	free(t);
}

static void
sched_next__worksteal__held_lock_is_skipped_in_own_queue(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[0].lock = t[1].lock = t[2].lock = 1;
	sched_init(&s, SCHED_WORKSTEAL, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 1, 3);
	/* own queue holds only the blocked 2: wait, do not steal */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 1);
	assert_int_equal(sched_next(&s, 1), 2);
	sched_release(&s);
	free(t);
}

/* ---- each, no ---------------------------------------------------------- */

static void
sched_next__each__every_worker_runs_every_test_in_load_order(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;

	(void)state;
	t[0].duration_ns = 1;
	t[1].duration_ns = 3;
	t[2].duration_ns = 2;
	sched_init(&s, SCHED_EACH, 3, t, 3, 0);
	assert_int_equal(sched_pending(&s), 9);
	ASSERT_RUNS(&s, 1, 1, 2, 0);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	assert_int_equal(sched_pending(&s), 6);
	ASSERT_RUNS(&s, 0, 1, 2, 0);
	ASSERT_RUNS(&s, 2, 1, 2, 0);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

static void sched_next__each__locked_test_never_runs_twice_at_once(void **state)
{
	struct sched_test *t = tests_new(2);
	struct sched s;

	(void)state;
	t[0].lock = 3;
	sched_init(&s, SCHED_EACH, 2, t, 2, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), 0);
	sched_release(&s);
	free(t);
}

static void sched_next__no__keeps_list_order_on_worker_0(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	t[1].duration_ns = 100;
	t[3].first = 1;
	t[2].unit = "x";
	sched_init(&s, SCHED_NO, 2, t, 4, 0);
	assert_int_equal(sched_pending(&s), 4);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	ASSERT_RUNS(&s, 0, 0, 1, 2, 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

/* ---- exclusive --------------------------------------------------------- */

static void sched_next__exclusive__barrier_waits_for_running_tests(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;

	(void)state;
	t[0].duration_ns = 30;
	t[1].duration_ns = 20;
	t[1].exclusive = 1;
	t[2].duration_ns = 10;
	sched_init(&s, SCHED_LOAD, 2, t, 3, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	/* 1 is next but 0 runs: barrier, and 2 must not overtake it */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	/* only the worker that raised the barrier starts it */
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	assert_int_equal(sched_next(&s, 1), 1);
	/* nothing starts while it runs */
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 0), 2);
	sched_release(&s);
	free(t);
}

static void
sched_next__exclusive_with_nothing_running__starts_at_once(void **state)
{
	struct sched_test *t = tests_new(2);
	struct sched s;

	(void)state;
	t[0].exclusive = 1;
	sched_init(&s, SCHED_EACH, 2, t, 2, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), 1);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 1);
	assert_int_equal(sched_next(&s, 1), 0);
	sched_release(&s);
	free(t);
}

static void
sched_next__worksteal__barrier_test_behind_a_locked_one(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	/* queues: 0 1 | 2 3; 2 shares 0's lock, 3 is exclusive */
	t[0].lock = t[2].lock = 1;
	t[3].exclusive = 1;
	sched_init(&s, SCHED_WORKSTEAL, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	assert_int_equal(s.barrier_worker, 1);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	/* the exclusive test, not the now unblocked 2 */
	assert_int_equal(sched_next(&s, 1), 3);
	sched_finished(&s, 1, 3);
	assert_int_equal(sched_next(&s, 1), 2);
	assert_int_equal(sched_next(&s, 0), 1);
	sched_release(&s);
	free(t);
}

/* ---- sched_stop, sched_pending ---------------------------------------- */

static void
sched_stop__later_next__is_done_and_pending_counts_the_rest(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_LOAD, 2, t, 4, 0);
	assert_int_equal(sched_next(&s, 0), 0);
	sched_stop(&s);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	assert_int_equal(sched_pending(&s), 3);
	sched_release(&s);
	free(t);
}

static void sched_pending__each__counts_runs_not_started(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_EACH, 2, t, 3, 0);
	assert_int_equal(sched_pending(&s), 6);
	next_test(&s, 0);
	next_test(&s, 1);
	assert_int_equal(sched_pending(&s), 4);
	sched_release(&s);
	free(t);
}

/* ---- sched_take_more, sched_give_back ----------------------------------- */

/* pred: tests whose index is even (ctx unused). */
static int even(void *ctx, size_t t)
{
	(void)ctx;
	return t % 2 == 0;
}

static int any(void *ctx, size_t t)
{
	(void)ctx;
	(void)t;
	return 1;
}

static void sched_take_more__load__takes_accepted_tests_in_order(void **state)
{
	struct sched_test *t = tests_new(7);
	struct sched s;
	size_t out[8];

	(void)state;
	sched_init(&s, SCHED_LOAD, 2, t, 7, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, even, NULL, 2, out), 2);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 4);
	assert_int_equal(s.running, 3);
	assert_int_equal(sched_pending(&s), 4);
	/* What was skipped keeps its place, for the other worker. */
	assert_int_equal(next_test(&s, 1), 1);
	sched_finished(&s, 1, 1);
	assert_int_equal(next_test(&s, 1), 3);
	sched_finished(&s, 1, 3);
	sched_finished(&s, 0, 2);
	sched_finished(&s, 0, 4);
	sched_finished(&s, 0, 0);
	assert_int_equal(s.running, 0);
	ASSERT_RUNS(&s, 0, 5, 6);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_take_more__locked_or_exclusive__never_taken(void **state)
{
	struct sched_test *t = tests_new(5);
	struct sched s;
	size_t out[8];

	(void)state;
	t[1].lock = 7;
	t[2].exclusive = 1;
	sched_init(&s, SCHED_LOAD, 1, t, 5, 1);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 8, out), 2);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 4);
	assert_false(sched_batchable(&s, 1));
	assert_false(sched_batchable(&s, 2));
	sched_release(&s);
	free(t);
}

static void sched_give_back__load__runs_next_on_that_worker(void **state)
{
	struct sched_test *t = tests_new(6);
	struct sched s;
	size_t out[8];

	(void)state;
	sched_init(&s, SCHED_LOAD, 2, t, 6, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 3, out), 3);
	/* 0 and 1 ran; 2 and 3 never started. */
	sched_finished(&s, 0, 1);
	sched_give_back(&s, 0, 2);
	sched_give_back(&s, 0, 3);
	sched_finished(&s, 0, 0);
	assert_int_equal(s.running, 0);
	assert_int_equal(sched_pending(&s), 4);
	/* First thing for worker 0, in a new batch with the rest. */
	assert_int_equal(next_test(&s, 0), 2);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 1, out), 1);
	assert_int_equal(out[0], 3);
	sched_finished(&s, 0, 3);
	sched_finished(&s, 0, 2);
	ASSERT_RUNS(&s, 1, 4, 5);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_give_back__leader__others_finish(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;
	size_t out[4];

	(void)state;
	sched_init(&s, SCHED_LOAD, 1, t, 3, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 4, out), 2);
	sched_finished(&s, 0, 1);
	sched_give_back(&s, 0, 0);
	sched_finished(&s, 0, 2);
	ASSERT_RUNS(&s, 0, 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_give_back__after_stop__is_not_run(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;
	size_t out[4];

	(void)state;
	sched_init(&s, SCHED_LOAD, 1, t, 3, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 4, out), 2);
	sched_stop(&s);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 4, out), 0);
	sched_finished(&s, 0, 0);
	sched_give_back(&s, 0, 1);
	sched_give_back(&s, 0, 2);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	assert_int_equal(sched_pending(&s), 2);
	sched_release(&s);
	free(t);
}

static void sched_take_more__loadscope__only_the_workers_unit(void **state)
{
	struct sched_test *t = tests_new(6);
	struct sched s;
	size_t out[8];

	(void)state;
	t[0].unit = t[1].unit = t[2].unit = "a";
	t[3].unit = t[4].unit = t[5].unit = "b";
	sched_init(&s, SCHED_LOADSCOPE, 2, t, 6, 1);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 8, out), 2);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	assert_int_equal(next_test(&s, 1), 3);
	/* Up to the first test refused (5), order kept. */
	assert_int_equal(sched_take_more(&s, 1, even, NULL, 8, out), 1);
	assert_int_equal(out[0], 4);
	sched_finished(&s, 1, 3);
	sched_finished(&s, 1, 4);
	assert_int_equal(next_test(&s, 1), 5);
	/* Given back, 2 is worker 0's next. */
	sched_finished(&s, 0, 0);
	sched_finished(&s, 0, 1);
	sched_give_back(&s, 0, 2);
	ASSERT_RUNS(&s, 0, 2);
	sched_finished(&s, 1, 5);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	assert_int_equal(sched_next(&s, 1), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_take_more__loadfile__only_the_workers_unit(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;
	size_t out[8];

	(void)state;
	t[0].unit = t[1].unit = "f1";
	t[2].unit = t[3].unit = "f2";
	sched_init(&s, SCHED_LOADFILE, 1, t, 4, 1);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 8, out), 1);
	assert_int_equal(out[0], 1);
	sched_finished(&s, 0, 1);
	sched_finished(&s, 0, 0);
	assert_int_equal(next_test(&s, 0), 2);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 8, out), 1);
	assert_int_equal(out[0], 3);
	sched_finished(&s, 0, 2);
	sched_finished(&s, 0, 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_take_more__loadgroup__the_group_not_the_rest(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;
	size_t out[8];

	(void)state;
	t[0].unit = t[1].unit = "g";
	sched_init(&s, SCHED_LOADGROUP, 1, t, 4, 1);
	assert_int_equal(next_test(&s, 0), 0);
	/* 2 and 3 are units of their own, not the worker's. */
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 8, out), 1);
	assert_int_equal(out[0], 1);
	sched_finished(&s, 0, 0);
	sched_finished(&s, 0, 1);
	ASSERT_RUNS(&s, 0, 2, 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_take_more__worksteal__from_its_own_queue(void **state)
{
	struct sched_test *t = tests_new(8);
	struct sched s;
	size_t out[8];

	(void)state;
	sched_init(&s, SCHED_WORKSTEAL, 2, t, 8, 1);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, even, NULL, 8, out), 1);
	assert_int_equal(out[0], 2);
	assert_int_equal(next_test(&s, 1), 4);
	assert_int_equal(sched_take_more(&s, 1, any, NULL, 2, out), 2);
	assert_int_equal(out[0], 5);
	assert_int_equal(out[1], 6);
	sched_finished(&s, 0, 0);
	sched_give_back(&s, 0, 2);
	ASSERT_RUNS(&s, 0, 2, 1, 3);
	sched_finished(&s, 1, 4);
	sched_finished(&s, 1, 5);
	sched_finished(&s, 1, 6);
	ASSERT_RUNS(&s, 1, 7);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_take_more__no__list_order_up_to_a_refusal(void **state)
{
	struct sched_test *t = tests_new(5);
	struct sched s;
	size_t out[8];

	(void)state;
	sched_init(&s, SCHED_NO, 2, t, 5, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 2, out), 2);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	sched_finished(&s, 0, 0);
	sched_finished(&s, 0, 1);
	sched_give_back(&s, 0, 2);
	ASSERT_RUNS(&s, 0, 2, 3, 4);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

static void sched_take_more__each__takes_nothing(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;
	size_t out[4];

	(void)state;
	sched_init(&s, SCHED_EACH, 2, t, 3, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(sched_take_more(&s, 0, any, NULL, 4, out), 0);
	sched_release(&s);
	free(t);
}

/* ---- the simulator ------------------------------------------------- */

#define SIM_MAXW 6
#define SIM_MAXN 60

struct sim {
	enum sched_mode mode;
	int nworkers;
	size_t n;
	struct sched_test t[SIM_MAXN];
	int unit_of[SIM_MAXN]; /* index into keys, or -1 */
	struct sched s;
	uint64_t x;
	long long now;
	long cur[SIM_MAXW];
	long long end[SIM_MAXW];
	int done[SIM_MAXW];
	unsigned runs[SIM_MAXW][SIM_MAXN];
	size_t started;
	int unit_owner[8]; /* worker holding the unit, or -1 */
	long unit_last[8]; /* last test of the unit started */
	long no_last;	   /* no mode: last test started */
	struct sim_seen {  /* what the runs exercised */
		unsigned long runs, waits, barriers, exclusive, locked;
		unsigned long stops;
	} seen;
};

static const char *const sim_keys[8] = {"k0", "k1", "k2", "k3",
					"k4", "k5", "k6", "k7"};

static void sim_make(struct sim *m, enum sched_mode mode, uint64_t seed)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->mode = mode;
	m->x = seed;
	m->nworkers = 1 + (int)rnd(&m->x, SIM_MAXW);
	m->n = rnd(&m->x, SIM_MAXN + 1);
	for (i = 0; i < m->n; i++) {
		struct sched_test *t = &m->t[i];

		t->duration_ns =
			rnd(&m->x, 3) ? (long long)rnd(&m->x, 1000) : -1;
		t->lock = rnd(&m->x, 3) ? -1 : 1000 * (int)rnd(&m->x, 4);
		t->exclusive = rnd(&m->x, 15) == 0;
		t->first = rnd(&m->x, 10) == 0;
		m->unit_of[i] = rnd(&m->x, 4) ? (int)rnd(&m->x, 8) : -1;
		t->unit = m->unit_of[i] >= 0 ? sim_keys[m->unit_of[i]] : NULL;
	}
	for (i = 0; i < 8; i++) {
		m->unit_owner[i] = -1;
		m->unit_last[i] = -1;
	}
	m->no_last = -1;
	sched_init(&m->s, mode, m->nworkers, m->t, m->n, (int)rnd(&m->x, 2));
}

static int sim_unit_mode(const struct sim *m)
{
	return m->mode == SCHED_LOADSCOPE || m->mode == SCHED_LOADFILE ||
	       m->mode == SCHED_LOADGROUP;
}

/* A test just started on worker w: check every constraint. */
static void sim_started(struct sim *m, int w, long t)
{
	int v, u;

	assert_true(t >= 0 && (size_t)t < m->n);
	m->runs[w][t]++;
	m->started++;
	m->seen.runs++;
	m->seen.exclusive += !!m->t[t].exclusive;
	m->seen.locked += m->t[t].lock >= 0;
	if (m->mode == SCHED_EACH)
		assert_int_equal(m->runs[w][t], 1);
	for (v = 0; v < m->nworkers; v++) {
		long o = m->cur[v];

		if (v == w || o < 0)
			continue;
		assert_false(m->t[t].exclusive);
		assert_false(m->t[o].exclusive);
		if (m->t[t].lock >= 0)
			assert_int_not_equal(m->t[t].lock, m->t[o].lock);
	}
	m->cur[w] = t;
	m->end[w] = m->now + 1 + (long long)rnd(&m->x, 50);
	if (sim_unit_mode(m) && (u = m->unit_of[t]) >= 0) {
		/* a unit never moves to another worker */
		if (m->unit_owner[u] >= 0)
			assert_int_equal(m->unit_owner[u], w);
		m->unit_owner[u] = w;
		assert_true(t > m->unit_last[u]);
		m->unit_last[u] = t;
	}
	if (m->mode == SCHED_NO) {
		assert_int_equal(w, 0);
		assert_int_equal(t, m->no_last + 1);
		m->no_last = t;
	}
}

/* Run to the end; stop: how likely (per mille, per event) sched_stop() is. */
static void sim_run(struct sim *m, unsigned stop)
{
	int order[SIM_MAXW], w, i;
	size_t steps = 0, runs = 0;

	for (w = 0; w < m->nworkers; w++)
		m->cur[w] = -1;
	for (;;) {
		int first = -1, waiting = 0;

		/* every idle worker asks, in a random order */
		for (w = 0; w < m->nworkers; w++)
			order[w] = w;
		for (w = m->nworkers - 1; w > 0; w--) {
			int j = (int)rnd(&m->x, (uint64_t)w + 1),
			    tmp = order[w];

			order[w] = order[j];
			order[j] = tmp;
		}
		for (i = 0; i < m->nworkers; i++) {
			long rc;

			int raised = m->s.barrier_worker >= 0;

			w = order[i];
			if (m->cur[w] >= 0)
				continue;
			rc = sched_next(&m->s, w);
			m->seen.barriers += !raised && m->s.barrier_worker >= 0;
			if (rc >= 0) {
				assert_false(m->done[w]);
				sim_started(m, w, rc);
			} else if (rc == SCHED_DONE) {
				m->done[w] = 1;
			} else {
				assert_int_equal(rc, SCHED_WAIT);
				assert_false(m->done[w]);
				waiting++;
				m->seen.waits++;
			}
		}
		for (w = 0; w < m->nworkers; w++) {
			if (m->cur[w] >= 0 &&
			    (first < 0 || m->end[w] < m->end[first]))
				first = w;
		}
		if (first < 0) {
			/* nothing runs: nobody may be left waiting */
			assert_int_equal(waiting, 0);
			break;
		}
		assert_true(++steps < 100000);
		if (stop && rnd(&m->x, 1000) < stop && !m->s.stopped) {
			sched_stop(&m->s);
			m->seen.stops++;
		}
		m->now = m->end[first];
		sched_finished(&m->s, first, (size_t)m->cur[first]);
		m->cur[first] = -1;
	}

	/* the end: every run accounted for */
	assert_int_equal(m->s.running, 0);
	assert_int_equal(sched_pending(&m->s) + m->started,
			 m->mode == SCHED_EACH ? m->n * (size_t)m->nworkers
					       : m->n);
	for (w = 0; w < m->nworkers; w++) {
		size_t t;

		for (t = 0; t < m->n; t++)
			runs += m->runs[w][t];
	}
	assert_int_equal(runs, m->started);
	if (m->s.stopped)
		return;
	if (m->mode == SCHED_EACH || m->mode == SCHED_NO) {
		for (w = 0; w < m->nworkers; w++) {
			size_t t;

			if (m->mode == SCHED_NO && w)
				continue;
			for (t = 0; t < m->n; t++)
				assert_int_equal(m->runs[w][t], 1);
		}
	} else {
		size_t t;

		for (t = 0; t < m->n; t++) {
			unsigned once = 0;

			for (w = 0; w < m->nworkers; w++)
				once += m->runs[w][t];
			assert_int_equal(once, 1);
		}
		assert_int_equal(sched_pending(&m->s), 0);
	}
}

/*
 * 3000 seeded runs of one mode: 1-6 workers, 0-60 tests with random
 * durations (a third unknown), a third holding one of 4 locks, 1 in 15
 * exclusive, 1 in 10 `first`, units from 8 keys (a quarter without), half
 * with keep_order.  Fails unless the runs exercised what they check.
 */
static void simulate(enum sched_mode mode, unsigned stop)
{
	static struct sim m;
	struct sim_seen all = {0};
	uint64_t seed;

	for (seed = 1; seed <= 3000; seed++) {
		sim_make(&m, mode, seed * 7919 + (uint64_t)mode);
		sim_run(&m, stop);
		all.runs += m.seen.runs;
		all.waits += m.seen.waits;
		all.barriers += m.seen.barriers;
		all.exclusive += m.seen.exclusive;
		all.locked += m.seen.locked;
		all.stops += m.seen.stops;
		sched_release(&m.s);
	}
	if (getenv("SCHED_SIM_VERBOSE"))
		printf("sim %-9s stop=%u: runs %lu waits %lu barriers %lu "
		       "exclusive %lu locked %lu stops %lu\n",
		       mode_names[mode], stop, all.runs, all.waits,
		       all.barriers, all.exclusive, all.locked, all.stops);
	assert_true(all.runs > 50000);
	assert_true(all.exclusive > 1000);
	assert_true(all.locked > 10000);
	if (mode != SCHED_NO) {
		assert_true(all.waits > 1000);
		assert_true(all.barriers > 100);
	}
	if (stop)
		assert_true(all.stops > 100);
}

static void simulator__load__keeps_constraints_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOAD, 0);
}

static void simulator__loadscope__keeps_units_whole_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOADSCOPE, 0);
}

static void simulator__loadfile__keeps_units_whole_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOADFILE, 0);
}

static void simulator__loadgroup__keeps_units_whole_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOADGROUP, 0);
}

static void simulator__worksteal__keeps_constraints_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_WORKSTEAL, 0);
}

static void simulator__each__runs_every_test_on_every_worker(void **state)
{
	(void)state;
	simulate(SCHED_EACH, 0);
}

static void simulator__no__runs_list_order_on_worker_0(void **state)
{
	(void)state;
	simulate(SCHED_NO, 0);
}

static void
simulator__every_mode_with_stop__ends_with_runs_accounted(void **state)
{
	enum sched_mode mode;

	(void)state;
	for (mode = SCHED_LOAD; mode <= SCHED_NO; mode++)
		simulate(mode, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			sched_mode_parse__every_mode_name__is_its_mode),
		cmocka_unit_test(
			sched_mode_parse__unknown_name__is_minus_1_and_keeps_out),
		cmocka_unit_test(
			sched_unit_key__loadscope_scope_attribute__wins),
		cmocka_unit_test(
			sched_unit_key__loadscope_id_with_colons__is_text_before_last),
		cmocka_unit_test(
			sched_unit_key__loadscope_plain_id__is_executable_directory),
		cmocka_unit_test(sched_unit_key__loadfile__is_the_file),
		cmocka_unit_test(sched_units_note__fewer_units_than_workers),
		cmocka_unit_test(
			sched_unit_key__loadgroup__is_the_group_or_none),
		cmocka_unit_test(sched_unit_key__other_modes__are_none),
		cmocka_unit_test(
			sched_next__load__known_durations_longest_first),
		cmocka_unit_test(
			sched_next__second_test_while_one_runs__held_in_order),
		cmocka_unit_test(
			sched_next__load__first_then_unknown_then_known),
		cmocka_unit_test(
			sched_next__load_keep_order__ignores_durations_not_first),
		cmocka_unit_test(
			sched_next__load__idle_workers_share_one_queue),
		cmocka_unit_test(
			sched_next__load__a_test_waits_for_those_it_follows),
		cmocka_unit_test(
			sched_next__load__a_waiting_test_with_a_lock_waits_in_its_queue),
		cmocka_unit_test(sched_next__no__order_is_kept_with_after),
		cmocka_unit_test(
			sched_next__load__a_test_with_two_locks_holds_both),
		cmocka_unit_test(
			sched_next__load__a_test_with_two_locks_waits_for_both),
		cmocka_unit_test(
			sched_next__load__a_test_of_two_slots_keeps_one_idle),
		cmocka_unit_test(
			sched_next__load__a_test_of_slots_waits_for_them),
		cmocka_unit_test(sched_next__load__no_tests__is_done_at_once),
		cmocka_unit_test(
			sched_next__load__locked_tests_are_skipped_not_reordered),
		cmocka_unit_test(
			sched_next__load__distinct_locks_do_not_block_each_other),
		cmocka_unit_test(
			sched_next__load__makespan_is_within_5_percent_of_lower_bound),
		cmocka_unit_test(
			sched_next__100000_tests__schedule_without_quadratic_cost),
		cmocka_unit_test(
			sched_next__loadscope__unit_runs_whole_on_one_worker_in_order),
		cmocka_unit_test(
			sched_next__loadfile__units_by_duration_sum_then_size),
		cmocka_unit_test(
			sched_next__loadfile__unknown_units_first_largest_first),
		cmocka_unit_test(
			sched_next__loadfile_keep_order__units_in_list_order),
		cmocka_unit_test(
			sched_next__loadscope__unit_with_first_test_goes_first),
		cmocka_unit_test(
			sched_next__loadgroup__ungrouped_tests_are_units_of_one),
		cmocka_unit_test(
			sched_next__loadscope__held_lock_mid_unit__waits_in_order),
		cmocka_unit_test(
			sched_next__loadfile__unit_whose_first_lock_is_held_is_skipped),
		cmocka_unit_test(
			sched_init__worksteal__splits_load_order_into_even_queues),
		cmocka_unit_test(
			sched_next__worksteal__idle_worker_steals_tail_half),
		cmocka_unit_test(
			sched_next__worksteal__steals_from_the_longest_queue),
		cmocka_unit_test(
			sched_next__worksteal__held_lock_is_skipped_in_own_queue),
		cmocka_unit_test(
			sched_next__each__every_worker_runs_every_test_in_load_order),
		cmocka_unit_test(
			sched_next__each__locked_test_never_runs_twice_at_once),
		cmocka_unit_test(sched_next__no__keeps_list_order_on_worker_0),
		cmocka_unit_test(
			sched_next__exclusive__barrier_waits_for_running_tests),
		cmocka_unit_test(
			sched_next__exclusive_with_nothing_running__starts_at_once),
		cmocka_unit_test(
			sched_next__worksteal__barrier_test_behind_a_locked_one),
		cmocka_unit_test(
			sched_stop__later_next__is_done_and_pending_counts_the_rest),
		cmocka_unit_test(sched_pending__each__counts_runs_not_started),
		cmocka_unit_test(
			sched_take_more__load__takes_accepted_tests_in_order),
		cmocka_unit_test(
			sched_take_more__locked_or_exclusive__never_taken),
		cmocka_unit_test(
			sched_give_back__load__runs_next_on_that_worker),
		cmocka_unit_test(sched_give_back__leader__others_finish),
		cmocka_unit_test(sched_give_back__after_stop__is_not_run),
		cmocka_unit_test(
			sched_take_more__loadscope__only_the_workers_unit),
		cmocka_unit_test(
			sched_take_more__loadfile__only_the_workers_unit),
		cmocka_unit_test(
			sched_take_more__loadgroup__the_group_not_the_rest),
		cmocka_unit_test(
			sched_take_more__worksteal__from_its_own_queue),
		cmocka_unit_test(
			sched_take_more__no__list_order_up_to_a_refusal),
		cmocka_unit_test(sched_take_more__each__takes_nothing),
		cmocka_unit_test(
			simulator__load__keeps_constraints_and_completes),
		cmocka_unit_test(
			simulator__loadscope__keeps_units_whole_and_completes),
		cmocka_unit_test(
			simulator__loadfile__keeps_units_whole_and_completes),
		cmocka_unit_test(
			simulator__loadgroup__keeps_units_whole_and_completes),
		cmocka_unit_test(
			simulator__worksteal__keeps_constraints_and_completes),
		cmocka_unit_test(
			simulator__each__runs_every_test_on_every_worker),
		cmocka_unit_test(simulator__no__runs_list_order_on_worker_0),
		cmocka_unit_test(
			simulator__every_mode_with_stop__ends_with_runs_accounted),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
