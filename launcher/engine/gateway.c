/*
 * gateway: one worker connection: its process, its pipes, its queue.
 * See gateway.h.
 */
#include "gateway.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "xio.h"

extern char **environ;

void gateway_init(struct gateway *g)
{
	memset(g, 0, sizeof(*g));
	g->to = g->from = -1;
	outq_init(&g->oq, -1);
	buf_init(&g->in);
}

int gateway_start(struct gateway *g, const struct transport *t, int err_fd,
		  struct loop *loop, uint64_t tag)
{
	int tw[2], fw[2];
	struct spawn_req req;
	enum spawn_stage stage;
	pid_t pid;

	if (pipe2(tw, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(fw, O_CLOEXEC) < 0) {
		int e = errno;

		close(tw[0]);
		close(tw[1]);
		errno = e;
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.path = t->path;
	req.exec_fd = t->exec_fd;
	req.argv = t->argv;
	req.envp = environ;
	req.fd0 = tw[0];
	req.fd1 = fw[1];
	req.fd2 = err_fd;
	req.pdeathsig = SIGTERM;
	req.new_pgroup = t->own_group;
	pid = spawn_start(&req, &stage);
	close(tw[0]);
	close(fw[1]);
	if (pid < 0 || loop_add(loop, fw[0], tag, EPOLLIN) < 0) {
		int e = errno;

		if (pid > 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
		close(tw[1]);
		close(fw[0]);
		errno = e;
		return -1;
	}
	g->pid = pid;
	g->to = tw[1];
	g->from = fw[0];
	/* Our own pipes: a worker that stops reading must not stop us. */
	loop_nonblock(g->to);
	loop_nonblock(g->from);
	outq_init(&g->oq, g->to);
	buf_reset(&g->in);
	return 0;
}

void gateway_close_to(struct gateway *g)
{
	if (g->to < 0)
		return;
	/* Closing the fd also takes it out of the epoll set: no other fd
	   shares its open file. */
	outq_release(&g->oq);
	close(g->to);
	g->to = -1;
	g->oq.watched = 0;
}

void gateway_send(struct gateway *g, const void *data, size_t len)
{
	if (g->to >= 0 && outq_write(&g->oq, data, len) < 0)
		gateway_close_to(g);
}

void gateway_flush(struct gateway *g)
{
	if (g->to >= 0 && outq_flush(&g->oq) < 0)
		gateway_close_to(g);
}

void gateway_drain_close(struct gateway *g, long long deadline_ns)
{
	if (g->to < 0)
		return;
	outq_drain(&g->oq, deadline_ns, -1);
	gateway_close_to(g);
}

enum gateway_read gateway_read(struct gateway *g, gateway_msg_fn *fn, void *arg)
{
	char chunk[65536];
	struct proto_msg m;
	enum gateway_read ret = GATEWAY_OPEN;
	size_t used;
	ssize_t n;
	int r;

	for (;;) {
		n = xio_read(g->from, chunk, sizeof(chunk));
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			ret = GATEWAY_EOF;
			break;
		}
		buf_add(&g->in, chunk, (size_t)n);
	}
	proto_msg_init(&m);
	while ((r = proto_decode(g->in.data, g->in.len, &m, &used)) == 1) {
		int stop = fn(arg, &m);

		buf_consume(&g->in, used);
		if (stop) {
			ret = GATEWAY_STOPPED;
			break;
		}
	}
	proto_msg_release(&m);
	if (r < 0 && ret != GATEWAY_STOPPED)
		ret = GATEWAY_GARBAGE;
	return ret;
}

int gateway_discard(struct gateway *g, struct loop *loop)
{
	char sink[4096];
	ssize_t n;

	if (g->from < 0)
		return 1;
	while ((n = xio_read(g->from, sink, sizeof(sink))) > 0)
		;
	if (n < 0 && errno == EAGAIN)
		return 0;
	gateway_close(g, loop);
	return 1;
}

void gateway_close(struct gateway *g, struct loop *loop)
{
	if (g->from >= 0) {
		loop_del(loop, g->from);
		close(g->from);
		g->from = -1;
	}
	gateway_close_to(g);
}

int gateway_reaped(struct gateway *g, pid_t pid)
{
	if (g->pid <= 0 || g->pid != pid)
		return 0;
	g->pid = 0;
	return 1;
}

void gateway_wait_exit(struct gateway *g, long long deadline_ns)
{
	struct pollfd p;
	int fd, status;

	if (g->pid <= 0)
		return;
	fd = (int)syscall(SYS_pidfd_open, g->pid, 0);
	if (fd >= 0) {
		p.fd = fd;
		p.events = POLLIN;
		for (;;) {
			long long left = deadline_ns - xio_now_ns();

			if (left <= 0 ||
			    poll(&p, 1, (int)(left / 1000000 + 1)) != -1 ||
			    errno != EINTR)
				break;
		}
		close(fd);
	}
	if (waitpid(g->pid, &status, WNOHANG) == 0) {
		kill(g->pid, SIGKILL);
		while (waitpid(g->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	g->pid = 0;
}

void gateway_kill(const struct gateway *g, int sig)
{
	if (g->pid > 0)
		kill(g->pid, sig);
}

void gateway_release(struct gateway *g)
{
	buf_release(&g->in);
	outq_release(&g->oq);
}
