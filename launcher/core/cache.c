#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "textsafe.h"
#include "xio.h"

void cache_index_build(struct cache_index *x, size_t n, cache_id_fn id_of,
		       const void *arg)
{
	size_t i;

	x->id_of = id_of;
	x->arg = arg;
	/* At most half full: probe chains stay short. */
	for (x->cap = 64; x->cap < n * 2; x->cap *= 2)
		;
	x->slots = xcalloc(x->cap, sizeof(*x->slots));
	for (i = 0; i < n; i++) {
		const char *id = id_of(arg, i);
		size_t mask = x->cap - 1, j;

		for (j = (size_t)textsafe_hash(id, strlen(id)) & mask;
		     x->slots[j]; j = (j + 1) & mask)
			if (!strcmp(id_of(arg, x->slots[j] - 1), id))
				break;
		if (!x->slots[j])
			x->slots[j] = i + 1;
	}
}

size_t cache_index_find_n(const struct cache_index *x, const char *id, size_t n)
{
	size_t mask = x->cap - 1, j;

	for (j = (size_t)textsafe_hash(id, n) & mask; x->slots[j];
	     j = (j + 1) & mask) {
		const char *k = x->id_of(x->arg, x->slots[j] - 1);

		if (!strncmp(k, id, n) && k[n] == '\0')
			return x->slots[j] - 1;
	}
	return CACHE_NONE;
}

size_t cache_index_find(const struct cache_index *x, const char *id)
{
	return cache_index_find_n(x, id, strlen(id));
}

void cache_index_release(struct cache_index *x)
{
	free(x->slots);
	memset(x, 0, sizeof(*x));
}

static char *path_of(const struct cache *c, const char *name)
{
	return xasprintf("%s/%s", c->dir, name);
}

/* Open dir/name for reading line by line; NULL with errno set if not. */
static FILE *open_lines(const struct cache *c, const char *name)
{
	char *p = path_of(c, name);
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), e;
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	e = errno;
	if (fd >= 0 && !f)
		close(fd);
	free(p);
	errno = e;
	return f;
}

/*
 * The next line of f into b, its newline dropped: 1, or 0 at the end of
 * the file or on a read error (ferror() tells).  A line longer than
 * CACHE_MAX_LINE is no entry of ours and is skipped: memory never holds
 * more than one line that long, whatever the file holds.
 */
static int next_line(FILE *f, struct buf *b)
{
	int ch = 0;

	while (ch != EOF) {
		int over = 0;

		buf_reset(b);
		while ((ch = getc_unlocked(f)) != EOF && ch != '\n') {
			if (b->len < CACHE_MAX_LINE)
				buf_addch(b, (char)ch);
			else
				over = 1;
		}
		if (!over && (b->len || ch == '\n'))
			return 1;
	}
	return 0;
}

int cache_open(struct cache *c, const char *dir, int clear)
{
	static const char *const files[] = {"durations", "lastfailed",
					    "stepwise", NULL};
	int i;

	c->dir = xstrdup(dir ? dir : ".xdist-exec");
	c->ignore = 0;
	if (!clear)
		return 0;
	for (i = 0; files[i]; i++) {
		char *p = path_of(c, files[i]);
		int r = unlink(p), e = errno;

		free(p);
		if (r < 0 && e != ENOENT && e != ENOTDIR) {
			/* Asked to forget it: what is left is not read. */
			c->ignore = 1;
			errno = e;
			return -1;
		}
	}
	return 0;
}

void cache_release(struct cache *c)
{
	free(c->dir);
	c->dir = NULL;
}

/*
 * A cache file mapped for reading (p NULL when empty).  A scan through it
 * lets go of what it has read, a window at a time (let_go), so memory
 * stays bounded whatever the file's size.
 */
struct mapped {
	char *p;
	size_t n;
	size_t gone; /* the pages before this are let go */
};

#define SCAN_WINDOW ((size_t)16 * 1024)

/*
 * Map dir/name: 0 (a missing file, or a planted link that O_NOFOLLOW
 * refuses, is empty), or -1 with errno set (EISDIR for a directory).
 */
static int map_file(const struct cache *c, const char *name, struct mapped *m)
{
	char *path = path_of(c, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), e = 0;
	struct stat st;
	void *p;

	e = errno;
	free(path);
	memset(m, 0, sizeof(*m));
	if (fd < 0) {
		errno = e;
		return e == ENOENT || e == ELOOP ? 0 : -1;
	}
	e = 0;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	else if (st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			 0);
		if (p == MAP_FAILED) {
			e = errno;
		} else {
			m->p = p;
			m->n = (size_t)st.st_size;
		}
	}
	close(fd);
	errno = e;
	return e ? -1 : 0;
}

static void unmap(struct mapped *m)
{
	if (m->p)
		munmap(m->p, m->n);
	memset(m, 0, sizeof(*m));
}

/* A scan is past byte off: let go of the whole windows before it (of
   whole pages, where a page is larger than SCAN_WINDOW). */
static void let_go(struct mapped *m, size_t off)
{
	static size_t win;
	size_t k;

	if (!win) {
		long page = sysconf(_SC_PAGESIZE);

		win = page > (long)SCAN_WINDOW ? (size_t)page : SCAN_WINDOW;
	}
	k = off - off % win;

	if (k > m->gone) {
		madvise(m->p + m->gone, k - m->gone, MADV_DONTNEED);
		m->gone = k;
	}
}

/*
 * The next id of a lastfailed file from *at: non-empty lines without a NUL
 * and not too long; its last line counts without a newline too (the file
 * is only ever replaced whole).
 */
static int next_failed(const struct mapped *m, size_t *at, const char **id,
		       size_t *len)
{
	while (*at < m->n) {
		const char *s = m->p + *at;
		const char *nl = memchr(s, '\n', m->n - *at);
		size_t l = nl ? (size_t)(nl - s) : m->n - *at;

		*at += l + (nl != NULL);
		if (l && l <= CACHE_MAX_LINE && !memchr(s, '\0', l)) {
			*id = s;
			*len = l;
			return 1;
		}
	}
	return 0;
}

/*
 * A binary search a test touches a few lines; a scan, every byte once:
 * searching pays while the run has fewer tests than this many bytes of
 * sorted entries each (measured on 10,000 entries of 53 bytes: searching
 * 1,000 tests took 1.1 ms, scanning 1.3; 2,000, 1.5 both ways).
 */
#define SEARCH_BYTES 256

static void lookup_durations(const struct cache *c, const struct cache_index *x,
			     size_t n, long long *dur)
{
	struct mapped m;
	size_t lo, hi, at = 0, len, i;
	const char *id;
	long long ns;

	if (map_file(c, "durations", &m) < 0 || !m.p)
		return;
	if (cachefile_sorted(m.p, m.n, &lo, &hi)) {
		at = lo;
		if (n < (hi - lo) / SEARCH_BYTES) {
			for (i = 0; i < n; i++) {
				const char *s = x->id_of(x->arg, i);

				if (cachefile_find(m.p, lo, hi, s, strlen(s),
						   &ns))
					dur[i] = ns;
			}
			at = hi;
		}
	}
	/* The lines appended since (or all of a file without the sorted
	   part), in order: the last of an id wins. */
	while (cachefile_next_entry(m.p, m.n, &at, &id, &len, &ns)) {
		if ((i = cache_index_find_n(x, id, len)) != CACHE_NONE)
			dur[i] = ns;
		let_go(&m, at);
	}
	unmap(&m);
}

void cache_lookup(const struct cache *c, size_t n, cache_id_fn id_of,
		  const void *arg, long long *dur, unsigned char *failed)
{
	struct cache_index x;
	struct mapped m;
	const char *id;
	size_t i, at = 0, len;

	for (i = 0; i < n; i++) {
		dur[i] = -1;
		failed[i] = 0;
	}
	if (!n || c->ignore)
		return;
	cache_index_build(&x, n, id_of, arg);
	/* Unreadable files count as empty: a cache is only a hint. */
	lookup_durations(c, &x, n, dur);
	if (map_file(c, "lastfailed", &m) == 0 && m.p) {
		while (next_failed(&m, &at, &id, &len)) {
			if ((i = cache_index_find_n(&x, id, len)) != CACHE_NONE)
				failed[i] = 1;
			let_go(&m, at);
		}
		unmap(&m);
	}
	/* A repeated id: what its first position found. */
	for (i = 0; i < n; i++) {
		size_t first = cache_index_find(&x, id_of(arg, i));

		dur[i] = dur[first];
		failed[i] = failed[first];
	}
	cache_index_release(&x);
}

static void write_small(struct cache *c, const char *name, const char *text)
{
	char *p = path_of(c, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		      0644);

	if (fd >= 0) {
		xio_write_all(fd, text, strlen(text));
		close(fd);
	}
	free(p);
}

static const char *result_id(const void *arg, size_t i)
{
	return ((const struct cache_result *)arg)[i].id;
}

/* Is r[i] the result the files take for its id (the first of a repeated
   id, and one a line can hold)? */
static int is_entry(const struct cache_index *x, const struct cache_result *r,
		    size_t i)
{
	return cache_index_find(x, r[i].id) == i && !strchr(r[i].id, '\n');
}

/* A new dir/name, written to a temporary file renamed over it. */
struct temp {
	int fd;
	char *tmp; /* owned */
};

static int temp_open(struct cache *c, const char *name, struct temp *t)
{
	t->tmp = xasprintf("%s/.%s.%ld.tmp", c->dir, name, (long)getpid());
	unlink(t->tmp);
	t->fd = open(t->tmp,
		     O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		     0644);
	if (t->fd >= 0)
		return 0;
	free(t->tmp);
	t->tmp = NULL;
	return -1;
}

/* Close t and, when ok (all of it written), rename it over dir/name; else
   remove it.  Returns 0, or -1 with errno set. */
static int temp_finish(struct cache *c, const char *name, struct temp *t,
		       int ok)
{
	char *dst = path_of(c, name);
	int e = errno, rc = -1;

	if (close(t->fd) < 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (ok && rename(t->tmp, dst) == 0)
		rc = 0;
	else {
		if (ok)
			e = errno;
		unlink(t->tmp);
	}
	free(t->tmp);
	free(dst);
	t->tmp = NULL;
	errno = e;
	return rc;
}

/* Where a rewrite's lines go: a buffer written out a window at a time. */
struct sink {
	int fd;
	struct buf b;
	size_t total;
	struct mapped *from; /* what the merge reads, let go as it goes */
};

#define SINK_FLUSH ((size_t)16 * 1024)

static int sink_out(void *arg, const char *s, size_t n, size_t done)
{
	struct sink *k = arg;

	buf_add(&k->b, s, n);
	k->total += n;
	if (k->b.len < SINK_FLUSH)
		return 0;
	let_go(k->from, done);
	if (xio_write_all(k->fd, k->b.data, k->b.len) < 0)
		return -1;
	buf_reset(&k->b);
	return 0;
}

/* Does r go into durations: the run timed it, and a line can hold it?
   (Repeats of an id were merged into the first and hold -1.) */
static int records(const struct cache_result *r)
{
	return r->duration_ns >= 0 && !strchr(r->id, '\n');
}

static void add_entry(struct cachefile_entry *v, size_t *nv, const char *id,
		      size_t len, long long ns)
{
	v[*nv] = (struct cachefile_entry){id, ns, (unsigned)len, (unsigned)*nv};
	++*nv;
}

/*
 * Write durations anew into t, sorted: the sorted part of m [lo, hi)
 * merged with the lines appended after hi and this run's entries.
 * Returns 0, 1 when the sorted part turned out not to be in order (edited
 * by hand: t is incomplete), or -1 with errno set.
 */
static int write_sorted(struct temp *t, struct mapped *m, size_t lo, size_t hi,
			const struct cache_result *r, size_t n)
{
	struct cachefile_entry *v;
	struct sink k = {.fd = t->fd, .b = BUF_INIT, .from = m};
	char head[CACHEFILE_HEAD_LEN + 1];
	size_t nv = 0, at = hi, len, i;
	const char *id;
	long long ns;
	int rc = -1;

	/* Counted first: one block of the size needed. */
	while (m->p && cachefile_next_entry(m->p, m->n, &at, &id, &len, &ns))
		nv++;
	for (i = 0; i < n; i++)
		nv += records(&r[i]);
	v = xcalloc(nv ? nv : 1, sizeof(*v));
	nv = 0;
	at = hi;
	while (m->p && cachefile_next_entry(m->p, m->n, &at, &id, &len, &ns))
		add_entry(v, &nv, id, len, ns);
	for (i = 0; i < n; i++)
		if (records(&r[i]))
			add_entry(v, &nv, r[i].id, strlen(r[i].id),
				  r[i].duration_ns);
	nv = cachefile_sort(v, nv);
	/* The comment line's byte count is known at the end. */
	cachefile_head(head, CACHEFILE_HEAD_LEN);
	if (xio_write_all(t->fd, head, CACHEFILE_HEAD_LEN) < 0)
		goto out;
	rc = cachefile_merge(m->p, lo, hi, v, nv, sink_out, &k);
	if (rc)
		goto out;
	rc = -1;
	cachefile_head(head, CACHEFILE_HEAD_LEN + k.total);
	if (xio_write_all(t->fd, k.b.data, k.b.len) == 0 &&
	    xio_pwrite_all(t->fd, head, CACHEFILE_HEAD_LEN, 0) == 0)
		rc = 0;
out:
	buf_release(&k.b);
	free(v);
	return rc;
}

/*
 * Rewrite durations sorted, by rename.  A sorted part found out of order
 * is read again as appended lines.
 */
static int rewrite_durations(struct cache *c, struct mapped *m, size_t lo,
			     size_t hi, const struct cache_result *r, size_t n)
{
	struct temp t;
	int rc;

	for (;;) {
		if (temp_open(c, "durations", &t) < 0)
			return -1;
		rc = write_sorted(&t, m, lo, hi, r, n);
		if (rc <= 0)
			return temp_finish(c, "durations", &t, rc == 0);
		temp_finish(c, "durations", &t, 0);
		lo = hi = 0;
	}
}

/* Append this run's lines (bytes in all) to durations. */
static int append_durations(struct cache *c, const struct mapped *m,
			    const struct cache_result *r, size_t n,
			    size_t bytes)
{
	char *p = path_of(c, "durations");
	int fd = open(p, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW), ok, e;
	struct buf add = BUF_INIT;
	size_t i;

	free(p);
	if (fd < 0)
		return -1;
	/* After an append cut short, a NUL and a newline first: the cut
	   line (maybe a valid line of a cut id) becomes a malformed one,
	   which every reader skips and a rewrite drops; ours are whole. */
	if (m->p[m->n - 1] != '\n')
		buf_add(&add, "\0\n", 2);
	buf_grow(&add, bytes);
	for (i = 0; i < n; i++)
		if (records(&r[i]))
			buf_addf(&add, "%lld\t%s\n", r[i].duration_ns, r[i].id);
	/* One write: another reader sees all of it or none. */
	ok = xio_write_all(fd, add.data, add.len) == 0;
	e = errno;
	if (close(fd) < 0 && ok) {
		ok = 0;
		e = errno;
	}
	buf_release(&add);
	errno = e;
	return ok ? 0 : -1;
}

/*
 * This run's durations into the file: appended while the appended part
 * stays small, else the file rewritten sorted.  Nothing is written when
 * the run recorded no duration.
 */
static int save_durations(struct cache *c, const struct cache_result *r,
			  size_t n)
{
	struct mapped m;
	size_t lo, hi, i, bytes = 0;
	int rc = 0, e;

	/* Missing, or a planted link (O_NOFOLLOW): nothing of ours to keep,
	   and the rename replaces the link without following it.  One that
	   cannot be read is not replaced: others' entries would be lost. */
	if (map_file(c, "durations", &m) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (records(&r[i]))
			bytes += (size_t)snprintf(NULL, 0, "%lld",
						  r[i].duration_ns) +
				 strlen(r[i].id) + 2;
	if (bytes) {
		cachefile_sorted(m.p, m.n, &lo, &hi);
		if (m.p && m.n - hi + bytes <= CACHEFILE_TAIL_MAX)
			rc = append_durations(c, &m, r, n, bytes);
		else
			rc = rewrite_durations(c, &m, lo, hi, r, n);
	}
	e = errno;
	unmap(&m);
	errno = e;
	return rc;
}

/*
 * lastfailed: this run's failures added, its passes removed; the lines of
 * tests it did not run kept.  Rewritten only when that changes it.
 */
static int save_failed(struct cache *c, const struct cache_index *x,
		       const struct cache_result *r, size_t n)
{
	unsigned char *seen = xcalloc(n ? n : 1, 1);
	int change = 0, ok = 1, rc = -1;
	const char *id;
	struct mapped m;
	struct buf b = BUF_INIT;
	struct temp t;
	size_t i, at = 0, len;

	if (map_file(c, "lastfailed", &m) < 0)
		goto out;
	while (next_failed(&m, &at, &id, &len))
		if ((i = cache_index_find_n(x, id, len)) != CACHE_NONE) {
			seen[i] = 1;
			change |= r[i].failed == 0;
		}
	for (i = 0; i < n; i++)
		change |= is_entry(x, r, i) && r[i].failed == 1 && !seen[i];
	rc = 0;
	if (!change)
		goto out;
	if ((rc = temp_open(c, "lastfailed", &t)) < 0)
		goto out;
	at = 0;
	while (ok && next_failed(&m, &at, &id, &len)) {
		i = cache_index_find_n(x, id, len);
		if (i != CACHE_NONE && r[i].failed == 0)
			continue;
		buf_add(&b, id, len);
		buf_addch(&b, '\n');
		if (b.len >= SINK_FLUSH) {
			ok = xio_write_all(t.fd, b.data, b.len) == 0;
			buf_reset(&b);
		}
	}
	for (i = 0; i < n; i++)
		if (is_entry(x, r, i) && r[i].failed == 1 && !seen[i])
			buf_addf(&b, "%s\n", r[i].id);
	ok = ok && xio_write_all(t.fd, b.data, b.len) == 0;
	rc = temp_finish(c, "lastfailed", &t, ok);
out:
	ok = errno;
	unmap(&m);
	buf_release(&b);
	free(seen);
	errno = ok;
	return rc;
}

/* mkdir -p: --cache-dir may name a path none of which exists yet. */
static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int r = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			r = -1;
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		r = -1;
	free(p);
	return r;
}

int cache_save(struct cache *c, struct cache_result *r, size_t n)
{
	struct cache_index x;
	char *lockp;
	size_t i;
	int fd, rc = -1, e;

	if (mkdir_p(c->dir) < 0)
		return -1;
	write_small(c, "CACHEDIR.TAG",
		    "Signature: 8a477f597d28d172789f06886806bc55\n"
		    "# This file is a cache directory tag created by "
		    "xdist-exec.\n");
	write_small(c, ".gitignore",
		    "# Created by xdist-exec automatically.\n*\n");
	lockp = path_of(c, "lock");
	fd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	free(lockp);
	if (fd < 0)
		return -1;
	cache_index_build(&x, n, result_id, r);
	for (i = 0; i < n; i++) {
		struct cache_result *first = &r[cache_index_find(&x, r[i].id)];

		if (first == &r[i])
			continue;
		if (r[i].duration_ns > first->duration_ns)
			first->duration_ns = r[i].duration_ns;
		if (r[i].failed > first->failed)
			first->failed = r[i].failed;
		/* Merged: the repeat records nothing of its own. */
		r[i].duration_ns = -1;
		r[i].failed = -1;
	}
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			goto out;
	/* The files are read again under the lock: what another run saved
	   since we started counts too.  lastfailed first: the index is let
	   go before a rewrite of durations needs memory of its own. */
	if (save_failed(c, &x, r, n) < 0)
		goto out;
	cache_index_release(&x);
	rc = save_durations(c, r, n);
out:
	e = errno;
	cache_index_release(&x);
	close(fd); /* drops the lock */
	errno = e;
	return rc;
}

char *cache_stepwise_get(const struct cache *c)
{
	struct buf line = BUF_INIT;
	char *id = NULL;
	FILE *f;

	if (c->ignore || !(f = open_lines(c, "stepwise")))
		return NULL;
	if (next_line(f, &line) && line.len &&
	    !memchr(line.data, '\0', line.len))
		id = buf_release_take(&line);
	fclose(f);
	buf_release(&line);
	return id;
}

int cache_stepwise_set(struct cache *c, const char *id)
{
	char *tmp, *dst;
	int fd, ok, rc = -1, e = 0;

	if (!id || strchr(id, '\n')) {
		dst = path_of(c, "stepwise");
		rc = unlink(dst) < 0 && errno != ENOENT && errno != ENOTDIR ? -1
									    : 0;
		e = errno;
		free(dst);
		errno = e;
		return rc;
	}
	if (mkdir_p(c->dir) < 0)
		return -1;
	tmp = xasprintf("%s/.stepwise.%ld.tmp", c->dir, (long)getpid());
	dst = path_of(c, "stepwise");
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0) {
		e = errno;
		goto out;
	}
	ok = xio_write_all(fd, id, strlen(id)) == 0 &&
	     xio_write_all(fd, "\n", 1) == 0;
	e = errno;
	if (close(fd) < 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (ok && rename(tmp, dst) == 0) {
		rc = 0;
		goto out;
	}
	if (ok)
		e = errno;
	unlink(tmp);
out:
	free(tmp);
	free(dst);
	errno = e;
	return rc;
}
