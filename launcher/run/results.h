/*
 * results: what a worker's RESULT means, and how a run ends for good (see
 * results.c).  Internal to the controller's run/ files.
 */
#ifndef XDIST_RESULTS_H
#define XDIST_RESULTS_H

#include <stddef.h>

#include "ctl.h"
#include "proto.h"

/*
 * The RESULT m that slot w sent for what it runs (a test or a fixture):
 * classify it, rerun it or finish it, and move the slot on.  A result for
 * nothing w runs stops the run (internal error).
 */
void results_take(struct ctl *c, struct wslot *w, const struct proto_result *m);

/*
 * Run r is over, for good, with outcome o on slot w (NULL: it never ran):
 * tally it, show it, free its scheduler slot, and stop the run when
 * --maxfail or --sw says so.
 */
void results_finish_run(struct ctl *c, size_t r, enum outcome o,
			struct wslot *w);

/* Fixture k failed on w: what follows (tests not run, the phase moved). */
void results_fixture_failed(struct ctl *c, struct wslot *w, enum fixture k);

#endif
