/*
 * select: which tests of the list run, and in which order, before the
 * scheduler sees them: -k, -m, --deselect, --partition, --sw, --shuffle.
 * Pure.
 */
#ifndef XDIST_SELECT_H
#define XDIST_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"

/*
 * What -k and -m look at in a test: its id, its command when a name
 * attribute replaced the id (else NULL), its marks ("slow,network", see
 * marks.h; NULL for none) and whether it has the xfail attribute (which is
 * the mark "xfail" too).
 */
struct select_names {
	const char *id;
	const char *cmd;
	const char *marks;
	int xfail;
};

/*
 * -k: does e keep the test?  A word matches when it is a substring of the
 * id, the command or one of the marks, ignoring ASCII case; a word with
 * * or ? is a shell glob (fnmatch, '/' not special, case ignored) that
 * must match one of them whole.
 */
int select_keyword(const struct expr *e, const struct select_names *n);

/* -m: does e keep the test?  A word matches when it is one of its marks,
   exactly (case counts). */
int select_mark(const struct expr *e, const struct select_names *n);

/* The id of test i of a caller's list. */
typedef const char *select_id_fn(const void *arg, size_t i);

/*
 * --sw: where the run starts from.  id_of(arg, 0..n) are the selected
 * tests in list order, last the test the cache names (NULL when none).
 * Returns the index of the first test with that id, or 0 when there is
 * none (then no test is skipped); *found says which.
 */
size_t select_stepwise_from(select_id_fn *id_of, const void *arg, size_t n,
			    const char *last, int *found);

/* 64-bit FNV-1a of a NUL-terminated string. */
uint64_t select_hash(const char *s);

/*
 * --partition=K/N (hash = 0: the index-th selected test goes to partition
 * index mod N + 1) or hash:K/N (by the id's hash).  1 when the test is in
 * partition k.
 */
int select_partition(int k, int n, int hash, size_t index, const char *id);

/*
 * Shuffle v[0..n) in place, Fisher-Yates driven by splitmix64 from seed:
 * the same seed always gives the same order.
 */
void select_shuffle(size_t *v, size_t n, unsigned long long seed);

#endif
