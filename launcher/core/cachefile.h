/*
 * cachefile: the layout of the cache's durations file, on bytes in memory
 * (the caller maps the file).  Pure.
 *
 * The file is text, "NANOSECONDS<TAB>ID" a line, as it always was.  A file
 * this version writes in full starts with one comment line,
 *   # xdist-exec: sorted by id to byte 000000530162
 * saying that the lines from there up to that byte hold distinct ids in
 * byte order (memcmp), so a run looks its tests up by binary search and
 * reads a few pages, whatever the cache's size.  The lines after that byte
 * were appended by later runs, in the order they were saved: a later line
 * overrides an earlier one and the sorted part.  A run appends its entries
 * while the appended part stays small (CACHEFILE_TAIL_MAX); past that it
 * rewrites the file sorted, merging the appended lines in.
 *
 * The previous format is this one without the first line: the comment is
 * a malformed line to the previous version, which skips it (and drops it
 * when it rewrites the file), and reads the appended lines in order, the
 * last one winning, as it always did.  A file without the comment is all
 * appended lines, read from the start.
 *
 * A line is complete when it ends with a newline: the last bytes of a file
 * after its last newline are an append cut short, and ignored.
 */
#ifndef XDIST_CACHEFILE_H
#define XDIST_CACHEFILE_H

#include <stddef.h>

/* No id is longer than a list line: longer cache lines are skipped. */
#define CACHE_MAX_LINE ((1u << 20) + 32)

/*
 * Pure: one line of the durations file (n bytes, no newline): 1 with *ns and
 * *id_off (where the id starts) set when it is "NANOSECONDS<TAB>ID" with a
 * non-empty id, else 0 (malformed lines are skipped).
 */
int cache_duration_line(const char *line, size_t n, long long *ns,
			size_t *id_off);

#define CACHEFILE_HEAD "# xdist-exec: sorted by id to byte "
/* The comment line's length: the words, 12 digits, the newline. */
#define CACHEFILE_HEAD_LEN (sizeof(CACHEFILE_HEAD) - 1 + 12 + 1)

/* Appended bytes past which a save rewrites the file sorted. */
#define CACHEFILE_TAIL_MAX ((size_t)64 * 1024)

/* Byte order of two ids: <0, 0, >0, as memcmp on the common length, the
   shorter first when one is a prefix of the other. */
int cachefile_cmp(const char *a, size_t an, const char *b, size_t bn);

/* The comment line saying the sorted part ends at byte end, into out
   (CACHEFILE_HEAD_LEN bytes and a NUL). */
void cachefile_head(char *out, size_t end);

/*
 * Where the sorted part of the n bytes at p lies: 1 with [*lo, *hi) set
 * when p starts with a valid comment line, else 0 with both 0 (the whole
 * file is appended lines).
 */
int cachefile_sorted(const char *p, size_t n, size_t *lo, size_t *hi);

/*
 * The next complete line of p from *at to end: 1 with *line and *len (no
 * newline) set and *at moved past it, 0 when no newline is left.
 */
int cachefile_next(const char *p, size_t end, size_t *at, const char **line,
		   size_t *len);

/*
 * The next entry from *at to end: as cachefile_next, malformed lines and
 * lines longer than CACHE_MAX_LINE skipped; 1 with the id (*id, *idlen, not
 * NUL-terminated) and its *ns.
 */
int cachefile_next_entry(const char *p, size_t end, size_t *at, const char **id,
			 size_t *idlen, long long *ns);

/*
 * Binary search of the sorted part [lo, hi) of p for id: 1 with *ns set,
 * else 0.
 */
int cachefile_find(const char *p, size_t lo, size_t hi, const char *id,
		   size_t idlen, long long *ns);

/* Are the entries of [lo, hi) in strictly increasing id order? */
int cachefile_is_sorted(const char *p, size_t lo, size_t hi);

/* An entry to merge in: seq orders entries of one id, the highest wins. */
struct cachefile_entry {
	const char *id; /* borrowed */
	long long ns;
	unsigned len;
	unsigned seq;
};

/* Sort v by id, keep the entry with the highest seq of each id; returns
   how many are left. */
size_t cachefile_sort(struct cachefile_entry *v, size_t n);

/*
 * Write the merge of the sorted part [lo, hi) of p and the sorted, distinct
 * v[0..n) (which win over p's lines of the same id) through out, in id
 * order: the lines of p as they are, v's formatted.  done is how far into
 * p the merge has read (what the caller may let go of).  out returns 0, or
 * -1 to stop.  Returns 0; 1 when p's part turns out not to be in strictly
 * increasing order (edited by hand: the output is incomplete, to be
 * thrown away); -1 when out stopped it.
 */
typedef int (*cachefile_out_fn)(void *arg, const char *s, size_t n,
				size_t done);
int cachefile_merge(const char *p, size_t lo, size_t hi,
		    const struct cachefile_entry *v, size_t n,
		    cachefile_out_fn out, void *arg);

#endif
