/*
 * oneshot: a helper command run to its end.  See oneshot.h.
 *
 * Its output comes through pipes read as it runs, so that a limit on it
 * can be kept; its end is seen through a pidfd (or, on a kernel without
 * one, by asking every 50 ms), not at the pipes' EOF, which a child it
 * left behind could hold off for ever.  Several run the same way at
 * once: one poll over all their pipes and pidfds (and a signalfd, so
 * that a Ctrl-C kills what they started before it kills us), each with
 * a deadline of its own, the next started as one ends.
 */
#include "oneshot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
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

/* Where a run is.  All but RUN_WAITING and RUN_DONE have a process. */
enum run_stage {
	RUN_WAITING, /* not started yet */
	RUN_GOING,   /* started, its end not seen yet */
	RUN_ENDED,   /* it ended and was reaped */
	RUN_STOP,    /* past its deadline or its output limit: to kill */
	RUN_BROKEN,  /* a poll or a read failed (err): to kill */
	RUN_CUT,     /* a signal came to us (sig): to kill */
	RUN_DONE,    /* finished: rc, status and why say how */
};

struct run {
	const struct oneshot *o;
	struct buf *sink[2]; /* PIPE_OUT, PIPE_ERR: where each pipe goes */
	struct buf drop;     /* err when the caller wants none */
	struct buf *why;
	int fd[NFDS];	/* -1 once closed */
	int slot[NFDS]; /* its place in this round's poll set, or -1 */
	pid_t pid;
	int status, ended;
	enum run_stage stage;
	int err, sig;	       /* RUN_BROKEN's errno, RUN_CUT's signal */
	long long deadline_ns; /* 0: none */
	int rc;		       /* with RUN_DONE: 0, or -1 with why */
};

static void run_init(struct run *r, const struct oneshot *o, struct buf *out,
		     struct buf *err, struct buf *why)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->sink[PIPE_OUT] = out;
	r->sink[PIPE_ERR] = err && !o->merge_stderr ? err : &r->drop;
	r->why = why;
	for (i = 0; i < NFDS; i++)
		r->fd[i] = r->slot[i] = -1;
	r->stage = RUN_WAITING;
}

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

/* Whether it has exited, seen without reaping it (WNOWAIT): until
   reap(), its pid, and the id of the process group it leads, stay ours,
   so that killing that group reaches its own children only. */
static void see_end(struct run *r)
{
	siginfo_t si;

	if (r->ended)
		return;
	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)r->pid, &si, WEXITED | WNOHANG | WNOWAIT) <
		       0 &&
	       errno == EINTR)
		;
	if (si.si_pid == r->pid)
		r->ended = 1;
}

static void reap(struct run *r)
{
	while (waitpid(r->pid, &r->status, 0) < 0 && errno == EINTR)
		;
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
	if (o->envp) {
		envp = (char **)o->envp;
	} else if (o->extra_env) {
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
	req.cwd = o->cwd;
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

/* RUN_WAITING to RUN_GOING, its deadline counted from now; RUN_DONE
   when it cannot start. */
static void begin(struct run *r)
{
	const struct oneshot *o = r->o;

	if (start(r, r->why) < 0) {
		r->stage = RUN_DONE;
		r->rc = -1;
		return;
	}
	r->fd[PIDFD] = (int)syscall(SYS_pidfd_open, r->pid, 0);
	r->deadline_ns =
		o->timeout_ms > 0 ? xio_now_ns() + o->timeout_ms * 1000000 : 0;
	r->stage = RUN_GOING;
}

/* Any stage with a process to RUN_DONE: it is killed unless it ended,
   reaped, its group killed, and why says what went wrong. */
static void finish(struct run *r)
{
	const struct oneshot *o = r->o;
	const char *name = o->name ? o->name : "it";
	int done = r->stage == RUN_ENDED ? 1 : r->stage == RUN_BROKEN ? -1 : 0;

	if (done > 0 && drain(r) < 0) {
		r->err = errno;
		done = -1;
	} else if (done > 0) {
		done = !over_limit(r);
	}
	/* A child it left behind, in its group, goes too: before it is
	   reaped, while the group's id cannot be another's. */
	if (o->own_group)
		kill(-r->pid, SIGKILL);
	else if (done <= 0 && !r->ended)
		kill(r->pid, SIGKILL);
	reap(r);
	if (done < 0)
		buf_addf(r->why, "cannot read what '%s' printed: %s",
			 o->argv[0], strerror(r->err));
	else if (!done && r->stage == RUN_CUT)
		buf_addf(r->why, "%s was killed: signal %d came", name, r->sig);
	else if (!done && over_limit(r))
		buf_addf(r->why, "%s printed over %zu MiB", name,
			 o->max_out >> 20);
	else if (!done)
		buf_addf(r->why, "%s did not end in %.3gs", name,
			 (double)o->timeout_ms / 1e3);
	close_fd(&r->fd[PIPE_OUT]);
	close_fd(&r->fd[PIPE_ERR]);
	close_fd(&r->fd[PIDFD]);
	r->rc = done > 0 ? 0 : -1;
	r->stage = RUN_DONE;
}

/* How long this round may wait, in *ms: to the nearest deadline, at
   most NO_PIDFD_POLL_MS when an end must be asked for; -1: no limit.
   1 instead when a deadline has passed (that run is RUN_STOP). */
static int round_ms(struct run **live, size_t n, int *ms)
{
	long long now = xio_now_ns(), wait = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		struct run *r = live[i];
		long long left = r->deadline_ns - now;

		if (r->deadline_ns && left <= 0) {
			r->stage = RUN_STOP;
			return 1;
		}
		if (r->deadline_ns && (wait < 0 || left / 1000000 + 1 < wait))
			wait = left / 1000000 + 1;
		if (r->fd[PIDFD] < 0 && (wait < 0 || wait > NO_PIDFD_POLL_MS))
			wait = NO_PIDFD_POLL_MS;
	}
	*ms = wait > INT_MAX ? INT_MAX : (int)wait;
	return 0;
}

/*
 * One round over the runs in flight: wait until one of them has
 * something to say (or its deadline), read what came and see which ended.
 * A run whose end came leaves RUN_GOING.  The signal read from sigfd,
 * or 0.
 */
static int one_round(struct run **live, size_t n, int sigfd, struct pollfd *p)
{
	struct signalfd_siginfo si;
	size_t i, np = 0;
	int k, ready, ms;

	if (round_ms(live, n, &ms))
		return 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < NFDS; k++) {
			live[i]->slot[k] = live[i]->fd[k] < 0 ? -1 : (int)np;
			if (live[i]->fd[k] >= 0)
				p[np++] = (struct pollfd){.fd = live[i]->fd[k],
							  .events = POLLIN};
		}
	if (sigfd >= 0)
		p[np++] = (struct pollfd){.fd = sigfd, .events = POLLIN};
	ready = poll(p, (nfds_t)np, ms);
	if (ready < 0 && errno == EINTR)
		return 0;
	for (i = 0; ready < 0 && i < n; i++) {
		live[i]->stage = RUN_BROKEN;
		live[i]->err = errno;
	}
	if (ready <= 0)
		return 0;
	if (sigfd >= 0 && p[np - 1].revents &&
	    xio_read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		return (int)si.ssi_signo;
	for (i = 0; i < n; i++) {
		struct run *r = live[i];

		for (k = 0; k < PIDFD && r->stage == RUN_GOING; k++)
			if (r->slot[k] >= 0 && p[r->slot[k]].revents &&
			    read_pipe(r, k) < 0) {
				r->stage = RUN_BROKEN;
				r->err = errno;
			}
		if (r->stage == RUN_GOING && over_limit(r))
			r->stage = RUN_STOP;
		/* The pidfd said so, or there is none to say it. */
		if (r->stage == RUN_GOING &&
		    (r->slot[PIDFD] < 0 || p[r->slot[PIDFD]].revents))
			see_end(r);
		if (r->stage == RUN_GOING && r->ended)
			r->stage = RUN_ENDED;
	}
	return 0;
}

/*
 * Run v[0..n-1] to RUN_DONE, at most at_once (>= 1) in flight, each
 * started in order as an earlier one finishes.  0, or the signal that
 * came on sigfd (>= 0: watched): then what was in flight has been
 * killed, and what was not started failed.
 */
static int run_set(struct run *v, size_t n, size_t at_once, int sigfd)
{
	struct run **live = xcalloc(at_once, sizeof(*live));
	struct pollfd *p = xcalloc(at_once * NFDS + 1, sizeof(*p));
	size_t next = 0, nlive = 0, i, kept;
	int sig = 0;

	for (;;) {
		while (!sig && nlive < at_once && next < n) {
			begin(&v[next]);
			if (v[next].stage == RUN_GOING)
				live[nlive++] = &v[next];
			next++;
		}
		if (!nlive)
			break;
		if (!sig)
			sig = one_round(live, nlive, sigfd, p);
		for (i = kept = 0; i < nlive; i++) {
			struct run *r = live[i];

			if (sig && r->stage == RUN_GOING) {
				r->stage = RUN_CUT;
				r->sig = sig;
			}
			if (r->stage == RUN_GOING)
				live[kept++] = r;
			else
				finish(r);
		}
		nlive = kept;
	}
	for (; next < n; next++) {
		v[next].stage = RUN_DONE;
		v[next].rc = -1;
		buf_addf(v[next].why, "not started: signal %d came", sig);
	}
	free(live);
	free(p);
	return sig;
}

/*
 * SIGINT, SIGTERM and SIGHUP (those neither ignored nor blocked already)
 * blocked, to be read from the signalfd returned; -1 when there is none
 * (nothing is blocked then).  old: the mask to restore.
 */
static int catch_signals(sigset_t *old)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	sigset_t set;
	size_t i;
	int fd, any = 0;

	sigemptyset(&set);
	if (sigprocmask(SIG_BLOCK, NULL, old) < 0)
		return -1;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigismember(old, sigs[i]) == 0 &&
		    sigaction(sigs[i], NULL, &sa) == 0 &&
		    ((sa.sa_flags & SA_SIGINFO) || sa.sa_handler != SIG_IGN)) {
			sigaddset(&set, sigs[i]);
			any = 1;
		}
	if (!any || sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		sigprocmask(SIG_SETMASK, old, NULL);
	return fd;
}

/* Undo catch_signals; then sig, if one came, is raised again: what it
   came for, now that nothing of ours is left running. */
static void uncatch_signals(int sigfd, const sigset_t *old, int sig)
{
	if (sigfd >= 0) {
		close(sigfd);
		sigprocmask(SIG_SETMASK, old, NULL);
	}
	if (sig)
		raise(sig);
}

int oneshot_run(const struct oneshot *o, struct buf *out, struct buf *err,
		int *status, struct buf *why)
{
	struct run r;
	sigset_t old;
	int sigfd, sig;

	run_init(&r, o, out, err, why);
	sigfd = catch_signals(&old);
	sig = run_set(&r, 1, 1, sigfd);
	if (!r.rc)
		*status = r.status;
	buf_release(&r.drop);
	uncatch_signals(sigfd, &old, sig);
	return r.rc;
}

void oneshot_run_all(struct oneshot_job *v, size_t n, int at_once)
{
	struct run *r;
	sigset_t old;
	size_t i;
	int sigfd, sig;

	if (!n)
		return;
	r = xcalloc(n, sizeof(*r));
	for (i = 0; i < n; i++)
		run_init(&r[i], &v[i].o, &v[i].out, &v[i].err, &v[i].why);
	if (at_once < 1)
		at_once = 1;
	if ((size_t)at_once > n)
		at_once = (int)n;
	sigfd = catch_signals(&old);
	sig = run_set(r, n, (size_t)at_once, sigfd);
	for (i = 0; i < n; i++) {
		v[i].rc = r[i].rc;
		v[i].status = r[i].rc ? 0 : r[i].status;
		buf_release(&r[i].drop);
	}
	free(r);
	uncatch_signals(sigfd, &old, sig);
}

void oneshot_job_release(struct oneshot_job *j)
{
	buf_release(&j->out);
	buf_release(&j->err);
	buf_release(&j->why);
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
