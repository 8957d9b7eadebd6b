/*
 * testlist: the tests of a run, parsed from command-line arguments and list
 * files.  Pure: reading the file is the caller's job.
 */
#ifndef XDIST_TESTLIST_H
#define XDIST_TESTLIST_H

#include <stddef.h>

#include "buf.h"

#define TESTLIST_MAX_LINE (1u << 20)

struct test {
	char *id;    /* as the user wrote it (owned) */
	char **argv; /* NULL-terminated, owned; with shell, argv[0] is the
			whole command line for /bin/sh -c */
	int shell;
};

struct testlist {
	struct test *v; /* owned */
	size_t n;
	size_t cap;
};

void testlist_init(struct testlist *l);
void testlist_release(struct testlist *l);

/* One test from one command-line argument: run as is, no splitting. */
void testlist_add_arg(struct testlist *l, const char *arg);

/*
 * Append the tests of a list file's contents (data, len bytes; name is
 * used in messages).  Returns 0, or -1 with "NAME:LINE: reason" in err: a
 * NUL byte, or a line over TESTLIST_MAX_LINE bytes.  Blank lines and lines
 * whose first non-blank is '#' are skipped; a trailing CR is dropped.
 */
int testlist_parse(struct testlist *l, const char *name, const char *data,
		   size_t len, struct buf *err);

/*
 * One test from one command line (n bytes, no newline), as a list-file line
 * is run: split on blanks and exec'd, or under /bin/sh -c when it needs a
 * shell.  The id is the line.
 */
void testlist_add_line(struct testlist *l, const char *s, size_t n);

/* 1 when the command line needs /bin/sh to mean what it says. */
int testlist_needs_shell(const char *line);

#endif
