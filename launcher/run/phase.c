#include "phase.h"

static struct phase_move move(enum phase next, enum phase_action a)
{
	struct phase_move m = {next, a};

	return m;
}

static struct phase_move poll(enum phase p, const struct phase_facts *f)
{
	switch (p) {
	case PHASE_SETUP_WAIT:
		if (!f->has_setup)
			return move(PHASE_TESTS, PHASE_DO_NOTHING);
		if (f->hard_stop || f->stopping ||
		    f->fixture_slot == PHASE_SLOT_DOWN)
			return move(PHASE_WORKER_TEARDOWN, PHASE_DO_NOTHING);
		if (f->fixture_slot == PHASE_SLOT_READY)
			return move(PHASE_SETUP, PHASE_DO_SETUP);
		return move(p, PHASE_DO_NOTHING);
	case PHASE_SETUP:
		/* Its result moves it on; a hard stop does not wait. */
		if (f->hard_stop)
			return move(PHASE_DONE, PHASE_DO_NOTHING);
		return move(p, PHASE_DO_NOTHING);
	case PHASE_TESTS:
	case PHASE_STOPPING:
		if (f->slots_busy || f->reruns_held)
			return move(p, PHASE_DO_NOTHING);
		if (p == PHASE_TESTS && f->tests_pending && !f->stopping)
			/* Nothing runs and nothing may start: the
			   scheduler broke its promise.  Say so rather
			   than hang. */
			return move(PHASE_WORKER_TEARDOWN, PHASE_DO_STALLED);
		if (f->hard_stop)
			return move(PHASE_DONE, PHASE_DO_NOTHING);
		return move(PHASE_WORKER_TEARDOWN, PHASE_DO_NOTHING);
	case PHASE_WORKER_TEARDOWN:
		if (f->hard_stop)
			return move(PHASE_DONE, PHASE_DO_NOTHING);
		if (f->slots_busy || f->teardowns_owed)
			return move(p, PHASE_DO_NOTHING);
		return move(PHASE_TEARDOWN_WAIT, PHASE_DO_NOTHING);
	case PHASE_TEARDOWN_WAIT:
	case PHASE_TEARDOWN_RESTART:
		if (!f->has_teardown || f->hard_stop)
			return move(PHASE_DONE, PHASE_DO_NOTHING);
		if (f->fixture_slot == PHASE_SLOT_READY)
			return move(PHASE_TEARDOWN, PHASE_DO_TEARDOWN);
		if (f->fixture_slot == PHASE_SLOT_BUSY)
			return move(p, PHASE_DO_NOTHING);
		/* Down: started again once; down again, give up. */
		if (p == PHASE_TEARDOWN_WAIT)
			return move(PHASE_TEARDOWN_RESTART,
				    PHASE_DO_RESTART_SLOT);
		return move(PHASE_DONE, PHASE_DO_NOTHING);
	case PHASE_TEARDOWN:
		if (f->hard_stop)
			return move(PHASE_DONE, PHASE_DO_NOTHING);
		return move(p, PHASE_DO_NOTHING);
	default:
		return move(p, PHASE_DO_NOTHING);
	}
}

struct phase_move phase_step(enum phase p, enum phase_event ev,
			     const struct phase_facts *f)
{
	switch (ev) {
	case PHASE_EV_POLL:
		return poll(p, f);
	case PHASE_EV_STOP:
		/* Teardowns are let finish: they are what cleans up. */
		if (p == PHASE_TESTS)
			return move(PHASE_STOPPING, PHASE_DO_TERMINATE);
		if (p == PHASE_SETUP || p == PHASE_STOPPING)
			return move(p, PHASE_DO_TERMINATE);
		return move(p, PHASE_DO_NOTHING);
	case PHASE_EV_SETUP_PASSED:
		if (p != PHASE_SETUP)
			return move(p, PHASE_DO_PROTOCOL_ERROR);
		return move(f->stopping ? PHASE_WORKER_TEARDOWN : PHASE_TESTS,
			    PHASE_DO_NOTHING);
	case PHASE_EV_SETUP_FAILED:
		if (p != PHASE_SETUP && p != PHASE_SETUP_WAIT)
			return move(p, PHASE_DO_PROTOCOL_ERROR);
		return move(PHASE_WORKER_TEARDOWN, PHASE_DO_NOTHING);
	case PHASE_EV_TEARDOWN_ENDED:
		if (p != PHASE_TEARDOWN)
			return move(p, PHASE_DO_PROTOCOL_ERROR);
		return move(PHASE_DONE, PHASE_DO_NOTHING);
	default:
		return move(p, PHASE_DO_PROTOCOL_ERROR);
	}
}

const char *phase_name(enum phase p)
{
	static const char *const names[PHASE_MAX] = {
		"waiting to set up",
		"setup",
		"tests",
		"stopping",
		"worker teardown",
		"waiting to tear down",
		"restarting for the teardown",
		"teardown",
		"done",
	};

	return p < PHASE_MAX ? names[p] : "?";
}
