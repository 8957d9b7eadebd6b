/*
 * Unit tests for launcher/core/sched.[ch]: what holds a test back in every
 * --dist mode: locks (one or several), slots, the tests it follows
 * (`after`), exclusive tests and their barrier, and the test sent ahead
 * while one runs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "sched_support.h"

/* ---- load and no: sent ahead, after, slots, locks ---------------------- */

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

/*
 * A worker that died and was not replaced is no idle slot: a test of two
 * slots waits for two live workers, not one and the dead one.
 */
static void sched_worker_gone__load__is_no_slot(void **state)
{
	struct sched_test *t = tests_new(3);
	struct sched s;
	size_t n;

	(void)state;
	t[1].slots = 2;
	sched_init(&s, SCHED_LOAD, 3, t, 3, 1);
	assert_int_equal(sched_worker_gone(&s, 2, NULL, &n), 0);
	assert_int_equal(sched_next(&s, 2), SCHED_DONE);
	assert_int_equal(sched_next(&s, 0), 0);
	/* Worker 1 and the dead 2 are idle: not two slots. */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 1), 1);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 1, 1);
	assert_int_equal(sched_next(&s, 0), 2);
	sched_release(&s);
	free(t);
}

/* A test of more slots than the live workers needs them all, no more
   (it would wait for ever); a barrier the dead worker raised is down. */
static void
sched_worker_gone__load__caps_slots_and_lowers_its_barrier(void **state)
{
	struct sched_test *t = tests_new(4);
	struct sched s;
	size_t n;

	(void)state;
	t[1].exclusive = 1;
	t[2].slots = 3;
	sched_init(&s, SCHED_LOAD, 3, t, 4, 1);
	assert_int_equal(sched_next(&s, 0), 0);
	/* Worker 1 reaches the exclusive test while 0 runs, and dies. */
	assert_int_equal(sched_next(&s, 1), SCHED_WAIT);
	sched_worker_gone(&s, 1, NULL, &n);
	/* A second call changes nothing. */
	assert_int_equal(sched_worker_gone(&s, 1, NULL, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(sched_next(&s, 2), SCHED_WAIT);
	sched_finished(&s, 0, 0);
	assert_int_equal(sched_next(&s, 2), 1);
	assert_int_equal(sched_next(&s, 0), SCHED_WAIT);
	sched_finished(&s, 2, 1);
	/* Three slots, two workers left: both. */
	assert_int_equal(sched_next(&s, 0), 2);
	assert_int_equal(sched_next(&s, 2), SCHED_WAIT);
	sched_finished(&s, 0, 2);
	assert_int_equal(sched_next(&s, 2), 3);
	sched_finished(&s, 2, 3);
	assert_int_equal(sched_next(&s, 0), SCHED_DONE);
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

/* ---- locks in the other modes ------------------------------------------ */

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			sched_next__second_test_while_one_runs__held_in_order),
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
		cmocka_unit_test(sched_worker_gone__load__is_no_slot),
		cmocka_unit_test(
			sched_worker_gone__load__caps_slots_and_lowers_its_barrier),
		cmocka_unit_test(
			sched_next__load__locked_tests_are_skipped_not_reordered),
		cmocka_unit_test(
			sched_next__load__distinct_locks_do_not_block_each_other),
		cmocka_unit_test(
			sched_next__loadscope__held_lock_mid_unit__waits_in_order),
		cmocka_unit_test(
			sched_next__loadfile__unit_whose_first_lock_is_held_is_skipped),
		cmocka_unit_test(
			sched_next__worksteal__held_lock_is_skipped_in_own_queue),
		cmocka_unit_test(
			sched_next__each__locked_test_never_runs_twice_at_once),
		cmocka_unit_test(
			sched_next__exclusive__barrier_waits_for_running_tests),
		cmocka_unit_test(
			sched_next__exclusive_with_nothing_running__starts_at_once),
		cmocka_unit_test(
			sched_next__worksteal__barrier_test_behind_a_locked_one),
	};

	return cmocka_run_group_tests_name("sched_constraints", tests, NULL,
					   NULL);
}
