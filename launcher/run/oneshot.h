/*
 * oneshot: a helper command run to its end before the event loop starts
 * (a GoogleTest listing, ctest --show-only, a --tx probe, bootstrap or
 * rsync), its output captured, under a time limit and an output limit.
 * It blocks: call it before any worker exists.  oneshot_run_all runs
 * several, a few at once.
 */
#ifndef XDIST_ONESHOT_H
#define XDIST_ONESHOT_H

#include <stddef.h>

#include "buf.h"

struct oneshot {
	char **argv;	       /* argv[0] searched in PATH */
	const char *name;      /* names it in messages; NULL: "it" */
	const char *extra_env; /* NAME=VALUE added to our environment */
	char *const *envp;     /* its whole environment instead of ours
				  (then extra_env is not added); NULL: ours */
	const char *cwd;       /* where it runs; NULL: here */
	int in_fd;	       /* its stdin when > 2; else /dev/null */
	int merge_stderr;      /* its stderr goes to out, not err */
	int own_group;	       /* a process group of its own, killed whole
				  once it ends (what it left behind goes) */
	int pdeathsig;	       /* sent to it if we die; 0: none */
	long long timeout_ms;  /* killed after this long; 0: no limit */
	size_t max_out;	       /* killed once out or err grows past this;
				  0: no limit */
};

/*
 * Run o to its end.  0 with its wait status in *status, its stdout in out
 * and its stderr in err (NULL: dropped; ignored with merge_stderr).  -1
 * with one line in why when it could not be started, did not end within
 * timeout_ms, printed more than max_out, or could not be read; it has
 * been killed and reaped then.  What it prints after it exited (a child
 * it left behind) is not waited for.  A signal meanwhile: as in
 * oneshot_run_all.
 */
int oneshot_run(const struct oneshot *o, struct buf *out, struct buf *err,
		int *status, struct buf *why);

/* One of oneshot_run_all's: o in, the rest out. */
struct oneshot_job {
	struct oneshot o;
	struct buf out, err; /* start empty; err stays so with merge_stderr */
	int status;	     /* its wait status, when rc is 0 */
	int rc;		     /* oneshot_run's: 0, or -1 with why */
	struct buf why;	     /* starts empty */
};

/*
 * oneshot_run for each of v[0..n-1], at most at_once of them at a time
 * (less than 1: one), each started in order as an earlier one ends, its
 * timeout_ms counted from its own start.  Should SIGINT, SIGTERM or
 * SIGHUP (one neither ignored nor blocked) come meanwhile, every process
 * started is killed with its group and reaped, those not started fail,
 * and the signal is raised again: by default we die of it as before.
 */
void oneshot_run_all(struct oneshot_job *v, size_t n, int at_once);

/* What j's run left: its out, err and why. */
void oneshot_job_release(struct oneshot_job *j);

/*
 * oneshot_run, where anything but exit status 0 is a failure: 0, or -1
 * with one line in why (its last line on stderr, else how it ended).
 */
int oneshot_check(const struct oneshot *o, struct buf *out, struct buf *why);

/*
 * How long a listing (gtest's, ctest's) may take: --timeout's value
 * (timeout_ms), or a minute when it gives no limit.
 */
long long oneshot_listing_timeout_ms(long long timeout_ms);

/* The last line of s with anything in it, or NULL.  Caller frees. */
char *oneshot_last_line(const char *s);

#endif
