#include "controller.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "cpus.h"
#include "ctl.h"
#include "dispatch.h"
#include "gtest_batch_run.h"
#include "env.h"
#include "filter.h"
#include "isolation.h"
#include "proto.h"
#include "results.h"
#include "remote.h"
#include "spawn.h"
#include "summary.h"
#include "terminal.h"
#include "xio.h"

#ifndef XDIST_LIBDIR
#define XDIST_LIBDIR "/usr/local/lib"
#endif
#ifndef XDIST_VERSION
#define XDIST_VERSION "0.0.0"
#endif

extern char **environ;

/* The workers on ready --tx targets, in spec order. */
static int tx_workers(const struct ctl *c)
{
	size_t i;
	int n = 0;

	for (i = 0; i < c->ntargets; i++)
		if (c->targets[i].ready)
			n += c->targets[i].spec->count;
	return n;
}

static int count_workers(struct ctl *c)
{
	const char *ov = getenv("PYTEST_XDIST_AUTO_NUM_WORKERS");
	size_t cap;
	int bad, n = cpus_local_workers(&c->o, ov, &bad);

	if (bad)
		fprintf(stderr,
			"xdist-exec: warning: "
			"PYTEST_XDIST_AUTO_NUM_WORKERS='%s' is not a "
			"count from 0 to %d; ignoring it\n",
			ov, OPT_MAX_WORKERS);
	/* --tx workers first (gw0..), then -n's local ones. */
	n += tx_workers(c);
	if (n > OPT_MAX_WORKERS)
		n = OPT_MAX_WORKERS;
	if (c->o.maxprocesses && n > c->o.maxprocesses)
		n = c->o.maxprocesses;
	if (n > 1 && c->o.dist == SCHED_NO)
		n = 1;
	/* Never more workers than there is work for them (in each mode,
	   every worker runs everything). */
	sched_units_note(&c->notes, (enum sched_mode)c->o.dist, c->nitems,
			 c->nunits, n);
	cap = c->o.dist == SCHED_EACH ? (size_t)n : c->nunits;
	if ((size_t)n > cap)
		n = (int)cap;
	return n;
}

static void make_uid(struct ctl *c)
{
	unsigned char r[16];
	size_t got = 0;
	int i;

	if (c->o.testrunuid) {
		snprintf(c->uid, sizeof(c->uid), "%s", c->o.testrunuid);
		return;
	}
	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("xdist-exec: getrandom");
			exit(EXIT_INTERNAL);
		}
		got += (size_t)n;
	}
	for (i = 0; i < 16; i++)
		snprintf(c->uid + 2 * i, 3, "%02x", r[i]);
}

static int make_run_dir(struct ctl *c)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	tmpl = xasprintf("%s/xdist-exec-XXXXXX", tmp);
	if (!mkdtemp(tmpl)) {
		int e = errno;

		free(tmpl);
		fprintf(stderr,
			"xdist-exec: cannot create a run directory in '%s': "
			"%s\n",
			tmp, strerror(e));
		return -1;
	}
	c->run_dir = tmpl;
	/*
	 * A shared lock on it for as long as we live: a worker that outlives
	 * us (SIGKILL) and finds no other holder removes the directory, which
	 * we no longer can.
	 */
	c->run_lock = open(c->run_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->run_lock >= 0 && flock(c->run_lock, LOCK_SH) < 0) {
		close(c->run_lock);
		c->run_lock = -1;
	}
	/* Failure output waits here for the final report. */
	c->spool = xio_unnamed_file(c->run_dir);
	if (c->spool < 0) {
		fprintf(stderr,
			"xdist-exec: cannot create a file in '%s': %s\n",
			c->run_dir, strerror(errno));
		rmdir(c->run_dir);
		return -1;
	}
	return 0;
}

static void remove_run_dir(struct ctl *c)
{
	if (!c->run_dir)
		return;
	if (c->o.keep_run_dir) {
		fprintf(stderr, "xdist-exec: run directory kept: %s\n",
			c->run_dir);
		return;
	}
	xio_remove_tree(c->run_dir);
}

static void shift_clocks(struct ctl *c, long long d)
{
	int i;

	if (c->session_deadline)
		c->session_deadline += d;
	if (c->kill_deadline)
		c->kill_deadline += d;
	for (i = 0; i < c->nslots; i++) {
		if (c->w[i].slow_at)
			c->w[i].slow_at += d;
		if (c->w[i].rerun_at)
			c->w[i].rerun_at += d;
	}
}

/*
 * Ctrl-Z: tell the workers to stop their tests and clocks, then stop
 * ourselves so the shell gets the terminal back; `fg` continues us.
 */
static void suspend(struct ctl *c)
{
	int i;

	term_flush(c);
	term_live_hide(c);
	c->paused_at = xio_now_ns();
	for (i = 0; i < c->nslots; i++)
		if (slot_alive(c->w[i].state))
			dispatch_send_simple(c, &c->w[i], MSG_SUSPEND);
	kill(getpid(), SIGSTOP);
}

static void resume(struct ctl *c)
{
	int i;

	if (!c->paused_at)
		return;
	shift_clocks(c, xio_now_ns() - c->paused_at);
	c->paused_at = 0;
	for (i = 0; i < c->nslots; i++)
		if (slot_alive(c->w[i].state))
			dispatch_send_simple(c, &c->w[i], MSG_RESUME);
}

static void handle_signal(struct ctl *c, int sig)
{
	int i, cols, rows;

	switch (sig) {
	case SIGCHLD:
		dispatch_reap(c);
		return;
	case SIGUSR1:
		term_status(c);
		return;
	case SIGTSTP:
		suspend(c);
		return;
	case SIGCONT:
		resume(c);
		return;
	case SIGWINCH:
		term_size(&cols, &rows);
		live_resize(&c->live, cols, rows);
		c->live_next = 0;
		return;
	default:
		break;
	}
	c->signals++;
	if (c->signals == 1) {
		report_break_line(&c->rep, &c->out);
		report_sep(&c->out, c->rep.width, '!',
			   sig == SIGINT    ? "KeyboardInterrupt"
			   : sig == SIGTERM ? "Interrupted: SIGTERM"
					    : "Interrupted: SIGHUP");
		dispatch_stop(c, STOP_SIGNAL);
		return;
	}
	/* Again: no more grace, for tests and fixtures alike. */
	c->stop = STOP_SIGNAL;
	for (i = 0; i < c->nslots; i++)
		if (slot_busy(c->w[i].state))
			dispatch_send_simple(c, &c->w[i], MSG_KILL);
}

static long long earliest(long long a, long long b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

/* EPOLLOUT on q's fd, under tag, while q has bytes pending. */
static void watch_out(struct ctl *c, struct outq *q, uint64_t tag)
{
	int want = outq_pending(q) > 0;

	if (want == q->watched)
		return;
	if (want ? loop_add(&c->loop, outq_fd(q), tag, EPOLLOUT) == 0
		 : loop_del(&c->loop, outq_fd(q)) == 0)
		q->watched = want;
}

static void watch_outputs(struct ctl *c)
{
	int i;

	watch_out(c, &c->stdout_q, TAG_STDOUT);
	for (i = 0; i < c->nslots; i++)
		if (c->w[i].gw.to >= 0)
			watch_out(c, &c->w[i].gw.oq, TAG_TO_BIT | (uint64_t)i);
}

static void event_loop(struct ctl *c)
{
	struct epoll_event ev[16];
	int i, n;

	for (;;) {
		long long deadline = 0, rr;
		int done;

		dispatch_jobs_rebalance(c);
		done = dispatch_step(c);

		term_flush(c);
		if (done)
			return;
		if (c->stop)
			deadline = c->kill_deadline;
		rr = dispatch_next_rerun(c);
		deadline = earliest(deadline, rr);
		if (c->o.slow_ms)
			deadline = earliest(deadline, term_slow_marks(c));
		/* No redraw is due while the reader lags (term_flush). */
		if (c->live_up && !outq_pending(&c->stdout_q))
			deadline = earliest(deadline, c->live_next);
		if (!c->stop && c->session_deadline) {
			if (xio_now_ns() >= c->session_deadline) {
				report_break_line(&c->rep, &c->out);
				report_sep(&c->out, c->rep.width, '!',
					   "session timeout reached");
				dispatch_stop(c, STOP_SESSION_TIMEOUT);
				continue;
			}
			deadline = earliest(deadline, c->session_deadline);
		}
		watch_outputs(c);
		n = loop_wait(&c->loop, ev, 16, deadline);
		if (n < 0) {
			term_warn(c, "epoll_wait: %s", strerror(errno));
			c->stop = STOP_INTERNAL;
			return;
		}
		if (c->stop && xio_now_ns() >= c->kill_deadline) {
			/* Workers still running a test or a setup long after
			   its grace ignore us: kill them; their tests die
			   with them (PR_SET_PDEATHSIG).  Teardowns are let
			   be: they are what cleans up. */
			for (i = 0; i < c->nslots; i++) {
				struct wslot *w = &c->w[i];

				if (dispatch_interruptible(c, w))
					gateway_kill(&w->gw, SIGKILL);
			}
			c->kill_deadline = xio_now_ns() + WORKER_SLACK_NS;
		}
		for (i = 0; i < n; i++) {
			struct signalfd_siginfo si;
			struct wslot *w;

			if (ev[i].data.u64 == LOOP_TAG_SIGNAL) {
				while (loop_signal(&c->loop, &si) == 1)
					handle_signal(c, (int)si.ssi_signo);
				continue;
			}
			if (ev[i].data.u64 == TAG_JOBSERVER) {
				/* A token may be free: dispatch_step() tries
				 * again. */
				loop_del(&c->loop, c->js.rfd);
				c->js_waiting = 0;
				continue;
			}
			if (ev[i].data.u64 == TAG_STDOUT) {
				outq_flush(&c->stdout_q);
				continue;
			}
			if (ev[i].data.u64 & TAG_TO_BIT) {
				w = &c->w[ev[i].data.u64 & ~TAG_TO_BIT];
				gateway_flush(&w->gw);
				continue;
			}
			w = &c->w[ev[i].data.u64];
			if (slot_alive(w->state))
				results_read_worker(c, w);
		}
	}
}

/* Tell every worker to go, then wait for them (bounded). */
static void shutdown_workers(struct ctl *c)
{
	long long deadline = xio_now_ns() + 5000000000LL;
	int i, alive;

	if (c->js_waiting) {
		loop_del(&c->loop, c->js.rfd);
		c->js_waiting = 0;
	}
	/* Only worker events from here on; stdout is drained later. */
	if (c->stdout_q.watched &&
	    loop_del(&c->loop, outq_fd(&c->stdout_q)) == 0)
		c->stdout_q.watched = 0;
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		if (slot_busy(w->state))
			dispatch_send_simple(c, w, MSG_KILL);
		if (w->gw.to >= 0) {
			dispatch_send_simple(c, w, MSG_BYE);
			/* Bounded, and short: a worker reads its stdin all
			   along, and one that does not gets SIGKILL below. */
			gateway_drain_close(&w->gw, deadline);
		}
	}
	for (;;) {
		struct epoll_event ev[16];
		int n;

		dispatch_reap(c);
		alive = 0;
		for (i = 0; i < c->nslots; i++)
			if (c->w[i].gw.pid)
				alive++;
		if (!alive)
			break;
		if (xio_now_ns() >= deadline) {
			for (i = 0; i < c->nslots; i++)
				gateway_kill(&c->w[i].gw, SIGKILL);
			deadline = xio_now_ns() + 5000000000LL;
		}
		n = loop_wait(&c->loop, ev, 16, deadline);
		for (i = 0; i < n; i++) {
			struct signalfd_siginfo si;

			if (ev[i].data.u64 == LOOP_TAG_SIGNAL) {
				while (loop_signal(&c->loop, &si) == 1)
					if (si.ssi_signo != SIGCHLD)
						c->signals++;
				continue;
			}
			/* Results that race with BYE are dropped. */
			gateway_discard(&c->w[ev[i].data.u64].gw, &c->loop);
		}
	}
	for (i = 0; i < c->nslots; i++)
		gateway_close(&c->w[i].gw, &c->loop);
}

/* Make sure 0, 1 and 2 are open so no pipe of ours lands on them.  No
   O_CLOEXEC on purpose: what lands on 0..2 is the standard stream every
   child inherits; the one opened above 2 is closed at once. */
static void sanitize_stdio(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

/*
 * libxdist.so for the tests' LD_PRELOAD: $XDIST_PRELOAD, else next to this
 * executable (the build tree), else in ../lib (an installed tree), else in
 * the LIBDIR it was built for.  NULL, with a warning, when none is there.
 */
static char *find_preload(void)
{
	const char *ov = getenv("XDIST_PRELOAD");
	char exe[PATH_MAX], *dir, *cand[3];
	ssize_t n;
	size_t i;
	char *found = NULL;

	if (ov && *ov) {
		found = realpath(ov, NULL);
		if (!found)
			fprintf(stderr,
				"xdist-exec: warning: XDIST_PRELOAD '%s': %s; "
				"running without the preload shim\n",
				ov, strerror(errno));
		return found;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		n = 0;
	exe[n] = '\0';
	dir = dirname(exe);
	cand[0] = xasprintf("%s/preload/libxdist.so.0", dir);
	cand[1] = xasprintf("%s/../lib/libxdist.so.0", dir);
	cand[2] = xstrdup(XDIST_LIBDIR "/libxdist.so.0");
	for (i = 0; i < 3; i++) {
		if (!found && access(cand[i], R_OK) == 0)
			found = realpath(cand[i], NULL);
		free(cand[i]);
	}
	if (!found)
		fprintf(stderr, "xdist-exec: warning: libxdist.so.0 not found "
				"near the executable; running without the "
				"preload shim (set XDIST_PRELOAD, or "
				"--no-preload to say so)\n");
	return found;
}

static void setup_fixtures(struct ctl *c)
{
	const char *cmd[FX_MAX];
	int k;

	cmd[FX_SETUP] = c->o.setup;
	cmd[FX_TEARDOWN] = c->o.teardown;
	cmd[FX_WSETUP] = c->o.worker_setup;
	cmd[FX_WTEARDOWN] = c->o.worker_teardown;
	testlist_init(&c->fx);
	for (k = 0; k < FX_MAX; k++) {
		c->fx_idx[k] = -1;
		if (!cmd[k])
			continue;
		c->fx_idx[k] = (int)c->fx.n;
		testlist_add_line(&c->fx, cmd[k], strlen(cmd[k]));
	}
	c->nslots = c->nworkers;
	/* --setup and --teardown run as master, in a slot of their own. */
	if (!c->master && (cmd[FX_SETUP] || cmd[FX_TEARDOWN]))
		c->nslots++;
	c->phase = PHASE_SETUP_WAIT;
}

static int exit_status(struct ctl *c)
{
	if (c->refused)
		return EXIT_USAGE;
	if (c->stop == STOP_INTERNAL || c->tally.lost)
		return EXIT_INTERNAL;
	if (c->stop == STOP_SIGNAL || c->stop == STOP_SESSION_TIMEOUT)
		return EXIT_INTERRUPTED;
	if (c->tally.failures || c->stop == STOP_MAXFAIL ||
	    c->stop == STOP_STEPWISE || c->stop == STOP_CRASHES ||
	    c->stop == STOP_FIXTURE || c->gone_notrun)
		return EXIT_TESTS_FAILED;
	return EXIT_OK;
}

static int setup_signals(struct ctl *c)
{
	struct sigaction old;
	sigset_t sigs;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGTERM);
	/* A background job of a script ignores the terminal's Ctrl-C, and
	   nohup ignores hang-ups: such a choice is kept. */
	if (!(sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler == SIG_IGN))
		sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGUSR1);
	sigaddset(&sigs, SIGTSTP);
	sigaddset(&sigs, SIGCONT);
	sigaddset(&sigs, SIGWINCH);
	/* Under nohup a hang-up is meant to be ignored. */
	if (!(sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler == SIG_IGN))
		sigaddset(&sigs, SIGHUP);
	c->err_fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
	/* The file we run from, held open: workers run the same binary
	   even if it is replaced meanwhile, and under valgrind (which
	   answers this open with its client, while exec of /proc/self/exe
	   would start valgrind's own tool). */
	c->self_fd = open("/proc/self/exe", O_PATH | O_CLOEXEC);
	if (c->err_fd < 0 || c->self_fd < 0 || loop_init(&c->loop, &sigs) < 0)
		return -1;
	return 0;
}

static void start_slots(struct ctl *c)
{
	static char arg0[] = "xdist-exec", arg1[] = "worker";
	static char *worker_argv[] = {arg0, arg1, NULL};
	int i;

	size_t t = 0;
	int left = 0;

	c->local.kind = "popen";
	c->local.path = "/proc/self/exe";
	c->local.exec_fd = c->self_fd;
	c->local.argv = worker_argv;

	c->w = xcalloc((size_t)c->nslots, sizeof(*c->w));
	/* Sending tests ahead saves the controller's round trip between two
	   tests when it is latency: a CPU of its own to answer on.  With a
	   worker on every CPU the controller competes with them, the round
	   trip is CPU either way, and tests waiting ahead only come later
	   (measured: 1.05x the wall time at -n 2 on 2 CPUs). */
	c->prefetch = c->nworkers < cpus_auto();
	c->fxw = &c->w[c->nslots - 1];
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		w->index = i;
		w->master = c->master || i >= c->nworkers;
		snprintf(w->name, sizeof(w->name),
			 w->master ? "master" : "gw%d", i);
		w->tx = &c->local;
		w->queued = RUN_NONE;
		w->err_fd = -1;
		/* The --tx targets' workers in spec order, then -n's. */
		while (i < c->nworkers && !left && t < c->ntargets) {
			if (c->targets[t].ready)
				left = c->targets[t].spec->count;
			if (!left)
				t++;
		}
		if (left && i < c->nworkers) {
			w->target = &c->targets[t];
			if (w->target->spec->kind != TX_POPEN)
				w->tx = &w->target->tx;
			if (--left == 0)
				t++;
		}
		gateway_init(&w->gw);
		w->state = SLOT_OFF;
	}
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		if (dispatch_start_worker(c, w) < 0) {
			term_warn(c, "cannot start worker %s: %s", w->name,
				  strerror(errno));
			w->state = SLOT_OFF;
			dispatch_stop(c, STOP_INTERNAL);
			break;
		}
	}
}

/*
 * Free what the controller owns, whichever step it stopped at (a zeroed
 * struct with its fds at -1 is fine).  Workers are reaped and their pipes
 * closed by now; nothing runs after this: it is here so that ASan and
 * valgrind see a clean exit and report real leaks.
 */
static void ctl_release(struct ctl *c)
{
	size_t i;
	int k;

	tally_release(&c->tally);
	for (i = 0; c->labels && i < c->nitems; i++)
		free(c->labels[i]);
	free(c->labels);
	free(c->expect_ns);
	for (i = 0; c->units && i < c->nitems; i++)
		free(c->units[i]);
	free(c->units);
	for (i = 0; i < c->nlocks; i++)
		free(c->lock_names[i]);
	free(c->lock_names);
	for (i = 0; i < c->ngenv; i++)
		free(c->genv[i]);
	free(c->genv);
	sched_release(&c->sched);
	free(c->items);
	free(c->sel);
	for (k = 0; c->w && k < c->nslots; k++) {
		if (c->w[k].err_fd >= 0)
			close(c->w[k].err_fd);
		free(c->w[k].lost);
		gateway_release(&c->w[k].gw);
		buf_release(&c->w[k].live);
		buf_release(&c->w[k].case_fails);
		gtest_batch_run_release(&c->w[k]);
	}
	free(c->w);
	remote_release(c);
	free(c->view_slots);
	testlist_release(&c->fx);
	testlist_release(&c->tests);
	cache_release(&c->cache);
	free(c->cached_ns);
	free(c->cached_failed);
	options_release(&c->o);
	outputs_release(&c->reports);
	trace_release(&c->trace);
	timeline_release(&c->timeline);
	live_release(&c->live);
	free(c->preload);
	free(c->run_dir);
	free(c->mainargv);
	free(c->cwd);
	free(c->rootdir);
	buf_release(&c->out);
	outq_release(&c->stdout_q);
	buf_release(&c->notes);
	ctest_failed_release(&c->ctest_failed);
	if (c->spool >= 0)
		close(c->spool);
	if (c->err_fd >= 0)
		close(c->err_fd);
	if (c->self_fd >= 0)
		close(c->self_fd);
	if (c->run_lock >= 0)
		close(c->run_lock);
	loop_release(&c->loop);
}

/* The directory classnames are relative to, as pytest's rootdir: the
   config file's (a regular file: not -c /dev/null), else the current one. */
static void set_rootdir(struct ctl *c, const struct config *cfg,
			const char *cwd)
{
	struct stat st;

	if (cwd[0] == '/')
		c->cwd = xstrdup(cwd);
	if (cfg->path && cfg->dir && stat(cfg->path, &st) == 0 &&
	    S_ISREG(st.st_mode))
		c->rootdir = realpath(cfg->dir, NULL);
	if (!c->rootdir && c->cwd)
		c->rootdir = xstrdup(c->cwd);
}

/* The reports that watch the run, in the order they are told. */
static void add_observers(struct ctl *c)
{
	const struct observer timeline = {"timeline", timeline_event,
					  &c->timeline};
	const struct observer terminal = {"terminal", term_event, c};
	const struct observer files = {"reports", outputs_event, &c->reports};
	const struct observer trace = {"trace", trace_event, &c->trace};
	const struct observer html = {"html", html_event, &c->html};

	/* First: the others read the spans it has just closed. */
	observers_add(&c->observers, &timeline);
	observers_add(&c->observers, &terminal);
	observers_add(&c->observers, &files);
	if (c->o.trace)
		observers_add(&c->observers, &trace);
	if (c->o.html)
		observers_add(&c->observers, &html);
}

static void emit_start(struct ctl *c)
{
	struct run_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = RUN_EV_START;
	ev.run = RUN_NONE;
	ev.slot = -1;
	observers_emit(&c->observers, term_view(c), &ev);
}

/* RUN_EV_END: the summary, the report files.  Returns the exit status. */
static int emit_end(struct ctl *c, int status, struct buf *err)
{
	struct run_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = RUN_EV_END;
	ev.run = RUN_NONE;
	ev.slot = -1;
	ev.exit_status = status;
	ev.err = err;
	status = observers_emit(&c->observers, term_view(c), &ev);
	if (err->len)
		term_warn(c, "%s", err->data);
	buf_reset(err);
	return status;
}

/* A run with nothing to run still starts and ends for the reports. */
static int run_edges(struct ctl *c, int status, struct buf *err)
{
	emit_start(c);
	return emit_end(c, status, err);
}

static int controller_run(struct ctl *c, int argc, char **argv, struct buf *err)
{
	struct buf q = BUF_INIT;
	/* The config and the argv it makes live as long as the process:
	   the options' sources point into both. */
	static struct config cfg;
	static char **xargv;
	const char *env_addopts = getenv(CONFIG_ENV_ADDOPTS);
	char cwd[PATH_MAX];
	const char *here;
	size_t r;
	int rc, cols, rows, xargc;

	sanitize_stdio();
	outq_open_stdout(&c->stdout_q, 1);
	/* No worker runs yet: the reader is simply waited for. */
	c->out_sync = 1;
	config_init(&cfg);
	here = getcwd(cwd, sizeof(cwd));
	if (!here)
		cwd[0] = '\0';
	if (config_find_and_load(argc, argv, env_addopts, here, &cfg, err) <
	    0) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		return EXIT_USAGE;
	}
	if (cfg.warnings.len)
		fputs(cfg.warnings.data, stderr);
	xargv = config_argv(&cfg, argc, argv, env_addopts, &xargc, err);
	if (!xargv) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		return EXIT_USAGE;
	}
	options_init(&c->o);
	testlist_init(&c->tests);
	if (options_parse(&c->o, xargc, xargv, err) < 0)
		return term_usage_error("%s", err->data);
	if (c->o.help) {
		fputs(options_help, stdout);
		return EXIT_OK;
	}
	if (c->o.version) {
		printf("xdist-exec %s\n", XDIST_VERSION);
		return EXIT_OK;
	}
	/* libseccomp knows the kernel's names; only a run that asks loads
	   it. */
	if (filter_check_names(c->o.seccomp_deny.data, err) < 0)
		return term_usage_error("--seccomp-deny: %s", err->data);
	if (c->o.markers) {
		struct buf m = BUF_INIT;

		marks_describe(&cfg.markers, &m);
		fputs(m.data, stdout);
		buf_release(&m);
		return EXIT_OK;
	}
	c->markers = &cfg.markers;
	if (c->o.strict_markers) {
		size_t i;

		c->tests.strict_marks = c->markers;
		for (i = 0; i < c->o.nmarkexprs; i++)
			if (marks_check_expr(c->markers, &c->o.markexprs[i],
					     err) < 0) {
				/* It says where to look already. */
				fprintf(stderr, "xdist-exec: %s\n", err->data);
				return EXIT_USAGE;
			}
	}
	/* testpaths: only when neither the command line nor addopts name a
	   test, as pytest. */
	if (!c->o.nsources && config_has_tests(&cfg) &&
	    config_test_sources(&cfg, &c->o.sources, &c->o.nsources, err) < 0) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		return EXIT_USAGE;
	}
	if (cfg.path && c->o.verbosity >= 0)
		buf_addf(&c->notes, "configfile: %s\n", cfg.path);
	set_rootdir(c, &cfg, cwd);
	/* Loading is collection (--split=gtest runs binaries): it counts. */
	c->start_ns = xio_now_ns();
	rc = plan_load(c, err);
	if (rc) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		return rc;
	}
	/* Namespaces are per worker: a test's isolate= is every worker's. */
	c->isolate = c->o.isolate;
	for (r = 0; r < c->tests.n; r++)
		c->isolate |= test_attrs_of(&c->tests.v[r])->isolate;
	report_init(&c->rep, term_width(), term_use_color(&c->o),
		    c->o.verbosity, &c->tally);
	rc = plan_select(c, err);
	if (err->len)
		term_warn(c, "%s", err->data);
	buf_reset(err);
	if (rc)
		return rc;
	if (c->o.collect_only) {
		if (c->notes.len)
			buf_add(&c->out, c->notes.data, c->notes.len);
		return plan_collect_only(c, term_flush_cb);
	}
	if (outputs_open(&c->reports, c->o.junitxml, c->o.report_log,
			 c->o.log_dir, err) < 0 ||
	    trace_open(&c->trace, c->o.trace, err) < 0 ||
	    html_open(&c->html, c->o.html, err) < 0) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		outputs_release(&c->reports);
		trace_release(&c->trace);
		return EXIT_USAGE;
	}
	timeline_init(&c->timeline, c->o.html != NULL);
	/* -rP shows what passing tests wrote. */
	c->all_output = outputs_need_output(&c->reports) ||
			strchr(c->o.reportchars, 'P') || c->ctest_output;
	add_observers(c);
	if (!c->nitems) {
		tally_init(&c->tally, 0, c->deselected);
		report_header(&c->rep, &c->out, XDIST_VERSION, 0);
		if (c->notes.len)
			buf_add(&c->out, c->notes.data, c->notes.len);
		report_final(&c->rep, &c->out, 0);
		term_flush(c);
		rc = run_edges(c, EXIT_NO_TESTS, err);
		outputs_release(&c->reports);
		trace_release(&c->trace);
		return rc;
	}
	if (!c->o.no_preload)
		c->preload = find_preload();
	if (c->o.ntx)
		remote_prepare(c);
	c->nworkers = count_workers(c);
	if (c->o.ntx && c->nworkers == 0) {
		/* Each target said why, on a line of its own. */
		fprintf(stderr, "xdist-exec: no worker could start on any "
				"--tx target\n");
		outputs_release(&c->reports);
		return EXIT_INTERNAL;
	}
	c->master = c->nworkers == 0;
	if (c->master)
		c->nworkers = 1;
	c->max_restarts = c->o.max_worker_restart >= 0 ? c->o.max_worker_restart
						       : 4 * c->nworkers;
	plan_start(c);
	term_size(&cols, &rows);
	live_init(&c->live, term_use_live(&c->o) ? cols : 0, rows,
		  c->rep.color);
	live_eta_init(&c->eta);
	for (r = 0; r < c->nruns; r++)
		live_eta_add(&c->eta, c->expect_ns[runs_item(&c->runs, r)]);
	make_uid(c);
	env_quote_argv(&q, argc, argv);
	c->mainargv = q.data ? q.data : xstrdup("");
	if (make_run_dir(c) < 0)
		return EXIT_USAGE;
	/* From here the event loop writes stdout, as the reader allows. */
	c->out_sync = 0;
	if (setup_signals(c) < 0) {
		fprintf(stderr, "xdist-exec: cannot set up: %s\n",
			strerror(errno));
		remove_run_dir(c);
		return EXIT_INTERNAL;
	}
	setup_fixtures(c);

	report_header(&c->rep, &c->out, XDIST_VERSION,
		      c->master ? 0 : c->nworkers);
	if (c->notes.len)
		buf_add(&c->out, c->notes.data, c->notes.len);
	term_flush(c);
	if (c->o.session_timeout_ms)
		c->session_deadline =
			c->start_ns + c->o.session_timeout_ms * 1000000;
	jobserver_open(&c->js, getenv("MAKEFLAGS"));
	c->live_up = c->live.width > 0;
	emit_start(c);
	start_slots(c);
	event_loop(c);
	c->live_up = 0;
	term_live_hide(c);
	shutdown_workers(c);
	c->out_sync = 1;
	jobserver_close(&c->js);
	for (r = 0; r < c->nruns; r++)
		if (c->tally.runs[r].outcome == OUTCOME_NONE)
			dispatch_finish_run(c, r, OUTCOME_NOTRUN, NULL);
	/* The schedule is spent: give its memory back before the reports
	   and the cache save make their own. */
	sched_release(&c->sched);
	rc = emit_end(c, exit_status(c), err);
	live_release(&c->live);
	plan_save_cache(c, err);
	if (err->len)
		term_warn(c, "%s", err->data);
	buf_reset(err);
	outputs_release(&c->reports);
	trace_release(&c->trace);
	remove_run_dir(c);
	return rc;
}

int controller_main(int argc, char **argv)
{
	struct ctl c;
	struct buf err = BUF_INIT;
	int rc;

	memset(&c, 0, sizeof(c));
	c.spool = c.err_fd = c.self_fd = c.run_lock = c.loop.epfd =
		c.loop.sigfd = -1;
	outputs_init(&c.reports);
	trace_init(&c.trace);
	html_init(&c.html);
	timeline_init(&c.timeline, 0);
	rc = controller_run(&c, argc, argv, &err);
	term_drain(&c);
	buf_release(&err);
	ctl_release(&c);
	return rc;
}
