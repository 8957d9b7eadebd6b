/*
 * select: which tests of the list run, and in which order, before the
 * scheduler sees them: -k, --deselect, --partition, --shuffle.  Pure.
 */
#ifndef XDIST_SELECT_H
#define XDIST_SELECT_H

#include <stddef.h>
#include <stdint.h>

/*
 * One -k pattern against a test id: a shell glob (fnmatch, '/' not special)
 * when the pattern has *, ? or [, else a substring.  "not PATTERN" inverts.
 * Returns 1 on a match.
 */
int select_keyword(const char *pattern, const char *id);

/*
 * Every -k at once: a test is kept when it matches at least one positive
 * pattern (or there is none) and no "not" pattern rejects it.
 */
int select_keywords(const char *const *patterns, size_t n, const char *id);

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
