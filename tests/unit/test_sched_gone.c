/*
 * Unit tests for launcher/core/sched_gone.c: a worker gone for good
 * (sched_worker_gone) in every --dist mode: what it was to run goes to
 * the workers left (load, the unit modes, worksteal) or is not run (each,
 * no), and nothing is left for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "sched_support.h"

/* Worker w runs whatever the scheduler gives it until it is told to
   wait or is done (that answer must be end): the tests, in order, into
   got (room for max); returns how many. */
static size_t drain(struct sched *s, int w, long end, long *got, size_t max)
{
	size_t n = 0;
	long t;

	while ((t = sched_next(s, w)) >= 0) {
		assert_true(n < max);
		got[n++] = t;
		sched_finished(s, w, (size_t)t);
	}
	assert_int_equal(t, end);
	return n;
}

#define ASSERT_DRAINS_TO(s, w, end, ...)                            \
	do {                                                        \
		const long want_[] = {__VA_ARGS__};                 \
		long got_[64];                                      \
		size_t n_ = drain((s), (w), (end), got_, 64), i_;   \
		assert_int_equal(n_, sizeof(want_) / sizeof(long)); \
		for (i_ = 0; i_ < n_; i_++)                         \
			assert_int_equal(got_[i_], want_[i_]);      \
	} while (0)
#define ASSERT_DRAINS(s, w, ...) ASSERT_DRAINS_TO(s, w, SCHED_DONE, __VA_ARGS__)

/*
 * load: worker 0 crashes in test 0 with test 2 sent ahead; gone, it gives
 * 2 back in its place (before 3), and worker 1 runs all the rest.
 */
static void worker_gone__load__held_test_back_in_place(void **state)
{
	struct sched_test *t = tests_new(6);
	size_t nnot = 9;
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_LOAD, 2, t, 6, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(next_test(&s, 1), 1);
	assert_int_equal(next_test(&s, 0), 2); /* ahead */
	sched_finished(&s, 0, 0);	       /* the crash */
	assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 1);
	assert_int_equal(nnot, 0);
	assert_int_equal(sched_pending(&s), 4);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_finished(&s, 1, 1);
	ASSERT_DRAINS(&s, 1, 2, 3, 4, 5);
	assert_int_equal(sched_pending(&s), 0);
	/* Twice: nothing more. */
	assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 0);
	sched_release(&s);
	free(t);
}

/*
 * loadscope, loadfile, loadgroup: units A = {0, 1, 2}, B = {3, 4},
 * C = {5} (largest first).  Worker 0 crashes in 0 with 1 sent ahead:
 * the rest of A (1 and 2) goes back, ahead of C, and is taken whole by
 * one worker (2), from 1; worker 1 finishes B, then takes C, never a
 * test of A.
 */
static void worker_gone__unit_modes__rest_of_unit_whole_to_one(void **state)
{
	static const enum sched_mode modes[] = {SCHED_LOADSCOPE, SCHED_LOADFILE,
						SCHED_LOADGROUP};
	size_t m, nnot;

	(void)state;
	for (m = 0; m < 3; m++) {
		struct sched_test *t = tests_new(6);
		struct sched s;

		t[0].unit = t[1].unit = t[2].unit = "A";
		t[3].unit = t[4].unit = "B";
		t[5].unit = "C";
		sched_init(&s, modes[m], 3, t, 6, 0);
		assert_int_equal(next_test(&s, 0), 0);
		assert_int_equal(next_test(&s, 1), 3);
		assert_int_equal(next_test(&s, 2), 5);
		assert_int_equal(next_test(&s, 0), 1); /* ahead */
		sched_finished(&s, 0, 0);
		assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 2);
		assert_int_equal(sched_pending(&s), 3);
		sched_finished(&s, 2, 5);
		/* Worker 2 takes A's rest, from 1. */
		assert_int_equal(next_test(&s, 2), 1);
		sched_finished(&s, 1, 3);
		/* Worker 1 finishes its B; nothing else is free: A is 2's. */
		ASSERT_DRAINS_TO(&s, 1, SCHED_WAIT, 4);
		sched_finished(&s, 2, 1);
		ASSERT_DRAINS(&s, 2, 2);
		assert_int_equal(sched_next(&s, 1), SCHED_DONE);
		assert_int_equal(sched_pending(&s), 0);
		assert_int_equal(sched_next(&s, 0), SCHED_DONE);
		sched_release(&s);
		free(t);
	}
}

/*
 * A unit's rest goes back under its next test's lock, here one no
 * unit started with (its queue empty so far); with the lock held
 * elsewhere it waits, then runs.
 */
static void worker_gone__unit_rest_queued_by_next_lock(void **state)
{
	struct sched_test *t = tests_new(4);
	size_t nnot;
	struct sched s;

	(void)state;
	t[0].unit = t[1].unit = t[2].unit = "A";
	t[1].lock = 7;
	t[3].unit = "B";
	sched_init(&s, SCHED_LOADFILE, 2, t, 4, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(next_test(&s, 1), 3);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 2);
	sched_finished(&s, 1, 3);
	ASSERT_DRAINS(&s, 1, 1, 2);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

/*
 * worksteal: queues [0 1 2] and [3 4 5].  Worker 0 crashes in 0 with 1
 * sent ahead: its queue ([1 2]) stays to be stolen, the gone one's
 * first, its last test too; worker 1 ends with everything run.
 */
static void worker_gone__worksteal__queue_stolen_to_the_last(void **state)
{
	struct sched_test *t = tests_new(6);
	size_t nnot;
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_WORKSTEAL, 2, t, 6, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(next_test(&s, 1), 3);
	assert_int_equal(next_test(&s, 0), 1); /* ahead */
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 2);
	assert_int_equal(nnot, 0);
	sched_finished(&s, 1, 3);
	ASSERT_DRAINS(&s, 1, 4, 5, 2, 1);
	assert_int_equal(sched_pending(&s), 0);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_release(&s);
	free(t);
}

/* worksteal, three workers: a gone queue is robbed before a live one,
   of its tail half rounded up. */
static void worker_gone__worksteal__gone_queue_robbed_first(void **state)
{
	struct sched_test *t = tests_new(9);
	size_t nnot;
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_WORKSTEAL, 3, t, 9, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(next_test(&s, 1), 3);
	assert_int_equal(next_test(&s, 2), 6);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 2);
	sched_finished(&s, 2, 6);
	/* Its own, the gone queue's tail half (2), the rest (1), then
	   half of worker 1's [4 5]. */
	ASSERT_DRAINS_TO(&s, 2, SCHED_WAIT, 7, 8, 2, 1, 5);
	sched_finished(&s, 1, 3);
	ASSERT_DRAINS(&s, 1, 4);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

/*
 * each: worker 0 crashes in 0 with 1 sent ahead: 1, 2 and 3 will never
 * run on it (told, in order) and are out of the total; worker 1 runs
 * everything, and nothing is pending at the end.
 */
static void worker_gone__each__rest_not_run(void **state)
{
	struct sched_test *t = tests_new(4);
	size_t notrun[4], nnot;
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_EACH, 2, t, 4, 0);
	assert_int_equal(next_test(&s, 0), 0);
	assert_int_equal(next_test(&s, 1), 0);
	assert_int_equal(next_test(&s, 0), 1); /* ahead */
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_worker_gone(&s, 0, notrun, &nnot), 0);
	assert_int_equal(nnot, 3);
	assert_int_equal(notrun[0], 1);
	assert_int_equal(notrun[1], 2);
	assert_int_equal(notrun[2], 3);
	assert_int_equal(sched_pending(&s), 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
	sched_finished(&s, 1, 0);
	ASSERT_DRAINS(&s, 1, 1, 2, 3);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

/* no: the one worker gone, the rest of the list is not run. */
static void worker_gone__no__rest_not_run(void **state)
{
	struct sched_test *t = tests_new(3);
	size_t notrun[3], nnot;
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_NO, 1, t, 3, 0);
	assert_int_equal(next_test(&s, 0), 0);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_worker_gone(&s, 0, notrun, &nnot), 0);
	assert_int_equal(nnot, 2);
	assert_int_equal(notrun[0], 1);
	assert_int_equal(notrun[1], 2);
	assert_int_equal(sched_pending(&s), 0);
	sched_release(&s);
	free(t);
}

/* A test of 2 slots on 2 workers, one gone: it holds the one left and
   runs, where it would wait for ever. */
static void worker_gone__slots_capped_to_workers_left(void **state)
{
	struct sched_test *t = tests_new(2);
	size_t nnot;
	struct sched s;

	(void)state;
	t[1].slots = 2;
	sched_init(&s, SCHED_LOAD, 2, t, 2, 1);
	assert_int_equal(next_test(&s, 0), 0);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_worker_gone(&s, 0, NULL, &nnot), 0);
	ASSERT_DRAINS(&s, 1, 1);
	assert_int_equal(s.reserved, 0);
	sched_release(&s);
	free(t);
}

/* Tests a batch gave back to the gone worker go first in line for the
   lowest worker left. */
static int any(void *ctx, size_t t)
{
	(void)ctx;
	(void)t;
	return 1;
}

static void worker_gone__given_back_go_to_heir(void **state)
{
	struct sched_test *t = tests_new(5);
	size_t more[4], nnot;
	struct sched s;

	(void)state;
	sched_init(&s, SCHED_LOAD, 3, t, 5, 1);
	assert_int_equal(next_test(&s, 1), 0);
	assert_int_equal(sched_take_more(&s, 1, any, NULL, 2, more), 2);
	sched_finished(&s, 1, 0);
	sched_give_back(&s, 1, 1);
	sched_give_back(&s, 1, 2);
	assert_int_equal(sched_worker_gone(&s, 1, NULL, &nnot), 2);
	ASSERT_DRAINS(&s, 0, 1, 2, 3, 4);
	assert_int_equal(sched_next(&s, 2), SCHED_DONE);
	sched_release(&s);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worker_gone__load__held_test_back_in_place),
		cmocka_unit_test(
			worker_gone__unit_modes__rest_of_unit_whole_to_one),
		cmocka_unit_test(worker_gone__unit_rest_queued_by_next_lock),
		cmocka_unit_test(
			worker_gone__worksteal__queue_stolen_to_the_last),
		cmocka_unit_test(
			worker_gone__worksteal__gone_queue_robbed_first),
		cmocka_unit_test(worker_gone__each__rest_not_run),
		cmocka_unit_test(worker_gone__no__rest_not_run),
		cmocka_unit_test(worker_gone__slots_capped_to_workers_left),
		cmocka_unit_test(worker_gone__given_back_go_to_heir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
