/*
 * Unit tests for launcher/run/slot.[ch]: the worker slot state machine,
 * every transition as a row of a table, then the paths through it that
 * went wrong when the states were flags.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "slot.h"

/* Facts, one letter each, so that a row fits on a line. */
enum {
	WS = 1 << 0,  /* has_worker_setup */
	WT = 1 << 1,  /* has_worker_teardown */
	TP = 1 << 2,  /* tests_pending */
	RH = 1 << 3,  /* rerun_held */
	RD = 1 << 4,  /* rerun_due */
	JF = 1 << 5,  /* job_free */
	TO = 1 << 6,  /* tests_over */
	MR = 1 << 7,  /* may_restart */
	FS = 1 << 8,  /* fixture_slot */
	IS = 1 << 9,  /* in_setup */
	MP = 1 << 10, /* may_prefetch */
	QH = 1 << 11, /* queued_held */
};

static struct slot_facts facts(unsigned b)
{
	struct slot_facts f;

	memset(&f, 0, sizeof(f));
	f.has_worker_setup = !!(b & WS);
	f.has_worker_teardown = !!(b & WT);
	f.tests_pending = !!(b & TP);
	f.rerun_held = !!(b & RH);
	f.rerun_due = !!(b & RD);
	f.job_free = !!(b & JF);
	f.tests_over = !!(b & TO);
	f.may_restart = !!(b & MR);
	f.fixture_slot = !!(b & FS);
	f.in_setup = !!(b & IS);
	f.may_prefetch = !!(b & MP);
	f.queued_held = !!(b & QH);
	return f;
}

struct row {
	enum slot_state from;
	enum slot_event ev;
	unsigned facts;
	enum slot_state to;
	enum slot_action action;
};

static const struct row table[] = {
	/* Start-up. */
	{SLOT_OFF, SLOT_EV_SPAWNED, 0, SLOT_STARTING, SLOT_DO_NOTHING},
	{SLOT_DOWN, SLOT_EV_SPAWNED, 0, SLOT_STARTING, SLOT_DO_NOTHING},
	{SLOT_STARTING, SLOT_EV_READY, 0, SLOT_READY, SLOT_DO_NOTHING},
	/* READY: the worker setup comes before anything else. */
	{SLOT_READY, SLOT_EV_POLL, WS | TP | JF, SLOT_WORKER_SETUP,
	 SLOT_DO_WORKER_SETUP},
	{SLOT_READY, SLOT_EV_POLL, WS | RH | RD | JF, SLOT_WORKER_SETUP,
	 SLOT_DO_WORKER_SETUP},
	{SLOT_READY, SLOT_EV_POLL, WS | TP, SLOT_READY, SLOT_DO_NOTHING},
	{SLOT_READY, SLOT_EV_POLL, WS | JF, SLOT_READY, SLOT_DO_NOTHING},
	{SLOT_READY, SLOT_EV_POLL, WS | WT | TO | JF, SLOT_RETIRED,
	 SLOT_DO_NOTHING},
	{SLOT_READY, SLOT_EV_POLL, TP | JF, SLOT_IDLE, SLOT_DO_NEXT_TEST},
	{SLOT_READY, SLOT_EV_POLL, TO | JF, SLOT_RETIRED, SLOT_DO_NOTHING},
	{SLOT_READY, SLOT_EV_POLL, FS | TP | JF, SLOT_READY, SLOT_DO_NOTHING},
	{SLOT_WORKER_SETUP, SLOT_EV_PASSED, WS, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_WORKER_SETUP, SLOT_EV_FAILED, WS | WT, SLOT_RETIRED,
	 SLOT_DO_NOTHING},
	/* IDLE: a held rerun, then the tests, then the teardown. */
	{SLOT_IDLE, SLOT_EV_POLL, TP | JF, SLOT_IDLE, SLOT_DO_NEXT_TEST},
	{SLOT_IDLE, SLOT_EV_POLL, TP, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_POLL, JF, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_POLL, RH | TP | JF, SLOT_RERUN_WAIT,
	 SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_POLL, RH | RD | JF, SLOT_TEST, SLOT_DO_RERUN},
	{SLOT_IDLE, SLOT_EV_POLL, TO | WT | JF, SLOT_WORKER_TEARDOWN,
	 SLOT_DO_WORKER_TEARDOWN},
	{SLOT_IDLE, SLOT_EV_POLL, TO | WT, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_POLL, TO | JF, SLOT_RETIRED, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_POLL, FS | TP | JF, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_SENT, 0, SLOT_TEST, SLOT_DO_NOTHING},
	/* TEST. */
	{SLOT_TEST, SLOT_EV_PASSED, 0, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_FAILED, 0, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_FAILED, RH, SLOT_RERUN_WAIT, SLOT_DO_NOTHING},
	/* RERUN_WAIT. */
	{SLOT_RERUN_WAIT, SLOT_EV_POLL, RH | JF, SLOT_RERUN_WAIT,
	 SLOT_DO_NOTHING},
	{SLOT_RERUN_WAIT, SLOT_EV_POLL, RH | RD, SLOT_RERUN_WAIT,
	 SLOT_DO_NOTHING},
	{SLOT_RERUN_WAIT, SLOT_EV_POLL, RH | RD | JF, SLOT_TEST, SLOT_DO_RERUN},
	{SLOT_RERUN_WAIT, SLOT_EV_POLL, TP | JF, SLOT_IDLE, SLOT_DO_NEXT_TEST},
	/* Fixtures: --setup and --teardown. */
	{SLOT_READY, SLOT_EV_GIVE_FIXTURE, FS, SLOT_FIXTURE, SLOT_DO_FIXTURE},
	{SLOT_IDLE, SLOT_EV_GIVE_FIXTURE, 0, SLOT_FIXTURE, SLOT_DO_FIXTURE},
	{SLOT_RETIRED, SLOT_EV_GIVE_FIXTURE, 0, SLOT_FIXTURE, SLOT_DO_FIXTURE},
	{SLOT_FIXTURE, SLOT_EV_PASSED, IS, SLOT_READY, SLOT_DO_NOTHING},
	{SLOT_FIXTURE, SLOT_EV_FAILED, IS, SLOT_READY, SLOT_DO_NOTHING},
	{SLOT_FIXTURE, SLOT_EV_PASSED, 0, SLOT_RETIRED, SLOT_DO_NOTHING},
	{SLOT_FIXTURE, SLOT_EV_FAILED, 0, SLOT_RETIRED, SLOT_DO_NOTHING},
	/* Worker teardown. */
	{SLOT_WORKER_TEARDOWN, SLOT_EV_PASSED, 0, SLOT_RETIRED,
	 SLOT_DO_NOTHING},
	{SLOT_WORKER_TEARDOWN, SLOT_EV_FAILED, 0, SLOT_RETIRED,
	 SLOT_DO_NOTHING},
	{SLOT_RETIRED, SLOT_EV_POLL, TO | WT | JF, SLOT_RETIRED,
	 SLOT_DO_NOTHING},
	/* Deaths. */
	{SLOT_TEST, SLOT_EV_DIED, MR | TP, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_TEST, SLOT_EV_DIED, MR | RH, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_TEST, SLOT_EV_DIED, MR, SLOT_DOWN, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_DIED, TP, SLOT_DOWN, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_DIED, MR | TP | TO, SLOT_DOWN, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_DIED, MR | TP, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_RERUN_WAIT, SLOT_EV_DIED, MR | RH, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_WORKER_SETUP, SLOT_EV_DIED, MR | TP, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_STARTING, SLOT_EV_DIED, MR | TP, SLOT_DOWN, SLOT_DO_NOTHING},
	{SLOT_FIXTURE, SLOT_EV_DIED, FS | MR | TP, SLOT_DOWN, SLOT_DO_NOTHING},
	{SLOT_WORKER_TEARDOWN, SLOT_EV_DIED, MR | TO, SLOT_DOWN,
	 SLOT_DO_NOTHING},
	/* Sending ahead: only while a test runs, when wanted, with tests
	   left. */
	{SLOT_TEST, SLOT_EV_POLL, MP | TP | JF, SLOT_TEST, SLOT_DO_PREFETCH},
	{SLOT_TEST, SLOT_EV_POLL, MP, SLOT_TEST, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_POLL, TP | JF, SLOT_TEST, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_POLL, FS | MP | TP, SLOT_TEST, SLOT_DO_NOTHING},
	{SLOT_TEST, SLOT_EV_QUEUED, 0, SLOT_TEST_QUEUED, SLOT_DO_NOTHING},
	{SLOT_TEST_QUEUED, SLOT_EV_POLL, MP | TP | JF, SLOT_TEST_QUEUED,
	 SLOT_DO_NOTHING},
	{SLOT_TEST_QUEUED, SLOT_EV_PASSED, 0, SLOT_HANDOVER, SLOT_DO_NOTHING},
	{SLOT_TEST_QUEUED, SLOT_EV_FAILED, RH, SLOT_HANDOVER, SLOT_DO_NOTHING},
	{SLOT_TEST_QUEUED, SLOT_EV_QUEUED_DROPPED, 0, SLOT_TEST,
	 SLOT_DO_NOTHING},
	{SLOT_HANDOVER, SLOT_EV_QUEUED_STARTED, 0, SLOT_TEST, SLOT_DO_NOTHING},
	{SLOT_HANDOVER, SLOT_EV_QUEUED_DROPPED, 0, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_HANDOVER, SLOT_EV_QUEUED_DROPPED, RH, SLOT_RERUN_WAIT,
	 SLOT_DO_NOTHING},
	{SLOT_HANDOVER, SLOT_EV_POLL, TP | JF, SLOT_HANDOVER, SLOT_DO_NOTHING},
	/* A dropped test comes back first: after a due rerun, before the
	   scheduler's next. */
	{SLOT_IDLE, SLOT_EV_POLL, QH | TP | JF, SLOT_TEST, SLOT_DO_SEND_HELD},
	{SLOT_IDLE, SLOT_EV_POLL, QH, SLOT_IDLE, SLOT_DO_NOTHING},
	{SLOT_IDLE, SLOT_EV_POLL, QH | RH | RD | JF, SLOT_TEST, SLOT_DO_RERUN},
	{SLOT_READY, SLOT_EV_POLL, WS | QH | JF, SLOT_WORKER_SETUP,
	 SLOT_DO_WORKER_SETUP},
	{SLOT_TEST_QUEUED, SLOT_EV_DIED, MR | QH, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_HANDOVER, SLOT_EV_DIED, MR | QH, SLOT_DOWN, SLOT_DO_RESTART},
	{SLOT_HANDOVER, SLOT_EV_DIED, QH, SLOT_DOWN, SLOT_DO_NOTHING},
	/* Events that cannot happen there. */
	{SLOT_TEST_QUEUED, SLOT_EV_QUEUED, 0, SLOT_TEST_QUEUED,
	 SLOT_DO_PROTOCOL_ERROR},
	{SLOT_TEST, SLOT_EV_QUEUED_STARTED, 0, SLOT_TEST,
	 SLOT_DO_PROTOCOL_ERROR},
	{SLOT_IDLE, SLOT_EV_QUEUED_DROPPED, 0, SLOT_IDLE,
	 SLOT_DO_PROTOCOL_ERROR},
	{SLOT_HANDOVER, SLOT_EV_PASSED, 0, SLOT_HANDOVER,
	 SLOT_DO_PROTOCOL_ERROR},
	{SLOT_IDLE, SLOT_EV_READY, 0, SLOT_IDLE, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_TEST, SLOT_EV_READY, 0, SLOT_TEST, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_IDLE, SLOT_EV_PASSED, 0, SLOT_IDLE, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_READY, SLOT_EV_FAILED, 0, SLOT_READY, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_STARTING, SLOT_EV_PASSED, 0, SLOT_STARTING,
	 SLOT_DO_PROTOCOL_ERROR},
	{SLOT_TEST, SLOT_EV_SPAWNED, 0, SLOT_TEST, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_DOWN, SLOT_EV_DIED, 0, SLOT_DOWN, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_OFF, SLOT_EV_DIED, 0, SLOT_OFF, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_TEST, SLOT_EV_GIVE_FIXTURE, 0, SLOT_TEST, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_READY, SLOT_EV_SENT, 0, SLOT_READY, SLOT_DO_PROTOCOL_ERROR},
	{SLOT_TEST, SLOT_EV_SENT, 0, SLOT_TEST, SLOT_DO_PROTOCOL_ERROR},
};

static void slot_step__every_row_of_the_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct row *r = &table[i];
		struct slot_facts f = facts(r->facts);
		struct slot_move m = slot_step(r->from, r->ev, &f);

		if (m.next != r->to || m.action != r->action)
			fail_msg("row %zu: %s + event %d: got %s/%d, want "
				 "%s/%d",
				 i, slot_state_name(r->from), r->ev,
				 slot_state_name(m.next), m.action,
				 slot_state_name(r->to), r->action);
	}
}

/* Walk the machine through events, asserting the state after each. */
static enum slot_state walk(enum slot_state s, enum slot_event ev, unsigned b,
			    enum slot_state want, enum slot_action want_action)
{
	struct slot_facts f = facts(b);
	struct slot_move m = slot_step(s, ev, &f);

	assert_string_equal(slot_state_name(m.next), slot_state_name(want));
	assert_int_equal(m.action, want_action);
	return m.next;
}

/*
 * A test kills its worker on its first attempt, with --reruns and
 * --worker-setup: the replacement runs its worker setup before the rerun.
 */
static void
slot_step__crash_during_a_test_with_reruns__setup_before_rerun(void **state)
{
	enum slot_state s = SLOT_TEST;

	(void)state;
	s = walk(s, SLOT_EV_DIED, WS | MR | RH, SLOT_DOWN, SLOT_DO_RESTART);
	s = walk(s, SLOT_EV_SPAWNED, WS | RH, SLOT_STARTING, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_READY, WS | RH, SLOT_READY, SLOT_DO_NOTHING);
	/* Due already: still the setup first. */
	s = walk(s, SLOT_EV_POLL, WS | RH | RD | JF, SLOT_WORKER_SETUP,
		 SLOT_DO_WORKER_SETUP);
	s = walk(s, SLOT_EV_PASSED, WS | RH | RD, SLOT_IDLE, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_POLL, WS | RH | RD | JF, SLOT_TEST, SLOT_DO_RERUN);
	walk(s, SLOT_EV_PASSED, WS, SLOT_IDLE, SLOT_DO_NOTHING);
}

/* A worker dies during its worker setup: replaced, and set up again. */
static void
slot_step__crash_during_worker_setup__replaced_and_set_up(void **state)
{
	enum slot_state s = SLOT_WORKER_SETUP;

	(void)state;
	s = walk(s, SLOT_EV_DIED, WS | MR | TP, SLOT_DOWN, SLOT_DO_RESTART);
	s = walk(s, SLOT_EV_SPAWNED, WS | TP, SLOT_STARTING, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_READY, WS | TP, SLOT_READY, SLOT_DO_NOTHING);
	walk(s, SLOT_EV_POLL, WS | TP | JF, SLOT_WORKER_SETUP,
	     SLOT_DO_WORKER_SETUP);
}

/* A worker dies while it waits out --reruns-delay: the rerun goes with
   the slot to its replacement. */
static void
slot_step__crash_while_holding_a_rerun__replacement_reruns(void **state)
{
	enum slot_state s = SLOT_RERUN_WAIT;

	(void)state;
	s = walk(s, SLOT_EV_DIED, MR | RH, SLOT_DOWN, SLOT_DO_RESTART);
	s = walk(s, SLOT_EV_SPAWNED, RH, SLOT_STARTING, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_READY, RH, SLOT_READY, SLOT_DO_NOTHING);
	walk(s, SLOT_EV_POLL, RH | RD | JF, SLOT_TEST, SLOT_DO_RERUN);
}

/* -n 0: one slot runs the setup, its worker setup, the tests, its worker
   teardown and the teardown, in that order. */
static void slot_step__master_slot__every_fixture_in_order(void **state)
{
	enum slot_state s = SLOT_OFF;

	(void)state;
	s = walk(s, SLOT_EV_SPAWNED, 0, SLOT_STARTING, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_READY, 0, SLOT_READY, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_GIVE_FIXTURE, IS, SLOT_FIXTURE, SLOT_DO_FIXTURE);
	s = walk(s, SLOT_EV_PASSED, IS, SLOT_READY, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_POLL, WS | WT | TP | JF, SLOT_WORKER_SETUP,
		 SLOT_DO_WORKER_SETUP);
	s = walk(s, SLOT_EV_PASSED, WS | WT | TP, SLOT_IDLE, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_POLL, WS | WT | TP | JF, SLOT_IDLE,
		 SLOT_DO_NEXT_TEST);
	s = walk(s, SLOT_EV_SENT, WS | WT, SLOT_TEST, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_PASSED, WS | WT, SLOT_IDLE, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_POLL, WS | WT | TO | JF, SLOT_WORKER_TEARDOWN,
		 SLOT_DO_WORKER_TEARDOWN);
	s = walk(s, SLOT_EV_PASSED, WS | WT | TO, SLOT_RETIRED,
		 SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_GIVE_FIXTURE, TO, SLOT_FIXTURE, SLOT_DO_FIXTURE);
	walk(s, SLOT_EV_PASSED, TO, SLOT_RETIRED, SLOT_DO_NOTHING);
}

static void slot_busy_and_alive__by_state(void **state)
{
	int s, busy = 0, alive = 0;

	(void)state;
	for (s = 0; s < SLOT_STATE_MAX; s++) {
		busy += slot_busy((enum slot_state)s);
		alive += slot_alive((enum slot_state)s);
		assert_string_not_equal(slot_state_name((enum slot_state)s),
					"?");
	}
	assert_int_equal(busy, 6);
	assert_int_equal(alive, SLOT_STATE_MAX - 2);
	assert_true(slot_busy(SLOT_TEST));
	assert_false(slot_busy(SLOT_RERUN_WAIT));
	assert_false(slot_alive(SLOT_DOWN));
	assert_true(slot_busy(SLOT_HANDOVER));
	assert_true(slot_running_test(SLOT_TEST_QUEUED));
	assert_false(slot_running_test(SLOT_HANDOVER));
}

/*
 * A test fails with --reruns while the next waits at the worker: the
 * worker drops it (RUN_IF_CLEAN), the rerun goes first, then the dropped
 * test, sent again.
 */
static void slot_step__failure_with_a_test_ahead__rerun_then_it(void **state)
{
	enum slot_state s = SLOT_TEST;

	(void)state;
	s = walk(s, SLOT_EV_POLL, MP | TP | JF, SLOT_TEST, SLOT_DO_PREFETCH);
	s = walk(s, SLOT_EV_QUEUED, TP, SLOT_TEST_QUEUED, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_FAILED, RH | TP, SLOT_HANDOVER, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_QUEUED_DROPPED, RH | QH | TP, SLOT_RERUN_WAIT,
		 SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_POLL, RH | RD | QH | TP | JF, SLOT_TEST,
		 SLOT_DO_RERUN);
	s = walk(s, SLOT_EV_PASSED, QH | TP, SLOT_IDLE, SLOT_DO_NOTHING);
	s = walk(s, SLOT_EV_POLL, QH | TP | JF, SLOT_TEST, SLOT_DO_SEND_HELD);
	walk(s, SLOT_EV_PASSED, TP, SLOT_IDLE, SLOT_DO_NOTHING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slot_step__every_row_of_the_table),
		cmocka_unit_test(
			slot_step__crash_during_a_test_with_reruns__setup_before_rerun),
		cmocka_unit_test(
			slot_step__crash_during_worker_setup__replaced_and_set_up),
		cmocka_unit_test(
			slot_step__crash_while_holding_a_rerun__replacement_reruns),
		cmocka_unit_test(
			slot_step__master_slot__every_fixture_in_order),
		cmocka_unit_test(slot_busy_and_alive__by_state),
		cmocka_unit_test(
			slot_step__failure_with_a_test_ahead__rerun_then_it),
	};

	return cmocka_run_group_tests_name("slot", tests, NULL, NULL);
}
