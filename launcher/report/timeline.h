/*
 * timeline: when each test and fixture ran, on which worker slot.  The
 * tally keeps what happened to a run (its outcome, attempt, duration), not
 * when it started; the timeline is the observer that notes the start of
 * each attempt and fixture, closes it when its result is told, and keeps
 * the figures the efficiency line shows:
 *
 *   workers busy 93% of 4:12; longest test 1:41 (t1092) started at 0:02
 *
 * It is registered first (run/controller.c add_observers), so every later
 * observer (the terminal, the trace file, the HTML report) reads a span
 * already closed, through run_view.timeline, and never keeps a clock of
 * its own.  Times are nanoseconds from the run's start (run_view.start_ns).
 *
 * Every function but timeline_event is pure: no clock, no I/O.
 */
#ifndef XDIST_TIMELINE_H
#define XDIST_TIMELINE_H

#include <stddef.h>

#include "buf.h"
#include "observer.h"
#include "tally.h"

enum timeline_kind {
	TL_TEST,    /* one attempt of a run */
	TL_FIXTURE, /* --setup, --worker-setup, ... */
	TL_DOWN,    /* the slot's worker went down (an instant) */
	TL_UP,	    /* a replacement came up (an instant) */
};

/* One bar of the timeline. */
struct timeline_span {
	long long start_ns, end_ns; /* from the run's start; end >= start */
	size_t run;		    /* TL_TEST: the run; else RUN_NONE */
	int slot;		    /* the slot index */
	int attempt;		    /* TL_TEST: 1-based */
	enum outcome outcome;	    /* the attempt's; OUTCOME_INTERRUPTED when
				       the run ended with it still open */
	signed char kind;	    /* enum timeline_kind */
	signed char fixture;	    /* TL_FIXTURE: enum fixture; else -1 */
	unsigned char rerun;	    /* TL_TEST: failed, and runs again */
};

struct timeline {
	int keep;		     /* keep every span (the HTML report) */
	struct timeline_span *spans; /* owned; when keep: in the order they
					closed */
	size_t nspans, cap;
	struct timeline_span *open; /* owned, by slot: what runs (start_ns
				       < 0: nothing) */
	struct timeline_span *last; /* owned, by slot: what closed last
				       (start_ns < 0: nothing yet) */
	long long *lane_end;	    /* owned, by slot: end of its last test
				       (-1: none yet) */
	const struct timeline_span *closed; /* what the event being told
					       closed (in last[]), or NULL */
	int nslots;
	int lanes;	      /* the test workers: slots 0..lanes-1 */
	int running;	      /* tests open on a slot now */
	long long busy_ns;    /* closed spans on the test lanes */
	long long longest_ns; /* the longest test attempt closed */
	long long longest_start_ns;
	size_t longest_run; /* its run; RUN_NONE when none yet */
};

/* Empty; keep: remember every span, not only the figures. */
void timeline_init(struct timeline *tl, int keep);
void timeline_release(struct timeline *tl);

/* Test workers are slots 0..lanes-1 (the fixture slot, if any, comes
   after them: it is not a worker for the efficiency figures). */
void timeline_set_lanes(struct timeline *tl, int lanes);

/* Something starts on slot at t; what ran there and was not closed is
   closed first, as interrupted. */
void timeline_begin(struct timeline *tl, int slot, enum timeline_kind kind,
		    size_t run, int attempt, int fixture, long long t);

/*
 * What runs on slot ends: at t, or at its start + took_ns when that is
 * earlier (took_ns < 0: unknown; the worker's own measure of a test is
 * shorter than the round trip to it).  Returns the closed span (valid
 * until the next call), or NULL when nothing ran there.
 */
const struct timeline_span *timeline_end(struct timeline *tl, int slot,
					 long long t, long long took_ns,
					 enum outcome o, int rerun);

/* An instant mark (TL_DOWN, TL_UP) on slot at t. */
void timeline_mark(struct timeline *tl, int slot, enum timeline_kind kind,
		   long long t);

/* The span closed last on slot, or NULL. */
const struct timeline_span *timeline_last(const struct timeline *tl, int slot);

/* The figures at time now (open tests count up to now). */
struct timeline_stats {
	long long wall_ns;
	long long busy_ns;
	int lanes;
	int busy_pct;	    /* busy / (lanes * wall), 0..100 */
	size_t longest_run; /* RUN_NONE when no test has ended */
	long long longest_ns, longest_start_ns;
};

void timeline_stats(const struct timeline *tl, long long now,
		    struct timeline_stats *s);

/*
 * "workers busy 93% of 4:12; longest test 1:41 (t1092) started at 0:02",
 * without a newline; label is the longest test's (any bytes: made one
 * line), unused when s->longest_run is RUN_NONE.
 */
void timeline_efficiency(struct buf *out, const struct timeline_stats *s,
			 const char *label);

/* "0.52s" under a minute, else "1:41" or "1:02:03". */
void timeline_clock(struct buf *out, long long ns);

/*
 * The critical tail starts when the first test worker ran its last test
 * (the earliest end of a lane's last test; 0 for a lane that ran none):
 * what ran after it is what more workers could not have helped with.
 * Returns that time, or -1 with fewer than two lanes or no test at all.
 */
long long timeline_idle_at(const struct timeline *tl);

/*
 * Axis ticks: the step (1, 2 or 5 times a power of ten, in ns, at least
 * 1 ms) that puts at most max_ticks ticks in total_ns.
 */
long long timeline_tick(long long total_ns, int max_ticks);

/* The observer (observer.h; self: the struct timeline): opens and closes
   spans on TEST_START, TEST_RERUN, TEST_FINISH, FIXTURE_START,
   FIXTURE_END, WORKER_DOWN and WORKER_UP, with the time now. */
int timeline_event(void *self, const struct run_view *v,
		   const struct run_event *ev);

#endif
