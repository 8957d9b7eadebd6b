/*
 * trace: --trace=FILE, the run as a Chrome trace-event file (the JSON
 * array format that Perfetto, chrome://tracing and speedscope open).
 *
 *   pid 1, one lane (tid) per worker slot, named gw0, gw1, ..., master;
 *   ph "X"  one complete event per attempt of a test (name: its label;
 *           cat "test"; args: outcome, attempt, exit_status or signal,
 *           worker, run) and per fixture (cat "fixture");
 *   ph "i"  the slot's worker went down, or was replaced;
 *   ph "C"  the counter "tests": running and queued, at every change;
 *   ph "M"  the process and lane names.
 * ts and dur are whole microseconds from the run's start; on one lane no
 * two complete events overlap (timeline.h closes an attempt no later
 * than its result arrived, and the next starts after that).
 *
 * Streamed: "[" at the start, then each event as its own line ending in
 * "," written with one write(2) as it happens, so that a run killed with
 * SIGKILL leaves a file that loads (an unterminated array, which the
 * trace viewers accept); the last line, at the end of the run, is an
 * event without the comma and the closing "]", so that a finished file is
 * strict JSON.  A write error stops the trace, not the run; the end of
 * the run then says so (EXIT_INTERNAL), as for the other report files.
 *
 * The JSON text is made by trace_format alone: the one function here
 * that calls cJSON.
 */
#ifndef XDIST_TRACE_H
#define XDIST_TRACE_H

#include <stddef.h>

#include "buf.h"
#include "observer.h"
#include "view.h"

/* One argument of an event: a string (str not NULL) or a number. */
struct trace_arg {
	const char *key;
	const char *str;
	double num;
};

#define TRACE_ARGS_MAX 8

/* One trace event, as plain data; every string is borrowed. */
struct trace_event {
	char ph;	   /* 'X', 'i', 'C', 'M' */
	const char *name;  /* any bytes; repaired as JSON text */
	const char *cat;   /* NULL: none */
	long long ts, dur; /* microseconds; dur for 'X' only */
	int tid;	   /* the lane; -1: none (a process-wide event) */
	struct trace_arg args[TRACE_ARGS_MAX];
	int nargs;
};

/* Append e to out as one JSON object (no newline, no comma).  Pure. */
void trace_format(struct buf *out, const struct trace_event *e);

struct trace {
	const char *path;     /* not owned; NULL when off */
	int fd;		      /* -1 when off or after an error */
	char *error;	      /* owned: why the trace stopped, or NULL */
	unsigned char *named; /* owned, by slot: its lane is named */
	int nnamed;
	int running, queued; /* the counter as last written */
	struct buf line;     /* scratch */
};

void trace_init(struct trace *t);

/*
 * Create path (missing parent directories too, 0666 & ~umask, truncated,
 * O_CLOEXEC).  0, or -1 with "cannot open 'x': reason" (or "cannot create
 * directory 'x': reason") in err.  Nothing when path is NULL.
 */
int trace_open(struct trace *t, const char *path, struct buf *err);

/* The trace's observer (observer.h; self: the struct trace).  Reads the
   spans from v->timeline, which must be registered before it. */
int trace_event(void *self, const struct run_view *v,
		const struct run_event *ev);

void trace_release(struct trace *t);

#endif
