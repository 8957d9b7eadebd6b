#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "xio.h"

int loop_init(struct loop *l, const sigset_t *sigs)
{
	l->epfd = -1;
	l->sigfd = -1;
	if (sigprocmask(SIG_BLOCK, sigs, NULL) < 0)
		return -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -1;
	l->sigfd = signalfd(-1, sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0)
		goto fail;
	if (loop_add(l, l->sigfd, LOOP_TAG_SIGNAL, EPOLLIN) < 0)
		goto fail;
	return 0;
fail:
	loop_release(l);
	return -1;
}

void loop_release(struct loop *l)
{
	int e = errno;

	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->epfd >= 0)
		close(l->epfd);
	l->sigfd = l->epfd = -1;
	errno = e;
}

int loop_add(struct loop *l, int fd, uint64_t tag, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.u64 = tag};

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev);
}

int loop_del(struct loop *l, int fd)
{
	return epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
}

int loop_wait(struct loop *l, struct epoll_event *ev, int max,
	      long long deadline_ns)
{
	for (;;) {
		int timeout = -1, n;

		if (deadline_ns) {
			long long left = deadline_ns - xio_now_ns();

			timeout = left <= 0 ? 0
					    : (int)((left + 999999) / 1000000);
		}
		n = epoll_wait(l->epfd, ev, max, timeout);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

int loop_signal(struct loop *l, struct signalfd_siginfo *si)
{
	ssize_t n = xio_read(l->sigfd, si, sizeof(*si));

	if (n == (ssize_t)sizeof(*si))
		return 1;
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n >= 0)
		errno = EIO;
	return -1;
}

int loop_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}
