/*
 * sched_support: helpers shared by the unit tests of sched.c
 * (test_sched.c, test_sched_constraints.c, test_sched_sim.c).  Include
 * after <cmocka.h>.
 */
#ifndef XDIST_TEST_SCHED_SUPPORT_H
#define XDIST_TEST_SCHED_SUPPORT_H

#include <stdlib.h>

#include "sched.h"

/* The --dist spelling of each mode, by enum value. */
static const char *const mode_names[] = {"load",      "loadscope", "loadfile",
					 "loadgroup", "worksteal", "each",
					 "no"};

/* n tests of unknown duration, no unit, no lock. */
static inline struct sched_test *tests_new(size_t n)
{
	struct sched_test *t = calloc(n ? n : 1, sizeof(*t));
	size_t i;

	assert_non_null(t);
	for (i = 0; i < n; i++) {
		t[i].duration_ns = -1;
		t[i].lock = -1;
	}
	return t;
}

/* The next test for worker w, which must be one (not WAIT or DONE). */
static inline long next_test(struct sched *s, int w)
{
	long rc = sched_next(s, w);

	assert_true(rc >= 0);
	return rc;
}

/* Worker w, alone, runs exactly the tests of want in that order. */
static inline void assert_runs(struct sched *s, int w, const long *want,
			       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(sched_next(s, w), want[i]);
		sched_finished(s, w, (size_t)want[i]);
	}
}

#define ASSERT_RUNS(s, w, ...)                                              \
	do {                                                                \
		const long want_[] = {__VA_ARGS__};                         \
		assert_runs((s), (w), want_, sizeof(want_) / sizeof(long)); \
	} while (0)

#endif
