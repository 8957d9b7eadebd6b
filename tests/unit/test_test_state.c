/*
 * Unit tests for launcher/engine/test_state.[ch]: the life of a running
 * test, as a table of (state, event) -> (state, actions), then the rule
 * that an unexpected event changes nothing, and whole lives end to end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "test_state.h"

#define TERM (TEST_DO_MARK_TERMINATED | TEST_DO_SIGNAL_TERM | TEST_DO_ARM_GRACE)
#define TIMEOUT \
	(TEST_DO_MARK_TIMED_OUT | TEST_DO_SIGNAL_TERM | TEST_DO_ARM_GRACE)
#define KILL (TEST_DO_MARK_TERMINATED | TEST_DO_SIGNAL_KILL)
#define SWEEP (TEST_DO_ARM_SWEEP | TEST_DO_SWEEP)
#define KEEP (TEST_DO_KEEP_LEFTOVERS | TEST_DO_REAP | TEST_DO_ARM_DRAIN)
#define REAP (TEST_DO_REAP | TEST_DO_ARM_DRAIN)
#define RESULT (TEST_DO_CLOSE_OUTPUT | TEST_DO_SEND_RESULT)

static const struct row {
	enum test_state from;
	enum test_event event;
	enum test_state to;
	unsigned actions;
} table[] = {
	{TEST_IDLE, TEST_EV_START, TEST_RUNNING, 0},

	{TEST_RUNNING, TEST_EV_TERMINATE, TEST_STOPPING, TERM},
	{TEST_RUNNING, TEST_EV_KILL, TEST_KILLED, KILL},
	{TEST_RUNNING, TEST_EV_TIMEOUT, TEST_STOPPING, TIMEOUT},
	{TEST_RUNNING, TEST_EV_EXITED, TEST_SWEEPING, SWEEP},
	{TEST_RUNNING, TEST_EV_FIXTURE_EXITED, TEST_DRAINING, KEEP},
	{TEST_RUNNING, TEST_EV_EOF, TEST_RUNNING, TEST_DO_CLOSE_OUTPUT},

	{TEST_STOPPING, TEST_EV_TERMINATE, TEST_STOPPING, TERM},
	{TEST_STOPPING, TEST_EV_KILL, TEST_KILLED, KILL},
	{TEST_STOPPING, TEST_EV_TIMEOUT, TEST_STOPPING, TIMEOUT},
	{TEST_STOPPING, TEST_EV_DEADLINE, TEST_KILLED, TEST_DO_SIGNAL_KILL},
	{TEST_STOPPING, TEST_EV_EXITED, TEST_SWEEPING, SWEEP},
	{TEST_STOPPING, TEST_EV_FIXTURE_EXITED, TEST_DRAINING, KEEP},
	{TEST_STOPPING, TEST_EV_EOF, TEST_STOPPING, TEST_DO_CLOSE_OUTPUT},

	{TEST_KILLED, TEST_EV_TERMINATE, TEST_STOPPING, TERM},
	{TEST_KILLED, TEST_EV_KILL, TEST_KILLED, KILL},
	{TEST_KILLED, TEST_EV_TIMEOUT, TEST_STOPPING, TIMEOUT},
	{TEST_KILLED, TEST_EV_DEADLINE, TEST_KILLED, 0},
	{TEST_KILLED, TEST_EV_EXITED, TEST_SWEEPING, SWEEP},
	{TEST_KILLED, TEST_EV_FIXTURE_EXITED, TEST_DRAINING, KEEP},
	{TEST_KILLED, TEST_EV_EOF, TEST_KILLED, TEST_DO_CLOSE_OUTPUT},

	{TEST_SWEEPING, TEST_EV_CHILD, TEST_SWEEPING, TEST_DO_SWEEP},
	{TEST_SWEEPING, TEST_EV_OTHERS_LEFT, TEST_SWEEPING, 0},
	{TEST_SWEEPING, TEST_EV_NONE_LEFT, TEST_DRAINING, REAP},
	{TEST_SWEEPING, TEST_EV_DEADLINE, TEST_DRAINING, REAP},
	{TEST_SWEEPING, TEST_EV_EOF, TEST_SWEEPING, TEST_DO_CLOSE_OUTPUT},
	/* The test is past stopping: what is left dies anyway. */
	{TEST_SWEEPING, TEST_EV_TERMINATE, TEST_SWEEPING, 0},
	{TEST_SWEEPING, TEST_EV_KILL, TEST_SWEEPING, 0},
	{TEST_SWEEPING, TEST_EV_TIMEOUT, TEST_SWEEPING, 0},

	{TEST_DRAINING, TEST_EV_EOF, TEST_IDLE, RESULT},
	{TEST_DRAINING, TEST_EV_DEADLINE, TEST_IDLE, RESULT},
	{TEST_DRAINING, TEST_EV_TERMINATE, TEST_DRAINING, 0},
	{TEST_DRAINING, TEST_EV_KILL, TEST_DRAINING, 0},
	{TEST_DRAINING, TEST_EV_CHILD, TEST_DRAINING, 0},

	{TEST_IDLE, TEST_EV_TERMINATE, TEST_IDLE, 0},
	{TEST_IDLE, TEST_EV_KILL, TEST_IDLE, 0},
	{TEST_IDLE, TEST_EV_CHILD, TEST_IDLE, 0},
	{TEST_IDLE, TEST_EV_DEADLINE, TEST_IDLE, 0},
};

static void test_step__table__each_row_holds(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct test_step s = test_step(table[i].from, table[i].event);

		if (s.state != table[i].to || s.actions != table[i].actions)
			fail_msg("row %zu: %s on event %d: got %s %#x, "
				 "want %s %#x",
				 i, test_state_name(table[i].from),
				 (int)table[i].event, test_state_name(s.state),
				 s.actions, test_state_name(table[i].to),
				 table[i].actions);
	}
}

/* Every pair not in the table leaves the state alone and does nothing. */
static void test_step__pair_not_in_table__changes_nothing(void **state)
{
	int st, ev;
	size_t i;

	(void)state;
	for (st = TEST_IDLE; st <= TEST_DRAINING; st++)
		for (ev = TEST_EV_START; ev <= TEST_EV_EOF; ev++) {
			struct test_step s;

			for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
				if ((int)table[i].from == st &&
				    (int)table[i].event == ev)
					break;
			if (i < sizeof(table) / sizeof(table[0]))
				continue;
			s = test_step((enum test_state)st, (enum test_event)ev);
			if ((int)s.state != st || s.actions)
				fail_msg("%s on event %d: got %s %#x",
					 test_state_name((enum test_state)st),
					 ev, test_state_name(s.state),
					 s.actions);
		}
}

/* A timed-out test that ignores SIGTERM and leaves a daemon holding its
   output: every step on the way to RESULT. */
static void test_step__timeout_then_leftover__ends_in_result(void **state)
{
	static const enum test_event evs[] = {
		TEST_EV_START,	   TEST_EV_TIMEOUT,	TEST_EV_DEADLINE,
		TEST_EV_EXITED,	   TEST_EV_OTHERS_LEFT, TEST_EV_CHILD,
		TEST_EV_NONE_LEFT, TEST_EV_DEADLINE,
	};
	static const enum test_state want[] = {
		TEST_RUNNING,  TEST_STOPPING, TEST_KILLED,   TEST_SWEEPING,
		TEST_SWEEPING, TEST_SWEEPING, TEST_DRAINING, TEST_IDLE,
	};
	enum test_state s = TEST_IDLE;
	unsigned all = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		struct test_step step = test_step(s, evs[i]);

		s = step.state;
		all |= step.actions;
		assert_int_equal(s, want[i]);
	}
	assert_true(all & TEST_DO_MARK_TIMED_OUT);
	assert_false(all & TEST_DO_MARK_TERMINATED);
	assert_true(all & TEST_DO_SEND_RESULT);
	assert_false(all & TEST_DO_KEEP_LEFTOVERS);
}

static void test_state_unreaped__until_swept__is_true(void **state)
{
	(void)state;
	assert_false(test_state_unreaped(TEST_IDLE));
	assert_true(test_state_unreaped(TEST_RUNNING));
	assert_true(test_state_unreaped(TEST_STOPPING));
	assert_true(test_state_unreaped(TEST_KILLED));
	assert_true(test_state_unreaped(TEST_SWEEPING));
	assert_false(test_state_unreaped(TEST_DRAINING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step__table__each_row_holds),
		cmocka_unit_test(test_step__pair_not_in_table__changes_nothing),
		cmocka_unit_test(
			test_step__timeout_then_leftover__ends_in_result),
		cmocka_unit_test(test_state_unreaped__until_swept__is_true),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
