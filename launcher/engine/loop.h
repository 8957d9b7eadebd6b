/*
 * loop: the one place that waits.  An epoll set with a signalfd in it; the
 * caller blocks the signals (loop_init does) and gets them as events.
 * Deadlines are CLOCK_MONOTONIC nanoseconds (xio_now_ns); timers are the
 * epoll_wait timeout, so a caller keeps its own earliest deadline.
 *
 * Owns: epfd and sigfd (both close-on-exec), closed by loop_release.
 */
#ifndef XDIST_LOOP_H
#define XDIST_LOOP_H

#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

#define LOOP_TAG_SIGNAL UINT64_MAX

struct loop {
	int epfd;
	int sigfd;
};

/* Block sigs and watch them.  Returns 0 or -1 with errno set. */
int loop_init(struct loop *l, const sigset_t *sigs);
void loop_release(struct loop *l);

/* Watch fd for events (EPOLLIN...), reported with tag.  0 or -1. */
int loop_add(struct loop *l, int fd, uint64_t tag, uint32_t events);
int loop_del(struct loop *l, int fd);

/*
 * Wait for events until deadline_ns (0: no deadline).  Returns the number of
 * events (0 on timeout), or -1 with errno set.  EINTR is retried.
 */
int loop_wait(struct loop *l, struct epoll_event *ev, int max,
	      long long deadline_ns);

/* Take one pending signal: 1 with *si set, 0 when none, -1 on error. */
int loop_signal(struct loop *l, struct signalfd_siginfo *si);

/* Make fd non-blocking.  0 or -1. */
int loop_nonblock(int fd);

#endif
