/*
 * Unit tests for launcher/report/live.[ch]: the ETA estimator (live_eta_*):
 * cached durations, the mean of the runs done, running tests, and the
 * workers they share.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "live_support.h"

static void live_eta__nothing_cached_and_nothing_done__is_unknown(void **state)
{
	struct live_eta e;

	(void)state;
	live_eta_init(&e);
	live_eta_add(&e, -1);
	live_eta_add(&e, -1);
	assert_int_equal(live_eta(&e, NULL, 0, 2), -1);
}

static void live_eta__no_run_left__is_zero(void **state)
{
	struct live_eta e;

	(void)state;
	live_eta_init(&e);
	assert_int_equal(live_eta(&e, NULL, 0, 4), 0);
	live_eta_add(&e, -1);
	live_eta_done(&e, -1, S(3));
	assert_int_equal(live_eta(&e, NULL, 0, 4), 0);
}

static void live_eta__all_cached__is_their_sum_over_the_workers(void **state)
{
	struct live_eta e;

	(void)state;
	live_eta_init(&e);
	live_eta_add(&e, S(4));
	live_eta_add(&e, S(2));
	live_eta_add(&e, S(6));
	live_eta_add(&e, S(8));
	assert_int_equal(live_eta(&e, NULL, 0, 2), S(10));
	assert_int_equal(live_eta(&e, NULL, 0, 1), S(20));
	live_eta_done(&e, S(8), S(9));
	assert_int_equal(live_eta(&e, NULL, 0, 2), S(6));
}

static void
live_eta__unknown_runs__count_as_the_mean_cached_duration(void **state)
{
	struct live_eta e;

	(void)state;
	live_eta_init(&e);
	live_eta_add(&e, S(2));
	live_eta_add(&e, S(4));
	live_eta_add(&e, -1);
	live_eta_add(&e, -1);
	/* 2 + 4 + 3 + 3 over 2 workers. */
	assert_int_equal(live_eta(&e, NULL, 0, 2), S(6));
	/* The mean stays that of the session's cache once those are done. */
	live_eta_done(&e, S(2), S(100));
	live_eta_done(&e, S(4), S(100));
	assert_int_equal(live_eta(&e, NULL, 0, 2), S(3));
}

static void
live_eta__nothing_cached__uses_the_mean_of_the_runs_done(void **state)
{
	struct live_eta e;
	int i;

	(void)state;
	live_eta_init(&e);
	for (i = 0; i < 6; i++)
		live_eta_add(&e, -1);
	live_eta_done(&e, -1, S(1));
	/* A run that never ran says nothing about durations. */
	live_eta_done(&e, -1, -1);
	/* 4 left at a mean of 1s, over 2 workers. */
	assert_int_equal(live_eta(&e, NULL, 0, 2), S(2));
	live_eta_done(&e, -1, S(3));
	/* 3 left at a mean of 2s, over 2 workers. */
	assert_int_equal(live_eta(&e, NULL, 0, 2), S(3));
}

static void live_eta__running_tests__take_off_what_they_have_run(void **state)
{
	struct live_eta e;
	struct live_worker w[3];

	(void)state;
	memset(w, 0, sizeof(w));
	live_eta_init(&e);
	live_eta_add(&e, S(10));
	live_eta_add(&e, S(10));
	live_eta_add(&e, S(10));
	live_eta_add(&e, S(10));
	w[0].state = LIVE_TEST;
	w[0].expect_ns = S(10);
	w[0].running_ns = S(4);
	w[1].state = LIVE_TEST;
	w[1].expect_ns = S(10);
	w[1].running_ns = S(2);
	w[2].state = LIVE_FIXTURE; /* not a run: ignored */
	w[2].running_ns = S(100);
	/* (40 - 4 - 2) / 2 */
	assert_int_equal(live_eta(&e, w, 3, 2), S(17));
}

static void
live_eta__test_past_its_estimate__counts_as_about_to_end(void **state)
{
	struct live_eta e;
	struct live_worker w[1];

	(void)state;
	memset(w, 0, sizeof(w));
	live_eta_init(&e);
	live_eta_add(&e, S(2));
	live_eta_add(&e, S(6));
	w[0].state = LIVE_TEST;
	w[0].expect_ns = S(2);
	w[0].running_ns = S(30);
	/* Only the 6s one is left, whatever the workers. */
	assert_int_equal(live_eta(&e, w, 1, 1), S(6));
	assert_int_equal(live_eta(&e, w, 1, 8), S(6));
}

static void
live_eta__fewer_runs_than_workers__waits_for_the_longest(void **state)
{
	struct live_eta e;
	struct live_worker w[2];

	(void)state;
	memset(w, 0, sizeof(w));
	live_eta_init(&e);
	live_eta_add(&e, S(30));
	live_eta_add(&e, S(2));
	w[0].state = LIVE_TEST;
	w[0].expect_ns = S(30);
	w[0].running_ns = S(10);
	w[1].state = LIVE_TEST;
	w[1].expect_ns = S(2);
	w[1].running_ns = S(1);
	/* 21s of work over 8 workers is not 2.6s: the 30s test has 20s to
	   go. */
	assert_int_equal(live_eta(&e, w, 2, 8), S(20));
}

static void
live_eta__running_unknown_test__is_estimated_by_the_mean(void **state)
{
	struct live_eta e;
	struct live_worker w[1];

	(void)state;
	memset(w, 0, sizeof(w));
	live_eta_init(&e);
	live_eta_add(&e, S(4));
	live_eta_add(&e, -1);
	w[0].state = LIVE_TEST;
	w[0].expect_ns = -1;
	w[0].running_ns = S(1);
	/* 4 + 4 (the mean) - 1 run, over 2 workers: 3.5s, but the 4s one
	   has not started. */
	assert_int_equal(live_eta(&e, w, 1, 2), S(4));
	assert_int_equal(live_eta(&e, w, 1, 1), S(7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			live_eta__nothing_cached_and_nothing_done__is_unknown),
		cmocka_unit_test(live_eta__no_run_left__is_zero),
		cmocka_unit_test(
			live_eta__all_cached__is_their_sum_over_the_workers),
		cmocka_unit_test(
			live_eta__unknown_runs__count_as_the_mean_cached_duration),
		cmocka_unit_test(
			live_eta__nothing_cached__uses_the_mean_of_the_runs_done),
		cmocka_unit_test(
			live_eta__running_tests__take_off_what_they_have_run),
		cmocka_unit_test(
			live_eta__test_past_its_estimate__counts_as_about_to_end),
		cmocka_unit_test(
			live_eta__fewer_runs_than_workers__waits_for_the_longest),
		cmocka_unit_test(
			live_eta__running_unknown_test__is_estimated_by_the_mean),
	};

	return cmocka_run_group_tests_name("live_eta", tests, NULL, NULL);
}
