/*
 * scratch: --tmpdir and --home, the directories a test may write to as
 * its TMPDIR and HOME (Bazel's TEST_TMPDIR convention): a fresh one per
 * test, or one per worker, under the worker's directory in the run
 * directory, so they go with the run.  A per-test one is removed when the
 * test ends, unless it failed and --keep-run-dir keeps it for a look.
 * Fixtures keep the environment the run started with.
 *
 * Owns: the per-worker paths and the current test's directory.
 */
#ifndef XDIST_SCRATCH_H
#define XDIST_SCRATCH_H

#include <limits.h>
#include <stdint.h>

#include "buf.h"
#include "env.h"
#include "isolation.h"

struct scratch {
	enum scratch_scope tmp, home;
	int keep_failed;	/* --keep-run-dir: a failed test's dir stays */
	const char *worker_dir; /* not owned */
	char *orig_tmp, *orig_home; /* the run's own values, or NULL */
	char test_dir[PATH_MAX];    /* the running test's, or "" */
};

/*
 * Set up for a worker: per-worker directories made now.  0, or -1 with one
 * line in err.  e is read for the run's own TMPDIR and HOME.
 */
int scratch_init(struct scratch *s, enum scratch_scope tmp,
		 enum scratch_scope home, int keep_failed,
		 const char *worker_dir, const struct env *e, struct buf *err);

/*
 * Before test seq (or a fixture) starts: TMPDIR, HOME and
 * XDIST_TEST_TMPDIR in e as this test should see them.  0, or -1 with
 * errno set (the directory could not be made).
 */
int scratch_begin(struct scratch *s, struct env *e, uint64_t seq, int fixture);

/* The test ended (failed: not exit 0 or 77): its directory goes, unless
   it failed and keep_failed. */
void scratch_end(struct scratch *s, int failed);

void scratch_release(struct scratch *s);

#endif
