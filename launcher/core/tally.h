/*
 * tally: what happened to every run of the session, and the counts.  The
 * one writer of outcome counts: the terminal report, the live area, the
 * report files and the exit status read them and never count for
 * themselves.  Pure: no syscalls, no output.
 *
 * A run is one execution slot of a test (a test, or one of its --count
 * repetitions, on one worker with --dist each); its attempts under
 * --reruns share the run.  A run is finished once, for good, with an
 * outcome; a failed attempt that will run again is a rerun, counted apart.
 * Failed fixtures (--setup, --worker-setup, ...) are records of their own,
 * counted as errors, as pytest counts an error at setup.
 */
#ifndef XDIST_TALLY_H
#define XDIST_TALLY_H

#include <stddef.h>

#include "tapstream.h"
#include <stdint.h>
#include <sys/types.h>

enum outcome {
	OUTCOME_NONE, /* not finished yet */
	OUTCOME_PASSED,
	OUTCOME_FAILED,	     /* non-zero exit, a signal, a crashed worker */
	OUTCOME_SKIPPED,     /* exit 77 */
	OUTCOME_ERROR,	     /* exit 99, or the test could not be executed */
	OUTCOME_FLAKY,	     /* passed on a rerun (--reruns) */
	OUTCOME_TIMEOUT,     /* killed by --timeout; a failure */
	OUTCOME_INTERRUPTED, /* stopped by Ctrl-C or -x while running */
	OUTCOME_NOTRUN,	     /* never started */
	OUTCOME_XFAILED,     /* failed, as its xfail attribute expected */
	OUTCOME_XPASSED,     /* passed, though expected to fail */
	OUTCOME_MAX,
};

/* 1 for the outcomes that fail a run and count towards --maxfail. */
int outcome_is_failure(enum outcome o);

/*
 * What o means for a test expected to fail (the xfail attribute), as
 * pytest's xfail: failed is xfailed, passed is xpassed, or, with strict
 * (xfail_strict), failed.  Timeouts, errors, skips, interruptions and
 * crashes of its worker mean what they always do.
 */
enum outcome outcome_xfail(enum outcome o, int strict);

/* Fixture commands: --setup, --teardown, --worker-setup, --worker-teardown. */
enum fixture { FX_SETUP, FX_TEARDOWN, FX_WSETUP, FX_WTEARDOWN, FX_MAX };

/* "setup", "teardown", "worker setup", "worker teardown". */
extern const char *const fixture_names[FX_MAX];

/*
 * What happened to one run (or to a failed fixture).  One per run, 100,000
 * in a big run: the small fields are kept small.
 */
struct run_record {
	long long duration_ns;
	unsigned long long out_total; /* output bytes the test wrote */
	char *reason;		      /* owned; NULL when passed */
	off_t out_off;		      /* kept output, in the output spool */
	uint32_t out_len;	      /* bytes kept there */
	uint32_t head_len;	      /* when truncated: where the cut goes */
	enum outcome outcome;
	int code;	    /* exit status, signal or errno (kind) */
	int worker;	    /* slot index, -1 if it never ran */
	int attempt;	    /* 1-based try (--reruns) */
	unsigned leaked;    /* processes it left behind (killed) */
	int lost_errno;	    /* its output could not be kept: why, or 0 */
	signed char kind;   /* RUN_KIND_*; RUN_KIND_CRASHED: the worker died */
	unsigned char core; /* core dumped */
	unsigned char truncated;  /* output is head + tail of out_total */
	unsigned char timed_out;  /* stopped by --timeout */
	signed char fixture;	  /* for fixture errors: which one */
	unsigned char no_section; /* never ran: no output section */
};

/* How a run's process ended (the protocol's RESULT kinds, and a crash). */
enum {
	RUN_KIND_CRASHED = -1, /* its worker died under it */
	RUN_KIND_NONE = 0,     /* never ran */
	RUN_KIND_EXITED = 1,
	RUN_KIND_SIGNALED = 2,
	RUN_KIND_NOEXEC = 3,
};

/* 1 when the record's process ran to an end of its own (a duration). */
int run_record_ran(const struct run_record *st);

/*
 * --tap: the failed cases of one run that the short summary names: the
 * first TALLY_CASES_NAMED of them, "12 - init with template" each,
 * NUL-terminated, back to back (owned), and how many failed in all.  A
 * script printing a million "not ok" lines costs as much as one printing
 * twenty; the JUnit file and the report log have every case.
 */
#define TALLY_CASES_NAMED 20

struct tally_case_fails {
	size_t run;
	char *names;
	size_t nnamed;		    /* names held, <= TALLY_CASES_NAMED */
	unsigned long long nfailed; /* failed cases in all, >= nnamed */
};

struct tally {
	size_t total;		    /* runs in the session */
	size_t done;		    /* finished, other than interrupted and
				       not run: the progress count */
	size_t finished;	    /* finished, whatever the outcome */
	size_t counts[OUTCOME_MAX]; /* by outcome, fixture errors included */
	size_t deselected;	    /* -k, --deselect, --lf, --partition */
	size_t reruns;		    /* failed attempts that were run again */
	size_t failures;	    /* what --maxfail counts */
	struct run_record *runs;    /* by run index, nruns == total */
	size_t *order;		    /* failed runs, in the order they ended */
	size_t norder, order_cap;
	struct run_record *fxerr; /* failed fixtures, in order */
	size_t nfxerr;
	size_t lost;	/* runs whose output could not be kept */
	int lost_errno; /* why, for the first of them */
	/* --tap: the cases of finished runs (their last attempt), by
	   status, and the runs with failed ones, by run index. */
	unsigned long long cases[TAP_NSTATUS];
	unsigned long long ncases;
	struct tally_case_fails *case_fails;
	size_t ncase_fails, case_fails_cap;
};

/* nruns runs, each at attempt 1 on no worker; deselected is for the
   final line. */
void tally_init(struct tally *t, size_t nruns, size_t deselected);
void tally_release(struct tally *t);

/*
 * Run r failed and will run again: the rerun is counted, the record goes
 * to its next attempt (its reason and result cleared).
 */
void tally_rerun(struct tally *t, size_t r);

/*
 * Run r is over, for good, with outcome o on slot worker (-1: it never
 * ran).  Counts it; a failure also goes in the failure order.  A run is
 * finished once (BUG otherwise).
 */
void tally_finish(struct tally *t, size_t r, enum outcome o, int worker);

/*
 * The TAP cases of run r's last attempt, told before it finishes: counts
 * by status, and fails, the first failed cases' "N - description" after
 * the other, NUL-terminated (nfails of them; the first TALLY_CASES_NAMED
 * are kept).  Told twice for a run, the counts and names add up.
 */
void tally_cases(struct tally *t, size_t r, const unsigned long long *counts,
		 const char *fails, size_t nfails);

/* Run r's failed TAP cases, or NULL when none failed. */
const struct tally_case_fails *tally_case_fails_of(const struct tally *t,
						   size_t r);

/* A fixture failed on slot worker: a new error record (zeroed but for
   the fixture, worker and outcome), counted. */
struct run_record *tally_fixture_error(struct tally *t, enum fixture k,
				       int worker);

/* The output of st could not be kept (err: why); counted once per record. */
void tally_output_lost(struct tally *t, struct run_record *st, int err);

#endif
