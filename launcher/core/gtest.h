/*
 * gtest: what a GoogleTest binary says, read without running anything.
 * --split=gtest asks each binary for its tests (--gtest_list_tests) and
 * makes one test per case; this parses that listing, and reads a case's
 * output for a skip (GTEST_SKIP) or an assertion's message.  Pure.
 */
#ifndef XDIST_GTEST_H
#define XDIST_GTEST_H

#include <stddef.h>

#include "buf.h"

/* --split: how one test of the list becomes several. */
enum split_mode {
	SPLIT_NONE = 0, /* a test is one command */
	SPLIT_GTEST,	/* a GoogleTest binary: one test per case */
};

/* "no" or "gtest" into *mode: 0, or -1 for anything else. */
int gtest_split_parse(const char *s, enum split_mode *mode);

/* One case: run as --gtest_filter=SUITE.NAME. */
struct gtest_case {
	char *suite;  /* owned: "Suite", "Inst/Suite", "Typed/0" */
	char *name;   /* owned: "Name", "Name/0" */
	int disabled; /* either is DISABLED_ (gtest runs it only with
			 --gtest_also_run_disabled_tests) */
};

struct gtest_list {
	struct gtest_case *v; /* owned */
	size_t n;
	size_t cap;
};

void gtest_list_init(struct gtest_list *l);
void gtest_list_release(struct gtest_list *l);

/*
 * Append to l the cases of a --gtest_list_tests output (n bytes): a suite
 * line "Suite." at the start of a line, then its tests, each on a line of
 * its own indented by two blanks; either may end in a comment
 * ("  # TypeParam = int", "  # GetParam() = 4"), dropped.  CR LF line
 * ends are read as LF.  Lines that are neither (what a main() prints
 * before listing) are ignored; one that is not indented ends the suite.
 * Returns how many cases were added.
 */
size_t gtest_parse_list(const char *out, size_t n, struct gtest_list *l);

/*
 * 1 when a name is disabled as gtest says it: it starts with "DISABLED_"
 * or holds "/DISABLED_".
 */
int gtest_disabled(const char *name);

/*
 * 1 when a case's output (n bytes) says it was skipped: a line starting
 * "[  SKIPPED ] ".  *reason, *len: the message GTEST_SKIP() was given
 * (the lines between "file:line: Skipped" and that line, up to the first
 * blank one), pointing into out; NULL, 0 when it gave none.
 */
int gtest_skipped(const char *out, size_t n, const char **reason, size_t *len);

/*
 * Append to msg the first failed assertion in a case's output (n bytes),
 * on one line: "file:line: " and the lines after "file:line: Failure" up
 * to the next of gtest's own lines ("[  FAILED  ] ...", "[----------]
 * ...") or failure, each trimmed, joined by one blank, at most
 * GTEST_MESSAGE_MAX bytes.  Returns 1, or 0 when the output holds none
 * (msg untouched).
 */
#define GTEST_MESSAGE_MAX 400
int gtest_failure_message(const char *out, size_t n, struct buf *msg);

#endif
