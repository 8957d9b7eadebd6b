/*
 * Unit tests for launcher/run/phase.[ch]: the run's state machine, every
 * transition as a row, and a stop (Ctrl-C, -x, a fixture timing out) in
 * each phase.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "phase.h"

enum {
	SU = 1 << 0, /* has_setup */
	TD = 1 << 1, /* has_teardown */
	HS = 1 << 2, /* hard_stop */
	SB = 1 << 3, /* slots_busy */
	RH = 1 << 4, /* reruns_held */
	TO = 1 << 5, /* teardowns_owed */
	TP = 1 << 6, /* tests_pending */
	ST = 1 << 7, /* stopping */
	FB = 1 << 8, /* fixture slot busy */
	FD = 1 << 9, /* fixture slot down (else ready) */
};

static struct phase_facts facts(unsigned b)
{
	struct phase_facts f;

	memset(&f, 0, sizeof(f));
	f.has_setup = !!(b & SU);
	f.has_teardown = !!(b & TD);
	f.hard_stop = !!(b & HS);
	f.slots_busy = !!(b & SB);
	f.reruns_held = !!(b & RH);
	f.teardowns_owed = !!(b & TO);
	f.tests_pending = !!(b & TP);
	f.stopping = !!(b & ST);
	f.fixture_slot = b & FB	  ? PHASE_SLOT_BUSY
			 : b & FD ? PHASE_SLOT_DOWN
				  : PHASE_SLOT_READY;
	return f;
}

struct row {
	enum phase from;
	enum phase_event ev;
	unsigned facts;
	enum phase to;
	enum phase_action action;
};

static const struct row table[] = {
	/* Setup. */
	{PHASE_SETUP_WAIT, PHASE_EV_POLL, 0, PHASE_TESTS, PHASE_DO_NOTHING},
	{PHASE_SETUP_WAIT, PHASE_EV_POLL, SU, PHASE_SETUP, PHASE_DO_SETUP},
	{PHASE_SETUP_WAIT, PHASE_EV_POLL, SU | FB, PHASE_SETUP_WAIT,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP_WAIT, PHASE_EV_POLL, SU | FD, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP_WAIT, PHASE_EV_POLL, SU | HS, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP_WAIT, PHASE_EV_POLL, SU | ST, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP, PHASE_EV_POLL, SU | FB, PHASE_SETUP, PHASE_DO_NOTHING},
	{PHASE_SETUP, PHASE_EV_POLL, SU | FB | HS, PHASE_DONE,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP, PHASE_EV_SETUP_PASSED, SU, PHASE_TESTS, PHASE_DO_NOTHING},
	{PHASE_SETUP, PHASE_EV_SETUP_PASSED, SU | ST, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP, PHASE_EV_SETUP_FAILED, SU, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_SETUP_WAIT, PHASE_EV_SETUP_FAILED, SU, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	/* Tests. */
	{PHASE_TESTS, PHASE_EV_POLL, SB | TP, PHASE_TESTS, PHASE_DO_NOTHING},
	{PHASE_TESTS, PHASE_EV_POLL, RH | TP, PHASE_TESTS, PHASE_DO_NOTHING},
	{PHASE_TESTS, PHASE_EV_POLL, 0, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_TESTS, PHASE_EV_POLL, TP, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_STALLED},
	{PHASE_TESTS, PHASE_EV_POLL, HS, PHASE_DONE, PHASE_DO_NOTHING},
	/* Stopping. */
	{PHASE_TESTS, PHASE_EV_STOP, SB, PHASE_STOPPING, PHASE_DO_TERMINATE},
	{PHASE_STOPPING, PHASE_EV_POLL, SB | ST | TP, PHASE_STOPPING,
	 PHASE_DO_NOTHING},
	{PHASE_STOPPING, PHASE_EV_POLL, ST | TP, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_STOPPING, PHASE_EV_POLL, ST | HS, PHASE_DONE, PHASE_DO_NOTHING},
	/* Worker teardown. */
	{PHASE_WORKER_TEARDOWN, PHASE_EV_POLL, SB, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_WORKER_TEARDOWN, PHASE_EV_POLL, TO, PHASE_WORKER_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_WORKER_TEARDOWN, PHASE_EV_POLL, 0, PHASE_TEARDOWN_WAIT,
	 PHASE_DO_NOTHING},
	{PHASE_WORKER_TEARDOWN, PHASE_EV_POLL, SB | TO | HS, PHASE_DONE,
	 PHASE_DO_NOTHING},
	/* Teardown. */
	{PHASE_TEARDOWN_WAIT, PHASE_EV_POLL, 0, PHASE_DONE, PHASE_DO_NOTHING},
	{PHASE_TEARDOWN_WAIT, PHASE_EV_POLL, TD, PHASE_TEARDOWN,
	 PHASE_DO_TEARDOWN},
	{PHASE_TEARDOWN_WAIT, PHASE_EV_POLL, TD | FB, PHASE_TEARDOWN_WAIT,
	 PHASE_DO_NOTHING},
	{PHASE_TEARDOWN_WAIT, PHASE_EV_POLL, TD | FD, PHASE_TEARDOWN_RESTART,
	 PHASE_DO_RESTART_SLOT},
	{PHASE_TEARDOWN_WAIT, PHASE_EV_POLL, TD | HS, PHASE_DONE,
	 PHASE_DO_NOTHING},
	{PHASE_TEARDOWN_RESTART, PHASE_EV_POLL, TD | FB, PHASE_TEARDOWN_RESTART,
	 PHASE_DO_NOTHING},
	{PHASE_TEARDOWN_RESTART, PHASE_EV_POLL, TD, PHASE_TEARDOWN,
	 PHASE_DO_TEARDOWN},
	{PHASE_TEARDOWN_RESTART, PHASE_EV_POLL, TD | FD, PHASE_DONE,
	 PHASE_DO_NOTHING},
	{PHASE_TEARDOWN, PHASE_EV_POLL, TD | FB, PHASE_TEARDOWN,
	 PHASE_DO_NOTHING},
	{PHASE_TEARDOWN, PHASE_EV_TEARDOWN_ENDED, TD, PHASE_DONE,
	 PHASE_DO_NOTHING},
	{PHASE_TEARDOWN, PHASE_EV_POLL, TD | FB | HS, PHASE_DONE,
	 PHASE_DO_NOTHING},
	{PHASE_DONE, PHASE_EV_POLL, 0, PHASE_DONE, PHASE_DO_NOTHING},
	/* Events that cannot happen there. */
	{PHASE_TESTS, PHASE_EV_SETUP_PASSED, 0, PHASE_TESTS,
	 PHASE_DO_PROTOCOL_ERROR},
	{PHASE_TESTS, PHASE_EV_TEARDOWN_ENDED, 0, PHASE_TESTS,
	 PHASE_DO_PROTOCOL_ERROR},
	{PHASE_DONE, PHASE_EV_SETUP_FAILED, 0, PHASE_DONE,
	 PHASE_DO_PROTOCOL_ERROR},
};

static void phase_step__every_row_of_the_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct row *r = &table[i];
		struct phase_facts f = facts(r->facts);
		struct phase_move m = phase_step(r->from, r->ev, &f);

		if (m.next != r->to || m.action != r->action)
			fail_msg("row %zu: %s + event %d: got %s/%d, want "
				 "%s/%d",
				 i, phase_name(r->from), r->ev,
				 phase_name(m.next), m.action,
				 phase_name(r->to), r->action);
	}
}

/*
 * A stop (Ctrl-C, -x, --session-timeout) in each phase: setups and tests
 * are terminated, teardowns are let finish.
 */
static void phase_step__stop_in_each_phase(void **state)
{
	static const struct {
		enum phase from, to;
		enum phase_action action;
	} want[] = {
		{PHASE_SETUP_WAIT, PHASE_SETUP_WAIT, PHASE_DO_NOTHING},
		{PHASE_SETUP, PHASE_SETUP, PHASE_DO_TERMINATE},
		{PHASE_TESTS, PHASE_STOPPING, PHASE_DO_TERMINATE},
		{PHASE_STOPPING, PHASE_STOPPING, PHASE_DO_TERMINATE},
		{PHASE_WORKER_TEARDOWN, PHASE_WORKER_TEARDOWN,
		 PHASE_DO_NOTHING},
		{PHASE_TEARDOWN_WAIT, PHASE_TEARDOWN_WAIT, PHASE_DO_NOTHING},
		{PHASE_TEARDOWN_RESTART, PHASE_TEARDOWN_RESTART,
		 PHASE_DO_NOTHING},
		{PHASE_TEARDOWN, PHASE_TEARDOWN, PHASE_DO_NOTHING},
		{PHASE_DONE, PHASE_DONE, PHASE_DO_NOTHING},
	};
	struct phase_facts f = facts(SU | TD | SB);
	size_t i;

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), PHASE_MAX);
	for (i = 0; i < PHASE_MAX; i++) {
		struct phase_move m =
			phase_step(want[i].from, PHASE_EV_STOP, &f);

		assert_string_equal(phase_name(m.next), phase_name(want[i].to));
		assert_int_equal(m.action, want[i].action);
	}
}

/* --setup times out (a failed setup): no tests, the teardown still runs. */
static void phase_step__setup_timing_out__goes_to_the_teardowns(void **state)
{
	struct phase_facts f = facts(SU | TD | TP);
	struct phase_move m;

	(void)state;
	m = phase_step(PHASE_SETUP_WAIT, PHASE_EV_POLL, &f);
	assert_int_equal(m.next, PHASE_SETUP);
	assert_int_equal(m.action, PHASE_DO_SETUP);
	m = phase_step(m.next, PHASE_EV_SETUP_FAILED, &f);
	assert_int_equal(m.next, PHASE_WORKER_TEARDOWN);
	m = phase_step(m.next, PHASE_EV_POLL, &f);
	assert_int_equal(m.next, PHASE_TEARDOWN_WAIT);
	m = phase_step(m.next, PHASE_EV_POLL, &f);
	assert_int_equal(m.next, PHASE_TEARDOWN);
	assert_int_equal(m.action, PHASE_DO_TEARDOWN);
	m = phase_step(m.next, PHASE_EV_TEARDOWN_ENDED, &f);
	assert_int_equal(m.next, PHASE_DONE);
}

/* A second Ctrl-C while teardowns run: done at once. */
static void phase_step__second_signal__skips_the_teardowns(void **state)
{
	struct phase_facts f = facts(TD | SB | TO | ST | HS);
	enum phase p;

	(void)state;
	/* Stopping still waits for the killed tests' results. */
	for (p = PHASE_STOPPING; p < PHASE_DONE; p++)
		assert_int_equal(phase_step(p, PHASE_EV_POLL, &f).next,
				 p == PHASE_STOPPING ? PHASE_STOPPING
						     : PHASE_DONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phase_step__every_row_of_the_table),
		cmocka_unit_test(phase_step__stop_in_each_phase),
		cmocka_unit_test(
			phase_step__setup_timing_out__goes_to_the_teardowns),
		cmocka_unit_test(
			phase_step__second_signal__skips_the_teardowns),
	};

	return cmocka_run_group_tests_name("phase", tests, NULL, NULL);
}
