/*
 * buf: a growable byte buffer (the owner frees it with buf_release), and the
 * allocation helpers the launcher uses.  Not used by code linked into the
 * preload shim.
 *
 * Allocation failure aborts the process with a message: the launcher keeps
 * every child in a process group that dies with it (PR_SET_PDEATHSIG), so an
 * abort never leaves orphans behind.
 */
#ifndef XDIST_BUF_H
#define XDIST_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* owned; always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
};

#define BUF_INIT           \
	{                  \
		NULL, 0, 0 \
	}

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
/* n in decimal with a comma between thousands: 10133 as "10,133". */
void buf_add_thousands(struct buf *b, unsigned long long n);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Hand the string over to the caller (NULL if empty); b is reset. */
char *buf_release_take(struct buf *b);
/* Drop the first n bytes. */
void buf_consume(struct buf *b, size_t n);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Abort on a programmer error. */
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))
void bug_at(const char *file, int line, const char *msg)
	__attribute__((noreturn));

#endif
