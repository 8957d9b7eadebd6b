/*
 * outputs: the reports written to files, besides what the terminal shows.
 *
 *   --junitxml=PATH    JUnit XML (junit.h) of every run, written at the
 *                      end, atomically: PATH.tmp-XXXXXX in PATH's
 *                      directory, fsync, rename; also after an interrupt.
 *   --report-log=PATH  JSON lines (jsonl.h), one event a line, each
 *                      written with write(2) as it happens so that
 *                      `tail -f` sees a running suite.
 *   --log-dir=DIR      DIR/gw0.log, DIR/gw1.log, ...: each worker's tests,
 *                      every one's output under a header line
 *                          ==== <id> [gw1] PASSED (0.12s) ====
 *                      DIR/master.log: the run's start and end, a header
 *                      line for each test as it finishes (with -n 0 the
 *                      sections themselves: "master" is then the worker),
 *                      failed fixtures with their output;
 *                      DIR/tests/<name>.log: one file per run that ran,
 *                      its header and output, <name> from
 *                      textsafe_file_name (with the run index when a test
 *                      has several runs: --count, --dist each, an id
 *                      listed twice).  Files of an earlier run in DIR are
 *                      overwritten, not removed.
 *
 * The one module that does these reports' I/O; the controller calls the
 * hooks below, in this order, from its single thread:
 *
 *   outputs_init                  always (cannot fail)
 *   outputs_open                  after the plan is known, before any
 *                                 worker starts; -1: exit EXIT_USAGE
 *   outputs_run_start             once, before the first test starts
 *   outputs_test_start            each time a run (or a rerun) is sent
 *   outputs_test_result           each time a run finishes for good,
 *                                 whatever its outcome (NOTRUN included)
 *   outputs_run_end               once, after the summary, on every path
 *                                 that ran outputs_run_start
 *   outputs_release               always
 *
 * Hooks take the run's view (view.h) read-only and never the controller's
 * state.  A run's output is read back from v->spool (st->out_off, out_len,
 * head_len, out_total and RESULT_TRUNCATED in st->flags), assembled as the
 * summary shows it: head, the "[... xdist-exec: N bytes of output cut ...]"
 * line, tail.
 *
 * Files: created 0666 & ~umask (directories 0777 & ~umask, missing parents
 * of every path created), every fd O_CLOEXEC and owned here.  A write that
 * fails mid-run (ENOSPC...) is remembered, that report stops, the run goes
 * on, and outputs_run_end says so.
 */
#ifndef XDIST_OUTPUTS_H
#define XDIST_OUTPUTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "junit_cases.h"
#include "observer.h"
#include "view.h"

struct run_record;

struct outputs {
	const char *junitxml; /* not owned; NULL when off */
	const char *report_log;
	const char *log_dir;
	int log_fd;    /* --report-log; -1 when off or after an error */
	int dir_fd;    /* DIR (O_DIRECTORY); -1 when off or after an error */
	int tests_fd;  /* DIR/tests */
	int master_fd; /* DIR/master.log */
	int *wfd;      /* DIR/<worker>.log by slot index; -1: not open */
	size_t nwfd;
	uint64_t *names; /* hashes of the DIR/tests names taken (0: free) */
	size_t names_cap, nnames;
	int run_suffix;	    /* every test has several runs */
	double start_time;  /* Unix time at outputs_run_start */
	char timestamp[32]; /* the same, "2024-05-01T12:34:56", local */
	char hostname[256];
	char *log_error;	  /* owned: why --report-log stopped, or NULL */
	char *dir_error;	  /* owned: why --log-dir stopped, or NULL */
	struct buf line;	  /* scratch */
	struct junit_cases cases; /* --junitxml with --tap: the TAP cases */
};

/* Every report off, no fd open. */
void outputs_init(struct outputs *o);

/*
 * Turn on the reports whose path is not NULL (the strings must outlive o):
 * create missing directories, open the report log (truncated), create DIR,
 * DIR/tests and DIR/master.log, and check that a file can be created next
 * to the JUnit path.  Returns 0, or -1 with one line in err, to be printed
 * after "xdist-exec: ": "cannot create directory 'x': reason", "cannot
 * open 'x': reason", "cannot write 'x': reason".  Does nothing when every
 * path is NULL.
 */
int outputs_open(struct outputs *o, const char *junitxml,
		 const char *report_log, const char *log_dir, struct buf *err);

/* 1 when a report needs the output of every run (--junitxml, --log-dir):
   the workers are then asked for it (HELLO_ALL_OUTPUT) and the controller
   spools it for passed runs too. */
int outputs_need_output(const struct outputs *o);

/*
 * The report files' observer (observer.h; self: the struct outputs):
 *   RUN_EV_START        the clock for the JUnit timestamp, the run_start
 *                       event, master.log's first line (reads v->uid,
 *                       v->runs, v->workers);
 *   RUN_EV_TEST_START   the test_start event (attempt from the tally);
 *   RUN_EV_TEST_FINISH  the test_result event and the run's log-dir
 *                       sections (its record is final);
 *   RUN_EV_END          master.log's fixture sections and last line, the
 *                       JUnit file, the run_end event; every file closed.
 *                       Returns ev->exit_status, or EXIT_INTERNAL when a
 *                       report could not be written completely (ev->err
 *                       then names each, "; "-separated); run_end carries
 *                       what it returns.
 * Other events: nothing.
 */
int outputs_event(void *self, const struct run_view *v,
		  const struct run_event *ev);

/*
 * For the other report files (trace.h, html.h), the same rules: create
 * the missing parent directories of path (0, or -1 with "cannot create
 * directory 'x': reason" in err); check that a file can be created next
 * to path (0, or -1 with "cannot write 'x': reason").
 */
int outputs_make_parent(const char *path, struct buf *err);
int outputs_check_writable(const char *path, struct buf *err);

/* Writes a whole file to fd: 0, or -1 with errno set. */
typedef int outputs_fill_fn(void *ctx, int fd);

/*
 * Replace path with what fill writes, atomically: path.tmp-XXXXXX in the
 * same directory (0666 & ~umask), fill, fsync, rename; a reader never sees
 * half a file.  0, or -1 with errno set (the scratch file removed).
 */
int outputs_replace(const char *path, outputs_fill_fn *fill, void *ctx);

/* Close what is still open and free; safe after a failed outputs_open. */
void outputs_release(struct outputs *o);

/*
 * The captured output of a run or a fixture as the summary shows it (head,
 * cut note, tail), appended to out; nothing when none was spooled.
 * Returns 0, or -1 with errno set when the spool cannot be read.
 */
int outputs_read_output(const struct run_view *v, const struct run_record *st,
			struct buf *out);

#endif
