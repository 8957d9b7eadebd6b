/*
 * test_state: the life of the test a worker is running, from RUN to
 * RESULT, as one state machine.  Pure: test_step() makes no system call;
 * the worker (worker.c) feeds it events and carries out the actions it
 * returns, in the order of enum test_action.
 *
 * A test is finished when its first process has been reaped AND its
 * output pipe has hit EOF (or the drain deadline passed).  Between the two
 * the worker kills what the test left behind and waits for it through
 * SIGCHLD, never by sleeping, so it still hears the controller.
 *
 *   IDLE      no test
 *   RUNNING   the test's first process is alive
 *   STOPPING  SIGTERM sent to its group; SIGKILL when the grace deadline
 *             passes
 *   KILLED    SIGKILL sent to its group
 *   SWEEPING  its first process is a zombie (which pins the process group
 *             id); what it left behind has been killed and is awaited until
 *             the sweep deadline
 *   DRAINING  reaped; reading the output pipe until EOF or the drain
 *             deadline; then RESULT, and IDLE again
 *
 * Every state has at most one deadline (grace, sweep, drain): when it
 * passes, the event is TEST_EV_DEADLINE.  The --timeout deadline is apart
 * (TEST_EV_TIMEOUT): it runs across RUNNING, STOPPING and KILLED.
 */
#ifndef XDIST_TEST_STATE_H
#define XDIST_TEST_STATE_H

enum test_state {
	TEST_IDLE,
	TEST_RUNNING,
	TEST_STOPPING,
	TEST_KILLED,
	TEST_SWEEPING,
	TEST_DRAINING,
};

enum test_event {
	TEST_EV_START,		/* RUN: the test was spawned */
	TEST_EV_TERMINATE,	/* the controller sent TERMINATE */
	TEST_EV_KILL,		/* the controller sent KILL */
	TEST_EV_TIMEOUT,	/* the test's --timeout passed */
	TEST_EV_DEADLINE,	/* the current state's deadline passed */
	TEST_EV_EXITED,		/* the test's first process is a zombie */
	TEST_EV_FIXTURE_EXITED, /* the same, for a fixture (RUN_FIXTURE) */
	TEST_EV_CHILD,		/* SIGCHLD: some other child changed */
	TEST_EV_OTHERS_LEFT,	/* a sweep left killed processes to await */
	TEST_EV_NONE_LEFT,	/* a sweep found nothing left to await */
	TEST_EV_EOF,		/* the output pipe hit EOF */
};

/* What the worker does, in this order. */
enum test_action {
	TEST_DO_MARK_TERMINATED = 1 << 0, /* RESULT_TERMINATED */
	TEST_DO_MARK_TIMED_OUT = 1 << 1,  /* RESULT_TIMEOUT */
	TEST_DO_SIGNAL_TERM = 1 << 2,	  /* SIGTERM + SIGCONT to the group */
	TEST_DO_ARM_GRACE = 1 << 3,	  /* deadline: now + grace */
	TEST_DO_SIGNAL_KILL = 1 << 4,	  /* SIGKILL to the group */
	/* A fixture's leftovers belong to the worker: remember them, so no
	   test's sweep counts or kills them. */
	TEST_DO_KEEP_LEFTOVERS = 1 << 5,
	TEST_DO_ARM_SWEEP = 1 << 6, /* deadline: now + the drain bound */
	/* Count and kill the leftovers not yet killed, reap the dead; then
	   feed TEST_EV_OTHERS_LEFT or TEST_EV_NONE_LEFT. */
	TEST_DO_SWEEP = 1 << 7,
	/* SIGKILL the group (what is left in it), reap the first process. */
	TEST_DO_REAP = 1 << 8,
	TEST_DO_CLOSE_OUTPUT = 1 << 9, /* read what is buffered, close */
	/* deadline: end + the drain bound; if the pipe is already at EOF,
	   feed TEST_EV_EOF. */
	TEST_DO_ARM_DRAIN = 1 << 10,
	TEST_DO_SEND_RESULT = 1 << 11,
};

struct test_step {
	enum test_state state; /* the new state */
	unsigned actions;      /* enum test_action bits */
};

/* The transition from state on event.  An event a state does not expect
   leaves it as it is, with no action. */
struct test_step test_step(enum test_state state, enum test_event event);

/* The test's first process is not reaped yet (signalling its group
   reaches only what belongs to it). */
int test_state_unreaped(enum test_state state);

/* "RUNNING", ...: for messages and tests. */
const char *test_state_name(enum test_state state);

#endif
