/*
 * slot: the state machine of one worker slot (gwN, or the "master" slot
 * that runs --setup and --teardown).  Pure: slot_step() maps a state and
 * an event, with the facts the policy knows, to the next state and the one
 * action the controller takes; it makes no syscalls and touches nothing.
 *
 *   OFF, DOWN --spawned--> STARTING --ready--> READY
 *   READY --poll, worker setup given--> WORKER_SETUP --passed--> IDLE
 *   READY --poll, none given--> (as IDLE)
 *   IDLE --poll--> TEST (a held rerun once due, a held queued test,
 *                        else the next test)
 *   TEST --passed, failed--> IDLE;  --failed, rerun held--> RERUN_WAIT
 *   TEST --poll, may prefetch--> (ask; sent:) --queued--> TEST_QUEUED
 *   TEST_QUEUED --passed, failed--> HANDOVER
 *   TEST_QUEUED --queued dropped--> TEST
 *   HANDOVER --queued started--> TEST
 *   HANDOVER --queued dropped--> IDLE, or RERUN_WAIT with a rerun held
 *   RERUN_WAIT --poll, due--> TEST
 *   IDLE --poll, tests over--> WORKER_TEARDOWN --ended--> RETIRED
 *   READY, IDLE, RETIRED --give fixture--> FIXTURE --ended--> READY
 *                                          (setup) or RETIRED (teardown)
 *   any live state --died--> DOWN (restart: --spawned--> STARTING)
 *
 * The whole table is slot_step() in slot.c and test_slot.c.
 *
 * Prefetch: while a test runs, the next one is sent ahead and waits at the
 * worker, which starts it the moment the running one's result is out (no
 * round trip between tests).  The worker answers either STARTED (it
 * started: TEST again, with the queued run now the running one) or a
 * RESULT_NOT_STARTED (dropped: after a stop, or after a test that did not
 * end cleanly when the run needs to see every failure first); a dropped
 * run is held in the slot's data and sent again when the slot is idle.
 *
 * A batch of GoogleTest cases (--gtest-batch) is one RUN, so one TEST:
 * its cases end one by one when its RESULT comes, and only the last
 * steps the slot (PASSED or FAILED); nothing is sent ahead meanwhile.
 *
 * A replaced worker starts over from STARTING: it runs --worker-setup
 * again before anything else, a pending rerun included (the rerun waits in
 * the slot's data, not in its state).  --setup and --teardown run in
 * FIXTURE, from READY, IDLE or RETIRED, and return there.
 */
#ifndef XDIST_SLOT_H
#define XDIST_SLOT_H

enum slot_state {
	SLOT_OFF,	      /* no process yet */
	SLOT_STARTING,	      /* spawned, HELLO sent, waiting for READY */
	SLOT_READY,	      /* up; its --worker-setup has not run */
	SLOT_WORKER_SETUP,    /* running --worker-setup */
	SLOT_IDLE,	      /* set up, waiting for a test */
	SLOT_TEST,	      /* running a test */
	SLOT_RERUN_WAIT,      /* holding a failed test for --reruns-delay */
	SLOT_FIXTURE,	      /* running --setup or --teardown */
	SLOT_WORKER_TEARDOWN, /* running --worker-teardown */
	SLOT_RETIRED,	      /* no more work: BYE at the end of the run */
	SLOT_DOWN,	      /* its process died; replaced or given up */
	SLOT_TEST_QUEUED,     /* running a test, the next one sent ahead */
	SLOT_HANDOVER,	      /* its test ended; the one sent ahead starts
				 (STARTED) or is dropped (NOT_STARTED) */
	SLOT_STATE_MAX,
};

enum slot_event {
	SLOT_EV_SPAWNED,	/* a process was started for it */
	SLOT_EV_READY,		/* the worker said READY */
	SLOT_EV_POLL,		/* may it start something now? */
	SLOT_EV_SENT,		/* after SLOT_DO_NEXT_TEST: a test was sent */
	SLOT_EV_GIVE_FIXTURE,	/* the run hands it --setup or --teardown */
	SLOT_EV_PASSED,		/* what it ran ended well */
	SLOT_EV_FAILED,		/* what it ran ended badly */
	SLOT_EV_DIED,		/* its pipe closed: the process is gone */
	SLOT_EV_QUEUED,		/* after SLOT_DO_PREFETCH: a test was sent
				   ahead */
	SLOT_EV_QUEUED_STARTED, /* the worker started the one sent ahead */
	SLOT_EV_QUEUED_DROPPED, /* the worker dropped it, unstarted */
	SLOT_EVENT_MAX,
};

/* What the controller does on the way to the next state. */
enum slot_action {
	SLOT_DO_NOTHING,
	SLOT_DO_WORKER_SETUP,	 /* send the --worker-setup command */
	SLOT_DO_NEXT_TEST,	 /* ask the scheduler; when it gives a test,
				    send it and step SLOT_EV_SENT */
	SLOT_DO_RERUN,		 /* send the held test again */
	SLOT_DO_FIXTURE,	 /* send the fixture the run chose */
	SLOT_DO_WORKER_TEARDOWN, /* send the --worker-teardown command */
	SLOT_DO_RESTART,	 /* start a new process in this slot */
	SLOT_DO_PREFETCH,	 /* ask the scheduler; when it gives a test,
				    send it ahead and step SLOT_EV_QUEUED */
	SLOT_DO_SEND_HELD,	 /* send the held queued test */
	SLOT_DO_PROTOCOL_ERROR,	 /* the event cannot happen here: stop */
};

/* What the policy knows when the event comes; every field 0/1. */
struct slot_facts {
	unsigned has_worker_setup : 1;	  /* --worker-setup given */
	unsigned has_worker_teardown : 1; /* --worker-teardown given */
	unsigned tests_pending : 1;	  /* the scheduler may still give
					     this slot a test (0 once the
					     run is stopping) */
	unsigned rerun_held : 1;	  /* a failed test waits to rerun
					     on this slot */
	unsigned rerun_due : 1;		  /* and its delay is over */
	unsigned job_free : 1;		  /* a jobserver token is at hand */
	unsigned tests_over : 1;	  /* the run is past its tests:
					     worker teardowns are due */
	unsigned may_restart : 1;	  /* a crashed worker is replaced */
	unsigned fixture_slot : 1;	  /* the slot of --setup/--teardown
					     only: it runs no tests */
	unsigned in_setup : 1;		  /* FIXTURE is the run's --setup
					     (else its --teardown) */
	unsigned may_prefetch : 1;	  /* sending a test ahead is wanted
					     and allowed now */
	unsigned queued_held : 1;	  /* a test sent ahead was dropped
					     and waits to be sent again */
};

struct slot_move {
	enum slot_state next;
	enum slot_action action;
};

/*
 * The one transition function.  An event that cannot happen in a state
 * (READY while running a test, a result while idle) leaves the state as
 * it is with SLOT_DO_PROTOCOL_ERROR.  SLOT_EV_FAILED from SLOT_TEST with
 * rerun_held set means the policy decided to run it again.
 */
struct slot_move slot_step(enum slot_state s, enum slot_event ev,
			   const struct slot_facts *f);

/* 1 while the slot's process runs something (a test or a fixture), or
   may be starting the test sent ahead (HANDOVER). */
int slot_busy(enum slot_state s);
/* 1 while the slot's current run (its `run`) is running. */
int slot_running_test(enum slot_state s);
/* 1 while the slot has a live worker process it may talk to. */
int slot_alive(enum slot_state s);

/* "idle", "running a test", ...: for diagnostics and tests. */
const char *slot_state_name(enum slot_state s);

#endif
