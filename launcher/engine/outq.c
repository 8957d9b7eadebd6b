#include "outq.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xio.h"

/* Past this many written bytes at the head, the queue is compacted. */
#define OUTQ_COMPACT 65536

void outq_init(struct outq *q, int fd)
{
	q->fd = fd;
	q->owned = 0;
	q->mode = OUTQ_WRITE;
	buf_init(&q->q);
	q->off = 0;
	q->err = 0;
	q->watched = 0;
}

void outq_open_stdout(struct outq *q, int fd)
{
	struct stat st;
	char path[64];
	int nfd;

	outq_init(q, fd);
	if (fstat(fd, &st) < 0)
		return;
	if (S_ISSOCK(st.st_mode)) {
		q->mode = OUTQ_SEND;
		return;
	}
	if (!S_ISFIFO(st.st_mode) && !(S_ISCHR(st.st_mode) && isatty(fd)))
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	nfd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (nfd < 0)
		return;
	q->fd = nfd;
	q->owned = 1;
}

void outq_release(struct outq *q)
{
	int e = errno;

	if (q->owned && q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->owned = 0;
	buf_release(&q->q);
	q->off = 0;
	errno = e;
}

static void fail(struct outq *q, int e)
{
	if (!q->err)
		q->err = e;
	buf_release(&q->q);
	q->off = 0;
}

size_t outq_pending(const struct outq *q)
{
	return q->q.len - q->off;
}

int outq_fd(const struct outq *q)
{
	return q->fd;
}

int outq_error(const struct outq *q)
{
	return q->err;
}

int outq_flush(struct outq *q)
{
	if (q->err) {
		errno = q->err;
		return -1;
	}
	while (outq_pending(q)) {
		const char *p = q->q.data + q->off;
		size_t len = outq_pending(q);
		ssize_t n;

		if (q->mode == OUTQ_SEND)
			n = send(q->fd, p, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		else
			n = write(q->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			fail(q, n < 0 ? errno : EIO);
			errno = q->err;
			return -1;
		}
		q->off += (size_t)n;
	}
	if (!outq_pending(q)) {
		buf_reset(&q->q);
		q->off = 0;
		return 0;
	}
	if (q->off >= OUTQ_COMPACT) {
		buf_consume(&q->q, q->off);
		q->off = 0;
	}
	return 1;
}

int outq_write(struct outq *q, const void *data, size_t len)
{
	if (q->err) {
		errno = q->err;
		return -1;
	}
	if (q->fd < 0)
		return 0;
	buf_add(&q->q, data, len);
	return outq_flush(q) < 0 ? -1 : 0;
}

int outq_drain(struct outq *q, long long deadline_ns, int wake_fd)
{
	for (;;) {
		struct pollfd pfd[2] = {{.fd = q->fd, .events = POLLOUT},
					{.fd = wake_fd, .events = POLLIN}};
		int timeout = -1, n;

		n = outq_flush(q);
		if (n <= 0)
			return n;
		if (deadline_ns) {
			long long left = deadline_ns - xio_now_ns();

			if (left <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			left = (left + 999999) / 1000000;
			timeout = left > INT_MAX ? INT_MAX : (int)left;
		}
		n = poll(pfd, 2, timeout);
		if (n < 0 && errno != EINTR) {
			fail(q, errno);
			errno = q->err;
			return -1;
		}
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			errno = EINTR;
			return -1;
		}
		/* POLLERR/POLLHUP on the fd: the next write says which. */
	}
}
