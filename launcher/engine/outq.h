/*
 * outq: a buffered writer for one fd that never blocks the event loop.
 *
 * outq_write appends and writes at once what the fd takes; the rest stays
 * queued, in order.  The caller watches outq_fd for EPOLLOUT while
 * outq_pending is non-zero and calls outq_flush when it is ready.  At the
 * end of a run outq_drain waits (poll) for a reader to take the rest, up
 * to a deadline, and can be woken by another fd (the loop's signalfd).
 *
 * A write error (EPIPE: the reader of `| head` is gone; EIO...) drops what
 * is queued and every later write: the first errno is kept (outq_error),
 * and nothing else happens: a closed stdout must not stop a run.
 *
 * Our stdout (outq_open_stdout) is special: O_NONBLOCK is a flag of the
 * open file description, which fd 1 shares with the shell and whatever
 * else it started; set on a terminal, the shell would see EAGAIN after
 * we exit.  So it is never set on fd 1 itself:
 *   - a pipe, FIFO or terminal is opened anew through /proc/self/fd/1:
 *     the same pipe or tty, in a description of our own, opened with
 *     O_NONBLOCK (and O_NOCTTY: no terminal becomes ours by accident).
 *     A FIFO whose reader is gone fails that open (ENXIO) instead of
 *     blocking, and so does a kernel without /proc: both fall back to
 *     plain blocking writes to fd 1;
 *   - a regular file (or a block device) never blocks: fd 1 is written
 *     as it is, so its offset stays shared with the shell
 *     (`{ xdist-exec ...; echo; } >log` appends after our text);
 *   - a socket is written with send(MSG_DONTWAIT), which is non-blocking
 *     for that call only;
 *   - anything else (a character device other than a terminal) gets
 *     plain blocking writes: such an fd has no reader to wait for.
 * A blocking outq never has bytes pending and needs no EPOLLOUT.
 *
 * Owns: the queued bytes, and the fd when outq_open_stdout opened one of
 * its own (closed by outq_release); an fd given to outq_init stays the
 * caller's (who sets it non-blocking, or accepts blocking writes).
 * Not async-signal-safe (it allocates).
 */
#ifndef XDIST_OUTQ_H
#define XDIST_OUTQ_H

#include <stddef.h>

#include "buf.h"

enum outq_mode {
	OUTQ_WRITE, /* write(); the fd may be non-blocking or not */
	OUTQ_SEND,  /* send(MSG_DONTWAIT): a socket */
};

struct outq {
	int fd;		     /* -1: none (writes are dropped) */
	int owned;	     /* fd is ours: closed by outq_release */
	enum outq_mode mode; /* how bytes go out */
	struct buf q;	     /* queued bytes; q.data + off is next */
	size_t off;	     /* bytes of q already written */
	int err;	     /* first write error, or 0 */
	int watched;	     /* for the caller: EPOLLOUT registered */
};

/* A queue writing to fd (not owned; -1 for none). */
void outq_init(struct outq *q, int fd);

/*
 * A queue for our stdout fd (normally 1), chosen as above.  Never fails:
 * when no non-blocking way exists, writes block as they always did.
 */
void outq_open_stdout(struct outq *q, int fd);

/* Free the queued bytes; close the fd if owned.  Preserves errno. */
void outq_release(struct outq *q);

/*
 * Queue len bytes and write what the fd takes now.  Returns 0 (written or
 * queued), or -1 with errno set when the queue has failed (now or before:
 * the bytes are dropped, errno is the remembered error).
 */
int outq_write(struct outq *q, const void *data, size_t len);

/*
 * Write what is queued, as far as the fd takes it without blocking.
 * Returns 1 while bytes remain, 0 when none, -1 (errno set) when the
 * queue has failed.
 */
int outq_flush(struct outq *q);

/* Bytes queued and not yet written. */
size_t outq_pending(const struct outq *q);

/* The fd to watch for EPOLLOUT (meaningful while bytes are pending). */
int outq_fd(const struct outq *q);

/* The first write error, or 0. */
int outq_error(const struct outq *q);

/*
 * Wait until every queued byte is written: 0.  Gives up with -1 and errno
 * ETIMEDOUT at deadline_ns (CLOCK_MONOTONIC, xio_now_ns; 0: no deadline),
 * EINTR as soon as wake_fd (-1: none) is readable, or the write error;
 * on ETIMEDOUT and EINTR the bytes stay queued.
 */
int outq_drain(struct outq *q, long long deadline_ns, int wake_fd);

#endif
