/*
 * options_run: one options_parse() call on "xdist-exec ARGS..." with
 * copies of the args, and the check of a usage error, for the unit tests
 * of options.c (test_options.c, test_options_values.c,
 * test_options_select.c).  Include after <cmocka.h>.
 */
#ifndef XDIST_TEST_OPTIONS_RUN_H
#define XDIST_TEST_OPTIONS_RUN_H

#include <stdio.h>
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

#define PARSE(r, ...) run_parse((r), (const char *const[]){__VA_ARGS__, NULL})

static inline const char *err_text(const struct run *r)
{
	return r->err.data ? r->err.data : "";
}

/*
 * A usage error: -1, and one lowercase line without a trailing period that
 * names the option (and the bad value when there is one).
 */
static inline void assert_usage_error(const char *const *args,
				      const char *option, const char *value)
{
	struct run r;
	char e[512];
	size_t n;
	int rc;

	run_parse(&r, args);
	rc = r.rc;
	snprintf(e, sizeof(e), "%s", err_text(&r));
	run_release(&r);
	n = strlen(e);
	assert_int_equal(rc, -1);
	assert_true(n > 0);
	assert_null(strchr(e, '\n'));
	assert_true(e[n - 1] != '.');
	assert_false(e[0] >= 'A' && e[0] <= 'Z');
	if (!strstr(e, option))
		fail_msg("message '%s' does not name the option '%s'", e,
			 option);
	if (value && !strstr(e, value))
		fail_msg("message '%s' does not name the value '%s'", e, value);
}

#define ASSERT_USAGE_ERROR(option, value, ...)                                 \
	assert_usage_error((const char *const[]){__VA_ARGS__, NULL}, (option), \
			   (value))

#endif
