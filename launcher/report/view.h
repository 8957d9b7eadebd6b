/*
 * view: what the end-of-run reports (summary.h, outputs.h) read of a run.
 * The controller fills a struct run_view and hands it over read-only; the
 * reports never see the controller's own state.  Every pointer is owned
 * by the controller (or its plan) and stays valid for the call it is
 * passed to; a report keeps none of them past that call.
 */
#ifndef XDIST_VIEW_H
#define XDIST_VIEW_H

#include <stddef.h>

#include "options.h"
#include "report.h"
#include "runs.h"
#include "tally.h"

struct timeline;

/* One worker slot as the reports name it. */
struct run_view_slot {
	const char *name; /* "gw0", "gw1", ..., or "master" */
	int master;	  /* runs as master (-n 0, or the fixture slot) */
	const char *host; /* its --tx spec ("ssh=build1"), or "popen" */
	const char *lost; /* the connection to it was lost: why (its
			     transport's last words), else NULL */
};

struct run_view {
	struct runs runs;	   /* which test each run is (the plan's) */
	const struct tally *tally; /* what happened (the controller's) */
	const struct options *o;   /* capture, durations, leak, maxfail */
	const struct report *rep;  /* the terminal report's settings and
				      counts, for the final line */
	const char *uid;	   /* testrunuid; "" when none was made */
	int workers;		   /* as the reports show it: 0 with -n 0 */
	const struct run_view_slot *slots; /* by slot index; NULL before the
					      slots exist */
	int nslots;
	const char *fixtures[FX_MAX]; /* each fixture's command, as its id;
					 NULL when not given */
	int spool;		      /* the output spool (read with pread), or
					 -1 */
	long long start_ns;	      /* xio_now_ns() when the run started */
	int stopped_maxfail;	      /* the run stopped for --maxfail */
	int stopped_stepwise;	      /* the run stopped for --sw */
	const char *cwd;	      /* absolute current directory, or NULL */
	const char *rootdir; /* absolute: the config file's directory, else
				cwd; classnames are relative to it */
	const struct timeline *timeline; /* when each run ran (timeline.h);
					    NULL when none is kept */
};

/* Drains a buffer a report has written into (the caller's buffer). */
typedef void view_flush_fn(void *arg);

#endif
