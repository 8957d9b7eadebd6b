/*
 * gtest_cases: the tests --split=gtest makes of a GoogleTest binary, from
 * its listing (gtest.h).  Pure: running the binary is run/gtest_split.c's.
 */
#ifndef XDIST_GTEST_CASES_H
#define XDIST_GTEST_CASES_H

#include <stddef.h>

#include "gtest.h"
#include "testlist.h"

/*
 * 1 when t is a GoogleTest binary to split: its split= attribute says so,
 * or it has none and mode (--split) does.
 */
int gtest_cases_wanted(const struct test *t, enum split_mode mode);

/*
 * The argv that lists the cases of the binary run as argv (argv[0] the
 * program, then the line's own arguments): argv[0] --gtest_list_tests
 * argv[1..].  NULL-terminated, in one allocation (free() it); the strings
 * are argv's.
 */
char **gtest_cases_list_argv(char *const *argv);

/*
 * Append to out one test per case of list, made from bin and its argv:
 * id PROGRAM::Suite.Name (PROGRAM: bin's id when a name attribute gave
 * one, else argv[0]), command argv[0] argv[1..] --gtest_filter=Suite.Name
 * (the filter last, so that it wins over one among the line's arguments),
 * bin's attributes with scope=Suite, gtest = TEST_GTEST_CASE.  A disabled
 * case is added only with also_disabled, or when the line's arguments hold
 * --gtest_also_run_disabled_tests, and runs with that flag; *disabled
 * counts those left out.  Returns how many were added.
 */
size_t gtest_cases_add(struct testlist *out, const struct test *bin,
		       char *const *argv, const struct gtest_list *list,
		       int also_disabled, size_t *disabled);

/*
 * Append to out the binary whose listing failed, to be reported as an
 * error: bin's id and attributes, the command of gtest_cases_list_argv,
 * gtest = TEST_GTEST_LISTING.
 */
void gtest_cases_listing_failed(struct testlist *out, const struct test *bin,
				char *const *argv);

#endif
