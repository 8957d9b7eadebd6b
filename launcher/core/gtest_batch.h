/*
 * gtest_batch: several cases of one GoogleTest binary in one process.
 * What the process is told (one --gtest_filter naming each case), and its
 * output read back into each case's outcome, output and time, from
 * gtest's own "[ RUN      ]" and "[       OK ]" lines.  Pure: running the
 * process is the engine's.
 */
#ifndef XDIST_GTEST_BATCH_H
#define XDIST_GTEST_BATCH_H

#include <stddef.h>

#include "buf.h"
#include "testlist.h"

/* A batch holds at most this many cases, whatever it is asked. */
#define GTEST_BATCH_MAX 256
/* The auto size aims at this many batches per worker, so that the last
   ones still balance the workers. */
#define GTEST_BATCH_PER_WORKER 4
/* A case expected to take this long runs alone: the start-up it would
   save is nothing next to it, and alone it balances better. */
#define GTEST_BATCH_LONG_NS (100LL * 1000000)

/*
 * Append to out the arguments that run exactly the cases names[0..n)
 * ("Suite.Name" each) in one process, reporting each case as
 * gtest_batch_read() reads it, whatever the line's own arguments or the
 * environment (GTEST_BRIEF, GTEST_PRINT_TIME) say:
 *   --gtest_filter=NAME:NAME...  --gtest_brief=0  --gtest_print_time=1
 * each NUL-terminated, in that order, meant to follow the line's own
 * arguments (gtest keeps the last of a flag given twice).  Returns how
 * many arguments were added (3), or 0 when n is 0 (out untouched).
 */
size_t gtest_batch_args(struct buf *out, const char *const *names, size_t n);

/*
 * 1 when the cases of a binary run as argv (the line's arguments, before
 * any --gtest_filter) may be batched: its arguments do not ask gtest to
 * run a case more than once (--gtest_repeat) or to stop it part way
 * (--gtest_fail_fast, --gtest_break_on_failure, --gtest_throw_on_failure),
 * which would tell the outcome of one case as another's.
 */
int gtest_batch_argv_ok(char *const *argv);

/*
 * The same for gtest's environment, through lookup (getenv): 0 when
 * GTEST_REPEAT is set to anything but 1, or GTEST_FAIL_FAST,
 * GTEST_BREAK_ON_FAILURE or GTEST_THROW_ON_FAILURE to anything but 0
 * (gtest reads them so).
 */
int gtest_batch_env_ok(char *(*lookup)(const char *name));

/*
 * 1 when case t may share a process with other cases: a plain case, with
 * no attribute that makes it run on its own terms (lock, exclusive, xfail,
 * a timeout of its own, TAP) and not known to be long (cached_ns, its last
 * duration, or negative when unknown, under GTEST_BATCH_LONG_NS).
 */
int gtest_batch_plain(const struct test *t, long long cached_ns);

/*
 * The size of a batch under --gtest-batch=auto: pending (the cases of the
 * binary not started yet) over nworkers * GTEST_BATCH_PER_WORKER, at least
 * 1, at most GTEST_BATCH_MAX.
 */
size_t gtest_batch_auto(size_t pending, int nworkers);

/* What became of one case of a batch. */
enum gtest_batch_status {
	GTEST_BATCH_NOT_RUN = 0, /* no "[ RUN      ]" line: run it again */
	GTEST_BATCH_PASSED,	 /* "[       OK ] NAME" */
	GTEST_BATCH_FAILED,	 /* "[  FAILED  ] NAME" */
	GTEST_BATCH_SKIPPED,	 /* "[  SKIPPED ] NAME" */
	GTEST_BATCH_UNFINISHED,	 /* it started and never ended: the process
				    died (or was stopped) in it */
};

struct gtest_batch_case {
	enum gtest_batch_status status;
	size_t off, len; /* its output in the batch's: from its RUN line
			    through its end line (through the end of the
			    output when unfinished); 0, 0 when not run */
	long long ms;	 /* gtest's "(N ms)", or -1 when it said none */
};

/*
 * Read a batch's output (out, n bytes) for the cases names[0..ncases)
 * into cases[0..ncases) (same order).  A case starts at a line
 * "[ RUN      ] NAME" and ends at the first line, after that, starting
 * "[       OK ] NAME", "[  FAILED  ] NAME" or "[  SKIPPED ] NAME", where
 * NAME is followed by the end of the line, a blank or a comma (", where
 * GetParam() = 4"); the time is that line's "(N ms)".  Lines outside
 * every case (gtest's banner, a global environment's output, the summary
 * that names the failed cases once more) belong to none.  A RUN line of
 * a case not asked for, or of one already seen, ends the case then
 * running as unfinished (gtest never does that: another process wrote
 * it).  CR LF line ends are read as LF.  Returns how many cases have an
 * outcome (not GTEST_BATCH_NOT_RUN).
 */
size_t gtest_batch_read(const char *out, size_t n, const char *const *names,
			size_t ncases, struct gtest_batch_case *cases);

#endif
