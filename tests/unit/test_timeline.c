/*
 * Unit tests for launcher/report/timeline.[ch]: spans open and close on a
 * slot, the efficiency figures, the critical tail and the axis ticks, all
 * with times given (no clock).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "timeline.h"

#define MS 1000000LL
#define S 1000000000LL

static void
timeline_end__took_shorter_than_the_round_trip__ends_at_start_plus_took(
	void **state)
{
	struct timeline tl;
	const struct timeline_span *s;

	(void)state;
	timeline_init(&tl, 1);
	timeline_begin(&tl, 0, TL_TEST, 7, 1, -1, 100 * MS);
	s = timeline_end(&tl, 0, 400 * MS, 250 * MS, OUTCOME_PASSED, 0);
	assert_non_null(s);
	assert_int_equal(s->start_ns, 100 * MS);
	assert_int_equal(s->end_ns, 350 * MS);
	assert_int_equal(s->run, 7);
	assert_int_equal(tl.nspans, 1);
	assert_int_equal(tl.running, 0);
	timeline_release(&tl);
}

static void
timeline_end__took_longer_than_the_round_trip__ends_when_told(void **state)
{
	struct timeline tl;
	const struct timeline_span *s;

	(void)state;
	timeline_init(&tl, 0);
	timeline_begin(&tl, 2, TL_TEST, 0, 1, -1, 100 * MS);
	s = timeline_end(&tl, 2, 200 * MS, 5 * S, OUTCOME_FAILED, 0);
	assert_int_equal(s->end_ns, 200 * MS);
	assert_int_equal(tl.nspans, 0); /* not kept */
	assert_ptr_equal(timeline_last(&tl, 2), s);
	assert_null(timeline_last(&tl, 0));
	timeline_release(&tl);
}

static void timeline_end__nothing_open__returns_null(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 1);
	assert_null(timeline_end(&tl, 0, 1, -1, OUTCOME_PASSED, 0));
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 0);
	assert_non_null(timeline_end(&tl, 0, 1, -1, OUTCOME_PASSED, 0));
	assert_null(timeline_end(&tl, 0, 2, -1, OUTCOME_PASSED, 0));
	timeline_release(&tl);
}

static void
timeline_begin__over_an_open_span__closes_it_interrupted(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 1);
	timeline_begin(&tl, 0, TL_TEST, 1, 1, -1, 0);
	timeline_begin(&tl, 0, TL_TEST, 2, 1, -1, 10 * MS);
	assert_int_equal(tl.nspans, 1);
	assert_int_equal(tl.spans[0].outcome, OUTCOME_INTERRUPTED);
	assert_int_equal(tl.spans[0].end_ns, 10 * MS);
	assert_int_equal(tl.running, 1);
	timeline_release(&tl);
}

static void timeline_stats__two_lanes_half_busy__says_50_percent(void **state)
{
	struct timeline tl;
	struct timeline_stats s;

	(void)state;
	timeline_init(&tl, 0);
	timeline_set_lanes(&tl, 2);
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 0);
	timeline_end(&tl, 0, 10 * S, -1, OUTCOME_PASSED, 0);
	/* The fixture slot is not a worker: its busy time does not count. */
	timeline_begin(&tl, 2, TL_FIXTURE, RUN_NONE, 0, FX_SETUP, 0);
	timeline_end(&tl, 2, 10 * S, -1, OUTCOME_PASSED, 0);
	timeline_stats(&tl, 10 * S, &s);
	assert_int_equal(s.busy_pct, 50);
	assert_int_equal(s.longest_run, 0);
	assert_int_equal(s.longest_ns, 10 * S);
	timeline_release(&tl);
}

static void timeline_stats__a_test_still_running__counts_up_to_now(void **state)
{
	struct timeline tl;
	struct timeline_stats s;

	(void)state;
	timeline_init(&tl, 0);
	timeline_set_lanes(&tl, 1);
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 2 * S);
	timeline_stats(&tl, 4 * S, &s);
	assert_int_equal(s.busy_pct, 50);
	assert_int_equal(s.longest_run, RUN_NONE);
	timeline_release(&tl);
}

static void timeline_efficiency__minutes__reads_as_clocks(void **state)
{
	struct timeline_stats s;
	struct buf b = BUF_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.lanes = 4;
	s.busy_pct = 93;
	s.wall_ns = 252 * S;
	s.longest_run = 3;
	s.longest_ns = 101 * S;
	s.longest_start_ns = 2 * S;
	timeline_efficiency(&b, &s, "t1092");
	assert_string_equal(b.data, "workers busy 93% of 4:12; longest test "
				    "1:41 (t1092) started at 2.00s");
	buf_release(&b);
}

static void timeline_efficiency__no_test_ended__only_the_busy_part(void **state)
{
	struct timeline_stats s;
	struct buf b = BUF_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.lanes = 1;
	s.wall_ns = 1500 * MS;
	s.longest_run = RUN_NONE;
	timeline_efficiency(&b, &s, NULL);
	assert_string_equal(b.data, "worker busy 0% of 1.50s");
	buf_release(&b);
}

static void
timeline_efficiency__label_with_a_newline__stays_one_line(void **state)
{
	struct timeline_stats s;
	struct buf b = BUF_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.lanes = 2;
	s.longest_run = 0;
	timeline_efficiency(&b, &s, "a\nb");
	assert_null(strchr(b.data, '\n'));
	assert_non_null(strstr(b.data, "(a\\x0ab)"));
	buf_release(&b);
}

static void timeline_idle_at__first_lane_done__is_its_last_end(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 1);
	timeline_set_lanes(&tl, 3);
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 0);
	timeline_end(&tl, 0, 9 * S, -1, OUTCOME_PASSED, 0);
	timeline_begin(&tl, 1, TL_TEST, 1, 1, -1, 0);
	timeline_end(&tl, 1, 3 * S, -1, OUTCOME_PASSED, 0);
	timeline_begin(&tl, 1, TL_TEST, 2, 1, -1, 3 * S);
	timeline_end(&tl, 1, 4 * S, -1, OUTCOME_PASSED, 0);
	timeline_begin(&tl, 2, TL_TEST, 3, 1, -1, 0);
	timeline_end(&tl, 2, 6 * S, -1, OUTCOME_PASSED, 0);
	/* A teardown after its last test does not keep a worker "busy". */
	timeline_begin(&tl, 1, TL_FIXTURE, RUN_NONE, 0, FX_WTEARDOWN, 4 * S);
	timeline_end(&tl, 1, 8 * S, -1, OUTCOME_PASSED, 0);
	assert_int_equal(timeline_idle_at(&tl), 4 * S);
	timeline_release(&tl);
}

static void timeline_idle_at__a_lane_never_ran__is_zero(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 1);
	timeline_set_lanes(&tl, 2);
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 0);
	timeline_end(&tl, 0, 9 * S, -1, OUTCOME_PASSED, 0);
	assert_int_equal(timeline_idle_at(&tl), 0);
	timeline_release(&tl);
}

static void timeline_idle_at__one_worker__has_no_tail(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 1);
	timeline_set_lanes(&tl, 1);
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 0);
	timeline_end(&tl, 0, 9 * S, -1, OUTCOME_PASSED, 0);
	assert_int_equal(timeline_idle_at(&tl), -1);
	timeline_release(&tl);
}

static void timeline_tick__spans__pick_1_2_5_steps(void **state)
{
	(void)state;
	assert_int_equal(timeline_tick(10 * S, 10), 1 * S);
	assert_int_equal(timeline_tick(11 * S, 10), 2 * S);
	assert_int_equal(timeline_tick(45 * S, 10), 5 * S);
	assert_int_equal(timeline_tick(252 * S, 10), 50 * S);
	assert_int_equal(timeline_tick(200 * MS, 10), 20 * MS);
	assert_int_equal(timeline_tick(0, 10), MS);
}

static void timeline_clock__under_and_over_a_minute(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	timeline_clock(&b, 520 * MS);
	buf_addch(&b, ' ');
	timeline_clock(&b, 101 * S);
	buf_addch(&b, ' ');
	timeline_clock(&b, 3723 * S);
	assert_string_equal(b.data, "0.52s 1:41 1:02:03");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			timeline_end__took_shorter_than_the_round_trip__ends_at_start_plus_took),
		cmocka_unit_test(
			timeline_end__took_longer_than_the_round_trip__ends_when_told),
		cmocka_unit_test(timeline_end__nothing_open__returns_null),
		cmocka_unit_test(
			timeline_begin__over_an_open_span__closes_it_interrupted),
		cmocka_unit_test(
			timeline_stats__two_lanes_half_busy__says_50_percent),
		cmocka_unit_test(
			timeline_stats__a_test_still_running__counts_up_to_now),
		cmocka_unit_test(timeline_efficiency__minutes__reads_as_clocks),
		cmocka_unit_test(
			timeline_efficiency__no_test_ended__only_the_busy_part),
		cmocka_unit_test(
			timeline_efficiency__label_with_a_newline__stays_one_line),
		cmocka_unit_test(
			timeline_idle_at__first_lane_done__is_its_last_end),
		cmocka_unit_test(timeline_idle_at__a_lane_never_ran__is_zero),
		cmocka_unit_test(timeline_idle_at__one_worker__has_no_tail),
		cmocka_unit_test(timeline_tick__spans__pick_1_2_5_steps),
		cmocka_unit_test(timeline_clock__under_and_over_a_minute),
	};

	return cmocka_run_group_tests_name("timeline", tests, NULL, NULL);
}
