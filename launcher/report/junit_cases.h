/*
 * junit_cases: the TAP cases (--tap) kept for the JUnit report, which is
 * written at the end: each case appended to an unnamed file as it is read,
 * and read back, one at a time, when the document is written.  Memory
 * holds one case; the file grows with the cases (about 30 bytes and the
 * case's text each).
 *
 * Owns: the file's fd (close-on-exec), created on the first case in the
 * given directory (O_TMPFILE, else a named file unlinked at once).
 */
#ifndef XDIST_JUNIT_CASES_H
#define XDIST_JUNIT_CASES_H

#include <stddef.h>
#include <sys/types.h>

#include "tapstream.h"

struct junit_cases {
	int fd;	   /* -1: no case yet, or after an error */
	off_t end; /* bytes written */
	int err;   /* the first errno of a failed create or write, or 0 */
};

void junit_cases_init(struct junit_cases *s);
void junit_cases_release(struct junit_cases *s);

/* Keep case c of run (its attempt).  0, or -1 with errno set (and s->err):
   the cases are lost to the report, which says so at the end. */
int junit_cases_add(struct junit_cases *s, const char *dir, size_t run,
		    int attempt, const struct tap_case *c);

/* Called with each case kept, in the order kept; a non-zero return stops
   the walk and is returned. */
typedef int junit_cases_fn(void *arg, size_t run, int attempt,
			   const struct tap_case *c);

/* Walk the cases.  0, fn's non-zero, or -1 with errno set (a read). */
int junit_cases_each(const struct junit_cases *s, junit_cases_fn *fn,
		     void *arg);

#endif
