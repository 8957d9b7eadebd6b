/*
 * cases: the TAP cases a worker tells of the test it runs (--tap, the tap
 * attribute; CASE messages): each told to the observers as it comes,
 * counted per slot for the attempt, and given to the tally when the run
 * finishes for good (a rerun's earlier attempt counts for nothing).
 * Memory: counts, and the failed cases' lines of the running attempts.
 */
#ifndef XDIST_CASES_H
#define XDIST_CASES_H

#include <stddef.h>

#include "ctl.h"
#include "proto.h"

/* A CASE from w's worker.  One for no test w runs is ignored. */
void cases_take(struct ctl *c, struct wslot *w, const struct proto_msg *m);

/* w's run r finishes for good: its cases go to the tally. */
void cases_finish(struct ctl *c, struct wslot *w, size_t r);

/* Forget w's cases (an attempt that will run again; the slot's end). */
void cases_drop(struct wslot *w);

#endif
