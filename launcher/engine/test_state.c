#include "test_state.h"

static struct test_step to(enum test_state state, unsigned actions)
{
	struct test_step s = {state, actions};

	return s;
}

/* RUNNING, STOPPING and KILLED: the test's first process is alive. */
static struct test_step alive(enum test_state state, enum test_event event)
{
	switch (event) {
	case TEST_EV_TERMINATE:
		return to(TEST_STOPPING, TEST_DO_MARK_TERMINATED |
						 TEST_DO_SIGNAL_TERM |
						 TEST_DO_ARM_GRACE);
	case TEST_EV_KILL:
		return to(TEST_KILLED,
			  TEST_DO_MARK_TERMINATED | TEST_DO_SIGNAL_KILL);
	case TEST_EV_TIMEOUT:
		return to(TEST_STOPPING, TEST_DO_MARK_TIMED_OUT |
						 TEST_DO_SIGNAL_TERM |
						 TEST_DO_ARM_GRACE);
	case TEST_EV_DEADLINE:
		if (state == TEST_STOPPING)
			return to(TEST_KILLED, TEST_DO_SIGNAL_KILL);
		break;
	case TEST_EV_EXITED:
		return to(TEST_SWEEPING, TEST_DO_ARM_SWEEP | TEST_DO_SWEEP);
	case TEST_EV_FIXTURE_EXITED:
		return to(TEST_DRAINING, TEST_DO_KEEP_LEFTOVERS | TEST_DO_REAP |
						 TEST_DO_ARM_DRAIN);
	case TEST_EV_EOF:
		return to(state, TEST_DO_CLOSE_OUTPUT);
	default:
		break;
	}
	return to(state, 0);
}

struct test_step test_step(enum test_state state, enum test_event event)
{
	switch (state) {
	case TEST_IDLE:
		if (event == TEST_EV_START)
			return to(TEST_RUNNING, 0);
		break;
	case TEST_RUNNING:
	case TEST_STOPPING:
	case TEST_KILLED:
		return alive(state, event);
	case TEST_SWEEPING:
		switch (event) {
		case TEST_EV_CHILD:
			return to(state, TEST_DO_SWEEP);
		case TEST_EV_NONE_LEFT:
		case TEST_EV_DEADLINE:
			return to(TEST_DRAINING,
				  TEST_DO_REAP | TEST_DO_ARM_DRAIN);
		case TEST_EV_EOF:
			return to(state, TEST_DO_CLOSE_OUTPUT);
		default:
			break;
		}
		break;
	case TEST_DRAINING:
		if (event == TEST_EV_EOF)
			return to(TEST_IDLE,
				  TEST_DO_CLOSE_OUTPUT | TEST_DO_SEND_RESULT);
		if (event == TEST_EV_DEADLINE)
			return to(TEST_IDLE,
				  TEST_DO_CLOSE_OUTPUT | TEST_DO_SEND_RESULT);
		break;
	}
	return to(state, 0);
}

int test_state_unreaped(enum test_state state)
{
	return state == TEST_RUNNING || state == TEST_STOPPING ||
	       state == TEST_KILLED || state == TEST_SWEEPING;
}

const char *test_state_name(enum test_state state)
{
	static const char *const names[] = {
		"IDLE", "RUNNING", "STOPPING", "KILLED", "SWEEPING", "DRAINING",
	};

	if ((unsigned)state < sizeof(names) / sizeof(names[0]))
		return names[state];
	return "?";
}
