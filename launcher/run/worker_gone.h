/*
 * worker_gone: a worker gone for good during the tests (lost or crashed,
 * and not replaced: its target unreachable, or --max-worker-restart
 * spent).  What it was to run goes to the workers left
 * (sched_worker_gone); in --dist each its runs not started end as not
 * run.  Calls the scheduler and the terminal only: dispatch.c ends the
 * runs it names.
 */
#ifndef XDIST_WORKER_GONE_H
#define XDIST_WORKER_GONE_H

#include <stddef.h>
#include <stdint.h>

#include "ctl.h"

/* worker_gone's answer when no worker is left: the run stops. */
#define WORKER_GONE_NONE_LEFT SIZE_MAX

/*
 * w is down and not replaced.  While the tests run (no stop yet): says
 * where its work goes and gives it to the others; returns the runs that
 * will never run (each mode; their reasons set, counted in
 * c->gone_notrun) in *runs (malloc'd, or NULL), or WORKER_GONE_NONE_LEFT
 * when no other worker may run what is left (said on the terminal).
 * Otherwise 0.
 */
size_t worker_gone(struct ctl *c, struct wslot *w, size_t **runs);

#endif
