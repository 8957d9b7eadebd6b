/*
 * ctest: what the properties of a CTest test (--from-ctest) mean to a
 * run: its verdict (WILL_FAIL, SKIP_RETURN_CODE, PASS_REGULAR_EXPRESSION,
 * FAIL_REGULAR_EXPRESSION), the tests a selection pulls in and the order
 * DEPENDS and FIXTURES_* impose, and which tests a failed fixture setup
 * keeps from running.  Pure: no syscalls (regcomp and regexec only).
 *
 * Reading ctest's json-v1 document into tests is report/ctest_json.c's
 * job; the properties that map onto list attributes (TIMEOUT, RUN_SERIAL,
 * RESOURCE_LOCK, LABELS, ...) go there into struct test_attrs.
 */
#ifndef XDIST_CTEST_H
#define XDIST_CTEST_H

#include <stddef.h>

#include "buf.h"
#include "tally.h"
#include "words.h"

/* The properties of one CTest test that xdist-exec interprets itself. */
struct ctest_props {
	int will_fail;	       /* WILL_FAIL */
	int skip_code;	       /* SKIP_RETURN_CODE, or -1 */
	int disabled;	       /* DISABLED: skipped, never run */
	int unavailable;       /* no command: ctest could not find it */
	int processors;	       /* PROCESSORS: worker slots it holds */
	int has_timeout;       /* TIMEOUT was given */
	double timeout_s;      /* TIMEOUT, as given (ctest_timeout_ms says
				  what it means) */
	struct words pass_re;  /* PASS_REGULAR_EXPRESSION */
	struct words fail_re;  /* FAIL_REGULAR_EXPRESSION */
	struct words skip_re;  /* SKIP_REGULAR_EXPRESSION */
	struct words bad_re;   /* the expressions above cmsys cannot
				       compile, each a note (ctest_add_regex) */
	struct words setup;    /* FIXTURES_SETUP */
	struct words cleanup;  /* FIXTURES_CLEANUP */
	struct words required; /* FIXTURES_REQUIRED */
	struct words locks;    /* RESOURCE_LOCK but the first (which
				       is the test's lock attribute) */
	char *workdir;	       /* WORKING_DIRECTORY, or NULL (owned) */
	struct words env;      /* ENVIRONMENT: NAME=VALUE each; after
				  ctest_env_modify, also NAME alone:
				  NAME unset */
	struct words envmod;   /* ENVIRONMENT_MODIFICATION:
				       NAME=OP:VALUE each */
	struct words depends;  /* DEPENDS (ctest adds the fixtures') */
};

/* A fresh struct with skip_code -1 (free with ctest_props_free). */
struct ctest_props *ctest_props_new(void);
void ctest_props_free(struct ctest_props *p);
/* A copy of p, every string its own (free with ctest_props_free); NULL
   for NULL. */
struct ctest_props *ctest_props_copy(const struct ctest_props *p);
/*
 * 1 when a test with properties a and one with b (either NULL: none) run
 * in the same environment: the same ENVIRONMENT and
 * ENVIRONMENT_MODIFICATION, in the same order, and the same
 * WORKING_DIRECTORY.  Cases of two tests that differ so never share a
 * process (--gtest-batch).
 */
int ctest_props_same_env(const struct ctest_props *a,
			 const struct ctest_props *b);

/*
 * Check a CTest regular expression (CMake's syntax, cmake_re.h: what
 * cmsys compiles is good).  0, or -1 with the reason in err ("bad
 * regular expression 'a(b': unmatched parentheses").
 */
int ctest_regex_check(const char *re, struct buf *err);

/*
 * Add re, the value of property prop (PASS_REGULAR_EXPRESSION,
 * FAIL_REGULAR_EXPRESSION or SKIP_REGULAR_EXPRESSION) of p, to res (the
 * list of p that holds prop's).  An expression cmsys cannot compile is
 * kept and matches nothing, as in ctest (which runs and judges the test
 * all the same); it is noted in p->bad_re ("PASS_REGULAR_EXPRESSION 'a**'
 * matches nothing (bad regular expression: nested *?+)").  Returns 1 for
 * such an expression, else 0.
 */
int ctest_add_regex(struct ctest_props *p, struct words *res, const char *prop,
		    const char *re);

/*
 * The verdict of a test that exited with code, having written out (len
 * bytes; the expressions see them as ctest does, cmake_re_output: a NUL
 * byte ends a line), as ctest gives it:
 *   - SKIP_RETURN_CODE equal to code, or a SKIP_REGULAR_EXPRESSION that
 *     matches: skipped;
 *   - with PASS_REGULAR_EXPRESSION, the exit code is ignored: passed when
 *     one matches, else failed;
 *   - without, passed when code is 0;
 *   - a FAIL_REGULAR_EXPRESSION that matches makes it failed;
 *   - WILL_FAIL turns passed into failed and failed into passed.
 * Appends the reason of a failure or a skip to why ("Required regular
 * expression not found. Regex=[ok]", "SKIP_RETURN_CODE=4", "exit status
 * 1", "WILL_FAIL: exited 0"), followed, when p has expressions that
 * match nothing (p->bad_re), by "; " and their notes, "; " between.
 * Returns OUTCOME_PASSED, OUTCOME_FAILED or
 * OUTCOME_SKIPPED.  A test killed by a signal or by its timeout is not
 * judged here: it fails whatever its properties say, as in ctest.
 */
enum outcome ctest_verdict(const struct ctest_props *p, int code,
			   const char *out, size_t len, struct buf *why);

/* The value of variable name in the environment the test starts from,
   or NULL when it is unset (getenv). */
typedef const char *ctest_getenv_fn(const char *name);

/*
 * Apply p->envmod (ENVIRONMENT_MODIFICATION) to p->env (ENVIRONMENT), as
 * ctest does, after ENVIRONMENT, entry by entry in order:
 * NAME=OP:VALUE with OP reset (to the value ENVIRONMENT gives, else
 * get's), set, unset, string_append, string_prepend, path_list_append,
 * path_list_prepend (':' between, as on Linux), cmake_list_append and
 * cmake_list_prepend (';' between).  A separator goes in only when the
 * value is not empty ("" or unset, appending "x" gives "x"); after
 * unset, an append or prepend starts from the value before the
 * modifications again, as ctest's does.  The
 * variables it touches leave p->env and come back at its end with their
 * final value, NAME=VALUE, or NAME alone when it ends unset.  An entry
 * without '=', without ':' after OP, or with an unknown OP is left out,
 * with a line in warn naming test and the entry (ctest does not run such
 * a test).  Returns how many entries were left out.
 */
size_t ctest_env_modify(struct ctest_props *p, const char *test,
			ctest_getenv_fn *get, struct buf *warn);

/* The name and properties of test i of the caller's list. */
typedef const char *ctest_name_fn(void *ctx, size_t i);
typedef struct ctest_props *ctest_props_fn(void *ctx, size_t i);

/*
 * Arrange the selection of a run from n tests: sel (*nsel indices, room
 * for n) gets the setup and cleanup tests of every fixture a selected
 * test requires, transitively, as ctest pulls them in (appended in list
 * order: sel is then sorted back into list order); then it is put in an
 * order where each test comes after the selected tests it DEPENDS on
 * (stable: list order where nothing says otherwise; the scheduler makes
 * each test wait for those it depends on, sched.h's "Order").  Returns
 * how many tests were pulled in, or -1 with the cycle's tests in err (the
 * dependency graph must be acyclic, as ctest says).
 */
long ctest_arrange(size_t *sel, size_t *nsel, size_t n, ctest_name_fn *name,
		   ctest_props_fn *props, void *ctx, struct buf *err);

/* The fixtures whose setup failed in this run. */
struct ctest_failed {
	struct words fixture; /* the fixture */
	struct words by;      /* the setup test that failed, same index */
};

void ctest_failed_release(struct ctest_failed *f);

/*
 * A test ended with outcome o: when it failed (outcome_is_failure, or
 * interrupted) every fixture it sets up is failed.
 */
void ctest_failed_note(struct ctest_failed *f, const char *name,
		       const struct ctest_props *p, enum outcome o);

/*
 * Why a test must not run, or NULL: "not run: fixture 'db' setup 'init'
 * failed" (an error), "not run: command not found" (an error), or
 * "disabled" (skipped: *skip set).  The string is owned by the caller.
 */
char *ctest_not_run(const struct ctest_failed *f, const struct ctest_props *p,
		    int *skip);

/* Timeouts, as ctest 3.25 gives them (ctest_timeout.c). */

/* ctest's bound on any test's time, in seconds (its "MaxDuration"): a
   TIMEOUT or a default at or above it limits nothing. */
#define CTEST_MAX_SECONDS 1e7

/*
 * The default timeout ctest gives a test without TIMEOUT, in ms, or 0 for
 * none, from the text (len bytes) of the build directory's
 * CTestConfiguration.ini, else DartConfiguration.tcl (which
 * include(CTest) writes, "TimeOut: " and DART_TESTING_TIMEOUT, 1500 by
 * default), read as ctest reads it: lines of at most 1022 characters
 * (reading stops after a longer one, its start read), blanks around a
 * line dropped, a line ending in '\\' joined to the next, '#' starting a
 * comment, KEY: VALUE with KEY exactly "TimeOut" (the last one wins);
 * VALUE read as atoi(3) reads it, whole seconds ("4.5" is 4).  None when
 * it is not above 0 or not below CTEST_MAX_SECONDS.
 */
long long ctest_config_timeout_ms(const char *text, size_t len);

/*
 * The timeout_ms attribute (testlist.h) of a test with p's TIMEOUT, under
 * --timeout option_ms (0: not given) and the build directory's default
 * default_ms (0: none), as ctest resolves its property, its --timeout and
 * its default:
 *   TIMEOUT above 0 (and below CTEST_MAX_SECONDS): that, in ms (at
 *     least 1), whatever --timeout says;
 *   no TIMEOUT, or TIMEOUT 0: --timeout when given (-1: the run's
 *     --timeout applies);
 *   else TIMEOUT 0: none (-1, with no --timeout);
 *   no TIMEOUT, or one below 0 or at CTEST_MAX_SECONDS or above (which
 *     --timeout does not replace): the default, else none (0 when
 *     --timeout is given, -1 when not).
 */
long long ctest_timeout_ms(const struct ctest_props *p, long long option_ms,
			   long long default_ms);

#endif
