/*
 * cache: what one run leaves for the next (.xdist-exec/ in the directory the
 * run starts in, or --cache-dir): each test's last duration, for
 * longest-first scheduling, and the tests that failed, for --lf and --ff.
 *
 * Files (text, one entry per line, ids as the user wrote them):
 *   durations    "NANOSECONDS<TAB>ID"
 *   lastfailed   "ID"
 *   lock         flock()ed while a run merges its results in
 *   CACHEDIR.TAG, .gitignore   so backup tools and git leave it alone
 * A run reads both files at its start and, at its end, takes the lock,
 * re-reads them (another run may have written since), merges its own
 * results in and replaces each file by rename: two runs at once never
 * leave a torn file, and neither loses the other's entries.
 *
 * The map and the parsers are pure; cache_load/cache_save do the I/O.
 */
#ifndef XDIST_CACHE_H
#define XDIST_CACHE_H

#include <stddef.h>

/* id -> value (a duration, or 1 for "failed last time"). */
struct cache_map {
	struct cache_slot *slots; /* owned; open addressing */
	size_t cap;		  /* a power of two, or 0 */
	size_t n;
};

void cache_map_init(struct cache_map *m);
void cache_map_release(struct cache_map *m);
/* Set id (copied) to value. */
void cache_map_set(struct cache_map *m, const char *id, long long value);
void cache_map_del(struct cache_map *m, const char *id);
/* 1 with *value set when present, else 0. */
int cache_map_get(const struct cache_map *m, const char *id, long long *value);
/* Visit every entry, in no particular order. */
void cache_map_each(const struct cache_map *m,
		    void (*fn)(void *arg, const char *id, long long value),
		    void *arg);

/* Pure: parse a durations file into m; malformed lines are skipped. */
void cache_parse_durations(struct cache_map *m, const char *data, size_t len);
/* Pure: parse a lastfailed file into m (value 1). */
void cache_parse_lastfailed(struct cache_map *m, const char *data, size_t len);

struct cache {
	char *dir; /* owned */
	struct cache_map durations;
	struct cache_map failed;
};

/*
 * Read the cache in dir (NULL: ".xdist-exec"); with clear, remove its files
 * first.  A missing cache is an empty one.  Returns 0, or -1 with errno set
 * when --cache-clear could not remove it.
 */
int cache_load(struct cache *c, const char *dir, int clear);
void cache_release(struct cache *c);

/* What a run learnt about one test. */
struct cache_result {
	const char *id;
	long long duration_ns; /* -1: do not record */
	int failed;	       /* 1 failed/errored, 0 passed/skipped/flaky,
				  -1 did not run (keep what was there) */
};

/*
 * Merge results into the files on disk, under the lock.  Returns 0, or -1
 * with errno set (the caller warns; a cache is never worth failing a run).
 */
int cache_save(struct cache *c, const struct cache_result *r, size_t n);

#endif
