#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xio.h"

void capture_init(struct capture *c, size_t max_output)
{
	if (max_output < 2)
		max_output = 2;
	c->fd = -1;
	c->head = max_output / 2;
	c->tail = max_output - c->head;
	c->total = 0;
	c->lost_errno = 0;
}

int capture_open(struct capture *c, const char *dir)
{
	c->fd = xio_unnamed_file(dir);
	return c->fd < 0 ? -1 : 0;
}

void capture_release(struct capture *c)
{
	int e = errno;

	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	errno = e;
}

int capture_reset(struct capture *c)
{
	c->total = 0;
	c->lost_errno = 0;
	return ftruncate(c->fd, 0);
}

off_t capture_where(const struct capture *c, unsigned long long pos,
		    size_t *room)
{
	size_t r;

	if (pos < c->head) {
		*room = c->head - (size_t)pos;
		return (off_t)pos;
	}
	r = (size_t)((pos - c->head) % c->tail);
	*room = c->tail - r;
	return (off_t)(c->head + r);
}

void capture_add(struct capture *c, const void *data, size_t n)
{
	const char *p = data;
	unsigned long long pos = c->total;

	c->total += n;
	while (n > 0) {
		size_t room;
		off_t off = capture_where(c, pos, &room);

		if (room > n)
			room = n;
		/* A full disk loses output, never the run; the report
		   says so. */
		if (xio_pwrite_all(c->fd, p, room, off) < 0 && !c->lost_errno)
			c->lost_errno = errno;
		p += room;
		pos += room;
		n -= room;
	}
}

static void add_file_range(const struct capture *c, struct buf *b, off_t off,
			   size_t len)
{
	ssize_t n;

	buf_grow(b, len);
	n = xio_pread_full(c->fd, b->data + b->len, len, off);
	if (n > 0)
		b->len += (size_t)n;
	b->data[b->len] = '\0';
}

int capture_collect(const struct capture *c, struct buf *head, struct buf *tail)
{
	size_t r;

	if (c->total <= c->head + c->tail) {
		add_file_range(c, head, 0, (size_t)c->total);
		return 0;
	}
	/* The ring's oldest byte is where the next one would go. */
	r = (size_t)((c->total - c->head) % c->tail);
	add_file_range(c, head, 0, c->head);
	add_file_range(c, tail, (off_t)(c->head + r), c->tail - r);
	add_file_range(c, tail, (off_t)c->head, r);
	return 1;
}

void capture_peek(const struct capture *c, struct buf *out, size_t max)
{
	size_t n = c->head < max ? c->head : max;

	if (c->total < n)
		n = (size_t)c->total;
	add_file_range(c, out, 0, n);
}
