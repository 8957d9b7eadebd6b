/*
 * options_run: one options_parse() call on "xdist-exec ARGS..." with
 * copies of the args, for the unit tests of options.c.  Include after
 * <cmocka.h>.
 */
#ifndef XDIST_TEST_OPTIONS_RUN_H
#define XDIST_TEST_OPTIONS_RUN_H

#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAX_ARGS 32

/* One options_parse call on "xdist-exec ARGS..." with copies of the args. */
struct run {
	struct options o;
	struct buf err;
	char *argv[MAX_ARGS + 2];
	int argc;
	int rc;
};

static inline void run_parse(struct run *r, const char *const *args)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	options_init(&r->o);
	buf_init(&r->err);
	r->argv[r->argc++] = xstrdup("xdist-exec");
	for (i = 0; args[i]; i++) {
		assert_true(r->argc <= MAX_ARGS);
		r->argv[r->argc++] = xstrdup(args[i]);
	}
	r->argv[r->argc] = NULL;
	r->rc = options_parse(&r->o, r->argc, r->argv, &r->err);
}

static inline void run_release(struct run *r)
{
	int i;

	for (i = 0; i < r->argc; i++)
		free(r->argv[i]);
	options_release(&r->o);
	buf_release(&r->err);
}

#endif
