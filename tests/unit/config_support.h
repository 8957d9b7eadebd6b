/*
 * config_support: helpers shared by the unit tests of config.c
 * (test_config.c, test_config_files.c).  Include after <cmocka.h>.
 */
#ifndef XDIST_TEST_CONFIG_SUPPORT_H
#define XDIST_TEST_CONFIG_SUPPORT_H

#include "buf.h"
#include "config.h"

static inline void assert_words(const struct words *w, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		assert_true(i < w->n);
		assert_string_equal(w->v[i], want[i]);
	}
	assert_int_equal(w->n, i);
}

/* argv from a NULL-terminated list (copies, freed by argv_free). */
static inline char **make_argv(const char *const *args, int *argc)
{
	char **v;
	int n = 0;

	while (args[n])
		n++;
	v = xcalloc((size_t)n + 1, sizeof(*v));
	for (*argc = 0; *argc < n; ++*argc)
		v[*argc] = xstrdup(args[*argc]);
	return v;
}

static inline void argv_free(char **v)
{
	config_argv_free(v);
}

#endif
