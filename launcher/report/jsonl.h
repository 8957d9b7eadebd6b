/*
 * jsonl: the --report-log events, one JSON object a line, built with cJSON.
 * Pure: each function appends one line ('\n' included) to a buf that the
 * caller writes out.  Strings may hold any bytes: invalid UTF-8 is repaired
 * (textsafe) before cJSON escapes them, so every line is valid JSON.
 * Times are Unix seconds (floats), durations seconds.
 *
 *   {"event":"run_start","version":V,"workers":N,"testrunuid":U,
 *    "tests":M,"time":T}
 *   {"event":"test_start","id":ID,"classname":C,"name":N,"run":R,
 *    "worker":"gw1","attempt":A,"time":T}
 *   {"event":"test_result","id":ID,"classname":C,"name":N,"run":R,
 *    "outcome":O,"duration":D,
 *    "exit_status":N|null,"signal":"SIGSEGV"|null,"worker":W|null,
 *    "attempt":A,"reason":S|null,"time":T}
 *   {"event":"case","id":ID,"run":R,"attempt":A,"number":N,
 *    "status":"passed"|"failed"|"skipped"|"todo"|"todo passed",
 *    "description":S,"reason":S|null,"yaml":S|null,"time":T}
 *                                     (--tap: a TAP case, as it is read)
 *   {"event":"run_end","exit_status":N,"counts":{"passed":N,...},
 *    "cases":{"passed":N,...} (--tap only),"duration":D,"time":T}
 */
#ifndef XDIST_JSONL_H
#define XDIST_JSONL_H

#include <stddef.h>

#include "buf.h"
#include "report.h"
#include "tapstream.h"

/*
 * The outcome names the events use: "passed", "failed", "skipped",
 * "error", "flaky", "timeout", "interrupted", "notrun", "xfailed",
 * "xpassed"; "pending" for OUTCOME_NONE.
 */
const char *jsonl_outcome_name(enum outcome o);

/* testrunuid may be NULL (null in the line). */
void jsonl_run_start(struct buf *out, const char *version, int workers,
		     const char *testrunuid, size_t tests, double time);

/*
 * classname and name are the JUnit report's (junit_names()); worker may be
 * NULL (null in the line).
 */
void jsonl_test_start(struct buf *out, const char *id, const char *classname,
		      const char *name, size_t run, const char *worker,
		      int attempt, double time);

/* One finished run; plain data, nothing owned. */
struct jsonl_result {
	const char *id;
	const char *classname; /* as in the JUnit report */
	const char *name;
	size_t run;
	enum outcome outcome;
	double duration;
	int kind, code;	    /* proto.h KIND_* and its code; kind -1: crashed */
	const char *worker; /* NULL: never ran */
	int attempt;
	const char *reason; /* NULL: null */
	double time;
};

/*
 * exit_status is code for KIND_EXITED, else null; signal is "SIG" + the
 * signal's abbreviation for KIND_SIGNALED ("SIG42" for one without a
 * name), else null.
 */
void jsonl_test_result(struct buf *out, const struct jsonl_result *r);

/* A TAP case of run (its attempt) of the test id. */
void jsonl_case(struct buf *out, const char *id, size_t run, int attempt,
		const struct tap_case *c, double time);

/* counts: by outcome, OUTCOME_PASSED .. OUTCOME_XPASSED, all written;
   cases: TAP cases by status (tapstream.h), or NULL for none. */
void jsonl_run_end(struct buf *out, int exit_status,
		   const size_t counts[OUTCOME_MAX],
		   const unsigned long long *cases, double duration,
		   double time);

#endif
