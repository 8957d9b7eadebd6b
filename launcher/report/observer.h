/*
 * observer: the run's events, told to every report that watches the run.
 *
 * The controller (run/dispatch.c, run/controller.c) says what happened,
 * once, through observers_emit; the terminal, the report files (JUnit, the
 * report log, the log directory), the timeline (timeline.h), the trace
 * file (trace.h) and the HTML report (html.h) each register one observer
 * and keep their own state.  By the time an event is
 * emitted the tally (view->tally) already holds what it says, so an
 * observer reads the facts there and never changes them.
 *
 * Observers are called in the order they were added, from the event loop
 * (never from a signal handler).
 */
#ifndef XDIST_OBSERVER_H
#define XDIST_OBSERVER_H

#include <stddef.h>

#include "buf.h"
#include "tally.h"
#include "view.h"

/* run of an event about no test (a fixture's output). */
#define RUN_NONE ((size_t)-1)

enum run_event_kind {
	RUN_EV_START,	      /* the header is out; the tests start */
	RUN_EV_TEST_START,    /* run was sent to slot (its attempt in the
				 tally) */
	RUN_EV_OUTPUT,	      /* -s: what slot's test or fixture wrote (data,
				 len); len 0: it ended, a line not yet ended
				 is complete */
	RUN_EV_TEST_RERUN,    /* run failed and runs again (duration in the
				 tally, the failed attempt's) */
	RUN_EV_TEST_FINISH,   /* run is over for good: its record is final */
	RUN_EV_WORKER_UP,     /* slot's worker was replaced after a crash */
	RUN_EV_WORKER_DOWN,   /* slot's worker went down unasked */
	RUN_EV_FIXTURE_START, /* fixture (--setup, ...) was sent to slot */
	RUN_EV_FIXTURE_END,   /* slot's fixture is over: outcome PASSED, or
				 ERROR (then in the tally's fxerr) */
	RUN_EV_END,	      /* every run is over; the files are written */
	RUN_EV_CASE,	      /* --tap: slot's run told a TAP case (tcase), at
				 the attempt in the tally; counted in the
				 tally only when the run finishes */
};

struct run_event {
	enum run_event_kind kind;
	size_t run;	      /* TEST_*, OUTPUT: the run, or RUN_NONE */
	int slot;	      /* the slot index, or -1 (a run never started) */
	enum outcome outcome; /* TEST_FINISH, FIXTURE_END */
	int fixture;	      /* FIXTURE_*: which (enum fixture) */
	long long at_ns;      /* TEST_START, FIXTURE_START: xio_now_ns() just
				 before it was sent (the worker's clock for it
				 starts later) */
	const char *data;     /* OUTPUT */
	const struct tap_case *tcase; /* CASE */
	size_t len;
	int exit_status; /* END: the run's exit status so far */
	struct buf *err; /* END: where an observer says what it could not
			    do (one line; "; " between several) */
};

/*
 * One report.  event returns 0, or for END only an exit status that
 * overrides ev->exit_status (EXIT_INTERNAL when a report file could not be
 * written, with the reason added to ev->err).
 */
struct observer {
	const char *name;
	int (*event)(void *self, const struct run_view *v,
		     const struct run_event *ev);
	void *self;
};

#define OBSERVERS_MAX 8

struct observers {
	struct observer v[OBSERVERS_MAX];
	int n;
};

/* Add o after those already there.  BUG past OBSERVERS_MAX. */
void observers_add(struct observers *os, const struct observer *o);

/*
 * Tell every observer, in order.  For END, ev->exit_status becomes what an
 * observer returned (each sees the status the ones before it left) and
 * is also returned; for the other kinds, 0.
 */
int observers_emit(const struct observers *os, const struct run_view *v,
		   struct run_event *ev);

#endif
