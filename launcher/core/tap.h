/*
 * tap: what xdist-exec reads of the TAP (Test Anything Protocol) a test
 * prints.  Today only a skip-all plan; a test's output is otherwise not
 * read.  Pure.
 */
#ifndef XDIST_TAP_H
#define XDIST_TAP_H

#include <stddef.h>

/*
 * 1 when out (n bytes: the start of a test's output) begins with a TAP
 * skip-all plan, as TAP::Parser reads one: an optional "TAP version N"
 * line, then a line "1..0" that may go on with anything, for example
 * " # SKIP no database".  Lines may end in CR LF; the plan line may be cut
 * by the end of out.  When the rest of the plan line is "#", blanks, a
 * word starting with "skip" (any case) and blanks, *reason and *len are
 * what follows (trailing blanks dropped; maybe empty), else *reason is
 * NULL and *len 0.  0 when out does not begin so.
 */
int tap_skip_all(const char *out, size_t n, const char **reason, size_t *len);

#endif
