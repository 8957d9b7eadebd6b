/*
 * oneshot: a helper command run to its end.  See oneshot.h.
 *
 * Its output comes through pipes read as it runs, so that a limit on it
 * can be kept; its end is seen through a pidfd (or, on a kernel without
 * one, by asking every 50 ms), not at the pipes' EOF, which a child it
 * left behind could hold off for ever.
 */
#include "oneshot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "xio.h"

extern char **environ;

/* How long a listing may take when --timeout gives no limit. */
#define LISTING_TIMEOUT_MS 60000
/* How often the end is asked for without a pidfd. */
#define NO_PIDFD_POLL_MS 50

enum { PIPE_OUT, PIPE_ERR, PIDFD, NFDS };

struct run {
	const struct oneshot *o;
	struct buf *sink[2]; /* PIPE_OUT, PIPE_ERR: where each pipe goes */
	struct buf drop;     /* err when the caller wants none */
	int fd[NFDS];	     /* -1 once closed */
	pid_t pid;
	int status, ended;
};

/* fd moved above 0..2, which the child's are made from. */
static int above_stdio(int fd)
{
	int moved;

	if (fd < 0 || fd > 2)
		return fd;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return moved;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* One read from pipe i.  -1 on a read error (errno set). */
static int read_pipe(struct run *r, int i)
{
	char chunk[65536];
	ssize_t n = xio_read(r->fd[i], chunk, sizeof(chunk));

	if (n < 0)
		return -1;
	if (!n)
		close_fd(&r->fd[i]);
	else
		buf_add(r->sink[i], chunk, (size_t)n);
	return 0;
}

static int over_limit(const struct run *r)
{
	size_t max = r->o->max_out;

	return max &&
	       (r->sink[PIPE_OUT]->len > max || r->sink[PIPE_ERR]->len > max);
}

static void reap(struct run *r, int flags)
{
	pid_t p;

	if (r->ended)
		return;
	while ((p = waitpid(r->pid, &r->status, flags)) < 0 && errno == EINTR)
		;
	if (p == r->pid)
		r->ended = 1;
}

/*
 * Poll the pipes and the pidfd until it ends, the deadline passes or the
 * output grows past its limit.  1 when it ended, 0 when it must be
 * killed, -1 on a poll or read error (errno set).
 */
static int wait_end(struct run *r, long long deadline_ns)
{
	while (!r->ended) {
		struct pollfd p[NFDS];
		int i, n = 0, ms = -1, ready;

		for (i = 0; i < NFDS; i++)
			if (r->fd[i] >= 0)
				p[n++] = (struct pollfd){.fd = r->fd[i],
							 .events = POLLIN};
		if (r->fd[PIDFD] < 0)
			ms = NO_PIDFD_POLL_MS;
		if (deadline_ns) {
			long long left = deadline_ns - xio_now_ns();

			if (left <= 0)
				return 0;
			if (ms < 0 || left / 1000000 + 1 < ms)
				ms = (int)(left / 1000000 + 1);
		}
		ready = poll(p, (nfds_t)n, ms);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			return -1;
		for (i = 0; i < PIDFD; i++) {
			int k;

			for (k = 0; k < n && p[k].fd != r->fd[i]; k++)
				;
			if (k < n && p[k].revents && read_pipe(r, i) < 0)
				return -1;
		}
		if (over_limit(r))
			return 0;
		/* The pidfd said so, or there is none to say it. */
		reap(r, WNOHANG);
	}
	return 1;
}

/* Once it has ended: what is in the pipes now, without waiting for a
   child it left behind to close them. */
static int drain(struct run *r)
{
	for (;;) {
		struct pollfd p[2];
		int i, n = 0, ready;

		for (i = 0; i < PIDFD; i++)
			if (r->fd[i] >= 0)
				p[n++] = (struct pollfd){.fd = r->fd[i],
							 .events = POLLIN};
		if (!n)
			return 0;
		ready = poll(p, (nfds_t)n, 0);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return ready;
		for (i = 0; i < n; i++) {
			int k = p[i].fd == r->fd[PIPE_OUT] ? PIPE_OUT
							   : PIPE_ERR;

			if (p[i].revents && read_pipe(r, k) < 0)
				return -1;
		}
		if (over_limit(r))
			return 0;
	}
}

static void kill_it(struct run *r)
{
	kill(r->o->own_group ? -r->pid : r->pid, SIGKILL);
}

/* Start o with its stdout and stderr on new pipes into r. */
static int start(struct run *r, struct buf *why)
{
	const struct oneshot *o = r->o;
	char path[PATH_MAX], **envp = environ, **own = NULL;
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, in = o->in_fd, rc = -1;
	struct spawn_req req;
	enum spawn_stage stage;
	size_t n;

	if (spawn_resolve(o->argv[0], getenv("PATH"), path, sizeof(path)) < 0) {
		buf_addf(why, "cannot run '%s': %s", o->argv[0],
			 strerror(errno));
		return -1;
	}
	if (in <= 2)
		in = above_stdio(open("/dev/null", O_RDONLY | O_CLOEXEC));
	if (in < 0 || pipe2(po, O_CLOEXEC) < 0 ||
	    (po[0] = above_stdio(po[0])) < 0 ||
	    (po[1] = above_stdio(po[1])) < 0 ||
	    (!o->merge_stderr &&
	     (pipe2(pe, O_CLOEXEC) < 0 || (pe[0] = above_stdio(pe[0])) < 0 ||
	      (pe[1] = above_stdio(pe[1])) < 0))) {
		buf_addf(why, "cannot set up '%s': %s", o->argv[0],
			 strerror(errno));
		goto out;
	}
	if (o->extra_env) {
		for (n = 0; environ[n]; n++)
			;
		own = xcalloc(n + 2, sizeof(*own));
		memcpy(own, environ, n * sizeof(*own));
		own[n] = (char *)o->extra_env;
		envp = own;
	}
	memset(&req, 0, sizeof(req));
	req.path = path;
	req.argv = o->argv;
	req.envp = envp;
	req.fd0 = in;
	req.fd1 = po[1];
	req.fd2 = o->merge_stderr ? po[1] : pe[1];
	req.new_pgroup = o->own_group;
	req.pdeathsig = o->pdeathsig;
	r->pid = spawn_start(&req, &stage);
	if (r->pid < 0) {
		buf_addf(why, "cannot %s '%s': %s", spawn_stage_name(stage),
			 o->argv[0], strerror(errno));
		goto out;
	}
	r->fd[PIPE_OUT] = po[0];
	r->fd[PIPE_ERR] = pe[0];
	po[0] = pe[0] = -1;
	rc = 0;
out:
	free(own);
	close_fd(&po[0]);
	close_fd(&po[1]);
	close_fd(&pe[0]);
	close_fd(&pe[1]);
	if (in != o->in_fd)
		close_fd(&in);
	return rc;
}

int oneshot_run(const struct oneshot *o, struct buf *out, struct buf *err,
		int *status, struct buf *why)
{
	const char *name = o->name ? o->name : "it";
	struct run r = {.o = o, .drop = BUF_INIT, .fd = {-1, -1, -1}};
	long long deadline;
	int done;

	r.sink[PIPE_OUT] = out;
	r.sink[PIPE_ERR] = err && !o->merge_stderr ? err : &r.drop;
	if (start(&r, why) < 0)
		return -1;
	r.fd[PIDFD] = (int)syscall(SYS_pidfd_open, r.pid, 0);
	deadline =
		o->timeout_ms > 0 ? xio_now_ns() + o->timeout_ms * 1000000 : 0;
	done = wait_end(&r, deadline);
	if (done > 0)
		done = drain(&r) < 0 ? -1 : !over_limit(&r);
	if (done <= 0 && !r.ended)
		kill_it(&r);
	reap(&r, 0);
	/* A child it left behind, in its group, goes too. */
	if (o->own_group)
		kill(-r.pid, SIGKILL);
	if (done < 0)
		buf_addf(why, "cannot read what '%s' printed: %s", o->argv[0],
			 strerror(errno));
	else if (!done && over_limit(&r))
		buf_addf(why, "%s printed over %zu MiB", name,
			 o->max_out >> 20);
	else if (!done)
		buf_addf(why, "%s did not end in %.3gs", name,
			 (double)o->timeout_ms / 1e3);
	else
		*status = r.status;
	close_fd(&r.fd[PIPE_OUT]);
	close_fd(&r.fd[PIPE_ERR]);
	close_fd(&r.fd[PIDFD]);
	buf_release(&r.drop);
	return done > 0 ? 0 : -1;
}

char *oneshot_last_line(const char *s)
{
	const char *end = s + strlen(s), *b;

	while (end > s &&
	       (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	if (end == s)
		return NULL;
	for (b = end; b > s && b[-1] != '\n'; b--)
		;
	return xstrndup(b, (size_t)(end - b));
}

int oneshot_check(const struct oneshot *o, struct buf *out, struct buf *why)
{
	struct buf err = BUF_INIT;
	char *line;
	int status = 0;

	if (oneshot_run(o, out, &err, &status, why) < 0) {
		buf_release(&err);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		buf_release(&err);
		return 0;
	}
	line = err.data ? oneshot_last_line(err.data) : NULL;
	if (line)
		buf_adds(why, line);
	else if (WIFEXITED(status))
		buf_addf(why, "%s exited with status %d", o->argv[0],
			 WEXITSTATUS(status));
	else
		buf_addf(why, "%s killed by signal %d", o->argv[0],
			 WTERMSIG(status));
	free(line);
	buf_release(&err);
	return -1;
}

long long oneshot_listing_timeout_ms(long long timeout_ms)
{
	return timeout_ms > 0 ? timeout_ms : LISTING_TIMEOUT_MS;
}
