/*
 * marks: the marks of a test (a list line's `#@ marks=slow,network`) and
 * the markers a project declares (xdist-exec.ini's `markers`), for -m,
 * --strict-markers and --markers.  Pure.
 *
 * A mark name is ASCII letters, digits, '_', '-' and '.', not "and", "or"
 * or "not" (which -m reads as operators).  A test's marks are kept as one
 * string, the names in the order first given, separated by commas
 * ("slow,network"): a test holds few, and 100,000 tests hold them cheaply.
 * "xfail" is a built-in mark: always declared, and the mark of a test with
 * the xfail attribute.
 */
#ifndef XDIST_MARKS_H
#define XDIST_MARKS_H

#include <stddef.h>

#include "buf.h"
#include "expr.h"

#define MARKS_XFAIL "xfail"

/* 1 when s (n bytes) is a mark name. */
int marks_valid_name(const char *s, size_t n);

/*
 * A marks= value: names separated by commas (blanks around them
 * dropped).  Appends the names not in *list yet to *list (owned, NULL for
 * none; a comma-separated string).  Returns 0, or -1 with the reason in
 * err ("'a b' is not a mark name (letters, digits, '_', '-', '.')", "no
 * mark named").
 */
int marks_add(char **list, const char *value, struct buf *err);

/*
 * The mark a name from elsewhere (a CTest label, which may hold any
 * character but ';') is spelled as, appended to out: every run of bytes a
 * mark name cannot hold turned into one '_' ("a,b" and "needs network"
 * give a_b and needs_network, "c++" c_), and "and", "or" or "not"
 * followed by '_'; "_" for an empty name.  Returns 1 when that differs
 * from name, else 0.
 */
int marks_spell(struct buf *out, const char *name);

/* 1 when list (may be NULL) holds the mark name (n bytes). */
int marks_has(const char *list, const char *name, size_t n);

/* The markers a project declares, in the order declared. */
struct marks_decl {
	char **names; /* owned */
	char **lines; /* the declaration as written, trimmed (owned) */
	size_t n;
};

void marks_decl_init(struct marks_decl *d);
void marks_decl_release(struct marks_decl *d);

/*
 * One line of the ini's markers: "NAME", "NAME: description" or
 * "NAME(ARGS): description", as pytest reads them.  A blank line declares
 * nothing.  Returns 0, or -1 with the reason in err ("'a b' is not a mark
 * name ...").
 */
int marks_declare(struct marks_decl *d, const char *line, struct buf *err);

/* 1 when name (n bytes) is declared, or is the built-in xfail. */
int marks_declared(const struct marks_decl *d, const char *name, size_t n);

/*
 * --strict-markers for a test's marks: 0 when every mark in list (may be
 * NULL) is declared, else -1 with "'NAME' not found in `markers`
 * configuration option" (pytest's words) in err.
 */
int marks_check(const struct marks_decl *d, const char *list, struct buf *err);

/*
 * --strict-markers for a -m expression: 0 when every word of e is
 * declared, else -1 with "Unknown marker(s) in '-m' expression: a, b. Use
 * 'xdist-exec --markers' to see available markers." in err (the unknown
 * names sorted, each once).
 */
int marks_check_expr(const struct marks_decl *d, const struct expr *e,
		     struct buf *err);

/*
 * --markers: one line per declared marker, as declared, then the
 * built-in xfail.
 */
void marks_describe(const struct marks_decl *d, struct buf *out);

#endif
