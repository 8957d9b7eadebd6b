/*
 * capture: where a worker keeps the output of the test it runs, bounded
 * whatever the test prints.  The first `head` bytes are kept as they come;
 * after them, the last `tail` bytes, in a ring.  Both live in one unnamed
 * file in the worker directory (bytes [0, head) and [head, head + tail)),
 * never in memory: only what goes into the RESULT is read back.
 *
 * Owns: the file's fd (close-on-exec; closed by capture_release).  The
 * bufs capture_collect fills are the caller's.
 * Not async-signal-safe (capture_collect allocates).
 */
#ifndef XDIST_CAPTURE_H
#define XDIST_CAPTURE_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

struct capture {
	int fd;			  /* the unnamed file, or -1 */
	size_t head;		  /* bytes kept from the start */
	size_t tail;		  /* bytes kept from the end: the ring */
	unsigned long long total; /* bytes the current test wrote */
	int lost_errno;		  /* a write to the file failed: why, or 0 */
};

/*
 * No file yet; keep at most max_output bytes of each test (less than 2 is
 * taken as 2), half from the start, the rest from the end.
 */
void capture_init(struct capture *c, size_t max_output);

/*
 * Create the file in dir (O_TMPFILE, else a named file unlinked at once).
 * Returns 0, or -1 with errno set.
 */
int capture_open(struct capture *c, const char *dir);

/* Close the file, if any.  Preserves errno. */
void capture_release(struct capture *c);

/*
 * A new test: empty the file, zero total and lost_errno.  Returns 0, or
 * -1 with errno set (from ftruncate; the counts are zeroed all the same).
 */
int capture_reset(struct capture *c);

/*
 * Where output byte pos goes in the file; *room is how many bytes from
 * there fit before the head ends or the ring wraps.  Pure.
 */
off_t capture_where(const struct capture *c, unsigned long long pos,
		    size_t *room);

/*
 * Keep n more bytes of output.  Never fails: a failed write (a full disk)
 * loses output, never the run; the first errno is kept in lost_errno.
 */
void capture_add(struct capture *c, const void *data, size_t n);

/*
 * Read back what was kept, appending to the caller's bufs.  Returns 0 when
 * the whole output fit (all of it in head, tail untouched), 1 when it was
 * truncated: the first c->head bytes in head, the last c->tail bytes in
 * tail, in order.  A failed read leaves them short.
 */
int capture_collect(const struct capture *c, struct buf *head,
		    struct buf *tail);

/*
 * Read back at most max bytes from the start of the output (no more than
 * the head holds), appending them to out.  A failed read leaves it short.
 */
void capture_peek(const struct capture *c, struct buf *out, size_t max);

#endif
