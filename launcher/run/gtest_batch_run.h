/*
 * gtest_batch_run: --gtest-batch, several cases of one GoogleTest binary
 * in one process.  When a slot is sent a case and batching applies, more
 * cases of the same binary and arguments are taken from the scheduler
 * (sched_take_more) and sent as ONE RUN (RUN_GTEST_BATCH: the combined
 * --gtest_filter, the whole output back); its RESULT is cut back into
 * one result per case (gtest_batch_read), which results.c ends one by
 * one, and the cases that never started go back to the scheduler
 * (sched_give_back).  Calls only below dispatch.c and results.c.
 */
#ifndef XDIST_GTEST_BATCH_RUN_H
#define XDIST_GTEST_BATCH_RUN_H

#include <stddef.h>

#include "ctl.h"
#include "proto.h"

/*
 * Run r is about to be sent on w: when it is a case that may share a
 * process (and batching is on: not with --gtest-batch=1, --reruns, -s,
 * --sw, --tap, a remote worker, --dist each or --count), take more
 * cases for it into w->batch (r first) and make the RUN's arguments;
 * else leave w->nbatch 0.
 */
void gtest_batch_run_start(struct ctl *c, struct wslot *w, size_t r);

/* One result per case of a batch that ended, in the order they ran. */
struct gtest_batch_cut {
	struct proto_result *v; /* each as if its case ran alone: SEQ its
				   run, its output, gtest's time */
	long long *start_ns;	/* when each began */
	size_t n;
};

/*
 * w's batch ended with m: cut m into cut (release it with
 * gtest_batch_cut_release, while m lives: the results point into it),
 * giving back to the scheduler the cases that never started (or whose
 * lines a truncated output lost).  At least one case ends: when gtest
 * said nothing of any, the first takes the process's outcome.  w's
 * batch is over (w->nbatch is 0 once the cut is released).
 */
void gtest_batch_run_cut(struct ctl *c, struct wslot *w,
			 const struct proto_result *m,
			 struct gtest_batch_cut *cut);
void gtest_batch_cut_release(struct wslot *w, struct gtest_batch_cut *cut);

/* w's worker died in a batch: every case but w->run (reported as the
   crash) goes back to the scheduler. */
void gtest_batch_run_drop(struct ctl *c, struct wslot *w);

/* Free what w holds for batches (at the end of the run). */
void gtest_batch_run_release(struct wslot *w);

#endif
