/*
 * cache: what one run leaves for the next (.xdist-exec/ in the directory the
 * run starts in, or --cache-dir): each test's last duration, for
 * longest-first scheduling, and the tests that failed, for --lf and --ff.
 *
 * Files (text, one entry per line, ids as the user wrote them):
 *   durations    "NANOSECONDS<TAB>ID", after a comment line saying how far
 *                the entries are sorted by id; later runs append theirs
 *                (the layout: cachefile.h)
 *   lastfailed   "ID"
 *   stepwise     "ID": where the next --sw run starts
 *   lock         flock()ed while a run merges its results in
 *   CACHEDIR.TAG, .gitignore   so backup tools and git leave it alone
 * A run maps both files at its start and looks its tests up: by binary
 * search in the sorted part of durations, then through the lines appended
 * since (few), so its start costs little whatever the cache's size.  At its
 * end it takes the lock, maps them again (another run may have written
 * since) and merges its own results in: it appends its durations while the
 * appended part is small, else writes the file anew, sorted, and renames
 * it over the old; lastfailed is replaced by rename, and only when it
 * changes.  Two runs at once never leave a torn file (an append cut short
 * is no line: what follows the last newline is ignored), and neither loses
 * the other's entries.  A scan lets go of what it has read: memory grows
 * with the run's tests, not the cache's.
 *
 * The index and the line parser are pure; cache_open,
 * cache_lookup and cache_save do the I/O.
 */
#ifndef XDIST_CACHE_H
#define XDIST_CACHE_H

#include <stddef.h>

#include "cachefile.h"

/*
 * Pure: an index of n ids the caller owns, by position: the ids are not
 * copied, so indexing a run's 100,000 tests costs a few bytes each.  A
 * repeated id is found at its first position.
 */
#define CACHE_NONE ((size_t)-1)
typedef const char *(*cache_id_fn)(const void *arg, size_t i);
struct cache_index {
	size_t *slots; /* owned: position + 1, 0 for empty */
	size_t cap;    /* a power of two */
	cache_id_fn id_of;
	const void *arg;
};
void cache_index_build(struct cache_index *x, size_t n, cache_id_fn id_of,
		       const void *arg);
/* The first position holding id, or CACHE_NONE. */
size_t cache_index_find(const struct cache_index *x, const char *id);
/* The same for the n bytes at id, which hold no NUL. */
size_t cache_index_find_n(const struct cache_index *x, const char *id,
			  size_t n);
void cache_index_release(struct cache_index *x);

/*
 * The cache directory.  Nothing of the files is held in memory: they are
 * read line by line when looked up and when merged into.
 */
struct cache {
	char *dir;  /* owned */
	int ignore; /* --cache-clear failed: what is left is not read */
};

/*
 * Use the cache in dir (NULL: ".xdist-exec"); with clear, remove its files
 * first.  A missing cache is an empty one.  Returns 0, or -1 with errno set
 * when --cache-clear could not remove it (then it is not read either).
 */
int cache_open(struct cache *c, const char *dir, int clear);
void cache_release(struct cache *c);

/*
 * What the cache knows of n ids (id_of(arg, i), owned by the caller):
 * dur[i] the last recorded duration or -1, failed[i] 1 when the id failed
 * last time, else 0.  Unreadable files count as empty.
 */
void cache_lookup(const struct cache *c, size_t n, cache_id_fn id_of,
		  const void *arg, long long *dur, unsigned char *failed);

/* What a run learnt about one test. */
struct cache_result {
	const char *id;
	long long duration_ns; /* -1: do not record */
	int failed;	       /* 1 failed/errored, 0 passed/skipped/flaky,
				  -1 did not run (keep what was there) */
};

/*
 * Merge results into the files on disk, under the lock: the durations
 * appended, or the file rewritten sorted with them merged in; lastfailed
 * rewritten when its failures change, by rename (neither file is replaced
 * when the old one could not be read). Results
 * with the same id are merged first, into the first of them (longest duration;
 * failed if any failed), so r is modified.  Returns 0, or -1 with errno set
 * (the caller warns; a cache is never worth failing a run).
 */
int cache_save(struct cache *c, struct cache_result *r, size_t n);

/*
 * --sw: the test a stepwise run starts from, kept in the file "stepwise"
 * (one id).  Returns it (owned), or NULL when there is none or the file
 * cannot be read.
 */
char *cache_stepwise_get(const struct cache *c);

/*
 * Keep id for the next --sw run (the directory is made when missing), or,
 * with id NULL, forget it (an id holding a newline is forgotten too).  The
 * file is replaced by rename.  Returns 0, or -1 with errno set.
 */
int cache_stepwise_set(struct cache *c, const char *id);

#endif
