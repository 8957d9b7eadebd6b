#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "select.h"
#include "xio.h"

int cache_duration_line(const char *line, size_t n, long long *ns,
			size_t *id_off)
{
	const char *tab = memchr(line, '\t', n);
	long long v = 0;
	const char *p;

	if (!tab || tab == line || tab + 1 == line + n || memchr(line, '\0', n))
		return 0;
	for (p = line; p < tab; p++) {
		if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	*ns = v;
	*id_off = (size_t)(tab + 1 - line);
	return 1;
}

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

		for (j = (size_t)select_hash(id) & mask; x->slots[j];
		     j = (j + 1) & mask)
			if (!strcmp(id_of(arg, x->slots[j] - 1), id))
				break;
		if (!x->slots[j])
			x->slots[j] = i + 1;
	}
}

size_t cache_index_find(const struct cache_index *x, const char *id)
{
	size_t mask = x->cap - 1, j;

	for (j = (size_t)select_hash(id) & mask; x->slots[j];
	     j = (j + 1) & mask)
		if (!strcmp(x->id_of(x->arg, x->slots[j] - 1), id))
			return x->slots[j] - 1;
	return CACHE_NONE;
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

/*
 * The id of a line from next_line(): of the durations file (its duration
 * into *ns) or of lastfailed.  NULL for a malformed line, to be skipped.
 */
static const char *entry_id(const struct buf *line, int durations,
			    long long *ns)
{
	size_t at;

	if (!line->len)
		return NULL;
	if (durations)
		return cache_duration_line(line->data, line->len, ns, &at)
			       ? line->data + at
			       : NULL;
	return memchr(line->data, '\0', line->len) ? NULL : line->data;
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

void cache_lookup(const struct cache *c, size_t n, cache_id_fn id_of,
		  const void *arg, long long *dur, unsigned char *failed)
{
	struct cache_index x;
	struct buf line = BUF_INIT;
	const char *id;
	long long ns;
	size_t i;
	FILE *f;

	for (i = 0; i < n; i++) {
		dur[i] = -1;
		failed[i] = 0;
	}
	if (!n || c->ignore)
		return;
	cache_index_build(&x, n, id_of, arg);
	/* Unreadable files count as empty: a cache is only a hint. */
	if ((f = open_lines(c, "durations"))) {
		while (next_line(f, &line))
			if ((id = entry_id(&line, 1, &ns)) &&
			    (i = cache_index_find(&x, id)) != CACHE_NONE)
				dur[i] = ns;
		fclose(f);
	}
	if ((f = open_lines(c, "lastfailed"))) {
		while (next_line(f, &line))
			if ((id = entry_id(&line, 0, &ns)) &&
			    (i = cache_index_find(&x, id)) != CACHE_NONE)
				failed[i] = 1;
		fclose(f);
	}
	/* A repeated id: what its first position found. */
	for (i = 0; i < n; i++) {
		size_t first = cache_index_find(&x, id_of(arg, i));

		dur[i] = dur[first];
		failed[i] = failed[first];
	}
	buf_release(&line);
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

/*
 * Does the old line (the id of an entry) stay in the new file?  Not when
 * this run has its own entry for the id, or (lastfailed) passed.
 */
static int keeps_line(const struct cache_index *x, const struct cache_result *r,
		      const char *id, int durations)
{
	size_t i = cache_index_find(x, id);

	if (i == CACHE_NONE)
		return 1;
	return durations ? r[i].duration_ns < 0 : r[i].failed < 0;
}

/*
 * Write the new dir/name to f: the old lines kept, then this run's.
 * Returns 0, or -1 with errno set when the old file exists but could not
 * be read to its end (replacing it would lose other runs' entries).
 */
static int merge_into(struct cache *c, const char *name, FILE *f,
		      const struct cache_index *x, const struct cache_result *r,
		      size_t n, int durations)
{
	FILE *old = open_lines(c, name);
	struct buf line = BUF_INIT;
	const char *id;
	long long ns;
	size_t i;
	int e;

	/* Missing, or a planted link (O_NOFOLLOW): nothing of ours to keep,
	   and the rename replaces the link without following it. */
	if (!old && errno != ENOENT && errno != ELOOP)
		return -1;
	while (old && next_line(old, &line))
		if ((id = entry_id(&line, durations, &ns)) &&
		    keeps_line(x, r, id, durations))
			fprintf(f, "%s\n", line.data);
	buf_release(&line);
	if (old) {
		e = ferror(old) ? (errno ? errno : EIO) : 0;
		fclose(old);
		if (e) {
			errno = e;
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		/* A repeat (merged into its first), or an id the line-based
		   files cannot hold. */
		if (cache_index_find(x, r[i].id) != i || strchr(r[i].id, '\n'))
			continue;
		if (durations && r[i].duration_ns >= 0)
			fprintf(f, "%lld\t%s\n", r[i].duration_ns, r[i].id);
		else if (!durations && r[i].failed == 1)
			fprintf(f, "%s\n", r[i].id);
	}
	return 0;
}

/* Replace dir/name by the merge: write a temp file, rename. */
static int replace_file(struct cache *c, const char *name,
			const struct cache_index *x,
			const struct cache_result *res, size_t n, int durations)
{
	char *tmp = xasprintf("%s/.%s.%ld.tmp", c->dir, name, (long)getpid());
	char *dst = path_of(c, name);
	int fd, bad, closed, rc = -1, e;
	FILE *f;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0)
		goto out;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		goto fail;
	}
	if (merge_into(c, name, f, x, res, n, durations) < 0) {
		e = errno;
		fclose(f);
		errno = e;
		goto fail;
	}
	errno = 0;
	bad = ferror(f);
	closed = fclose(f);
	if (bad || closed) {
		if (!errno)
			errno = EIO;
		goto fail;
	}
	if (rename(tmp, dst) == 0) {
		rc = 0;
		goto out;
	}
fail:
	e = errno;
	unlink(tmp);
	errno = e;
out:
	e = errno;
	free(tmp);
	free(dst);
	errno = e;
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
	}
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			goto out;
	/* The files are read again under the lock: what another run saved
	   since we started counts too. */
	if (replace_file(c, "durations", &x, r, n, 1) < 0 ||
	    replace_file(c, "lastfailed", &x, r, n, 0) < 0)
		goto out;
	rc = 0;
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
