/*
 * junit: the --junitxml report, JUnit XML as Jenkins, GitLab and GitHub
 * test reporters read it (the layout pytest writes; tests/junit.xsd is its
 * schema):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites>
 *     <testsuite name="xdist-exec" tests= failures= errors= skipped=
 *                time= timestamp= hostname=>
 *       <properties>  testrunuid, workers  </properties>
 *       <testcase classname= name= time=>
 *         <properties><property name="worker" value="gw1"/> (flaky=N)
 *         </properties>
 *         <failure message= type="failed|timeout|crashed">reason</failure>
 *         | <error message= type="error">reason</error>
 *         | <skipped message=/>   (type="pytest.xfail" when xfailed;
 *                                     an xpass is a pass, as in pytest)
 *         <system-out>output</system-out>
 *       </testcase> ...
 *     </testsuite>
 *   </testsuites>
 *
 * Built with libxml2's xmlTextWriter, streamed through a write callback so
 * that nothing here does I/O and the document is never held whole in
 * memory.  Every string handed in may hold any bytes: each is repaired with
 * textsafe (TEXTSAFE_XML) before libxml2 sees it, so the document is
 * well-formed whatever the tests printed or were called.
 */
#ifndef XDIST_JUNIT_H
#define XDIST_JUNIT_H

#include <stddef.h>

#include "buf.h"
#include "report.h"

/*
 * Where the document goes: write n bytes of p.  Returns 0, or -1 with errno
 * set, which makes the junit_* call that wrote fail with that errno.
 */
/*
 * Load libxml2 (dynlib.h): once, before junit_init.  0, or -1 with one
 * line in err.  A run that writes no JUnit never maps libxml2, ICU or the
 * C++ runtime.
 */
int junit_load(struct buf *err);

typedef int junit_write_fn(void *ctx, const char *p, size_t n);

/* A junit_write_fn appending to the struct buf that ctx points to. */
int junit_write_buf(void *ctx, const char *p, size_t n);

/* One <testcase>: plain data, nothing owned, any bytes. */
struct junit_case {
	const char *classname;
	const char *name;
	double seconds;
	enum outcome outcome; /* OUTCOME_PASSED .. OUTCOME_XPASSED */
	int crashed;	      /* FAILED because its worker died */
	const char *reason;   /* the message; NULL: a default per outcome */
	const char *worker;   /* "gw1", "master"; NULL: never ran */
	const char *sandbox;  /* its XDIST_SANDBOX ("nonet,deny:ptrace");
				 NULL: no filter */
	int attempts;	      /* with OUTCOME_FLAKY: the passing attempt */
	const char *out;      /* captured output, out_len bytes; may be NULL */
	size_t out_len;
};

/* The <testsuite> element's attributes. */
struct junit_suite {
	const char *name; /* "xdist-exec" */
	size_t tests, failures, errors, skipped;
	double seconds;
	const char *timestamp;	/* "2024-05-01T12:34:56", local time */
	const char *hostname;	/* any bytes */
	const char *testrunuid; /* NULL: no property */
	int workers;		/* < 0: no property */
};

/* Count tc in the suite's totals (what junit_add_case will write). */
void junit_count(struct junit_suite *s, const struct junit_case *tc);

/*
 * The class of a test's file, pytest's convention: the path relative to
 * rootdir, its last part without its extension, '/' turned into '.'
 * ("test/a.bats" -> "test.a", "./t0001-init.sh" -> "t0001-init").  A
 * relative file is taken from cwd; "." and ".." parts are resolved as
 * written.  A file outside rootdir keeps its absolute path, without the
 * leading '/' ("/usr/bin/true" -> "usr.bin.true"); one found in PATH
 * (in_path: a program named without '/') is its name ("true").  cwd and
 * rootdir are absolute; either NULL or "" takes the file as it is.
 * Appends "xdist-exec" when nothing is left.
 */
void junit_file_class(const char *file, int in_path, const char *cwd,
		      const char *rootdir, struct buf *out);

/*
 * <testcase> naming, from the run's id (as reported) and the class of the
 * test's file (junit_file_class):
 *   id with "::": a pytest node id: classname = the part before the first
 *                 "::" as a path, without its extension, and the parts up
 *                 to the last "::", joined with '.' ("t/a.sh::g::c" ->
 *                 "t.a.g"), name = the rest;
 *   otherwise:    classname = file_class, name = the id.
 * Both are appended to their bufs, unrepaired (junit_add_case repairs).
 */
/*
 * A GoogleTest case's names (--split=gtest), after junit_names on its
 * "PROGRAM::Suite.Name": the suite moves from name to classname, which
 * becomes "PROGRAM.Suite" (its '/' kept), name "Name".  A name without a
 * '.' is left.
 */
void junit_gtest_names(struct buf *classname, struct buf *name);
/*
 * The names of a GoogleTest case shown as label, which starts with its id
 * (id_len bytes: "PROGRAM::Suite.Name", or "PROGRAM::Suite.Name[ARGS]"
 * whose "[ARGS]" starts at args_at, gtest_cases_args_at; id_len when
 * none): junit_names and junit_gtest_names on the label without its
 * arguments, which then follow Name ("Name[ARGS] [1/2]"), whatever "::"
 * or '.' they hold.
 */
void junit_gtest_case_names(const char *label, size_t id_len, size_t args_at,
			    const char *file_class, struct buf *classname,
			    struct buf *name);
void junit_names(const char *id, const char *file_class, struct buf *classname,
		 struct buf *name);

/* The document being written; one owner; junit_release frees it. */
struct junit {
	void *writer; /* xmlTextWriterPtr; NULL before init, after release */
	junit_write_fn *fn;
	void *ctx;
	int err; /* first errno the callback reported, or 0 */
	struct buf tmp;
};

/*
 * Start the document: the declaration, <testsuites>, <testsuite> with s's
 * totals (count the cases first with junit_count) and its properties.
 * Returns 0, or -1 with errno set (what fn failed with, or EIO).  Call
 * junit_release in either case.
 */
int junit_init(struct junit *j, junit_write_fn *fn, void *ctx,
	       const struct junit_suite *s);

/* Write one <testcase>.  0, or -1 with errno set. */
int junit_add_case(struct junit *j, const struct junit_case *tc);

/*
 * Close the elements and flush everything to fn.  0, or -1 with errno set.
 * The document is complete only when this returned 0.
 */
int junit_finish(struct junit *j);

/* Free the writer (flushing what it holds, errors ignored). */
void junit_release(struct junit *j);

#endif
