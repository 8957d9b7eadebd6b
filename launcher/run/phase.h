/*
 * phase: the state machine of the whole run.  Pure: phase_step() maps a
 * phase and an event, with the facts the controller knows, to the next
 * phase and the one action the controller takes.
 *
 *   SETUP_WAIT --poll, fixture slot ready--> SETUP --passed--> TESTS
 *   SETUP_WAIT, SETUP --no --setup / failed--> WORKER_TEARDOWN
 *   TESTS --stop--> STOPPING (what runs is told to terminate)
 *   TESTS --poll, nothing runs or may start--> WORKER_TEARDOWN
 *   STOPPING --poll, nothing runs--> WORKER_TEARDOWN
 *   WORKER_TEARDOWN --poll, none running or owed--> TEARDOWN_WAIT
 *   TEARDOWN_WAIT --poll, fixture slot ready--> TEARDOWN --ended--> DONE
 *   TEARDOWN_WAIT --poll, fixture slot down--> RESTART (once) --> ...
 *   any --poll, hard stop (a second signal, an internal error)--> DONE
 *     (teardowns are skipped; from SETUP and TESTS through STOPPING)
 *
 * Why a run stops (-x, a signal, crashes...) is data of the controller's:
 * it decides the exit status, not the phase.  The whole table is
 * phase_step() in phase.c and test_phase.c.
 */
#ifndef XDIST_PHASE_H
#define XDIST_PHASE_H

enum phase {
	PHASE_SETUP_WAIT,	/* --setup waits for its slot to be ready */
	PHASE_SETUP,		/* --setup runs */
	PHASE_TESTS,		/* tests are handed out */
	PHASE_STOPPING,		/* stopped: what runs is let finish */
	PHASE_WORKER_TEARDOWN,	/* each worker's --worker-teardown */
	PHASE_TEARDOWN_WAIT,	/* --teardown waits for its slot */
	PHASE_TEARDOWN_RESTART, /* its slot had died: started again, once */
	PHASE_TEARDOWN,		/* --teardown runs */
	PHASE_DONE,
	PHASE_MAX,
};

enum phase_event {
	PHASE_EV_POLL,		 /* anything to move on? */
	PHASE_EV_STOP,		 /* stop: -x, a signal, crashes, a timeout */
	PHASE_EV_SETUP_PASSED,	 /* --setup ended well */
	PHASE_EV_SETUP_FAILED,	 /* --setup failed (or its slot died) */
	PHASE_EV_TEARDOWN_ENDED, /* --teardown ended, well or not */
	PHASE_EVENT_MAX,
};

enum phase_action {
	PHASE_DO_NOTHING,
	PHASE_DO_SETUP,		 /* give --setup to the fixture slot */
	PHASE_DO_TERMINATE,	 /* terminate running tests and setups */
	PHASE_DO_STALLED,	 /* say the scheduler stalled; stop */
	PHASE_DO_TEARDOWN,	 /* give --teardown to the fixture slot */
	PHASE_DO_RESTART_SLOT,	 /* start the fixture slot's worker again */
	PHASE_DO_PROTOCOL_ERROR, /* the event cannot happen here */
};

/* What the fixture slot can do now (the slot machine's state, folded). */
enum phase_slot {
	PHASE_SLOT_BUSY,  /* starting, or running something */
	PHASE_SLOT_READY, /* up and free */
	PHASE_SLOT_DOWN,  /* its process is gone */
};

struct phase_facts {
	unsigned has_setup : 1;
	unsigned has_teardown : 1;
	unsigned hard_stop : 1;	      /* a second signal or an internal
					 error: no more teardowns */
	unsigned slots_busy : 1;      /* some slot runs or starts */
	unsigned reruns_held : 1;     /* some slot holds a rerun */
	unsigned teardowns_owed : 1;  /* some slot still owes its
					 --worker-teardown */
	unsigned tests_pending : 1;   /* the scheduler still holds tests */
	unsigned stopping : 1;	      /* a stop was asked */
	enum phase_slot fixture_slot; /* the slot of --setup/--teardown */
};

struct phase_move {
	enum phase next;
	enum phase_action action;
};

struct phase_move phase_step(enum phase p, enum phase_event ev,
			     const struct phase_facts *f);

/* "setup", "tests", ...: for diagnostics and tests. */
const char *phase_name(enum phase p);

#endif
