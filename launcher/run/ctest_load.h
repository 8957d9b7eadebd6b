/*
 * ctest_load: --from-ctest BUILD_DIR, the run/ edge of CTest: ctest is
 * asked for its tests (`ctest --test-dir BUILD_DIR --show-only=json-v1`
 * and the words of --ctest-args), report/ctest_json.c reads them, and
 * what a test's properties make of its exit is judged here
 * (core/ctest.h).
 */
#ifndef XDIST_CTEST_LOAD_H
#define XDIST_CTEST_LOAD_H

#include "ctl.h"
#include "proto.h"

/*
 * Load the tests of c->o.from_ctest into c->tests; the properties not
 * honoured as ctest would are warnings on stderr, one line each.  Each
 * test's timeout is its TIMEOUT, --timeout and the directory's default
 * (CTestConfiguration.ini or DartConfiguration.tcl) as ctest weighs
 * them (ctest_timeout_ms).  0, or
 * EXIT_USAGE with one line in err: --dist other than load or no, no
 * CTestTestfile.cmake in the directory, ctest missing or failing (its
 * last line on stderr), a document that cannot be read.
 */
int ctest_load(struct ctl *c, struct buf *err);

/*
 * --from-ctest, after selection: the fixtures' setup and cleanup tests
 * the selected ones require are added, and c->sel is put in the order
 * DEPENDS says (ctest_arrange; the pulled-in count is a note).  With
 * --tx hosts of their own, a warning on stderr says once that the tests
 * run at this host's paths (the first selected test's
 * WORKING_DIRECTORY).  0, or -1 with the dependency cycle in err.
 */
int ctest_arrange_selection(struct ctl *c, struct buf *err);

/*
 * --from-ctest, once c->items are described: each item's after list
 * (sched.h's "Order"), the items of the selected tests its test DEPENDS
 * on, in c->ctest_after; c->ctest_keep_order set when one of those has a
 * lock.  Each item's slots are its test's PROCESSORS.
 * ctest_items_after_release frees the lists (after sched_init).
 */
void ctest_items_after(struct ctl *c);
void ctest_items_after_release(struct ctl *c);

/*
 * --from-ctest: the outcome of a test that ended as m says, o being what
 * its exit means to any test: a test with CTest properties that exited
 * (not killed, not timed out) is judged by ctest_verdict on its output,
 * and st->reason is set to the verdict's.  Any other result: o.
 */
enum outcome ctest_judge(const struct test *t, const struct proto_result *m,
			 struct run_record *st, enum outcome o);

#endif
