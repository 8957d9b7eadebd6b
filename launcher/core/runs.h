/*
 * runs: which test a run is, derived, never stored.  The plan selects
 * tests (sel, in run order) and expands each into --count items: item i
 * is repetition i % count + 1 of test sel[i / count].  Run r is item
 * r % nitems (with --dist each every worker runs every item, so nruns is
 * a multiple of nitems).  Pure: no syscalls, no allocation.
 */
#ifndef XDIST_RUNS_H
#define XDIST_RUNS_H

#include <stddef.h>

#include "testlist.h"

/*
 * A read-only window on the plan.  Nothing here is owned: the plan owns
 * the test list, sel and labels, which must outlive every struct runs
 * that points at them.
 */
struct runs {
	const struct testlist *tests; /* every test loaded */
	const size_t *sel;	      /* selected test indices, in run order */
	size_t nsel;
	size_t nitems;		   /* nsel * count */
	size_t count;		   /* --count, >= 1 */
	const char *const *labels; /* by item, "ID [2/3]"; NULL: the ids */
	size_t nruns;		   /* a multiple of nitems */
};

/* Run r's item (index in the plan's by-item arrays). */
size_t runs_item(const struct runs *m, size_t r);
/* Run r's index in sel. */
size_t runs_selected(const struct runs *m, size_t r);
/* Run r's test. */
const struct test *runs_test(const struct runs *m, size_t r);
/* The id a report shows for run r: the test id, "[k/N]" added with
   --count (labels). */
const char *runs_label(const struct runs *m, size_t r);

#endif
