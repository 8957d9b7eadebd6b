/*
 * dispatch: the worker slots and the run, moved along by their state
 * machines.  Every change of a slot's state goes through slot_step
 * (slot.h) and every change of the run's phase through phase_step
 * (phase.h), each followed by the one action it names.  The event loop
 * (controller.c) calls in here; this file shows what happens through
 * terminal.h and never calls back into controller.c.
 */
#ifndef XDIST_DISPATCH_H
#define XDIST_DISPATCH_H

#include <stdint.h>

#include "ctl.h"

/* Start a worker process in slot w and send it HELLO (and the --setup
   environment).  0, or -1 with errno set. */
int dispatch_start_worker(struct ctl *c, struct wslot *w);

/* Move the run along until nothing moves; 1 when the run is done. */
int dispatch_step(struct ctl *c);

/* Stop the run for why (the strongest reason is kept): no new tests,
   running tests and setups terminated, teardowns let finish. */
void dispatch_stop(struct ctl *c, enum stop_reason why);

/* Read what worker w sent and act on each message; its EOF is its end. */
void dispatch_read_worker(struct ctl *c, struct wslot *w);
/* Reap every exited worker (SIGCHLD is a hint). */
void dispatch_reap(struct ctl *c);
/* Run r is over, for good: tally, report, free its scheduler slot. */
void dispatch_finish_run(struct ctl *c, size_t r, enum outcome o,
			 struct wslot *w);

/* A message without fields (KILL, BYE, SUSPEND, RESUME), or TERMINATE. */
void dispatch_send_simple(struct ctl *c, struct wslot *w, uint8_t type);
/* 1 when what w runs is stopped by a stop (a test or a setup). */
int dispatch_interruptible(const struct ctl *c, const struct wslot *w);

/* When the earliest held rerun is due, or 0. */
long long dispatch_next_rerun(const struct ctl *c);
/* Give back the jobserver tokens no running job needs. */
void dispatch_jobs_rebalance(struct ctl *c);

#endif
