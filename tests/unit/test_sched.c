/*
 * Unit tests for launcher/core/sched.[ch]: the --dist mode names, unit
 * keys, the order each mode hands tests out in, stop, and batches
 * (sched_take_more, sched_give_back).  What holds a test back (locks,
 * slots, `after`, exclusive) is in test_sched_constraints.c; the seeded
 * simulator, makespan and scale in test_sched_sim.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "sched_support.h"

/* ---- sched_mode_parse -------------------------------------------------- */

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

/* ---- load order -------------------------------------------------------- */

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

/* ---- sched_stop, sched_pending ----------------------------------------- */

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

/* ---- sched_take_more, sched_give_back ---------------------------------- */

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
			sched_next__load__first_then_unknown_then_known),
		cmocka_unit_test(
			sched_next__load_keep_order__ignores_durations_not_first),
		cmocka_unit_test(
			sched_next__load__idle_workers_share_one_queue),
		cmocka_unit_test(sched_next__load__no_tests__is_done_at_once),
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
			sched_init__worksteal__splits_load_order_into_even_queues),
		cmocka_unit_test(
			sched_next__worksteal__idle_worker_steals_tail_half),
		cmocka_unit_test(
			sched_next__worksteal__steals_from_the_longest_queue),
		cmocka_unit_test(
			sched_next__each__every_worker_runs_every_test_in_load_order),
		cmocka_unit_test(sched_next__no__keeps_list_order_on_worker_0),
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
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
