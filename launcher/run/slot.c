#include "slot.h"

static struct slot_move protocol_error(enum slot_state s)
{
	struct slot_move m = {s, SLOT_DO_PROTOCOL_ERROR};

	return m;
}

static struct slot_move move(enum slot_state next, enum slot_action a)
{
	struct slot_move m = {next, a};

	return m;
}

/* IDLE asked to start something: a held rerun first, then the teardown
   once the tests are over, else the next test. */
static struct slot_move poll_idle(const struct slot_facts *f)
{
	if (f->rerun_held && !f->tests_over) {
		if (f->rerun_due && f->job_free)
			return move(SLOT_TEST, SLOT_DO_RERUN);
		return move(SLOT_RERUN_WAIT, SLOT_DO_NOTHING);
	}
	if (f->queued_held && !f->tests_over)
		return move(f->job_free ? SLOT_TEST : SLOT_IDLE,
			    f->job_free ? SLOT_DO_SEND_HELD : SLOT_DO_NOTHING);
	if (f->tests_over) {
		if (!f->has_worker_teardown)
			return move(SLOT_RETIRED, SLOT_DO_NOTHING);
		if (f->job_free)
			return move(SLOT_WORKER_TEARDOWN,
				    SLOT_DO_WORKER_TEARDOWN);
		return move(SLOT_IDLE, SLOT_DO_NOTHING);
	}
	if (f->tests_pending && f->job_free)
		return move(SLOT_IDLE, SLOT_DO_NEXT_TEST);
	return move(SLOT_IDLE, SLOT_DO_NOTHING);
}

static struct slot_move poll(enum slot_state s, const struct slot_facts *f)
{
	switch (s) {
	case SLOT_READY:
		if (f->fixture_slot)
			return move(s, SLOT_DO_NOTHING);
		if (!f->has_worker_setup)
			return poll_idle(f);
		/* Never set up: nothing to tear down either. */
		if (f->tests_over)
			return move(SLOT_RETIRED, SLOT_DO_NOTHING);
		if ((f->tests_pending || f->rerun_held || f->queued_held) &&
		    f->job_free)
			return move(SLOT_WORKER_SETUP, SLOT_DO_WORKER_SETUP);
		return move(s, SLOT_DO_NOTHING);
	case SLOT_IDLE:
	case SLOT_RERUN_WAIT:
		if (f->fixture_slot)
			return move(s, SLOT_DO_NOTHING);
		return poll_idle(f);
	case SLOT_TEST:
		if (f->may_prefetch && f->tests_pending && !f->fixture_slot)
			return move(s, SLOT_DO_PREFETCH);
		return move(s, SLOT_DO_NOTHING);
	default:
		return move(s, SLOT_DO_NOTHING);
	}
}

static struct slot_move ended(enum slot_state s, enum slot_event ev,
			      const struct slot_facts *f)
{
	switch (s) {
	case SLOT_WORKER_SETUP:
		/* A failed setup is not torn down. */
		return move(ev == SLOT_EV_PASSED ? SLOT_IDLE : SLOT_RETIRED,
			    SLOT_DO_NOTHING);
	case SLOT_TEST:
		if (ev == SLOT_EV_FAILED && f->rerun_held)
			return move(SLOT_RERUN_WAIT, SLOT_DO_NOTHING);
		return move(SLOT_IDLE, SLOT_DO_NOTHING);
	case SLOT_TEST_QUEUED:
		/* A held rerun waits for the queued test's fate. */
		return move(SLOT_HANDOVER, SLOT_DO_NOTHING);
	case SLOT_FIXTURE:
		return move(f->in_setup ? SLOT_READY : SLOT_RETIRED,
			    SLOT_DO_NOTHING);
	case SLOT_WORKER_TEARDOWN:
		return move(SLOT_RETIRED, SLOT_DO_NOTHING);
	default:
		return protocol_error(s);
	}
}

static struct slot_move died(enum slot_state s, const struct slot_facts *f)
{
	/* One that never came up is not restarted: it would fail again. */
	if (s == SLOT_STARTING || f->fixture_slot || f->tests_over ||
	    !f->may_restart ||
	    !(f->rerun_held || f->queued_held || f->tests_pending))
		return move(SLOT_DOWN, SLOT_DO_NOTHING);
	return move(SLOT_DOWN, SLOT_DO_RESTART);
}

struct slot_move slot_step(enum slot_state s, enum slot_event ev,
			   const struct slot_facts *f)
{
	switch (ev) {
	case SLOT_EV_SPAWNED:
		if (s != SLOT_OFF && s != SLOT_DOWN)
			return protocol_error(s);
		return move(SLOT_STARTING, SLOT_DO_NOTHING);
	case SLOT_EV_READY:
		if (s != SLOT_STARTING)
			return protocol_error(s);
		return move(SLOT_READY, SLOT_DO_NOTHING);
	case SLOT_EV_POLL:
		return poll(s, f);
	case SLOT_EV_SENT:
		if (s != SLOT_IDLE)
			return protocol_error(s);
		return move(SLOT_TEST, SLOT_DO_NOTHING);
	case SLOT_EV_GIVE_FIXTURE:
		if (s != SLOT_READY && s != SLOT_IDLE && s != SLOT_RETIRED)
			return protocol_error(s);
		return move(SLOT_FIXTURE, SLOT_DO_FIXTURE);
	case SLOT_EV_PASSED:
	case SLOT_EV_FAILED:
		return ended(s, ev, f);
	case SLOT_EV_DIED:
		if (s == SLOT_OFF || s == SLOT_DOWN)
			return protocol_error(s);
		return died(s, f);
	case SLOT_EV_QUEUED:
		if (s != SLOT_TEST)
			return protocol_error(s);
		return move(SLOT_TEST_QUEUED, SLOT_DO_NOTHING);
	case SLOT_EV_QUEUED_STARTED:
		if (s != SLOT_HANDOVER)
			return protocol_error(s);
		return move(SLOT_TEST, SLOT_DO_NOTHING);
	case SLOT_EV_QUEUED_DROPPED:
		if (s == SLOT_TEST_QUEUED)
			return move(SLOT_TEST, SLOT_DO_NOTHING);
		if (s != SLOT_HANDOVER)
			return protocol_error(s);
		return move(f->rerun_held ? SLOT_RERUN_WAIT : SLOT_IDLE,
			    SLOT_DO_NOTHING);
	default:
		return protocol_error(s);
	}
}

int slot_busy(enum slot_state s)
{
	return s == SLOT_WORKER_SETUP || s == SLOT_TEST || s == SLOT_FIXTURE ||
	       s == SLOT_WORKER_TEARDOWN || s == SLOT_TEST_QUEUED ||
	       s == SLOT_HANDOVER;
}

int slot_running_test(enum slot_state s)
{
	return s == SLOT_TEST || s == SLOT_TEST_QUEUED;
}

int slot_alive(enum slot_state s)
{
	return s != SLOT_OFF && s != SLOT_DOWN;
}

const char *slot_state_name(enum slot_state s)
{
	static const char *const names[SLOT_STATE_MAX] = {
		"off",
		"starting",
		"ready",
		"running the worker setup",
		"idle",
		"running a test",
		"waiting to rerun",
		"running a fixture",
		"running the worker teardown",
		"retired",
		"down",
		"running a test, the next one queued",
		"starting the queued test",
	};

	return s < SLOT_STATE_MAX ? names[s] : "?";
}
