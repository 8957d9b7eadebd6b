/*
 * words: a list of owned strings, and a line split into words as a POSIX
 * shell would (no expansions).  Pure: used by the configuration file's
 * addopts and XDIST_EXEC_ADDOPTS (config.c), --tx specs (txspec.c) and
 * testpaths (testpaths.c).
 */
#ifndef XDIST_WORDS_H
#define XDIST_WORDS_H

#include <stddef.h>

#include "buf.h"

/* A list of words: v is owned, NULL-terminated, and NULL while n is 0. */
struct words {
	char **v;
	size_t n;
};

void words_add(struct words *w, const char *s);
/* 1 when w holds s. */
int words_has(const struct words *w, const char *s);
void words_release(struct words *w);

/*
 * Split s into words as a POSIX shell would, without expansions: blanks
 * (space, tab, newline, CR) separate words; '...' keeps everything
 * literally; "..." keeps everything but a backslash before " \ $ ` or a
 * newline (the pair reads as the second character; backslash-newline as
 * nothing); an unquoted backslash takes the next character literally
 * (backslash-newline: nothing); quoted and unquoted pieces next to each
 * other make one word, and '' or "" alone is an empty word.  No comments,
 * no globbing.  Appends to out.  Returns 0, or -1 with the reason in err
 * ("unterminated single quote", "unterminated double quote", "ends with a
 * backslash"); out then holds the words before the error.
 */
int words_split(const char *s, struct words *out, struct buf *err);

#endif
