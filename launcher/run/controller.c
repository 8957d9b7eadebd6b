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

		/* The fixture slot shows only while it runs something. */
		if (i >= c->nworkers && w->state != W_BUSY)
			continue;
		n++;
		x->name = w->name;
		x->expect_ns = -1;
		switch (w->state) {
		case W_STARTING:
			x->state = LIVE_STARTING;
			break;
		case W_IDLE:
			x->state = LIVE_IDLE;
			break;
		case W_DOWN:
			x->state = LIVE_DOWN;
			break;
		case W_BUSY:
			x->running_ns = now - w->started_ns;
			if (w->fx >= 0) {
				x->state = LIVE_FIXTURE;
				fxlabel[i] = xasprintf(
					"%s: %s", fixture_names[w->fx],
					c->fx.v[c->fx_idx[w->fx]].id);
				x->label = fxlabel[i];
			} else {
				x->state = LIVE_TEST;
				x->label = runs_label(&c->runs, w->run);
				x->expect_ns = c->expect_ns[runs_item(&c->runs,
								      w->run)];
			}
			break;
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
 * Write the report text.  With the status area up, the text goes where the
 * area was and the area is drawn again under it; without new text, the
 * area is redrawn at most every LIVE_INTERVAL_NS.
 */
static void ctl_flush(struct ctl *c)
{
	struct buf b = BUF_INIT;

	if (!c->live_up && !c->live.lines_drawn) {
		if (c->out.len) {
			/* A closed stdout (| head) must not stop the run. */
			xio_write_all(1, c->out.data, c->out.len);
			buf_reset(&c->out);
		}
		return;
	}
	if (c->out.len) {
		live_clear(&c->live, &b);
		buf_add(&b, c->out.data, c->out.len);
		buf_reset(&c->out);
	}
	if (c->live_up && (b.len || xio_now_ns() >= c->live_next))
		live_show(c, &b);
	if (b.len)
		xio_write_all(1, b.data, b.len);
	buf_release(&b);
}

/* Take the status area off the screen (before stderr, Ctrl-Z, the
   summary); the next ctl_flush draws it again if it is still up. */
static void live_hide(struct ctl *c)
{
	struct buf b = BUF_INIT;

	live_clear(&c->live, &b);
	if (b.len)
		xio_write_all(1, b.data, b.len);
	buf_release(&b);
	c->live_next = 0;
}

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

static void send_buf(struct wslot *w, struct buf *b)
{
	/* A worker that died is noticed by EOF on its stdout. */
	if (w->to >= 0 && xio_write_all(w->to, b->data, b->len) < 0) {
		close(w->to);
		w->to = -1;
	}
	buf_reset(b);
}

static void send_simple(struct ctl *c, struct wslot *w, uint8_t type)
{
	struct buf b = BUF_INIT;
	size_t s;

	proto_begin(&b, type, &s);
	if (type == MSG_TERMINATE)
		proto_add_u64(&b, TAG_GRACE_MS,
			      (uint64_t)c->o.timeout_grace_ms);
	proto_end(&b, s);
	send_buf(w, &b);
	buf_release(&b);
}

static void send_env(struct wslot *w, char *const *entries, size_t n)
{
	struct buf b = BUF_INIT;
	size_t s, i;

	proto_begin(&b, MSG_ENV, &s);
	for (i = 0; i < n; i++)
		proto_add_str(&b, TAG_ENV, entries[i]);
	proto_end(&b, s);
	send_buf(w, &b);
	buf_release(&b);
}

static int start_worker(struct ctl *c, struct wslot *w)
{
	static char arg0[] = "xdist-exec", arg1[] = "worker";
	char *argv[] = {arg0, arg1, NULL};
	int tw[2], fw[2];
	struct spawn_req req;
	enum spawn_stage stage;
	struct buf b = BUF_INIT;
	char *wd;
	size_t s;
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
	w->state = W_STARTING;
	w->fx = -1;
	w->ws_done = 0;
	w->wt_done = 0;
	buf_reset(&w->in);
	buf_reset(&w->live);
	loop_nonblock(w->from);
	loop_add(&c->loop, w->from, (uint64_t)(w - c->w), EPOLLIN);

	wd = xasprintf("%s/%s", c->run_dir, w->name);
	proto_begin(&b, MSG_HELLO, &s);
	proto_add_u64(&b, TAG_VERSION, PROTO_VERSION);
	proto_add_str(&b, TAG_WORKER, w->name);
	proto_add_u64(&b, TAG_INDEX, (uint64_t)(w->master ? 0 : w->index));
	proto_add_u64(&b, TAG_COUNT, (uint64_t)(c->master ? 1 : c->nworkers));
	proto_add_str(&b, TAG_UID, c->uid);
	proto_add_str(&b, TAG_RUNDIR, c->run_dir);
	proto_add_str(&b, TAG_WORKERDIR, wd);
	proto_add_str(&b, TAG_MAINARGV, c->mainargv);
	proto_add_u64(&b, TAG_FLAGS,
		      (uint64_t)((w->master ? HELLO_MASTER : 0) |
				 (c->o.capture ? 0 : HELLO_LIVE) |
				 (c->o.no_preload ? HELLO_NO_TITLE : 0) |
				 (c->all_output ? HELLO_ALL_OUTPUT : 0) |
				 (c->o.keep_run_dir || c->run_lock < 0
					  ? HELLO_KEEP_RUN_DIR
					  : 0)));
	proto_add_u64(&b, TAG_MAXOUT, (uint64_t)c->o.max_output);
	proto_add_u64(&b, TAG_GRACE_MS, (uint64_t)c->o.timeout_grace_ms);
	if (c->preload)
		proto_add_str(&b, TAG_PRELOAD, c->preload);
	proto_end(&b, s);
	free(wd);
	send_buf(w, &b);
	buf_release(&b);
	if (c->ngenv)
		send_env(w, c->genv, c->ngenv);
	return 0;
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
	/* Teardowns are left to finish: they are what cleans up. */
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		w->rerun_at = 0;
		if (w->state == W_BUSY &&
		    (w->fx < 0 || w->fx == FX_SETUP || w->fx == FX_WSETUP))
			send_simple(c, w, MSG_TERMINATE);
	}
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
	char **argv = test_argv(t), **a;
	size_t s;

	proto_begin(&b, MSG_RUN, &s);
	proto_add_u64(&b, TAG_SEQ, seq);
	proto_add_str(&b, TAG_ID, t->id);
	proto_add_u64(&b, TAG_FLAGS,
		      (uint64_t)((t->shell ? RUN_SHELL : 0) | flags));
	/* Fixtures get --timeout too: a hung teardown must not hold the
	   run for ever (their #@ attributes are never set). */
	if (timeout_of(c, t) > 0)
		proto_add_u64(&b, TAG_TIMEOUT_MS, (uint64_t)timeout_of(c, t));
	if (attempt > 0) {
		proto_add_u64(&b, TAG_ATTEMPT, (uint64_t)attempt);
		proto_add_u64(&b, TAG_ATTEMPTS, (uint64_t)(c->o.reruns + 1));
	}
	for (a = argv; *a; a++)
		proto_add_str(&b, TAG_ARG, *a);
	free(argv);
	proto_end(&b, s);
	w->state = W_BUSY;
	w->test_pgid = 0;
	w->started_ns = xio_now_ns();
	w->slow_at = c->o.slow_ms ? w->started_ns + c->o.slow_ms * 1000000 : 0;
	send_buf(w, &b);
	buf_release(&b);
}

static int slots_in(const struct ctl *c, int from, int to, enum wstate s);

/*
 * May one more job start?  Under make's jobserver we own one slot and
 * take a token for every further job running at once; when none is free,
 * the pipe goes into the epoll set so its readiness wakes us.
 */
static int job_slot(struct ctl *c)
{
	int running = slots_in(c, 0, c->nslots, W_BUSY);

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
	int running = slots_in(c, 0, c->nslots, W_BUSY);
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
	w->fx = (int)k;
	send_run(c, w, FX_SEQ(k), &c->fx.v[c->fx_idx[k]], RUN_FIXTURE, 0);
}

static void start_run(struct ctl *c, struct wslot *w, size_t r)
{
	w->fx = -1;
	w->run = r;
	w->rerun_at = 0;
	send_run(c, w, r, runs_test(&c->runs, r), 0, c->tally.runs[r].attempt);
	outputs_test_start(&c->reports, view_of(c), r, w->index);
}

/*
 * Give every idle worker its next test.  Returns 1 when some worker may
 * get more work later (a rerun is due, or the scheduler said wait).
 */
static int dispatch_tests(struct ctl *c)
{
	long long now = xio_now_ns();
	int i, more = 0;

	if (c->stop)
		return 0;
	for (i = 0; i < c->nworkers; i++) {
		struct wslot *w = &c->w[i];
		long item;

		if (w->state != W_IDLE)
			continue;
		if (w->rerun_at) {
			if (now >= w->rerun_at && job_slot(c))
				start_run(c, w, w->run);
			more = 1;
			continue;
		}
		if (!job_slot(c))
			return 1;
		if (has_fixture(c, FX_WSETUP) && !w->ws_done) {
			if (sched_pending(&c->sched))
				run_fixture(c, w, FX_WSETUP);
			continue;
		}
		item = sched_next(&c->sched, i);
		if (item == SCHED_WAIT)
			more = 1;
		if (item < 0)
			continue;
		start_run(c, w,
			  c->o.dist == SCHED_EACH
				  ? (size_t)i * c->nitems + (size_t)item
				  : (size_t)item);
	}
	return more;
}

static int slots_in(const struct ctl *c, int from, int to, enum wstate s)
{
	int i, n = 0;

	for (i = from; i < to; i++)
		if (c->w[i].state == s)
			n++;
	return n;
}

static long long next_rerun(const struct ctl *c)
{
	long long t = 0;
	int i;

	for (i = 0; i < c->nworkers; i++)
		if (c->w[i].state != W_DOWN && c->w[i].rerun_at &&
		    (!t || c->w[i].rerun_at < t))
			t = c->w[i].rerun_at;
	return t;
}

/*
 * Move the run along: setup, then the tests, then the worker teardowns and
 * the teardown.  Returns 1 when there is nothing left to do.
 */
static int step(struct ctl *c)
{
	int i, more;

	for (;;) {
		enum phase was = c->phase;

		switch (c->phase) {
		case PH_SETUP:
			if (!has_fixture(c, FX_SETUP) ||
			    c->stop == STOP_INTERNAL) {
				c->phase = PH_TESTS;
			} else if (!c->setup_sent) {
				if (c->fxw->state == W_IDLE) {
					run_fixture(c, c->fxw, FX_SETUP);
					c->setup_sent = 1;
				} else if (c->fxw->state == W_DOWN) {
					c->setup_state = -1;
				}
			}
			if (c->setup_sent && c->setup_state == 1)
				c->phase = PH_TESTS;
			if (c->setup_state == -1)
				c->phase = PH_WTEARDOWN;
			break;
		case PH_TESTS:
			more = dispatch_tests(c);
			if (slots_in(c, 0, c->nslots, W_BUSY) ||
			    slots_in(c, 0, c->nworkers, W_STARTING) ||
			    next_rerun(c))
				break;
			if (!c->stop && more &&
			    slots_in(c, 0, c->nworkers, W_IDLE)) {
				/* Nothing runs and nothing may start: the
				   scheduler broke its promise.  Say so
				   rather than hang. */
				ctl_warn(c,
					 "scheduler stalled with %zu tests "
					 "pending",
					 sched_pending(&c->sched));
				begin_stop(c, STOP_INTERNAL);
			}
			c->phase = PH_WTEARDOWN;
			break;
		case PH_WTEARDOWN:
			if (!has_fixture(c, FX_WTEARDOWN) || c->signals >= 2 ||
			    c->stop == STOP_INTERNAL) {
				c->phase = PH_TEARDOWN;
				break;
			}
			for (i = 0; i < c->nworkers; i++) {
				struct wslot *w = &c->w[i];

				if (w->state == W_IDLE && !w->wt_done &&
				    (!has_fixture(c, FX_WSETUP) ||
				     w->ws_done) &&
				    job_slot(c)) {
					w->wt_done = 1;
					run_fixture(c, w, FX_WTEARDOWN);
				}
			}
			if (!slots_in(c, 0, c->nslots, W_BUSY))
				c->phase = PH_TEARDOWN;
			break;
		case PH_TEARDOWN:
			if (!has_fixture(c, FX_TEARDOWN) || c->signals >= 2 ||
			    c->stop == STOP_INTERNAL || c->teardown_done) {
				c->phase = PH_DONE;
				break;
			}
			if (c->teardown_sent)
				break;
			if (c->fxw->state == W_IDLE) {
				run_fixture(c, c->fxw, FX_TEARDOWN);
				c->teardown_sent = 1;
			} else if (c->fxw->state == W_DOWN &&
				   !c->teardown_restarted) {
				c->teardown_restarted = 1;
				if (start_worker(c, c->fxw) < 0)
					c->phase = PH_DONE;
			} else if (c->fxw->state == W_DOWN) {
				c->phase = PH_DONE;
			}
			break;
		case PH_DONE:
			return 1;
		}
		if (c->phase == was)
			return 0;
	}
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
			 const struct proto_msg *m)
{
	const struct proto_field *d = proto_get(m, TAG_DATA);
	const struct proto_field *t = proto_get(m, TAG_TAIL);

	st->out_off = c->spool_len;
	st->out_len = 0;
	st->head_len = d ? (uint32_t)d->len : 0;
	if (d && d->len) {
		if (xio_pwrite_all(c->spool, d->data, d->len, c->spool_len) ==
		    0)
			st->out_len += (uint32_t)d->len;
		else
			output_lost(c, st, errno);
	}
	if (t && t->len &&
	    xio_pwrite_all(c->spool, t->data, t->len,
			   c->spool_len + (off_t)st->out_len) == 0)
		st->out_len += (uint32_t)t->len;
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
			if (c->w[i].state == W_BUSY && c->w[i].fx < 0 &&
			    c->w[i].run == r)
				running = 1;
		if (st->outcome != OUTCOME_NONE || running)
			continue;
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
static void take_env(const struct proto_msg *m, char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < m->nfields; i++) {
		if (m->fields[i].tag != TAG_ENV)
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = xstrndup((const char *)m->fields[i].data,
					m->fields[i].len);
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
		c->setup_state = -1;
		error_remaining(c, "not run: --setup failed");
		break;
	case FX_WSETUP:
		why = xasprintf("not run: --worker-setup failed on %s",
				w->name);
		error_remaining(c, why);
		free(why);
		begin_stop(c, STOP_FIXTURE);
		break;
	case FX_TEARDOWN:
		c->teardown_done = 1;
		break;
	default:
		break;
	}
}

static void fixture_result(struct ctl *c, struct wslot *w,
			   const struct proto_msg *m, struct run_record *res,
			   enum outcome o)
{
	enum fixture k = (enum fixture)w->fx;
	char **env = NULL;
	size_t nenv = 0, i;

	w->fx = -1;
	w->state = W_IDLE;
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
		c->setup_state = 1;
		for (i = 0; i < nenv; i++)
			add_genv(c, env[i]);
		for (i = 0; i < (size_t)c->nslots && nenv; i++)
			if (c->w[i].state != W_DOWN)
				send_env(&c->w[i], env, nenv);
		break;
	case FX_WSETUP:
		w->ws_done = 1;
		if (nenv)
			send_env(w, env, nenv);
		break;
	case FX_TEARDOWN:
		c->teardown_done = 1;
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

static void handle_result(struct ctl *c, struct wslot *w,
			  const struct proto_msg *m)
{
	uint64_t seq, kind, code, core, flags, dur, total, leaked, lost;
	struct run_record *st, fxst;
	struct buf reason = BUF_INIT;
	char *stage;
	enum outcome o;

	if (w->state != W_BUSY || proto_get_u64(m, TAG_SEQ, &seq) < 0 ||
	    seq != (w->fx >= 0 ? FX_SEQ(w->fx) : w->run) ||
	    proto_get_u64(m, TAG_KIND, &kind) < 0 ||
	    proto_get_u64(m, TAG_CODE, &code) < 0) {
		ctl_warn(c,
			 "worker %s sent a result for no test it was running",
			 w->name);
		begin_stop(c, STOP_INTERNAL);
		return;
	}
	core = flags = dur = total = 0;
	proto_get_u64(m, TAG_CORE, &core);
	proto_get_u64(m, TAG_FLAGS, &flags);
	proto_get_u64(m, TAG_DURATION_NS, &dur);
	proto_get_u64(m, TAG_OUT_TOTAL, &total);
	leaked = 0;
	proto_get_u64(m, TAG_LEAKED, &leaked);
	stage = proto_get_str(m, TAG_STAGE);
	echo_flush(c, w);

	if (w->fx >= 0) {
		st = &fxst;
		memset(st, 0, sizeof(*st));
	} else {
		st = &c->tally.runs[seq];
	}
	st->kind = (signed char)kind;
	st->code = (int)code;
	st->core = (unsigned char)core;
	st->truncated = !!(flags & RESULT_TRUNCATED);
	st->duration_ns = (long long)dur;
	st->out_total = total;
	st->leaked = (unsigned)leaked;
	if (proto_get_u64(m, TAG_LOST_ERRNO, &lost) == 0 && lost)
		output_lost(c, st, (int)lost);
	o = report_classify(st->kind, st->code, (int)flags);
	/* No report says why a test passed: of 100,000 passes, none keeps
	   an "exit status 0". */
	if (o == OUTCOME_PASSED)
		;
	else if (o == OUTCOME_INTERRUPTED)
		buf_adds(&reason, "stopped by xdist-exec");
	else if (o == OUTCOME_TIMEOUT && w->fx < 0)
		buf_addf(&reason, "timed out after %.2fs (limit %.3gs)",
			 (double)dur / 1e9,
			 (double)timeout_of(c, runs_test(&c->runs, seq)) / 1e3);
	else
		report_reason(&reason, st->kind, st->code, st->core, stage);
	free(st->reason);
	st->reason = buf_release_take(&reason);
	free(stage);
	if (w->fx >= 0) {
		fixture_result(c, w, m, st, o);
		return;
	}
	w->state = W_IDLE;
	if ((o == OUTCOME_FAILED || o == OUTCOME_TIMEOUT) &&
	    maybe_rerun(c, w, (size_t)seq))
		return;
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
	const struct proto_field *f;
	uint64_t v;
	char *text;

	switch (m->type) {
	case MSG_READY:
		if (w->state != W_STARTING ||
		    proto_get_u64(m, TAG_VERSION, &v) < 0 ||
		    v != PROTO_VERSION) {
			ctl_warn(c, "worker %s: unexpected READY", w->name);
			begin_stop(c, STOP_INTERNAL);
			return;
		}
		w->state = W_IDLE;
		return;
	case MSG_STARTED:
		/* Kept so that a worker's death cannot orphan its test's
		   group (its PR_SET_PDEATHSIG reaches only the leader). */
		if (w->state == W_BUSY && proto_get_u64(m, TAG_PID, &v) == 0)
			w->test_pgid = (pid_t)v;
		return;
	case MSG_OUTPUT:
		f = proto_get(m, TAG_DATA);
		if (f && w->state == W_BUSY)
			echo_output(c, w, (const char *)f->data, f->len);
		return;
	case MSG_RESULT:
		handle_result(c, w, m);
		return;
	case MSG_ERROR:
		text = proto_get_str(m, TAG_TEXT);
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
	while (w->state != W_DOWN &&
	       (r = proto_decode(w->in.data, w->in.len, &m, &used)) == 1) {
		handle_msg(c, w, &m);
		buf_consume(&w->in, used);
	}
	proto_msg_release(&m);
	if (w->state != W_DOWN && r < 0) {
		ctl_warn(c, "worker %s sent bytes that are not a message",
			 w->name);
		begin_stop(c, STOP_INTERNAL);
		eof = 1;
	}
	if (eof && w->state != W_DOWN)
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

static void worker_down(struct ctl *c, struct wslot *w)
{
	enum wstate was = w->state;
	int rerun = 0;

	echo_flush(c, w);
	if (was == W_BUSY && w->test_pgid > 0)
		kill(-w->test_pgid, SIGKILL);
	w->test_pgid = 0;
	loop_del(&c->loop, w->from);
	close(w->from);
	w->from = -1;
	if (w->to >= 0)
		close(w->to);
	w->to = -1;
	w->state = W_DOWN;
	reap_workers(c);
	if (c->stop == STOP_INTERNAL && was != W_BUSY)
		return;
	/* Idle or not, a worker goes away only when told to (BYE, in
	   shutdown_workers): anything else is a crash. */
	report_break_line(&c->rep, &c->out);
	buf_addf(&c->out, "[%s] node down: Not properly terminated\n", w->name);
	if (was == W_IDLE && w->rerun_at) {
		/* It was waiting out --reruns-delay: the rerun goes to its
		   replacement, or fails with it. */
		crashed(c, w, "before rerunning");
		w->rerun_at = 0;
		rerun = 1;
	}
	if (was == W_BUSY && w->fx >= 0) {
		enum fixture k = (enum fixture)w->fx;
		struct run_record *st = new_fixture_error(c, k, w);

		st->reason = xasprintf("worker '%s' crashed while running "
				       "the %s",
				       w->name, fixture_names[k]);
		st->kind = -1;
		w->fx = -1;
		fixture_failed(c, w, k);
		return;
	}
	if (was == W_BUSY) {
		struct run_record *st = crashed(c, w, "while running");

		st->duration_ns = xio_now_ns() - w->started_ns;
		/* With --reruns a crash is a failure like any other. */
		if (!c->stop && st->attempt <= c->o.reruns) {
			rerun = 1;
			tally_rerun(&c->tally, w->run);
			report_result(c, OUTCOME_FAILED,
				      w->master ? NULL : w->name,
				      runs_label(&c->runs, w->run),
				      st->duration_ns, 1);
		} else {
			finish_run(c, w->run, OUTCOME_FAILED, w);
		}
	}
	if (w->index >= c->nworkers)
		return; /* the fixture slot restarts only for --teardown */
	if (was == W_STARTING && c->stop == STOP_NONE) {
		ctl_warn(c, "worker %s failed to start", w->name);
		begin_stop(c, STOP_INTERNAL);
		return;
	}
	if (c->stop || was == W_STARTING ||
	    (!rerun && !sched_pending(&c->sched))) {
		if (rerun)
			finish_run(c, w->run, OUTCOME_FAILED, w);
		return;
	}
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
		if (w->state == W_BUSY && w->fx >= 0)
			buf_addf(&c->out, "running the %s for %.1fs\n",
				 fixture_names[w->fx],
				 (double)(now - w->started_ns) / 1e9);
		else if (w->state == W_BUSY)
			buf_addf(&c->out, "running %s for %.1fs\n",
				 runs_label(&c->runs, w->run),
				 (double)(now - w->started_ns) / 1e9);
		else if (w->state == W_DOWN)
			buf_addf(&c->out, "down\n");
		else if (w->state == W_STARTING)
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
		if (c->w[i].state != W_DOWN)
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
		if (c->w[i].state != W_DOWN)
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
		if (c->w[i].state == W_BUSY)
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

		if (w->state != W_BUSY || w->fx >= 0 || !w->slow_at)
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
		if (c->live_up)
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

				if (w->state == W_BUSY && w->pid &&
				    (w->fx < 0 || w->fx == FX_SETUP ||
				     w->fx == FX_WSETUP))
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
			w = &c->w[ev[i].data.u64];
			if (w->state != W_DOWN)
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
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		if (w->state == W_BUSY)
			send_simple(c, w, MSG_KILL);
		if (w->to >= 0) {
			send_simple(c, w, MSG_BYE);
			close(w->to);
			w->to = -1;
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
	c->phase = PH_SETUP;
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
		w->state = W_DOWN;
	}
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		if (start_worker(c, w) < 0) {
			ctl_warn(c, "cannot start worker %s: %s", w->name,
				 strerror(errno));
			w->state = W_DOWN;
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
	buf_release(&err);
	ctl_release(&c);
	return rc;
}
