/*
 * testlist: the tests of a run, parsed from command-line arguments and list
 * files.  Pure: reading the file is the caller's job.
 */
#ifndef XDIST_TESTLIST_H
#define XDIST_TESTLIST_H

#include <stddef.h>

#include "buf.h"
#include "marks.h"

struct ctest_props;

#define TESTLIST_MAX_LINE (1u << 20)

/* Attributes from a list line's trailing `#@ key=value ...` comment. */
struct test_attrs {
	char *group; /* owned, or NULL: --dist loadgroup unit */
	char *scope; /* owned, or NULL: --dist loadscope unit */
	char *lock;  /* owned, or NULL: tests sharing it never overlap */
	long long timeout_ms; /* -1: none given */
	int exclusive;	      /* runs while nothing else runs */
	char *marks; /* owned, or NULL: its marks, "slow,network" (marks.h) */
	char *xfail; /* owned, or NULL: expected to fail, for this reason (""
			when none is given) */
	unsigned isolate; /* isolate=: ISOLATE_* (isolation.h), made
			     every worker's: namespaces are per worker */
	unsigned sandbox; /* sandbox=: SANDBOX_*, this test's only */
	int tap;	  /* tap, tap=1: output read as TAP; tap=0 (-1):
			     not; 0: as --tap says */
	int split;	  /* split=: 1 + enum split_mode (gtest.h), 0 when
			     not given (--split says) */
	struct ctest_props *ctest; /* owned, or NULL: --from-ctest's
				      properties (ctest.h) */
};

/*
 * One test.  A run may list 100,000 of them, so a test keeps only its text:
 * the argv a worker execs is built when the test is sent (test_argv()).
 */
struct test {
	char *id;  /* as the user wrote it, or the name attribute (owned) */
	char *cmd; /* the command when a name attribute replaced the id
		      (owned), or NULL: the id is the command */
	struct test_attrs *attrs; /* owned, or NULL: the line had none */
	unsigned char shell;	  /* the command runs under /bin/sh -c */
	unsigned char split;	  /* the command is split on blanks into argv;
				     else it is argv[0] whole (an argument, or a
				     shell line) */
	unsigned char gtest;	  /* enum test_gtest */
	unsigned int file_at;	  /* where in test_cmd() the word naming its
				     file starts (test_locate_file()); 0: the
				     file is the program */
};

/* What --split=gtest made of a test (struct test's gtest). */
enum test_gtest {
	TEST_GTEST_NO = 0,  /* a command of the list */
	TEST_GTEST_CASE,    /* one case of a GoogleTest binary: its file is
			       the binary, its output is read for a skip
			       and an assertion's message */
	TEST_GTEST_LISTING, /* a binary whose listing failed: it runs the
			       listing again, and is an error whatever it
			       does */
};

struct testlist {
	struct test *v; /* owned */
	size_t n;
	size_t cap;
	/* --strict-markers: when set (not owned), every mark of a list line
	   must be declared there */
	const struct marks_decl *strict_marks;
};

/* The command of t: what runs, whatever the id says. */
const char *test_cmd(const struct test *t);
/* t's attributes, or all-default ones (no timeout) when it has none. */
const struct test_attrs *test_attrs_of(const struct test *t);
/*
 * The argv t runs with: a NULL-terminated array in one allocation (free()
 * it), the command split on blanks, or the command whole as argv[0].
 */
char **test_argv(const struct test *t);
/* 1 when path names an existing regular file: the caller's stat(2). */
typedef int testlist_is_file_fn(void *ctx, const char *path);

/*
 * Find the file of t, what --dist=loadfile groups by and JUnit classnames
 * are made of: the first word after the program that does not start with
 * '-' and names an existing regular file (is_file), whatever the program
 * is ("bin/bats test/a.bats", "./runner x.t", "sh t.sh", "python3 -u
 * t.py"); else the program itself.  An argument is its own file.  Words
 * are split on blanks, for a shell line too.  Sets t->file_at.
 */
void test_locate_file(struct test *t, testlist_is_file_fn *is_file, void *ctx);
/* The file of t (owned), as test_locate_file() found it. */
char *test_file(const struct test *t);
/*
 * 1 when t's file is its program named without a '/' ("true", "bats"):
 * one found in PATH, not a path relative to the current directory.
 */
int test_file_in_path(const struct test *t);

/*
 * 1 when the path (n bytes) names a script interpreter: by its last
 * component, sh, bash, dash, ksh, mksh, zsh, perl, ruby, node, lua, tclsh
 * or python*.
 */
int testlist_is_interpreter(const char *path, size_t n);
/*
 * 1 when t runs an interpreter with no script: an argument that is one, or
 * a list line (not a shell line) whose first word is one and whose other
 * words all start with '-' ("python3", "sh -e").  Such a test reads an
 * empty stdin and passes having done nothing.
 */
int test_bare_interpreter(const struct test *t);

void testlist_init(struct testlist *l);
void testlist_release(struct testlist *l);
/* Give back the room kept for tests not added (after the last list). */
void testlist_trim(struct testlist *l);

/* A new test at the end of l, all zero, for the caller to fill. */
struct test *testlist_push(struct testlist *l);
/* Free what t owns (not t itself). */
void test_release(struct test *t);
/* A copy of a (xmalloc'd, every string its own). */
struct test_attrs *test_attrs_copy(const struct test_attrs *a);

/* One test from one command-line argument: run as is, no splitting. */
void testlist_add_arg(struct testlist *l, const char *arg);
/*
 * Refuse an argument that cannot be meant as one test: a bare interpreter
 * (test_bare_interpreter), or one holding a blank that is not a file
 * (is_file), such as 'sleep 3', which would run a program called
 * "sleep 3".  Returns 0, or -1 with one line in err.
 */
int testlist_check_arg(const char *arg, testlist_is_file_fn *is_file, void *ctx,
		       struct buf *err);

/*
 * Drop every test whose id repeats an earlier test's (ids set by name=
 * count, not commands), keeping the first, in order.  Returns how many
 * were dropped.
 */
size_t testlist_drop_duplicates(struct testlist *l);

/*
 * Split a list line (n bytes) into the command and its attributes: a
 * trailing comment that starts with blank + "#@" holds blank-separated
 * key=value words with keys name, group, scope, timeout (seconds), lock,
 * exclusive (alone, or =1/0, yes/no, true/false), split (no, gtest), marks
 * (mark: the same; comma-separated names, adding up when given twice; "xfail"
 * among them sets xfail) and xfail (alone, or =REASON).  Double quotes in a
 * word keep its blanks ("xfail=\"known bug\"") and are dropped.  Sets *cmd_len
 * to the command's length (trailing blanks dropped) and fills attrs and *name
 * (owned by the caller, NULL when absent).  Returns 0, or -1 with the
 * reason in err (an unknown key, a key without a value, a bad timeout, a
 * bad mark name, an unterminated quote).
 */
int testlist_split_attrs(const char *line, size_t n, size_t *cmd_len,
			 struct test_attrs *attrs, char **name,
			 struct buf *err);
void test_attrs_release(struct test_attrs *a);

/*
 * Append the tests of a list file's contents (data, len bytes; name is
 * used in messages).  Returns 0, or -1 with "NAME:LINE: reason" in err: a
 * NUL byte, a line over TESTLIST_MAX_LINE bytes, a bad attribute, a bare
 * interpreter (test_bare_interpreter), or with l->strict_marks a mark not
 * declared there (marks_check).  Blank
 * lines and lines whose first non-blank is '#' are skipped; a trailing CR is
 * dropped.
 */
int testlist_parse(struct testlist *l, const char *name, const char *data,
		   size_t len, struct buf *err);
/*
 * The same for a file read in pieces: data holds whole lines (the last may
 * lack its newline only at the end of the file), *lineno counts the lines
 * of the pieces before and is advanced past these.
 */
int testlist_parse_more(struct testlist *l, const char *name, const char *data,
			size_t len, size_t *lineno, struct buf *err);

/*
 * One test from one command line (n bytes, no newline), as a list-file line
 * is run: split on blanks and exec'd, or under /bin/sh -c when it needs a
 * shell.  The id is the line.
 */
void testlist_add_line(struct testlist *l, const char *s, size_t n);

/* 1 when the command line needs /bin/sh to mean what it says. */
int testlist_needs_shell(const char *line);

/*
 * Append to out a list line (no newline) that runs argv[0..argc) exactly:
 * the words joined by blanks, each word that holds anything but letters,
 * digits and _ . / : , + @ % - (or '=' after the first) in single quotes
 * (so that the line runs under /bin/sh -c, which gives back the words).
 */
void testlist_format_line(struct buf *out, int argc, const char *const *argv);

#endif
