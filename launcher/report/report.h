/*
 * report: what the terminal shows, built as text.  Pure: every function
 * appends to a buf that the caller writes out; nothing here knows about
 * fds, workers or time sources.
 */
#ifndef XDIST_REPORT_H
#define XDIST_REPORT_H

#include <stddef.h>

#include "buf.h"
#include "tally.h"

/* The words pytest uses: "PASSED", "FAILED", ... */
const char *report_outcome_word(enum outcome o);

/*
 * Classify a worker's result (proto.h KIND_*, code, RESULT_* flags).  A test
 * the controller asked to stop is INTERRUPTED whatever it did after that;
 * exit status 0 with RESULT_SKIP_ALL (a TAP skip-all plan) is SKIPPED.
 */
enum outcome report_classify(int kind, int code, int flags);

/*
 * Why, in a few words: "exit status 1", "killed by signal SIGSEGV (core
 * dumped)", "cannot execute: Permission denied", "exit status 77".
 */
void report_reason(struct buf *out, int kind, int code, int core,
		   const char *stage);

/* A skip reason is cut after this many bytes. */
#define REPORT_SKIP_REASON_MAX 512

/*
 * A skipped test's reason, from its output (p, n bytes: its end): the
 * last line that is not blank, its blanks trimmed and a leading
 * "Skipped:" or "SKIP:" (any case) dropped, at most
 * REPORT_SKIP_REASON_MAX bytes.  Appends it to out and returns 1, or 0
 * when the output holds no such line.
 */
int report_skip_reason(struct buf *out, const char *p, size_t n);

/*
 * The terminal's rendering state.  The counts it shows are the tally's
 * (read only: the tally is their one writer, updated before a finished
 * test is shown).
 */
struct report {
	int width;     /* terminal columns */
	int color;     /* emit ANSI colours */
	int verbosity; /* <0 quiet, 0 progress letters, >0 one line a test */
	size_t col;    /* characters on the current progress line */
	const struct tally *tally; /* not owned; outlives the report */
};

void report_init(struct report *r, int width, int color, int verbosity,
		 const struct tally *t);

/* "xdist-exec 0.1.0 -- 4 workers [120 tests]" (no line with -q). */
void report_header(struct report *r, struct buf *out, const char *version,
		   int workers);

/*
 * One finished test, already in the tally: a progress letter with
 * "[ 42%]" at line ends, or with -v "[gw1] [ 42%] PASSED ./t_login
 * (0.12s)".  worker may be NULL (-n 0).  Prints nothing for INTERRUPTED
 * and NOTRUN.
 */
void report_test(struct report *r, struct buf *out, enum outcome o,
		 const char *worker, const char *id, long long duration_ns);

/*
 * A failed attempt that will run again (--reruns): "R", or with -v
 * "[gw1] [ 42%] RERUN ./t_login (0.12s)".
 */
void report_rerun(struct report *r, struct buf *out, const char *worker,
		  const char *id, long long duration_ns);

/* End a half-written progress line, before other text is printed. */
void report_break_line(struct report *r, struct buf *out);

/*
 * pytest's separator line: title centred in ch characters, width wide
 * ("===== FAILURES =====", "_____ ./t_login _____").
 */
void report_sep(struct buf *out, int width, char ch, const char *title);

/* "2 failed, 118 passed, 3 skipped, 4 deselected, 1 xfailed, 1 xpassed,
   1 flaky, 1 error, 2 rerun in 4.56s". */
void report_counts(struct report *r, struct buf *out, double seconds);
/* --tap: "10,133 cases: 10,020 passed, 3 failed, 110 skipped" (nothing
   when no case was counted); report_counts puts it in parentheses. */
void report_cases(const struct tally *t, struct buf *out);

/* The final line, separators and colour included. */
void report_final(struct report *r, struct buf *out, double seconds);

/* "4.56s", or "61.00s (0:01:01)" past a minute. */
void report_duration(struct buf *out, double seconds);

/* Wrap s in the colour the outcome uses, when r->color. */
void report_colored(struct report *r, struct buf *out, enum outcome o,
		    const char *s);

#endif
