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
#include "env.h"
#include "proto.h"
#include "spawn.h"
#include "summary.h"
#include "xio.h"

#ifndef XDIST_LIBDIR
#define XDIST_LIBDIR "/usr/local/lib"
#endif
#ifndef XDIST_VERSION
#define XDIST_VERSION "0.0.0"
#endif

extern char **environ;

/* After asking workers to stop, how long past the grace before the
   controller stops trusting them and kills them outright. */
#define WORKER_SLACK_NS (10LL * 1000000000)
#define LIVE_LINE_MAX 4096

/* epoll tag of the jobserver pipe (workers are tagged by slot index). */
#define TAG_JOBSERVER (LOOP_TAG_SIGNAL - 1)
/* epoll tags of EPOLLOUT on our stdout and on worker i's stdin. */
#define TAG_STDOUT (LOOP_TAG_SIGNAL - 2)
#define TAG_TO_BIT ((uint64_t)1 << 40)

/* Sequence numbers of fixture runs: beyond any run index. */
#define FX_SEQ(kind) ((uint64_t)1 << 62 | (uint64_t)(kind))

/* The terminal on stdout as it is: columns and rows, 0 when unknown. */
static void terminal_size(int *cols, int *rows)
{
	struct winsize ws;

	*cols = *rows = 0;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/*
 * The status area: on a terminal that can move the cursor, unless -qq.
 * Never in a pipe or a file, so logs get plain lines.
 */
static int use_live(const struct options *o)
{
	const char *term = getenv("TERM");

	return isatty(1) && term && *term && strcmp(term, "dumb") != 0 &&
	       o->verbosity >= -1;
}

/*
 * The fixture a slot runs, or -1: its state says which, and the run's
 * phase whether SLOT_FIXTURE is the --setup or the --teardown.
 */
static int fixture_of(const struct ctl *c, const struct wslot *w)
{
	switch (w->state) {
	case SLOT_WORKER_SETUP:
		return FX_WSETUP;
	case SLOT_WORKER_TEARDOWN:
		return FX_WTEARDOWN;
	case SLOT_FIXTURE:
		return c->phase <= PHASE_SETUP ? FX_SETUP : FX_TEARDOWN;
	default:
		return -1;
	}
}

/* The status area's view of the run, drawn into b. */
static void live_show(struct ctl *c, struct buf *b)
{
	long long now = xio_now_ns();
	struct live_worker *lw = xcalloc((size_t)c->nslots, sizeof(*lw));
	char **fxlabel = xcalloc((size_t)c->nslots, sizeof(*fxlabel));
	struct live_view v;
	size_t n = 0;
	int i;

	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];
		struct live_worker *x = &lw[n];

		int k = fixture_of(c, w);

		/* The fixture slot shows only while it runs something. */
		if (i >= c->nworkers && !slot_busy(w->state))
			continue;
		n++;
		x->name = w->name;
		x->expect_ns = -1;
		if (slot_busy(w->state)) {
			x->running_ns = now - w->started_ns;
			if (k >= 0) {
				x->state = LIVE_FIXTURE;
				fxlabel[i] =
					xasprintf("%s: %s", fixture_names[k],
						  c->fx.v[c->fx_idx[k]].id);
				x->label = fxlabel[i];
			} else {
				x->state = LIVE_TEST;
				x->label = runs_label(&c->runs, w->run);
				x->expect_ns = c->expect_ns[runs_item(&c->runs,
								      w->run)];
			}
		} else if (w->state == SLOT_STARTING) {
			x->state = LIVE_STARTING;
		} else if (slot_alive(w->state)) {
			x->state = LIVE_IDLE;
		} else {
			x->state = LIVE_DOWN;
		}
	}
	memset(&v, 0, sizeof(v));
	v.done = c->tally.done;
	v.total = c->tally.total;
	v.failed = c->tally.counts[OUTCOME_FAILED] +
		   c->tally.counts[OUTCOME_TIMEOUT];
	v.errors = c->tally.counts[OUTCOME_ERROR];
	v.elapsed_ns = now - c->start_ns;
	v.eta_ns = live_eta(&c->eta, lw, n, c->nworkers);
	v.workers = lw;
	v.nworkers = n;
	live_draw(&c->live, b, &v);
	c->live_next = now + LIVE_INTERVAL_NS;
	for (i = 0; i < c->nslots; i++)
		free(fxlabel[i]);
	free(fxlabel);
	free(lw);
}

/*
 * After the event loop (c->out_sync > 0), stdout's queue is drained after
 * every flush, so the summary never piles up in memory.  The reader may
 * come back late (a pager scrolled to the end after lunch): it is waited
 * for as long as the blocking writes of old did, without limit, unless
 * --session-timeout gives the run a time budget: then one more such span.
 * A Ctrl-C, SIGTERM or SIGHUP arriving meanwhile ends the wait at once:
 * the rest of the report is dropped (the exit status stays the run's).
 * Before the loop's signalfd exists (--collect-only, no tests) signals
 * keep their default actions and end the wait by ending us.
 */
static void drain_stdout(struct ctl *c)
{
	long long deadline = 0;
	struct signalfd_siginfo si;

	if (c->out_sync < 0)
		return;
	if (c->o.session_timeout_ms)
		deadline = xio_now_ns() + c->o.session_timeout_ms * 1000000;
	while (outq_drain(&c->stdout_q, deadline, c->loop.sigfd) < 0) {
		if (errno == ETIMEDOUT) {
			c->out_sync = -1;
			return;
		}
		if (errno != EINTR)
			return; /* a closed stdout: nothing to wait for */
		while (loop_signal(&c->loop, &si) == 1) {
			if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM ||
			    si.ssi_signo == SIGHUP) {
				c->out_sync = -1;
				return;
			}
			if (si.ssi_signo == SIGTSTP)
				kill(getpid(), SIGSTOP);
		}
	}
}

/* Queue text for stdout; it goes out as the reader takes it.  A closed
   stdout (| head) must not stop the run: its error is only remembered. */
static void out_write(struct ctl *c, const struct buf *b)
{
	if (c->out_sync >= 0 && b->len)
		outq_write(&c->stdout_q, b->data, b->len);
}

/*
 * Write the report text.  With the status area up, the text goes where the
 * area was and the area is drawn again under it; without new text, the
 * area is redrawn at most every LIVE_INTERVAL_NS.  While the reader lags
 * behind (bytes pending), no redraw is queued: they would only pile up.
 */
static void ctl_flush(struct ctl *c)
{
	struct buf b = BUF_INIT;
	int lagging = outq_pending(&c->stdout_q) > 0;

	if (!c->live_up && !c->live.lines_drawn) {
		out_write(c, &c->out);
		buf_reset(&c->out);
	} else {
		if (c->out.len) {
			live_clear(&c->live, &b);
			buf_add(&b, c->out.data, c->out.len);
			buf_reset(&c->out);
		}
		if (c->live_up && !lagging &&
		    (b.len || xio_now_ns() >= c->live_next))
			live_show(c, &b);
		out_write(c, &b);
		buf_release(&b);
	}
	if (c->out_sync > 0)
		drain_stdout(c);
}

/* Take the status area off the screen (before stderr, Ctrl-Z, the
   summary); the next ctl_flush draws it again if it is still up. */
static void live_hide(struct ctl *c)
{
	struct buf b = BUF_INIT;

	live_clear(&c->live, &b);
	out_write(c, &b);
	buf_release(&b);
	c->live_next = 0;
}

/*
 * stderr stays blocking and unqueued.  The stdout text before a warning
 * is written first when the reader takes it now; when it lags, the
 * warning goes out ahead of it rather than wait for a pager that may
 * never scroll (stderr is most often the terminal, not that pager).
 */
static void ctl_warn(struct ctl *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ctl_warn(struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	ctl_flush(c);
	live_hide(c);
	fputs("xdist-exec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int ctl_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int ctl_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("xdist-exec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see xdist-exec --help)\n", stderr);
	return EXIT_USAGE;
}

/* ctl_flush for the reports and the plan, which take a view_flush_fn. */
static void flush_out(void *arg)
{
	ctl_flush(arg);
}

/*
 * The run as the reports see it (view.h), refilled before each call into
 * them: the slots, the spool and the stop reason change as the run goes.
 */
static const struct run_view *view_of(struct ctl *c)
{
	struct run_view *v = &c->view;
	int i, k;

	v->runs = c->runs;
	v->tally = &c->tally;
	v->o = &c->o;
	v->rep = &c->rep;
	v->uid = c->uid;
	v->workers = c->master ? 0 : c->nworkers;
	if (c->w && !c->view_slots)
		c->view_slots =
			xcalloc((size_t)c->nslots, sizeof(*c->view_slots));
	for (i = 0; c->w && i < c->nslots; i++) {
		c->view_slots[i].name = c->w[i].name;
		c->view_slots[i].master = c->w[i].master;
	}
	v->slots = c->w ? c->view_slots : NULL;
	v->nslots = c->w ? c->nslots : 0;
	for (k = 0; k < FX_MAX; k++)
		v->fixtures[k] =
			c->fx_idx[k] >= 0 && (size_t)c->fx_idx[k] < c->fx.n
				? c->fx.v[c->fx_idx[k]].id
				: NULL;
	v->spool = c->spool;
	v->start_ns = c->start_ns;
	v->stopped_maxfail = c->stop == STOP_MAXFAIL;
	return v;
}

static int count_workers(struct ctl *c)
{
	int n;
	size_t cap;

	if (c->o.numproc_mode == NUMPROC_COUNT) {
		n = c->o.numprocesses;
	} else {
		const char *ov = getenv("PYTEST_XDIST_AUTO_NUM_WORKERS");

		n = c->o.numproc_mode == NUMPROC_AUTO ? cpus_auto()
						      : cpus_logical();
		if (cpus_env_override(ov, &n) < 0)
			fprintf(stderr,
				"xdist-exec: warning: "
				"PYTEST_XDIST_AUTO_NUM_WORKERS='%s' is not a "
				"count from 0 to %d; ignoring it\n",
				ov, OPT_MAX_WORKERS);
	}
	if (c->o.maxprocesses && n > c->o.maxprocesses)
		n = c->o.maxprocesses;
	if (n > 1 && c->o.dist == SCHED_NO)
		n = 1;
	/* Never more workers than there is work for them (in each mode,
	   every worker runs everything). */
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
	c->spool = open(c->run_dir, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	if (c->spool < 0) {
		char *p = xasprintf("%s/.spool-XXXXXX", c->run_dir);

		c->spool = mkostemp(p, O_CLOEXEC);
		if (c->spool >= 0)
			unlink(p);
		free(p);
	}
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

/* Close the worker's stdin and drop what was queued for it (closing the
   fd also takes it out of the epoll set: no other fd shares it). */
static void close_to(struct wslot *w)
{
	if (w->to < 0)
		return;
	outq_release(&w->oq);
	close(w->to);
	w->to = -1;
	w->oq.watched = 0;
}

static void send_buf(struct wslot *w, struct buf *b)
{
	/* A worker that died is noticed by EOF on its stdout. */
	if (w->to >= 0 && outq_write(&w->oq, b->data, b->len) < 0)
		close_to(w);
	buf_reset(b);
}

static void send_simple(struct ctl *c, struct wslot *w, uint8_t type)
{
	struct buf b = BUF_INIT;
	struct proto_terminate t;

	if (type == MSG_TERMINATE) {
		t.has_grace_ms = 1;
		t.grace_ms = (uint64_t)c->o.timeout_grace_ms;
		proto_put_terminate(&b, &t);
	} else {
		proto_put_empty(&b, type);
	}
	send_buf(w, &b);
	buf_release(&b);
}

static void send_env(struct wslot *w, char *const *entries, size_t n)
{
	struct buf b = BUF_INIT;
	struct proto_env m;
	size_t i;

	m.env.v = xcalloc(n + 1, sizeof(*m.env.v));
	m.env.n = n;
	for (i = 0; i < n; i++)
		m.env.v[i] = proto_str(entries[i]);
	proto_put_env(&b, &m);
	free(m.env.v);
	send_buf(w, &b);
	buf_release(&b);
}

/* Facts for events that need none (SPAWNED, READY, SENT). */
static const struct slot_facts no_facts;

static int start_worker(struct ctl *c, struct wslot *w)
{
	static char arg0[] = "xdist-exec", arg1[] = "worker";
	char *argv[] = {arg0, arg1, NULL};
	int tw[2], fw[2];
	struct spawn_req req;
	enum spawn_stage stage;
	struct buf b = BUF_INIT;
	struct proto_hello h;
	char *wd;
	pid_t pid;

	if (pipe2(tw, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(fw, O_CLOEXEC) < 0) {
		close(tw[0]);
		close(tw[1]);
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.path = "/proc/self/exe";
	req.exec_fd = c->self_fd;
	req.argv = argv;
	req.envp = environ;
	req.fd0 = tw[0];
	req.fd1 = fw[1];
	req.fd2 = c->err_fd;
	req.pdeathsig = SIGTERM;
	pid = spawn_start(&req, &stage);
	close(tw[0]);
	close(fw[1]);
	if (pid < 0) {
		int e = errno;

		close(tw[1]);
		close(fw[0]);
		errno = e;
		return -1;
	}
	w->pid = pid;
	w->to = tw[1];
	w->from = fw[0];
	/* Our own pipe: a worker that stops reading must not stop us. */
	loop_nonblock(w->to);
	outq_init(&w->oq, w->to);
	w->state = slot_step(w->state, SLOT_EV_SPAWNED, &no_facts).next;
	buf_reset(&w->in);
	buf_reset(&w->live);
	loop_nonblock(w->from);
	loop_add(&c->loop, w->from, (uint64_t)(w - c->w), EPOLLIN);

	wd = xasprintf("%s/%s", c->run_dir, w->name);
	h.version = PROTO_VERSION;
	h.worker = proto_str(w->name);
	h.index = (uint64_t)(w->master ? 0 : w->index);
	h.count = (uint64_t)(c->master ? 1 : c->nworkers);
	h.uid = proto_str(c->uid);
	h.run_dir = proto_str(c->run_dir);
	h.worker_dir = proto_str(wd);
	h.mainargv = proto_str(c->mainargv);
	h.flags = (uint64_t)((w->master ? HELLO_MASTER : 0) |
			     (c->o.capture ? 0 : HELLO_LIVE) |
			     (c->o.no_preload ? HELLO_NO_TITLE : 0) |
			     (c->all_output ? HELLO_ALL_OUTPUT : 0) |
			     (c->o.keep_run_dir || c->run_lock < 0
				      ? HELLO_KEEP_RUN_DIR
				      : 0));
	h.max_output = (uint64_t)c->o.max_output;
	h.grace_ms = (uint64_t)c->o.timeout_grace_ms;
	h.preload = proto_str(c->preload); /* absent when NULL */
	proto_put_hello(&b, &h);
	free(wd);
	send_buf(w, &b);
	buf_release(&b);
	if (c->ngenv)
		send_env(w, c->genv, c->ngenv);
	return 0;
}

static void phase_event(struct ctl *c, enum phase_event ev);

/* Setups and tests are terminated on a stop; teardowns are let finish:
   they are what cleans up. */
static int interruptible(const struct ctl *c, const struct wslot *w)
{
	return w->state == SLOT_TEST || w->state == SLOT_WORKER_SETUP ||
	       (w->state == SLOT_FIXTURE && fixture_of(c, w) == FX_SETUP);
}

static void terminate_running(struct ctl *c)
{
	int i;

	for (i = 0; i < c->nslots; i++)
		if (interruptible(c, &c->w[i]))
			send_simple(c, &c->w[i], MSG_TERMINATE);
}

static void begin_stop(struct ctl *c, enum stop_reason why)
{
	int i;

	/* A signal decides the exit status over an earlier reason to stop;
	   only an internal error beats it. */
	if (c->stop == STOP_NONE || why == STOP_INTERNAL ||
	    (why == STOP_SIGNAL && c->stop != STOP_INTERNAL))
		c->stop = why;
	sched_stop(&c->sched);
	/* A held rerun is dropped: its test is not run again. */
	for (i = 0; i < c->nslots; i++)
		c->w[i].rerun_at = 0;
	phase_event(c, PHASE_EV_STOP);
	if (!c->kill_deadline)
		c->kill_deadline = xio_now_ns() +
				   c->o.timeout_grace_ms * 1000000 +
				   WORKER_SLACK_NS;
}

static long long timeout_of(const struct ctl *c, const struct test *t)
{
	long long ms = test_attrs_of(t)->timeout_ms;

	return ms >= 0 ? ms : c->o.timeout_ms;
}

static void send_run(struct ctl *c, struct wslot *w, uint64_t seq,
		     const struct test *t, int flags, int attempt)
{
	struct buf b = BUF_INIT;
	char **argv = test_argv(t);
	struct proto_run m;
	size_t n;

	memset(&m, 0, sizeof(m));
	m.seq = seq;
	m.id = proto_str(t->id);
	m.flags = (uint64_t)((t->shell ? RUN_SHELL : 0) | flags);
	/* Fixtures get --timeout too: a hung teardown must not hold the
	   run for ever (their #@ attributes are never set). */
	m.has_timeout_ms = timeout_of(c, t) > 0;
	m.timeout_ms = m.has_timeout_ms ? (uint64_t)timeout_of(c, t) : 0;
	m.has_attempt = m.has_attempts = attempt > 0;
	m.attempt = (uint64_t)attempt;
	m.attempts = (uint64_t)(c->o.reruns + 1);
	for (n = 0; argv[n]; n++)
		;
	m.args.v = xcalloc(n + 1, sizeof(*m.args.v));
	for (m.args.n = 0; m.args.n < n; m.args.n++)
		m.args.v[m.args.n] = proto_str(argv[m.args.n]);
	proto_put_run(&b, &m);
	free(m.args.v);
	free(argv);
	w->test_pgid = 0;
	w->started_ns = xio_now_ns();
	w->slow_at = c->o.slow_ms ? w->started_ns + c->o.slow_ms * 1000000 : 0;
	send_buf(w, &b);
	buf_release(&b);
}

static int slots_busy(const struct ctl *c)
{
	int i, n = 0;

	for (i = 0; i < c->nslots; i++)
		n += slot_busy(c->w[i].state);
	return n;
}

/*
 * May one more job start?  Under make's jobserver we own one slot and
 * take a token for every further job running at once; when none is free,
 * the pipe goes into the epoll set so its readiness wakes us.
 */
static int job_slot(struct ctl *c)
{
	int running = slots_busy(c);

	if (!jobserver_active(&c->js) || running < 1 + (int)c->js.held)
		return 1;
	if (jobserver_take(&c->js))
		return 1;
	if (!c->js_waiting &&
	    loop_add(&c->loop, c->js.rfd, TAG_JOBSERVER, EPOLLIN) == 0)
		c->js_waiting = 1;
	return 0;
}

/* Give back the tokens that no running job needs any more. */
static void jobs_rebalance(struct ctl *c)
{
	int running = slots_busy(c);
	size_t need = running > 0 ? (size_t)running - 1 : 0;

	while (c->js.held > need)
		jobserver_give(&c->js);
}

static int has_fixture(const struct ctl *c, enum fixture k)
{
	return c->fx_idx[k] >= 0;
}

static void run_fixture(struct ctl *c, struct wslot *w, enum fixture k)
{
	send_run(c, w, FX_SEQ(k), &c->fx.v[c->fx_idx[k]], RUN_FIXTURE, 0);
}

static void start_run(struct ctl *c, struct wslot *w, size_t r)
{
	w->run = r;
	w->rerun_at = 0;
	send_run(c, w, r, runs_test(&c->runs, r), 0, c->tally.runs[r].attempt);
	outputs_test_start(&c->reports, view_of(c), r, w->index);
}

/* A second signal or an internal error: no teardown is waited for. */
static int hard_stop(const struct ctl *c)
{
	return c->signals >= 2 || c->stop == STOP_INTERNAL;
}

/* What the slot machine needs to know about w, now. */
static struct slot_facts slot_facts_of(struct ctl *c, const struct wslot *w)
{
	struct slot_facts f;

	memset(&f, 0, sizeof(f));
	f.has_worker_setup = has_fixture(c, FX_WSETUP);
	f.has_worker_teardown = has_fixture(c, FX_WTEARDOWN) && !hard_stop(c);
	f.tests_pending = c->phase == PHASE_TESTS && !c->stop &&
			  sched_pending(&c->sched) > 0;
	f.rerun_held = w->rerun_at != 0;
	f.rerun_due = w->rerun_at && xio_now_ns() >= w->rerun_at;
	f.tests_over = c->phase >= PHASE_WORKER_TEARDOWN;
	f.may_restart = !c->stop;
	f.fixture_slot = w->index >= c->nworkers;
	f.in_setup = c->phase <= PHASE_SETUP;
	/* Only where something could start: taking a token is a claim. */
	if (!f.fixture_slot && !slot_busy(w->state) &&
	    (f.tests_pending || f.rerun_due ||
	     (f.tests_over && f.has_worker_teardown)))
		f.job_free = job_slot(c) != 0;
	return f;
}

static void restart_slot(struct ctl *c, struct wslot *w);

/* The one place a slot changes state: slot_step, then its action. */
static void slot_event(struct ctl *c, struct wslot *w, enum slot_event ev)
{
	struct slot_facts f = slot_facts_of(c, w);
	struct slot_move m = slot_step(w->state, ev, &f);
	long item;

	if (m.action == SLOT_DO_PROTOCOL_ERROR) {
		ctl_warn(c, "worker %s: unexpected event while %s", w->name,
			 slot_state_name(w->state));
		begin_stop(c, STOP_INTERNAL);
		return;
	}
	w->state = m.next;
	switch (m.action) {
	case SLOT_DO_WORKER_SETUP:
		run_fixture(c, w, FX_WSETUP);
		break;
	case SLOT_DO_WORKER_TEARDOWN:
		run_fixture(c, w, FX_WTEARDOWN);
		break;
	case SLOT_DO_FIXTURE:
		run_fixture(c, w, f.in_setup ? FX_SETUP : FX_TEARDOWN);
		break;
	case SLOT_DO_RERUN:
		start_run(c, w, w->run);
		break;
	case SLOT_DO_NEXT_TEST:
		item = sched_next(&c->sched, w->index);
		if (item < 0)
			break;
		w->state = slot_step(w->state, SLOT_EV_SENT, &no_facts).next;
		start_run(c, w,
			  c->o.dist == SCHED_EACH
				  ? (size_t)w->index * c->nitems + (size_t)item
				  : (size_t)item);
		break;
	case SLOT_DO_RESTART:
		restart_slot(c, w);
		break;
	default:
		break;
	}
}

static long long next_rerun(const struct ctl *c)
{
	long long t = 0;
	int i;

	for (i = 0; i < c->nworkers; i++)
		if (slot_alive(c->w[i].state) && c->w[i].rerun_at &&
		    (!t || c->w[i].rerun_at < t))
			t = c->w[i].rerun_at;
	return t;
}

/* The fixture slot, as the run machine sees it. */
static enum phase_slot fixture_slot_now(const struct ctl *c)
{
	enum slot_state s = c->fxw->state;

	if (!slot_alive(s))
		return PHASE_SLOT_DOWN;
	if (s == SLOT_STARTING || slot_busy(s))
		return PHASE_SLOT_BUSY;
	return PHASE_SLOT_READY;
}

static struct phase_facts phase_facts_of(const struct ctl *c)
{
	struct phase_facts f;
	int i, wt = has_fixture(c, FX_WTEARDOWN);

	memset(&f, 0, sizeof(f));
	f.has_setup = has_fixture(c, FX_SETUP);
	f.has_teardown = has_fixture(c, FX_TEARDOWN);
	f.hard_stop = hard_stop(c);
	f.tests_pending = sched_pending(&c->sched) > 0;
	f.stopping = c->stop != STOP_NONE;
	f.fixture_slot = fixture_slot_now(c);
	for (i = 0; i < c->nslots; i++) {
		enum slot_state s = c->w[i].state;

		if (slot_busy(s) || (i < c->nworkers && s == SLOT_STARTING))
			f.slots_busy = 1;
		if (i < c->nworkers && slot_alive(s) && c->w[i].rerun_at)
			f.reruns_held = 1;
		if (i < c->nworkers && wt &&
		    (s == SLOT_IDLE || s == SLOT_RERUN_WAIT ||
		     (s == SLOT_READY && !has_fixture(c, FX_WSETUP))))
			f.teardowns_owed = 1;
	}
	return f;
}

/* The one place the run changes phase: phase_step, then its action. */
static void phase_event(struct ctl *c, enum phase_event ev)
{
	struct phase_facts f = phase_facts_of(c);
	struct phase_move m = phase_step(c->phase, ev, &f);

	if (m.action == PHASE_DO_PROTOCOL_ERROR)
		BUG("phase_event: an event the run cannot take here");
	c->phase = m.next;
	switch (m.action) {
	case PHASE_DO_SETUP:
	case PHASE_DO_TEARDOWN:
		slot_event(c, c->fxw, SLOT_EV_GIVE_FIXTURE);
		break;
	case PHASE_DO_TERMINATE:
		terminate_running(c);
		break;
	case PHASE_DO_STALLED:
		ctl_warn(c, "scheduler stalled with %zu tests pending",
			 sched_pending(&c->sched));
		begin_stop(c, STOP_INTERNAL);
		break;
	case PHASE_DO_RESTART_SLOT:
		if (start_worker(c, c->fxw) < 0)
			c->phase = PHASE_DONE;
		break;
	default:
		break;
	}
}

/*
 * Move the run along: every test slot first (worker setups, tests,
 * reruns, worker teardowns), then the run's phase (setup, teardowns; a
 * phase that finds nothing running and nothing started is over), until
 * nothing moves.  Returns 1 when the run is done.
 */
static int step(struct ctl *c)
{
	enum phase was;
	int i;

	do {
		was = c->phase;
		for (i = 0; i < c->nworkers; i++)
			if (slot_alive(c->w[i].state))
				slot_event(c, &c->w[i], SLOT_EV_POLL);
		phase_event(c, PHASE_EV_POLL);
	} while (c->phase != was && c->phase != PHASE_DONE);
	return c->phase == PHASE_DONE;
}

static void echo_output(struct ctl *c, struct wslot *w, const char *p, size_t n)
{
	const char *prefix = w->master ? "" : w->name;

	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) + 1 : n;

		buf_add(&w->live, p, take);
		p += take;
		n -= take;
		if (nl || w->live.len >= LIVE_LINE_MAX) {
			report_break_line(&c->rep, &c->out);
			if (*prefix)
				buf_addf(&c->out, "[%s] ", prefix);
			buf_add(&c->out, w->live.data, w->live.len);
			if (!nl)
				buf_addch(&c->out, '\n');
			buf_reset(&w->live);
		}
	}
}

static void echo_flush(struct ctl *c, struct wslot *w)
{
	if (w->live.len) {
		static const char nl = '\n';

		echo_output(c, w, &nl, 1);
	}
}

/*
 * report_test and report_rerun.  With the status area up and no -v, its
 * bar stands for the progress letters (they go nowhere), and a failure or
 * a rerun gets the line -v would print, above the area.
 */
static void report_result(struct ctl *c, enum outcome o, const char *worker,
			  const char *id, long long duration_ns, int rerun)
{
	struct report v;

	if (!c->live_up || c->rep.verbosity > 0) {
		if (rerun)
			report_rerun(&c->rep, &c->out, worker, id, duration_ns);
		else
			report_test(&c->rep, &c->out, o, worker, id,
				    duration_ns);
		return;
	}
	if (rerun || o == OUTCOME_FAILED || o == OUTCOME_ERROR ||
	    o == OUTCOME_TIMEOUT) {
		v = c->rep;
		v.verbosity = 1;
		v.col = 0;
		if (rerun)
			report_rerun(&v, &c->out, worker, id, duration_ns);
		else
			report_test(&v, &c->out, o, worker, id, duration_ns);
	}
}

/* The run is over, for good: tally it, report it and free its
   scheduler slot. */
static void finish_run(struct ctl *c, size_t r, enum outcome o, struct wslot *w)
{
	struct run_record *st = &c->tally.runs[r];

	tally_finish(&c->tally, r, o, w ? w->index : -1);
	if (w)
		sched_finished(&c->sched, w->index, runs_item(&c->runs, r));
	live_eta_done(&c->eta, c->expect_ns[runs_item(&c->runs, r)],
		      w ? st->duration_ns : -1);
	report_result(c, o, w && !w->master ? w->name : NULL,
		      runs_label(&c->runs, r), st->duration_ns, 0);
	if (outcome_is_failure(o) && c->o.maxfail &&
	    c->tally.failures >= (size_t)c->o.maxfail && c->stop == STOP_NONE)
		begin_stop(c, STOP_MAXFAIL);
	outputs_test_result(&c->reports, view_of(c), r);
}

/* A run's output could not be kept (a full disk): say so, fail the run. */
static void output_lost(struct ctl *c, struct run_record *st, int err)
{
	tally_output_lost(&c->tally, st, err);
}

static void spool_output(struct ctl *c, struct run_record *st,
			 const struct proto_result *m)
{
	const struct proto_str *d = &m->data, *t = &m->tail;

	st->out_off = c->spool_len;
	st->out_len = 0;
	st->head_len = (uint32_t)d->len;
	/* Kept whole or not at all: a head without its tail would be
	   shown as a cut with "the last 0 bytes", a tail without its head
	   as a head. */
	if ((d->len &&
	     xio_pwrite_all(c->spool, d->p, d->len, st->out_off) < 0) ||
	    (t->len && xio_pwrite_all(c->spool, t->p, t->len,
				      st->out_off + (off_t)st->head_len) < 0)) {
		output_lost(c, st, errno);
		return;
	}
	st->out_len = st->head_len + (uint32_t)t->len;
	c->spool_len += (off_t)st->out_len;
}

/* Every run not yet started becomes an error that never ran. */
static void error_remaining(struct ctl *c, const char *why)
{
	size_t r;
	int i;

	for (r = 0; r < c->nruns; r++) {
		struct run_record *st = &c->tally.runs[r];
		int running = 0;

		for (i = 0; i < c->nworkers; i++)
			if (c->w[i].state == SLOT_TEST && c->w[i].run == r)
				running = 1;
		if (st->outcome != OUTCOME_NONE || running)
			continue;
		/* A rerun waiting for its worker has the crash's reason. */
		free(st->reason);
		st->reason = xstrdup(why);
		st->no_section = 1;
		finish_run(c, r, OUTCOME_ERROR, NULL);
	}
	sched_stop(&c->sched);
}

static void add_genv(struct ctl *c, const char *entry)
{
	c->genv = xrealloc(c->genv, (c->ngenv + 1) * sizeof(*c->genv));
	c->genv[c->ngenv++] = xstrdup(entry);
}

/* The ENV fields of a fixture's RESULT. */
static void take_env(const struct proto_result *m, char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < m->env.n; i++) {
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = proto_str_dup(m->env.v[i]);
	}
}

static struct run_record *new_fixture_error(struct ctl *c, enum fixture k,
					    struct wslot *w)
{
	return tally_fixture_error(&c->tally, k, w->index);
}

static void fixture_failed(struct ctl *c, struct wslot *w, enum fixture k)
{
	char *why;

	switch (k) {
	case FX_SETUP:
		error_remaining(c, "not run: --setup failed");
		phase_event(c, PHASE_EV_SETUP_FAILED);
		break;
	case FX_WSETUP:
		why = xasprintf("not run: --worker-setup failed on %s",
				w->name);
		error_remaining(c, why);
		free(why);
		begin_stop(c, STOP_FIXTURE);
		break;
	case FX_TEARDOWN:
		phase_event(c, PHASE_EV_TEARDOWN_ENDED);
		break;
	default:
		break;
	}
}

static void fixture_result(struct ctl *c, struct wslot *w, enum fixture k,
			   const struct proto_result *m, struct run_record *res,
			   enum outcome o)
{
	char **env = NULL;
	size_t nenv = 0, i;

	slot_event(c, w, o == OUTCOME_PASSED ? SLOT_EV_PASSED : SLOT_EV_FAILED);
	if (o != OUTCOME_PASSED) {
		struct run_record *st = new_fixture_error(c, k, w);

		*st = *res;
		st->fixture = (signed char)k;
		st->worker = w->index;
		st->outcome = OUTCOME_ERROR;
		if (o == OUTCOME_SKIPPED) {
			free(st->reason);
			st->reason = xstrdup("exit status 77 (a fixture "
					     "cannot skip)");
		}
		spool_output(c, st, m);
		fixture_failed(c, w, k);
		return;
	}
	free(res->reason);
	take_env(m, &env, &nenv);
	switch (k) {
	case FX_SETUP:
		for (i = 0; i < nenv; i++)
			add_genv(c, env[i]);
		for (i = 0; i < (size_t)c->nslots && nenv; i++)
			if (slot_alive(c->w[i].state))
				send_env(&c->w[i], env, nenv);
		phase_event(c, PHASE_EV_SETUP_PASSED);
		break;
	case FX_WSETUP:
		if (nenv)
			send_env(w, env, nenv);
		break;
	case FX_TEARDOWN:
		phase_event(c, PHASE_EV_TEARDOWN_ENDED);
		break;
	default:
		break;
	}
	for (i = 0; i < nenv; i++)
		free(env[i]);
	free(env);
}

/* A failed attempt with reruns left: run it again on this worker. */
static int maybe_rerun(struct ctl *c, struct wslot *w, size_t r)
{
	struct run_record *st = &c->tally.runs[r];

	if (c->stop || st->attempt > c->o.reruns)
		return 0;
	tally_rerun(&c->tally, r);
	report_result(c, OUTCOME_FAILED, w->master ? NULL : w->name,
		      runs_label(&c->runs, r), st->duration_ns, 1);
	w->run = r;
	w->rerun_at = xio_now_ns() + c->o.reruns_delay_ms * 1000000 + 1;
	return 1;
}

/* The test or the fixture that w runs. */
static const struct test *running(const struct ctl *c, const struct wslot *w)
{
	int k = fixture_of(c, w);

	return k >= 0 ? &c->fx.v[c->fx_idx[k]] : runs_test(&c->runs, w->run);
}

static void handle_result(struct ctl *c, struct wslot *w,
			  const struct proto_result *m)
{
	uint64_t seq = m->seq, dur = m->duration_ns;
	struct run_record *st, fxst;
	struct buf reason = BUF_INIT;
	int k = fixture_of(c, w);
	char *stage;
	enum outcome o;

	if (!slot_busy(w->state) || seq != (k >= 0 ? FX_SEQ(k) : w->run)) {
		ctl_warn(c,
			 "worker %s sent a result for no test it was running",
			 w->name);
		begin_stop(c, STOP_INTERNAL);
		return;
	}
	stage = proto_str_dup(m->stage);
	echo_flush(c, w);

	if (k >= 0) {
		st = &fxst;
		memset(st, 0, sizeof(*st));
	} else {
		st = &c->tally.runs[seq];
	}
	st->kind = (signed char)m->kind;
	st->code = (int)m->code;
	st->core = (unsigned char)m->core;
	st->truncated = !!(m->flags & RESULT_TRUNCATED);
	st->timed_out = !!(m->flags & RESULT_TIMEOUT);
	st->duration_ns = (long long)dur;
	st->out_total = m->out_total;
	st->leaked = (unsigned)m->leaked;
	if (m->has_lost_errno && m->lost_errno)
		output_lost(c, st, (int)m->lost_errno);
	o = report_classify(st->kind, st->code, (int)m->flags);
	/* No report says why a test passed: of 100,000 passes, none keeps
	   an "exit status 0". */
	if (o == OUTCOME_PASSED)
		;
	else if (o == OUTCOME_INTERRUPTED)
		buf_adds(&reason, "stopped by xdist-exec");
	else if (o == OUTCOME_TIMEOUT)
		buf_addf(&reason, "timed out after %.2fs (limit %.3gs)",
			 (double)dur / 1e9,
			 (double)timeout_of(c, running(c, w)) / 1e3);
	else
		report_reason(&reason, st->kind, st->code, st->core, stage);
	free(st->reason);
	st->reason = buf_release_take(&reason);
	free(stage);
	if (k >= 0) {
		fixture_result(c, w, (enum fixture)k, m, st, o);
		return;
	}
	if ((o == OUTCOME_FAILED || o == OUTCOME_TIMEOUT) &&
	    maybe_rerun(c, w, (size_t)seq)) {
		slot_event(c, w, SLOT_EV_FAILED);
		return;
	}
	slot_event(c, w, o == OUTCOME_PASSED ? SLOT_EV_PASSED : SLOT_EV_FAILED);
	if (st->leaked && c->o.leak == LEAK_FAIL &&
	    (o == OUTCOME_PASSED || o == OUTCOME_SKIPPED)) {
		o = OUTCOME_FAILED;
		free(st->reason);
		st->reason = xasprintf("left %u process%s behind (killed; "
				       "--leak=fail)",
				       st->leaked, st->leaked == 1 ? "" : "es");
	}
	if (o == OUTCOME_PASSED && st->attempt > 1) {
		o = OUTCOME_FLAKY;
		free(st->reason);
		st->reason = xasprintf("passed on attempt %d of %d",
				       st->attempt, c->o.reruns + 1);
	}
	if (o == OUTCOME_FAILED || o == OUTCOME_ERROR || o == OUTCOME_TIMEOUT ||
	    c->all_output)
		spool_output(c, st, m);
	finish_run(c, (size_t)seq, o, w);
}

static void worker_down(struct ctl *c, struct wslot *w);

static void handle_msg(struct ctl *c, struct wslot *w,
		       const struct proto_msg *m)
{
	struct proto_ready ready;
	struct proto_started started;
	struct proto_output out;
	struct proto_result res;
	struct proto_error err;
	char *text;

	switch (m->type) {
	case MSG_READY:
		if (w->state != SLOT_STARTING ||
		    proto_take_ready(m, &ready, NULL) < 0) {
			ctl_warn(c, "worker %s: unexpected READY", w->name);
			begin_stop(c, STOP_INTERNAL);
			return;
		}
		if (ready.version != PROTO_VERSION) {
			ctl_warn(c,
				 "worker %s speaks protocol version %llu, "
				 "this xdist-exec speaks %d",
				 w->name, (unsigned long long)ready.version,
				 PROTO_VERSION);
			begin_stop(c, STOP_INTERNAL);
			return;
		}
		slot_event(c, w, SLOT_EV_READY);
		return;
	case MSG_STARTED:
		/* Kept so that a worker's death cannot orphan its test's
		   group (its PR_SET_PDEATHSIG reaches only the leader). */
		if (slot_busy(w->state) &&
		    proto_take_started(m, &started, NULL) == 0)
			w->test_pgid = (pid_t)started.pid;
		return;
	case MSG_OUTPUT:
		if (proto_take_output(m, &out, NULL) == 0 &&
		    slot_busy(w->state))
			echo_output(c, w, out.data.p, out.data.len);
		return;
	case MSG_RESULT:
		if (proto_take_result(m, &res, NULL) < 0) {
			ctl_warn(c,
				 "worker %s sent a result for no test it was "
				 "running",
				 w->name);
			begin_stop(c, STOP_INTERNAL);
			return;
		}
		handle_result(c, w, &res);
		proto_result_release(&res);
		return;
	case MSG_ERROR:
		proto_take_error(m, &err, NULL);
		text = proto_str_dup(err.text);
		ctl_warn(c, "worker %s: %s", w->name, text ? text : "error");
		free(text);
		begin_stop(c, STOP_INTERNAL);
		return;
	default:
		ctl_warn(c, "worker %s sent unknown message type %d", w->name,
			 m->type);
		begin_stop(c, STOP_INTERNAL);
	}
}

static void read_worker(struct ctl *c, struct wslot *w)
{
	char chunk[65536];
	struct proto_msg m;
	size_t used;
	ssize_t n;
	int r = 0, eof = 0;

	for (;;) {
		n = xio_read(w->from, chunk, sizeof(chunk));
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			eof = 1;
			break;
		}
		buf_add(&w->in, chunk, (size_t)n);
	}
	proto_msg_init(&m);
	while (slot_alive(w->state) &&
	       (r = proto_decode(w->in.data, w->in.len, &m, &used)) == 1) {
		handle_msg(c, w, &m);
		buf_consume(&w->in, used);
	}
	proto_msg_release(&m);
	if (slot_alive(w->state) && r < 0) {
		ctl_warn(c, "worker %s sent bytes that are not a message",
			 w->name);
		begin_stop(c, STOP_INTERNAL);
		eof = 1;
	}
	if (eof && slot_alive(w->state))
		worker_down(c, w);
}

static void reap_workers(struct ctl *c)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < c->nslots; i++)
			if (c->w[i].pid == pid)
				c->w[i].pid = 0;
}

/* The run w had went down with it: "worker 'gw0' crashed WHEN 'ID'". */
static struct run_record *crashed(struct ctl *c, struct wslot *w,
				  const char *when)
{
	struct run_record *st = &c->tally.runs[w->run];

	free(st->reason);
	st->reason = xasprintf("worker '%s' crashed %s '%s'", w->name, when,
			       runs_label(&c->runs, w->run));
	st->kind = -1;
	return st;
}

/*
 * SLOT_DO_RESTART: replace a crashed worker, under --max-worker-restart.
 * A rerun it held goes to the replacement (after its worker setup), or
 * fails when there is none.
 */
static void restart_slot(struct ctl *c, struct wslot *w)
{
	int rerun = w->rerun_at != 0;

	w->rerun_at = 0;
	report_break_line(&c->rep, &c->out);
	if (c->restarts >= c->max_restarts) {
		if (c->max_restarts == 0)
			buf_addf(&c->out,
				 "worker %s crashed and worker restarting "
				 "disabled\n",
				 w->name);
		else
			buf_addf(&c->out,
				 "maximum crashed workers reached: %d\n",
				 c->restarts);
		if (rerun)
			finish_run(c, w->run, OUTCOME_FAILED, w);
		begin_stop(c, STOP_CRASHES);
		return;
	}
	c->restarts++;
	buf_addf(&c->out, "replacing crashed worker %s\n", w->name);
	if (start_worker(c, w) < 0) {
		ctl_warn(c, "cannot restart worker %s: %s", w->name,
			 strerror(errno));
		if (rerun)
			finish_run(c, w->run, OUTCOME_FAILED, w);
		begin_stop(c, STOP_CRASHES);
		return;
	}
	if (rerun)
		w->rerun_at = xio_now_ns() + c->o.reruns_delay_ms * 1000000 + 1;
}

static void worker_down(struct ctl *c, struct wslot *w)
{
	enum slot_state was = w->state;
	int k = fixture_of(c, w);

	echo_flush(c, w);
	if (slot_busy(was) && w->test_pgid > 0)
		kill(-w->test_pgid, SIGKILL);
	w->test_pgid = 0;
	loop_del(&c->loop, w->from);
	close(w->from);
	w->from = -1;
	close_to(w);
	reap_workers(c);
	if (c->stop == STOP_INTERNAL && !slot_busy(was)) {
		slot_event(c, w, SLOT_EV_DIED);
		return;
	}
	/* Idle or not, a worker goes away only when told to (BYE, in
	   shutdown_workers): anything else is a crash. */
	report_break_line(&c->rep, &c->out);
	buf_addf(&c->out, "[%s] node down: Not properly terminated\n", w->name);
	if (was == SLOT_RERUN_WAIT && w->rerun_at)
		/* It was waiting out --reruns-delay: the rerun goes to its
		   replacement, or fails with it. */
		crashed(c, w, "before rerunning");
	if (k >= 0) {
		struct run_record *st =
			new_fixture_error(c, (enum fixture)k, w);

		st->reason = xasprintf("worker '%s' crashed while running "
				       "the %s",
				       w->name, fixture_names[k]);
		st->kind = RUN_KIND_CRASHED;
		/* Not replaced: the fixture's failure decides what follows. */
		w->state = slot_step(was, SLOT_EV_DIED, &no_facts).next;
		fixture_failed(c, w, (enum fixture)k);
		return;
	}
	if (was == SLOT_TEST) {
		struct run_record *st = crashed(c, w, "while running");

		st->duration_ns = xio_now_ns() - w->started_ns;
		/* With --reruns a crash is a failure like any other. */
		if (!c->stop && st->attempt <= c->o.reruns) {
			tally_rerun(&c->tally, w->run);
			report_result(c, OUTCOME_FAILED,
				      w->master ? NULL : w->name,
				      runs_label(&c->runs, w->run),
				      st->duration_ns, 1);
			/* Held for the replacement: due once it is set up. */
			w->rerun_at = 1;
		} else {
			finish_run(c, w->run, OUTCOME_FAILED, w);
		}
	}
	if (was == SLOT_STARTING && c->stop == STOP_NONE) {
		ctl_warn(c, "worker %s failed to start", w->name);
		begin_stop(c, STOP_INTERNAL);
	}
	slot_event(c, w, SLOT_EV_DIED);
	/* Not replaced: a held rerun fails with its worker. */
	if (w->state == SLOT_DOWN && w->rerun_at) {
		w->rerun_at = 0;
		finish_run(c, w->run, OUTCOME_FAILED, w);
	}
}

/* SIGUSR1: what each worker is doing, and for how long. */
static void print_status(struct ctl *c)
{
	long long now = xio_now_ns();
	int i;

	report_break_line(&c->rep, &c->out);
	buf_addf(&c->out, "xdist-exec: %zu of %zu tests done after %.1fs\n",
		 c->tally.finished, c->nruns,
		 (double)(now - c->start_ns) / 1e9);
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		buf_addf(&c->out, "  %-8s ", w->name);
		if (fixture_of(c, w) >= 0)
			buf_addf(&c->out, "running the %s for %.1fs\n",
				 fixture_names[fixture_of(c, w)],
				 (double)(now - w->started_ns) / 1e9);
		else if (w->state == SLOT_TEST)
			buf_addf(&c->out, "running %s for %.1fs\n",
				 runs_label(&c->runs, w->run),
				 (double)(now - w->started_ns) / 1e9);
		else if (!slot_alive(w->state))
			buf_addf(&c->out, "down\n");
		else if (w->state == SLOT_STARTING)
			buf_addf(&c->out, "starting\n");
		else
			buf_addf(&c->out, "idle\n");
	}
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

	ctl_flush(c);
	live_hide(c);
	c->paused_at = xio_now_ns();
	for (i = 0; i < c->nslots; i++)
		if (slot_alive(c->w[i].state))
			send_simple(c, &c->w[i], MSG_SUSPEND);
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
			send_simple(c, &c->w[i], MSG_RESUME);
}

static void handle_signal(struct ctl *c, int sig)
{
	int i, cols, rows;

	switch (sig) {
	case SIGCHLD:
		reap_workers(c);
		return;
	case SIGUSR1:
		print_status(c);
		return;
	case SIGTSTP:
		suspend(c);
		return;
	case SIGCONT:
		resume(c);
		return;
	case SIGWINCH:
		terminal_size(&cols, &rows);
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
		begin_stop(c, STOP_SIGNAL);
		return;
	}
	/* Again: no more grace, for tests and fixtures alike. */
	c->stop = STOP_SIGNAL;
	for (i = 0; i < c->nslots; i++)
		if (slot_busy(c->w[i].state))
			send_simple(c, &c->w[i], MSG_KILL);
}

/* --slow: say which tests have run past the mark, each time they pass
   another multiple of it.  Returns the next mark, or 0. */
static long long slow_marks(struct ctl *c)
{
	long long now = xio_now_ns(), next = 0;
	int i;

	for (i = 0; i < c->nworkers; i++) {
		struct wslot *w = &c->w[i];

		if (w->state != SLOT_TEST || !w->slow_at)
			continue;
		if (now >= w->slow_at) {
			report_break_line(&c->rep, &c->out);
			buf_addf(&c->out, "SLOW ");
			if (!w->master)
				buf_addf(&c->out, "[%s] ", w->name);
			buf_addf(&c->out, "%s (running for %.1fs)\n",
				 runs_label(&c->runs, w->run),
				 (double)(now - w->started_ns) / 1e9);
			while (w->slow_at <= now)
				w->slow_at += c->o.slow_ms * 1000000;
		}
		if (!next || w->slow_at < next)
			next = w->slow_at;
	}
	return next;
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
		if (c->w[i].to >= 0)
			watch_out(c, &c->w[i].oq, TAG_TO_BIT | (uint64_t)i);
}

static void event_loop(struct ctl *c)
{
	struct epoll_event ev[16];
	int i, n;

	for (;;) {
		long long deadline = 0, rr;
		int done;

		jobs_rebalance(c);
		done = step(c);

		ctl_flush(c);
		if (done)
			return;
		if (c->stop)
			deadline = c->kill_deadline;
		rr = next_rerun(c);
		deadline = earliest(deadline, rr);
		if (c->o.slow_ms)
			deadline = earliest(deadline, slow_marks(c));
		/* No redraw is due while the reader lags (ctl_flush). */
		if (c->live_up && !outq_pending(&c->stdout_q))
			deadline = earliest(deadline, c->live_next);
		if (!c->stop && c->session_deadline) {
			if (xio_now_ns() >= c->session_deadline) {
				report_break_line(&c->rep, &c->out);
				report_sep(&c->out, c->rep.width, '!',
					   "session timeout reached");
				begin_stop(c, STOP_SESSION_TIMEOUT);
				continue;
			}
			deadline = earliest(deadline, c->session_deadline);
		}
		watch_outputs(c);
		n = loop_wait(&c->loop, ev, 16, deadline);
		if (n < 0) {
			ctl_warn(c, "epoll_wait: %s", strerror(errno));
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

				if (interruptible(c, w) && w->pid)
					kill(w->pid, SIGKILL);
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
				/* A token may be free: step() tries again. */
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
				if (w->to >= 0 && outq_flush(&w->oq) < 0)
					close_to(w);
				continue;
			}
			w = &c->w[ev[i].data.u64];
			if (slot_alive(w->state))
				read_worker(c, w);
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
			send_simple(c, w, MSG_KILL);
		if (w->to >= 0) {
			send_simple(c, w, MSG_BYE);
			/* Bounded, and short: a worker reads its stdin all
			   along, and one that does not gets SIGKILL below. */
			outq_drain(&w->oq, deadline, -1);
			close_to(w);
		}
	}
	for (;;) {
		struct epoll_event ev[16];
		int n;

		reap_workers(c);
		alive = 0;
		for (i = 0; i < c->nslots; i++)
			if (c->w[i].pid)
				alive++;
		if (!alive)
			break;
		if (xio_now_ns() >= deadline) {
			for (i = 0; i < c->nslots; i++)
				if (c->w[i].pid)
					kill(c->w[i].pid, SIGKILL);
			deadline = xio_now_ns() + 5000000000LL;
		}
		n = loop_wait(&c->loop, ev, 16, deadline);
		for (i = 0; i < n; i++) {
			struct signalfd_siginfo si;
			struct wslot *w;
			char sink[4096];

			if (ev[i].data.u64 == LOOP_TAG_SIGNAL) {
				while (loop_signal(&c->loop, &si) == 1)
					if (si.ssi_signo != SIGCHLD)
						c->signals++;
				continue;
			}
			/* Results that race with BYE are dropped. */
			w = &c->w[ev[i].data.u64];
			if (w->from >= 0 &&
			    xio_read(w->from, sink, sizeof(sink)) == 0) {
				loop_del(&c->loop, w->from);
				close(w->from);
				w->from = -1;
			}
		}
	}
	for (i = 0; i < c->nslots; i++)
		if (c->w[i].from >= 0) {
			close(c->w[i].from);
			c->w[i].from = -1;
		}
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long v;

	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if (cols && options_parse_count(cols, 20, 10000, &v) == 0)
		return (int)v;
	return 80;
}

static int use_color(const struct options *o)
{
	const char *nc = getenv("NO_COLOR"), *fc = getenv("FORCE_COLOR");
	const char *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_YES;
	if (nc && *nc)
		return 0;
	if (fc && *fc)
		return 1;
	return isatty(1) && !(term && !strcmp(term, "dumb"));
}

/* Make sure 0, 1 and 2 are open so no pipe of ours lands on them. */
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
	if (c->stop == STOP_INTERNAL || c->tally.lost)
		return EXIT_INTERNAL;
	if (c->stop == STOP_SIGNAL || c->stop == STOP_SESSION_TIMEOUT)
		return EXIT_INTERRUPTED;
	if (c->tally.failures || c->stop == STOP_MAXFAIL ||
	    c->stop == STOP_CRASHES || c->stop == STOP_FIXTURE)
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
	int i;

	c->w = xcalloc((size_t)c->nslots, sizeof(*c->w));
	c->fxw = &c->w[c->nslots - 1];
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		w->index = i;
		w->master = c->master || i >= c->nworkers;
		snprintf(w->name, sizeof(w->name),
			 w->master ? "master" : "gw%d", i);
		w->to = w->from = -1;
		w->state = SLOT_OFF;
	}
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		if (start_worker(c, w) < 0) {
			ctl_warn(c, "cannot start worker %s: %s", w->name,
				 strerror(errno));
			w->state = SLOT_OFF;
			begin_stop(c, STOP_INTERNAL);
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
		buf_release(&c->w[k].in);
		buf_release(&c->w[k].live);
		outq_release(&c->w[k].oq);
	}
	free(c->w);
	free(c->view_slots);
	testlist_release(&c->fx);
	testlist_release(&c->tests);
	cache_release(&c->cache);
	free(c->cached_ns);
	free(c->cached_failed);
	options_release(&c->o);
	outputs_release(&c->reports);
	live_release(&c->live);
	free(c->preload);
	free(c->run_dir);
	free(c->mainargv);
	buf_release(&c->out);
	outq_release(&c->stdout_q);
	buf_release(&c->notes);
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

static int controller_run(struct ctl *c, int argc, char **argv, struct buf *err)
{
	struct buf q = BUF_INIT;
	/* The config and the argv it makes live as long as the process:
	   the options' sources point into both. */
	static struct config cfg;
	static char **xargv;
	const char *env_addopts = getenv(CONFIG_ENV_ADDOPTS);
	char cwd[PATH_MAX];
	size_t r;
	int rc, cols, rows, xargc;

	sanitize_stdio();
	outq_open_stdout(&c->stdout_q, 1);
	/* No worker runs yet: the reader is simply waited for. */
	c->out_sync = 1;
	config_init(&cfg);
	if (config_find_and_load(argc, argv, env_addopts,
				 getcwd(cwd, sizeof(cwd)), &cfg, err) < 0) {
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
		return ctl_usage_error("%s", err->data);
	if (c->o.help) {
		fputs(options_help, stdout);
		return EXIT_OK;
	}
	if (c->o.version) {
		printf("xdist-exec %s\n", XDIST_VERSION);
		return EXIT_OK;
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
	rc = plan_load(c, err);
	if (rc) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		return rc;
	}
	c->start_ns = xio_now_ns();
	report_init(&c->rep, terminal_width(), use_color(&c->o), c->o.verbosity,
		    &c->tally);
	rc = plan_select(c, err);
	if (err->len)
		ctl_warn(c, "%s", err->data);
	buf_reset(err);
	if (rc)
		return rc;
	if (c->o.collect_only) {
		if (c->notes.len)
			buf_add(&c->out, c->notes.data, c->notes.len);
		return plan_collect_only(c, flush_out);
	}
	if (outputs_open(&c->reports, c->o.junitxml, c->o.report_log,
			 c->o.log_dir, err) < 0) {
		fprintf(stderr, "xdist-exec: %s\n", err->data);
		outputs_release(&c->reports);
		return EXIT_USAGE;
	}
	c->all_output = outputs_need_output(&c->reports);
	if (!c->nitems) {
		tally_init(&c->tally, 0, c->deselected);
		report_header(&c->rep, &c->out, XDIST_VERSION, 0);
		if (c->notes.len)
			buf_add(&c->out, c->notes.data, c->notes.len);
		report_final(&c->rep, &c->out, 0);
		ctl_flush(c);
		outputs_run_start(&c->reports, view_of(c));
		rc = outputs_run_end(&c->reports, view_of(c), EXIT_NO_TESTS,
				     err);
		if (err->len)
			ctl_warn(c, "%s", err->data);
		outputs_release(&c->reports);
		return rc;
	}
	c->nworkers = count_workers(c);
	c->master = c->nworkers == 0;
	if (c->master)
		c->nworkers = 1;
	c->max_restarts = c->o.max_worker_restart >= 0 ? c->o.max_worker_restart
						       : 4 * c->nworkers;
	plan_start(c);
	terminal_size(&cols, &rows);
	live_init(&c->live, use_live(&c->o) ? cols : 0, rows, c->rep.color);
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
	if (!c->o.no_preload)
		c->preload = find_preload();
	setup_fixtures(c);

	report_header(&c->rep, &c->out, XDIST_VERSION,
		      c->master ? 0 : c->nworkers);
	if (c->notes.len)
		buf_add(&c->out, c->notes.data, c->notes.len);
	ctl_flush(c);
	if (c->o.session_timeout_ms)
		c->session_deadline =
			c->start_ns + c->o.session_timeout_ms * 1000000;
	jobserver_open(&c->js, getenv("MAKEFLAGS"));
	c->live_up = c->live.width > 0;
	outputs_run_start(&c->reports, view_of(c));
	start_slots(c);
	event_loop(c);
	c->live_up = 0;
	live_hide(c);
	shutdown_workers(c);
	c->out_sync = 1;
	jobserver_close(&c->js);
	for (r = 0; r < c->nruns; r++)
		if (c->tally.runs[r].outcome == OUTCOME_NONE)
			finish_run(c, r, OUTCOME_NOTRUN, NULL);
	if (summary_print(view_of(c), &c->rep, &c->out, flush_out, c, err))
		ctl_warn(c, "%s", err->data);
	buf_reset(err);
	live_release(&c->live);
	/* The schedule is spent: give its memory back before the cache
	   save makes its own. */
	sched_release(&c->sched);
	plan_save_cache(c, err);
	if (err->len)
		ctl_warn(c, "%s", err->data);
	buf_reset(err);
	rc = outputs_run_end(&c->reports, view_of(c), exit_status(c), err);
	if (err->len)
		ctl_warn(c, "%s", err->data);
	outputs_release(&c->reports);
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
	rc = controller_run(&c, argc, argv, &err);
	drain_stdout(&c);
	buf_release(&err);
	ctl_release(&c);
	return rc;
}
