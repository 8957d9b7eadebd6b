/*
 * ctest_json: the tests of a CTest build directory, read from what
 * `ctest --show-only=json-v1` prints (--from-ctest).  Pure: the document
 * is the caller's bytes; cJSON (report/cjson.h, loaded on first use)
 * parses it.
 *
 * Each test becomes a struct test: its id is the CTest name, its command
 * a list line that runs the test's argv (after `exec` when a word needs
 * quotes, so that /bin/sh -c leaves the test's process the command's).
 * The properties:
 *   TIMEOUT            struct ctest_props's has_timeout and timeout_s;
 *                      timeout_ms as ctest_timeout_ms gives it without
 *                      --timeout or a default (ctest_load applies them)
 *   RUN_SERIAL         exclusive
 *   RESOURCE_LOCK      the first is lock, the others struct ctest_props's
 *   PROCESSORS         worker slots the test holds (the scheduler caps
 *                      them at the workers)
 *   LABELS             marks (-k and -m match them), each spelled as a
 *                      mark name (marks_spell: "a,b" is a_b), a label
 *                      spelled otherwise a warning once per document
 *   WORKING_DIRECTORY, ENVIRONMENT, WILL_FAIL, SKIP_RETURN_CODE,
 *   PASS_, FAIL_ and SKIP_REGULAR_EXPRESSION, DEPENDS, FIXTURES_SETUP,
 *   FIXTURES_CLEANUP, FIXTURES_REQUIRED, DISABLED
 *                      struct ctest_props (core/ctest.h)
 * Any other property, and ENVIRONMENT entries without '=', are warnings
 * naming the test and the property: never a silent difference.  So is an
 * expression cmsys cannot compile: it matches nothing, as in ctest.
 */
#ifndef XDIST_CTEST_JSON_H
#define XDIST_CTEST_JSON_H

#include <stddef.h>

#include "buf.h"
#include "testlist.h"

/*
 * Append the tests of doc (len bytes; lines before the one it starts on,
 * where ctest prints cmsys's complaints about an expression, are
 * skipped) to l.  warn gets one line per property not honoured as ctest
 * would ("ctest: test 'b': COST ignored\n"), and one per expression cmsys
 * cannot compile, which matches nothing as in ctest ("ctest: test 'b':
 * PASS_REGULAR_EXPRESSION 'a**' matches nothing (bad regular expression:
 * nested *?+), as in ctest\n"), and one per label a mark spells
 * otherwise, at its first test.  Returns how many tests were added, or
 * -1 with one line in err (cJSON cannot be loaded, not JSON, not a
 * json-v1 document: no "tests" array or a major version other than 1, a
 * test without a name).
 */
long ctest_json_read(struct testlist *l, const char *doc, size_t len,
		     struct buf *warn, struct buf *err);

#endif
