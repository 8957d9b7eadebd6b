/*
 * terminal: the controller's output while a run goes on.  Text for
 * stdout is appended to c->out and written by term_flush through the
 * non-blocking stdout queue (outq.h), with the status area (live.h) kept
 * under it; warnings go to stderr.  Reports read the run through
 * term_view.  Uses struct ctl read-only but for c->out, c->rep's line
 * position, the live area and the stdout queue, which it owns.
 */
#ifndef XDIST_TERMINAL_H
#define XDIST_TERMINAL_H

#include "ctl.h"
#include "observer.h"

/* The terminal on stdout: columns and rows, 0 when unknown. */
void term_size(int *cols, int *rows);
/* The report's width: the terminal's, else $COLUMNS, else 80. */
int term_width(void);
/* --color, NO_COLOR, FORCE_COLOR and whether stdout is a terminal. */
int term_use_color(const struct options *o);
/* The status area: on a terminal that can move the cursor, unless -qq. */
int term_use_live(const struct options *o);

/* Write c->out (and redraw the status area when it is due). */
void term_flush(struct ctl *c);
/* term_flush as a view_flush_fn for the reports and the plan (arg: c). */
void term_flush_cb(void *arg);
/* After the event loop: wait for the reader to take what is queued. */
void term_drain(struct ctl *c);
/* Take the status area off the screen until the next term_flush. */
void term_live_hide(struct ctl *c);
/* "xdist-exec: ..." on stderr, after what stdout has already taken. */
void term_warn(struct ctl *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A usage error on stderr; returns EXIT_USAGE. */
int term_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * The terminal's observer (observer.h; self: the struct ctl): -s echo
 * line by line with the worker's name, each finished test or rerun as a
 * progress letter or a -v line, crashed and replaced workers, and at
 * RUN_EV_END the summary.
 */
int term_event(void *self, const struct run_view *v,
	       const struct run_event *ev);
/* A line of the run's own (a stop notice), above the status area. */
void term_line(struct ctl *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* SIGUSR1: what each worker is doing, and for how long. */
void term_status(struct ctl *c);
/* --slow: SLOW lines for tests past the mark; returns the next mark or 0. */
long long term_slow_marks(struct ctl *c);

/* The run as the reports see it, refilled at each call (view.h). */
const struct run_view *term_view(struct ctl *c);

#endif
