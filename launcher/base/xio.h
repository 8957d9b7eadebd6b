/*
 * xio: the one place that deals with EINTR, EAGAIN and short transfers.
 *
 * All functions are async-signal-safe unless noted and return -1 with errno
 * set on failure.
 */
#ifndef XDIST_XIO_H
#define XDIST_XIO_H

#include <stddef.h>
#include <sys/types.h>

/* Write all of buf to a blocking fd.  Returns 0, or -1 (EPIPE, ENOSPC...). */
int xio_write_all(int fd, const void *buf, size_t len);

/* pwrite all of buf at off.  Returns 0 or -1. */
int xio_pwrite_all(int fd, const void *buf, size_t len, off_t off);

/*
 * read() that retries on EINTR.  Returns bytes read, 0 on EOF, -1 on error
 * (EAGAIN is returned to the caller for non-blocking fds).
 */
ssize_t xio_read(int fd, void *buf, size_t len);

/* Read exactly len bytes at off unless EOF comes first; returns bytes read. */
ssize_t xio_pread_full(int fd, void *buf, size_t len, off_t off);

/* Monotonic clock in nanoseconds. */
long long xio_now_ns(void);

/*
 * Remove path and everything under it, symlinks not followed; what cannot
 * be removed stays (not async-signal-safe).
 */
void xio_remove_tree(const char *path);

/*
 * An unnamed file in dir for reading and writing, close-on-exec: O_TMPFILE,
 * else (a filesystem without it) a file named .xdist-exec-XXXXXX there,
 * unlinked at once.  The fd, or -1 with errno set.
 */
int xio_unnamed_file(const char *dir);

#endif
