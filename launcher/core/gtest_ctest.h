/*
 * gtest_ctest: --from-ctest with --split=gtest, what a CTest test's
 * properties mean to its cases.  Those about one process (RESOURCE_LOCK,
 * RUN_SERIAL, PROCESSORS, TIMEOUT, ENVIRONMENT, WORKING_DIRECTORY,
 * SKIP_RETURN_CODE) apply to each case, as copied; the relations carry
 * over to the cases as a group (gtest_ctest_depends); those that judge the
 * whole binary keep it whole (gtest_ctest_not_split).  Pure.
 */
#ifndef XDIST_GTEST_CTEST_H
#define XDIST_GTEST_CTEST_H

#include <stddef.h>

#include "ctest.h"
#include "testlist.h"

/*
 * Why a CTest test with properties p (NULL: none) is not split, or NULL
 * when it may be, to follow its name in a note: "has WILL_FAIL, which
 * judges the whole binary", "has PASS_REGULAR_EXPRESSION, which judges
 * the whole binary's output" (and FAIL_REGULAR_EXPRESSION,
 * SKIP_REGULAR_EXPRESSION), "is DISABLED", "has no command ctest could
 * find".
 */
const char *gtest_ctest_not_split(const struct ctest_props *p);

/* The cases one CTest test was split into: tests [first, first + n) of
   the new list. */
struct gtest_ctest_group {
	char *name; /* the CTest test's name (owned) */
	size_t first, n;
};

/*
 * The relations of the split tests, carried over to their cases: in the
 * DEPENDS of every test of l (ctest lists there the setup tests of the
 * fixtures a test requires, and for a cleanup test the tests that require
 * its fixture), the name of a split test (one of the ng groups) becomes
 * the ids of all its cases, in their order.  So a test after a split one
 * waits for all its cases, each case of a split test requiring a fixture
 * waits for the setup and the cleanup waits for every case; a failed case
 * of a split setup test fails its fixture (ctest_failed_note), since each
 * case keeps FIXTURES_SETUP.
 */
void gtest_ctest_depends(struct testlist *l, const struct gtest_ctest_group *g,
			 size_t ng);

#endif
