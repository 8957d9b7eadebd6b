#include "junit_cases.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "xio.h"

/* A record: this header, then desc, reason and yaml back to back. */
struct rec {
	uint64_t run, number;
	uint32_t attempt, status;
	uint32_t desc_len, reason_len, yaml_len;
	uint32_t has; /* 1: a reason, 2: a yaml block */
};

void junit_cases_init(struct junit_cases *s)
{
	s->fd = -1;
	s->end = 0;
	s->err = 0;
}

void junit_cases_release(struct junit_cases *s)
{
	int e = errno;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	errno = e;
}

static int create(struct junit_cases *s, const char *dir)
{
	s->fd = xio_unnamed_file(dir);
	return s->fd < 0 ? -1 : 0;
}

int junit_cases_add(struct junit_cases *s, const char *dir, size_t run,
		    int attempt, const struct tap_case *c)
{
	struct buf b = BUF_INIT;
	struct rec r;
	int rc = 0;

	if (s->err) {
		errno = s->err;
		return -1;
	}
	if (s->fd < 0 && create(s, dir) < 0) {
		s->err = errno;
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.run = run;
	r.number = c->number;
	r.attempt = (uint32_t)attempt;
	r.status = (uint32_t)c->status;
	r.desc_len = (uint32_t)c->desc_len;
	r.reason_len = (uint32_t)c->reason_len;
	r.yaml_len = (uint32_t)c->yaml_len;
	r.has = (c->reason ? 1u : 0u) | (c->yaml ? 2u : 0u);
	buf_add(&b, &r, sizeof(r));
	buf_add(&b, c->desc, c->desc_len);
	buf_add(&b, c->reason, c->reason_len);
	buf_add(&b, c->yaml, c->yaml_len);
	if (xio_pwrite_all(s->fd, b.data, b.len, s->end) < 0) {
		s->err = errno;
		rc = -1;
	} else {
		s->end += (off_t)b.len;
	}
	buf_release(&b);
	return rc;
}

int junit_cases_each(const struct junit_cases *s, junit_cases_fn *fn, void *arg)
{
	struct buf b = BUF_INIT;
	struct tap_case c;
	struct rec r;
	off_t at = 0;
	size_t n;
	int rc = 0;

	while (s->fd >= 0 && at < s->end) {
		errno = EIO; /* a short read sets none */
		if (xio_pread_full(s->fd, &r, sizeof(r), at) !=
		    (ssize_t)sizeof(r))
			goto fail;
		at += (off_t)sizeof(r);
		n = (size_t)r.desc_len + r.reason_len + r.yaml_len;
		buf_reset(&b);
		buf_grow(&b, n + 1);
		if (n && xio_pread_full(s->fd, b.data, n, at) != (ssize_t)n)
			goto fail;
		at += (off_t)n;
		memset(&c, 0, sizeof(c));
		c.number = (unsigned long)r.number;
		c.status = (enum tap_status)r.status;
		c.desc = b.data;
		c.desc_len = r.desc_len;
		c.reason = r.has & 1 ? b.data + r.desc_len : NULL;
		c.reason_len = r.reason_len;
		c.yaml = r.has & 2 ? b.data + r.desc_len + r.reason_len : NULL;
		c.yaml_len = r.yaml_len;
		rc = fn(arg, (size_t)r.run, (int)r.attempt, &c);
		if (rc)
			break;
	}
	buf_release(&b);
	return rc;
fail:
	buf_release(&b);
	return -1;
}
