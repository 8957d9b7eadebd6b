/*
 * results: what a worker says, and what its RESULT means (see results.c).
 * Internal to the controller's run/ files; it calls dispatch.h, never the
 * other way.
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

/* Read what worker w sent and act on each message (RESULT through
   results_take); its EOF, or bytes that are no message, are its end
   (dispatch_worker_down). */
void results_read_worker(struct ctl *c, struct wslot *w);

#endif
