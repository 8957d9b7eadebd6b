/*
 * dispatch: the worker slots and the run, moved along by their state
 * machines.  Every change of a slot's state goes through slot_step
 * (slot.h) and every change of the run's phase through phase_step
 * (phase.h), each followed by the one action it names.  The event loop
 * (controller.c) and results.c (what a worker says) call in here; what
 * happens is told to the observers (observer.h) and shown through
 * terminal.h; this file calls neither controller.c nor results.c.
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

/* w's worker went down (EOF, or garbage on its pipe): a crash unless it
   was told to go; its test reported, the slot replaced or given up. */
void dispatch_worker_down(struct ctl *c, struct wslot *w);
/*
 * Run r is over, for good, with outcome o on slot w (NULL: it never ran):
 * tally it, tell the observers, free its scheduler slot, and stop the run
 * when --maxfail or --sw says so.
 */
void dispatch_finish_run(struct ctl *c, size_t r, enum outcome o,
			 struct wslot *w);
/* Fixture k failed on w: what follows (tests not run, the phase moved). */
void dispatch_fixture_failed(struct ctl *c, struct wslot *w, enum fixture k);
/* Reap every exited worker (SIGCHLD is a hint). */
void dispatch_reap(struct ctl *c);
/* The one place a slot changes state: slot_step, then its action. */
void dispatch_slot_event(struct ctl *c, struct wslot *w, enum slot_event ev);
/* The one place the run changes phase: phase_step, then its action. */
void dispatch_phase_event(struct ctl *c, enum phase_event ev);
/* The test sent ahead to w started: it is w's running test now.  -1
   (the run stopped, internal error) when it must not have. */
int dispatch_promote(struct ctl *c, struct wslot *w);
/* Send w the environment entries ("NAME=VALUE") for its later tests. */
void dispatch_send_env(struct wslot *w, char *const *entries, size_t n);
/* A test's --timeout (its attribute, else the option), in ms; 0: none. */
long long dispatch_timeout_of(const struct ctl *c, const struct test *t);

/* Tell the observers: an event about run (or RUN_NONE) on w (or NULL). */
void dispatch_emit(struct ctl *c, enum run_event_kind kind, size_t run,
		   const struct wslot *w);
/* Fixture k started on w (FIXTURE_START), or ended with o (PASSED or
   ERROR; FIXTURE_END). */
void dispatch_emit_fixture(struct ctl *c, enum run_event_kind kind,
			   const struct wslot *w, enum fixture k,
			   enum outcome o);
/* -s: what w's test or fixture wrote; none: it ended. */
void dispatch_emit_output(struct ctl *c, const struct wslot *w, const char *p,
			  size_t n);

/* A message without fields (KILL, BYE, SUSPEND, RESUME), or TERMINATE. */
void dispatch_send_simple(struct ctl *c, struct wslot *w, uint8_t type);
/* 1 when what w runs is stopped by a stop (a test or a setup). */
int dispatch_interruptible(const struct ctl *c, const struct wslot *w);

/* When the earliest held rerun is due, or 0. */
long long dispatch_next_rerun(const struct ctl *c);
/* Give back the jobserver tokens no running job needs. */
void dispatch_jobs_rebalance(struct ctl *c);

#endif
