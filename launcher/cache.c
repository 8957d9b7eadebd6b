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

struct cache_slot {
	char *id; /* owned; NULL: empty */
	long long value;
	int dead; /* deleted: keeps probe chains intact */
};

void cache_map_init(struct cache_map *m)
{
	memset(m, 0, sizeof(*m));
}

void cache_map_release(struct cache_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].id);
	free(m->slots);
	cache_map_init(m);
}

static struct cache_slot *lookup(const struct cache_map *m, const char *id)
{
	size_t i, mask;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = (size_t)select_hash(id) & mask;; i = (i + 1) & mask) {
		struct cache_slot *s = &m->slots[i];

		if (!s->id && !s->dead)
			return NULL;
		if (s->id && !strcmp(s->id, id))
			return s;
	}
}

static void grow(struct cache_map *m)
{
	struct cache_map bigger;
	size_t i;

	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.n = 0;
	bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].id) {
			size_t mask = bigger.cap - 1, j;

			for (j = (size_t)select_hash(m->slots[i].id) & mask;
			     bigger.slots[j].id; j = (j + 1) & mask)
				;
			bigger.slots[j] = m->slots[i];
			bigger.n++;
		}
	free(m->slots);
	*m = bigger;
}

void cache_map_set(struct cache_map *m, const char *id, long long value)
{
	struct cache_slot *s = lookup(m, id);
	size_t mask, i;

	if (s) {
		s->value = value;
		return;
	}
	/* Dead slots count as used: a table of tombstones must grow too. */
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	mask = m->cap - 1;
	for (i = (size_t)select_hash(id) & mask; m->slots[i].id;
	     i = (i + 1) & mask)
		;
	m->slots[i].id = xstrdup(id);
	m->slots[i].value = value;
	m->slots[i].dead = 0;
	m->n++;
}

void cache_map_del(struct cache_map *m, const char *id)
{
	struct cache_slot *s = lookup(m, id);

	if (!s)
		return;
	free(s->id);
	s->id = NULL;
	s->dead = 1;
}

int cache_map_get(const struct cache_map *m, const char *id, long long *value)
{
	const struct cache_slot *s = lookup(m, id);

	if (!s)
		return 0;
	*value = s->value;
	return 1;
}

void cache_map_each(const struct cache_map *m,
		    void (*fn)(void *arg, const char *id, long long value),
		    void *arg)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].id)
			fn(arg, m->slots[i].id, m->slots[i].value);
}

static void each_line(const char *data, size_t len,
		      void (*fn)(void *arg, const char *line, size_t n),
		      void *arg)
{
	size_t pos = 0;

	while (pos < len) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		pos += n + (nl ? 1 : 0);
		if (n && !memchr(line, '\0', n))
			fn(arg, line, n);
	}
}

static void duration_line(void *arg, const char *line, size_t n)
{
	struct cache_map *m = arg;
	const char *tab = memchr(line, '\t', n);
	long long v = 0;
	const char *p;
	char *id;

	if (!tab || tab == line || tab + 1 == line + n)
		return;
	for (p = line; p < tab; p++) {
		if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 10)
			return;
		v = v * 10 + (*p - '0');
	}
	id = xstrndup(tab + 1, (size_t)(line + n - tab - 1));
	cache_map_set(m, id, v);
	free(id);
}

void cache_parse_durations(struct cache_map *m, const char *data, size_t len)
{
	each_line(data, len, duration_line, m);
}

static void failed_line(void *arg, const char *line, size_t n)
{
	char *id = xstrndup(line, n);

	cache_map_set(arg, id, 1);
	free(id);
}

void cache_parse_lastfailed(struct cache_map *m, const char *data, size_t len)
{
	each_line(data, len, failed_line, m);
}

static char *path_of(const struct cache *c, const char *name)
{
	return xasprintf("%s/%s", c->dir, name);
}

/* Read a whole small file; a missing one is empty.  0 or -1. */
static int slurp(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	buf_reset(b);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	while ((n = xio_read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

static void read_files(struct cache *c)
{
	struct buf b = BUF_INIT;
	char *p;

	p = path_of(c, "durations");
	if (slurp(p, &b) == 0)
		cache_parse_durations(&c->durations, b.data ? b.data : "",
				      b.len);
	free(p);
	p = path_of(c, "lastfailed");
	if (slurp(p, &b) == 0)
		cache_parse_lastfailed(&c->failed, b.data ? b.data : "", b.len);
	free(p);
	buf_release(&b);
}

int cache_load(struct cache *c, const char *dir, int clear)
{
	static const char *const files[] = {"durations", "lastfailed", NULL};
	int i;

	c->dir = xstrdup(dir ? dir : ".xdist-exec");
	cache_map_init(&c->durations);
	cache_map_init(&c->failed);
	if (clear) {
		for (i = 0; files[i]; i++) {
			char *p = path_of(c, files[i]);
			int r = unlink(p);

			free(p);
			if (r < 0 && errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		return 0;
	}
	read_files(c);
	return 0;
}

void cache_release(struct cache *c)
{
	cache_map_release(&c->durations);
	cache_map_release(&c->failed);
	free(c->dir);
	c->dir = NULL;
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

struct writer {
	struct buf b;
	int durations;
};

static void format_entry(void *arg, const char *id, long long value)
{
	struct writer *w = arg;

	if (w->durations)
		buf_addf(&w->b, "%lld\t%s\n", value, id);
	else
		buf_addf(&w->b, "%s\n", id);
}

/* Replace dir/name by the map's contents: write a temp file, rename. */
static int replace_file(struct cache *c, const char *name,
			const struct cache_map *m, int durations)
{
	struct writer w = {BUF_INIT, durations};
	char *tmp = xasprintf("%s/.%s.%ld.tmp", c->dir, name, (long)getpid());
	char *dst = path_of(c, name);
	int fd, r = -1, e;

	cache_map_each(m, format_entry, &w);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0)
		goto out;
	if (xio_write_all(fd, w.b.data ? w.b.data : "", w.b.len) < 0 ||
	    close(fd) < 0) {
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, dst) < 0) {
		unlink(tmp);
		goto out;
	}
	r = 0;
out:
	e = errno;
	buf_release(&w.b);
	free(tmp);
	free(dst);
	errno = e;
	return r;
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

int cache_save(struct cache *c, const struct cache_result *r, size_t n)
{
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
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			goto out;
	/* What another run saved since we started counts too. */
	cache_map_release(&c->durations);
	cache_map_release(&c->failed);
	read_files(c);
	for (i = 0; i < n; i++) {
		/* The files are line based: such an id cannot be kept. */
		if (strchr(r[i].id, '\n'))
			continue;
		if (r[i].duration_ns >= 0)
			cache_map_set(&c->durations, r[i].id, r[i].duration_ns);
		if (r[i].failed == 1)
			cache_map_set(&c->failed, r[i].id, 1);
		else if (r[i].failed == 0)
			cache_map_del(&c->failed, r[i].id);
	}
	if (replace_file(c, "durations", &c->durations, 1) < 0 ||
	    replace_file(c, "lastfailed", &c->failed, 0) < 0)
		goto out;
	rc = 0;
out:
	e = errno;
	close(fd); /* drops the lock */
	errno = e;
	return rc;
}
