/*
 * live: the status area a terminal shows under the scrolling report while
 * the tests run: a progress bar with done/total, failures so far, elapsed
 * time and an estimate of what is left, then one line per worker with the
 * test it runs and for how long.
 *
 *   [=========>          ] 42/120  2 failed  0:12 elapsed  ETA 0:17
 *   workers busy 93% of 12.01s; longest test 3.20s (./t_a) started at 0.10s
 *   gw0  ./t_login (3.2s)
 *   gw1  idle
 *
 * Pure: every function appends bytes to a buf that the caller writes to
 * the terminal; nothing here knows about fds, time sources or workers.
 * Whether there is a terminal is the caller's business: with width 0 no
 * function appends anything, ever (a log file never sees an escape).
 *
 * The cursor contract.  After live_draw the cursor sits just after the last
 * character of the last status line, with no newline after it, and the
 * area is the lines_drawn rows ending at the cursor's row.  live_clear
 * moves to column 0 of the area's first row and erases to the end of the
 * screen, so whatever comes next lands exactly where it would have had the
 * area never been there.  To print report text while the area is up:
 *
 *	live_clear(&l, &b);
 *	buf_adds(&b, "[gw1] [ 35%] FAILED ./t_x (0.10s)\n");
 *	live_draw(&l, &b, &v);
 *
 * and write b with one write().  The text must end with a newline (the area
 * starts on a row of its own).  After a last live_clear the screen holds
 * only the text printed above the area, as if the area had never been.
 *
 * No line of the area is ever as wide as the terminal (a line that wraps,
 * or a cursor parked in the last column, would break the row count): each
 * line is cut to width - 1 bytes, at a character boundary, after control
 * bytes and malformed UTF-8 in ids were replaced by '?'.  In UTF-8 no
 * character is wider in columns than it is long in bytes, so a byte budget
 * is a column budget.  The area is at most height - 1 rows: one for
 * the bar, one for the note when there is one, then the worker lines, the last
 *of them
 * "... and 3 more busy" when the workers do not fit.
 */
#ifndef XDIST_LIVE_H
#define XDIST_LIVE_H

#include <stddef.h>

#include "buf.h"

/* How often the caller redraws while nothing happens (running times tick
   in tenths of a second). */
#define LIVE_INTERVAL_NS 100000000LL

enum live_state {
	LIVE_IDLE,     /* "idle" */
	LIVE_TEST,     /* running a test: label, running_ns, expect_ns */
	LIVE_FIXTURE,  /* a fixture: label ("setup: ./db.sh"), running_ns */
	LIVE_STARTING, /* "starting" */
	LIVE_DOWN,     /* "down" */
};

/* One worker, as the caller sees it now.  Plain data; nothing is owned. */
struct live_worker {
	const char *name; /* "gw0", "master" */
	enum live_state state;
	const char *label;    /* LIVE_TEST, LIVE_FIXTURE: what runs */
	long long running_ns; /* LIVE_TEST, LIVE_FIXTURE: for how long */
	long long expect_ns;  /* LIVE_TEST: its cached duration, or -1 */
};

/* What the area shows.  Plain data the caller fills; nothing is owned. */
struct live_view {
	size_t done;   /* tests finished (report.h's done) */
	size_t total;  /* tests in the run */
	size_t failed; /* failed and timed out so far */
	size_t errors;
	unsigned long long cases;	 /* --tap: TAP cases read so far */
	unsigned long long cases_failed; /* of which failed */
	long long elapsed_ns;
	long long eta_ns; /* -1: unknown (then no "ETA") */
	const char *note; /* a line under the bar (the efficiency line), or
			     NULL */
	const struct live_worker *workers;
	size_t nworkers;
};

struct live {
	int width;	    /* terminal columns; 0: draw nothing */
	int height;	    /* terminal rows; <= 0: unknown, taken as 24 */
	int color;	    /* ANSI colours (cursor movement is always used) */
	size_t lines_drawn; /* rows of the area on screen, the cursor on the
			       last; 0: nothing is drawn */
	struct buf frame;   /* owned: the lines on screen, '\n'-separated,
			       colour included, to skip an identical redraw */
	size_t *cols;	    /* owned: characters of each line on screen */
	size_t ncols;
};

void live_init(struct live *l, int width, int height, int color);
/* Frees what l owns.  Appends nothing: call live_clear first. */
void live_release(struct live *l);

/*
 * Erase the area, if drawn: "\r", ESC[nA to its first row, ESC[J.  The
 * cursor is left at column 0 where the area began; lines_drawn becomes 0.
 * Appends nothing when nothing is drawn.
 */
void live_clear(struct live *l, struct buf *out);

/*
 * Draw v: the first time (nothing drawn) as plain lines without a single
 * escape byte unless colour is on; over an area already drawn, in place,
 * each line ended by ESC[K and the last by ESC[J (no flicker, and a
 * shorter area leaves nothing behind).  Appends nothing when the area
 * would be byte for byte what is on screen, or when width is 0.
 */
void live_draw(struct live *l, struct buf *out, const struct live_view *v);

/*
 * The terminal changed size (SIGWINCH).  Lines already drawn may have been
 * rewrapped by the terminal (most reflow: tmux, VTE, kitty, iTerm2): the
 * row count is re-estimated from each line's length, so the next
 * live_clear or live_draw starts at the right row.  Best effort: a
 * terminal that truncates instead (xterm), or tmux reflowing an area that
 * is not at the bottom of the screen, can leave a stale row or take one
 * row of report text with it.  Appends nothing; width <= 0 is ignored.
 */
void live_resize(struct live *l, int width, int height);

/*
 * The ETA estimator's tallies.  The caller adds every run once before the
 * start and marks each one done when it is over for good (a run that will
 * be run again is not done).  Pure arithmetic, no clock.
 */
struct live_eta {
	size_t left;		 /* runs not done: pending or running */
	size_t left_known;	 /* of those, with a cached duration */
	long long left_known_ns; /* the sum of those durations */
	size_t known;		 /* runs with a cached duration, in all */
	long long known_ns;
	size_t ran;	  /* runs done that actually ran */
	long long ran_ns; /* how long they took */
};

void live_eta_init(struct live_eta *e);
/* One more run to do; cached_ns is its last duration, or -1. */
void live_eta_add(struct live_eta *e, long long cached_ns);
/* A run is done: cached_ns as given to live_eta_add; took_ns how long it
   ran, or -1 when it never ran (not run, errored before it started). */
void live_eta_done(struct live_eta *e, long long cached_ns, long long took_ns);

/*
 * Nanoseconds until every run is done, or -1 when nothing is known:
 *   work = the cached durations of the runs not done, plus for each of
 *          them without one the mean cached duration (or, with none
 *          cached, the mean of the runs done so far), minus what each
 *          running test (w[i].state LIVE_TEST) has already run of its
 *          estimate;
 *   eta  = work / the workers that can share it (no more than the runs
 *          with work left), but never less than the longest remaining
 *          part of a running test, nor the mean estimate of the runs not
 *          started (one of them is at least that long).
 * A test running past its estimate counts as about to end.  0 when no
 * run is left.
 */
long long live_eta(const struct live_eta *e, const struct live_worker *w,
		   size_t nw, int nworkers);

/* "0:07", "12:34", "1:02:03": a duration as a clock (negative: 0:00). */
void live_clock(struct buf *out, long long ns);

#endif
