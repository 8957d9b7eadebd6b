/*
 * tapstream: a test's output read as TAP (the Test Anything Protocol,
 * versions 12, 13 and 14) as the bytes come, in pieces of any size, in
 * bounded memory.  Pure: bytes in, case events out through a callback,
 * and a verdict at the end.
 *
 * What is read:
 *   "TAP version N"        the first line only (12 when absent)
 *   "1..N [# SKIP reason]" the plan, before the first case or after the
 *                          last; "1..0 # SKIP why" skips the whole test
 *   "ok|not ok [N] [-] description [# SKIP|TODO reason]"
 *                          a case; "\#" in a description is a '#' that
 *                          starts no directive, "\\" a backslash; the
 *                          directive's word is any case ("skip",
 *                          "Skipped:")
 *   "  ---" ... "  ..."    right after a case: its YAML diagnostics,
 *                          kept with it (TAP 13, 14)
 *   "Bail out! reason"     the test gave up: it fails, whatever follows
 *                          (read and counted, as TAP::Parser does)
 * Anything else (comments, pragmas, "# Subtest" and the indented lines of
 * TAP 14 subtests, stray text) is ignored.  Lines may end in CR LF.
 *
 * Bounds: a line longer than TAP_LINE_MAX bytes is cut there (the rest of
 * it is dropped), a YAML block is kept up to TAP_YAML_MAX bytes.  The
 * parser holds one line and one case (with its YAML) at a time.
 *
 * Owns: its buffers (tap_release frees them).  The strings a struct
 * tap_case points to live until the callback returns.
 */
#ifndef XDIST_TAPSTREAM_H
#define XDIST_TAPSTREAM_H

#include <stddef.h>

#include "buf.h"

#define TAP_LINE_MAX 8192
#define TAP_YAML_MAX 16384

/* What a case came to. */
enum tap_status {
	TAP_PASSED,  /* ok */
	TAP_FAILED,  /* not ok, no TODO (SKIP does not save a not ok) */
	TAP_SKIPPED, /* ok # SKIP */
	TAP_TODO,    /* not ok # TODO: an expected failure */
	TAP_BONUS,   /* ok # TODO: passed unexpectedly */
	TAP_NSTATUS
};

/* Lower-case names, as the JSON lines spell them ("passed", "todo"). */
const char *tap_status_name(enum tap_status s);

struct tap_case {
	unsigned long number; /* as given, else the one before plus 1 */
	enum tap_status status;
	const char *desc; /* unescaped, the leading "- " dropped */
	size_t desc_len;
	const char *reason; /* the SKIP or TODO reason; NULL without */
	size_t reason_len;
	const char *yaml; /* the YAML block's lines (LF-ended), or NULL */
	size_t yaml_len;
};

typedef void tap_case_fn(void *arg, const struct tap_case *c);

struct tap_parser {
	tap_case_fn *fn;
	void *arg;
	struct buf line; /* the line being read, at most TAP_LINE_MAX */
	int line_cut;	 /* the line went past TAP_LINE_MAX */
	int lines;	 /* lines seen so far (the first may be a version) */
	int version;	 /* 12, 13, 14... */
	/* The last case, held until the line after it says whether a YAML
	   block follows. */
	int held;
	struct tap_case c;
	struct buf desc, reason, yaml;
	int in_yaml;
	int yaml_indent; /* the "---" line's indent */
	/* What the verdict needs. */
	unsigned long cases;
	unsigned long counts[TAP_NSTATUS];
	unsigned long last;	   /* the last case's number */
	unsigned long misnumbered; /* first case whose number was not last+1 */
	unsigned long misnumber_want;
	long planned;	/* -1: no plan yet */
	int plans;	/* plans seen */
	int plan_late;	/* a plan came after a case... */
	int after_plan; /* ...and then a case after it */
	int skip_all;	/* 1..0 */
	struct buf plan_reason;
	int bailed;
	struct buf bail_reason;
};

/* Ready to read; each case goes to fn(arg, case). */
void tap_init(struct tap_parser *p, tap_case_fn *fn, void *arg);
void tap_release(struct tap_parser *p);

/* The next n bytes of the stream (any piece: a line may be split). */
void tap_feed(struct tap_parser *p, const char *data, size_t n);

/* The stream ended: a last line without LF is read, a held case told. */
void tap_finish(struct tap_parser *p);

/* A case is held, waiting for the line after it. */
int tap_holding(const struct tap_parser *p);

/*
 * The stream went quiet: the held case, if any, is told now, with what
 * its YAML block has so far, rather than lost with a process that may
 * die before the next line.  A YAML block that comes after it is then
 * ignored.
 */
void tap_flush(struct tap_parser *p);

enum tap_verdict {
	TAP_OK,	      /* every case passed or was excused, plan met */
	TAP_NOT_OK,   /* why says why ("planned 3, ran 2") */
	TAP_SKIP_ALL, /* 1..0: why holds the plan's reason (maybe empty) */
};

/*
 * After tap_finish: what the stream says of the test, and why, appended to
 * why: "2 of 10 cases failed", "planned 3, ran 2", "no plan",
 * "bailed out: REASON", "more than one plan", "a case after the plan at
 * the end", "case 2 is numbered 5", in that order of precedence (bail out
 * first).
 */
enum tap_verdict tap_verdict(const struct tap_parser *p, struct buf *why);

/*
 * After tap_finish, for a test that did not end cleanly (an exit status,
 * a signal, a timeout): 1 when it gave a plan and ran another number of
 * cases, "planned 5, ran 3" appended to why; 0 when it met its plan or
 * gave none (why untouched).
 */
int tap_plan_unmet(const struct tap_parser *p, struct buf *why);

#endif
