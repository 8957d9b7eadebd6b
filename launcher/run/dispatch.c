/*
 * dispatch: the worker slots and the run, driven by their state machines
 * (slot_step, phase_step): starting workers, handing out tests, fixtures
 * and reruns, taking results and crashes, stopping.  Called by
 * controller.c's event loop; shows what happens through terminal.c.
 */
#include "dispatch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cases.h"
#include "env.h"
#include "exitcode.h"
#include "gtest_batch_run.h"
#include "isolation.h"
#include "proto.h"
#include "remote.h"
#include "spawn.h"
#include "terminal.h"
#include "worker_gone.h"
#include "xio.h"

/* Facts for events that need none (SPAWNED, READY, SENT). */
static const struct slot_facts no_facts;

/* Tell the observers (the terminal, the report files). */
void dispatch_emit(struct ctl *c, enum run_event_kind kind, size_t run,
		   const struct wslot *w)
{
	struct run_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.run = run;
	ev.slot = w ? w->index : -1;
	if (kind == RUN_EV_TEST_START)
		ev.at_ns = w->started_ns;
	observers_emit(&c->observers, term_view(c), &ev);
}

/* -s: what w's test or fixture wrote; none: it ended. */
void dispatch_emit_output(struct ctl *c, const struct wslot *w, const char *p,
			  size_t n)
{
	struct run_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = RUN_EV_OUTPUT;
	ev.run = slot_running_test(w->state) ? w->run : RUN_NONE;
	ev.slot = w->index;
	ev.data = p;
	ev.len = n;
	observers_emit(&c->observers, term_view(c), &ev);
}
static void restart_slot(struct ctl *c, struct wslot *w);

static void send_buf(struct wslot *w, struct buf *b)
{
	gateway_send(&w->gw, b->data, b->len);
	buf_reset(b);
}

void dispatch_send_simple(struct ctl *c, struct wslot *w, uint8_t type)
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

void dispatch_send_env(struct wslot *w, char *const *entries, size_t n)
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

/* A remote slot's stderr: an unnamed file, emptied for each start, so
   that a lost connection can be told with ssh's own last words. */
static int slot_err_fd(struct ctl *c, struct wslot *w)
{
	if (!w->tx->remote)
		return c->err_fd;
	if (w->err_fd < 0) {
		w->err_fd = xio_unnamed_file(c->run_dir);
		if (w->err_fd < 0)
			return c->err_fd;
	}
	if (ftruncate(w->err_fd, 0) < 0 || lseek(w->err_fd, 0, SEEK_SET) < 0)
		return c->err_fd;
	return w->err_fd;
}

/* --tmpdir, --home and what --keep-run-dir keeps of them, as HELLO
   flags. */
static uint64_t scratch_flags(const struct options *o)
{
	return (o->tmpdir == SCRATCH_PER_TEST	  ? HELLO_TMPDIR_TEST
		: o->tmpdir == SCRATCH_PER_WORKER ? HELLO_TMPDIR_WORKER
						  : 0) |
	       (o->home == SCRATCH_PER_TEST	? HELLO_HOME_TEST
		: o->home == SCRATCH_PER_WORKER ? HELLO_HOME_WORKER
						: 0) |
	       (o->keep_run_dir ? HELLO_KEEP_FAILED : 0);
}

int dispatch_start_worker(struct ctl *c, struct wslot *w)
{
	struct buf b = BUF_INIT;
	struct proto_hello h;
	int remote = w->tx->remote;
	struct buf sandbox = BUF_INIT;
	char *wd;

	if (gateway_start(&w->gw, w->tx, slot_err_fd(c, w), &c->loop,
			  (uint64_t)(w - c->w)) < 0)
		return -1;
	w->state = slot_step(w->state, SLOT_EV_SPAWNED, &no_facts).next;
	buf_reset(&w->live);

	wd = xasprintf("%s/%s", c->run_dir, w->name);
	h.version = PROTO_VERSION;
	h.worker = proto_str(w->name);
	h.index = (uint64_t)(w->master ? 0 : w->index);
	h.count = (uint64_t)(c->master ? 1 : c->nworkers);
	h.uid = proto_str(c->uid);
	h.run_dir = proto_str(c->run_dir);
	h.worker_dir = proto_str(wd);
	h.mainargv = proto_str(c->mainargv);
	/* A remote worker's run directory is its host's, removed by its
	   last worker there: only --keep-run-dir keeps it. */
	h.flags =
		(uint64_t)((w->master ? HELLO_MASTER : 0) |
			   (c->o.capture ? 0 : HELLO_LIVE) |
			   (c->o.no_preload ? HELLO_NO_TITLE : 0) |
			   (c->all_output ? HELLO_ALL_OUTPUT : 0) |
			   (remote ? HELLO_REMOTE : 0) |
			   (c->o.keep_run_dir || (!remote && c->run_lock < 0)
				    ? HELLO_KEEP_RUN_DIR
				    : 0) |
			   (c->isolate & ISOLATE_NET ? HELLO_ISOLATE_NET : 0) |
			   (c->isolate & ISOLATE_TMP ? HELLO_ISOLATE_TMP : 0) |
			   (c->isolate & ISOLATE_PID ? HELLO_ISOLATE_PID : 0)) |
		scratch_flags(&c->o);
	h.max_output = (uint64_t)c->o.max_output;
	h.grace_ms = (uint64_t)c->o.timeout_grace_ms;
	/* Remote: present means "use the one next to you". */
	h.preload = proto_str(remote ? (c->o.no_preload ? NULL : "")
				     : c->preload); /* absent when NULL */
	h.host = proto_str(w->target ? w->target->spec->host : "localhost");
	h.chdir = proto_str(w->target ? w->target->spec->chdir : NULL);
	sandbox_describe(c->o.sandbox, &sandbox);
	h.sandbox = proto_str(sandbox.data);
	h.deny = proto_str(c->o.seccomp_deny.data);
	proto_put_hello(&b, &h);
	buf_release(&sandbox);
	free(wd);
	send_buf(w, &b);
	buf_release(&b);
	if (c->ngenv)
		dispatch_send_env(w, c->genv, c->ngenv);
	return 0;
}

/* Setups and tests are terminated on a stop; teardowns are let finish:
   they are what cleans up. */
int dispatch_interruptible(const struct ctl *c, const struct wslot *w)
{
	return slot_running_test(w->state) || w->state == SLOT_HANDOVER ||
	       w->state == SLOT_WORKER_SETUP ||
	       (w->state == SLOT_FIXTURE && ctl_fixture_of(c, w) == FX_SETUP);
}

static void terminate_running(struct ctl *c)
{
	int i;

	for (i = 0; i < c->nslots; i++)
		if (dispatch_interruptible(c, &c->w[i]))
			dispatch_send_simple(c, &c->w[i], MSG_TERMINATE);
}

void dispatch_stop(struct ctl *c, enum stop_reason why)
{
	int i;

	/* A signal decides the exit status over an earlier reason to stop;
	   only an internal error beats it. */
	if (c->stop == STOP_NONE || why == STOP_INTERNAL ||
	    (why == STOP_SIGNAL && c->stop != STOP_INTERNAL))
		c->stop = why;
	sched_stop(&c->sched);
	/* A held rerun is dropped: its test is not run again; nor is a
	   test a worker dropped unstarted (one still queued at a worker is
	   dropped there: TERMINATE). */
	for (i = 0; i < c->nslots; i++) {
		c->w[i].rerun_at = 0;
		if (!c->w[i].queued_sent)
			c->w[i].queued = RUN_NONE;
	}
	dispatch_phase_event(c, PHASE_EV_STOP);
	if (!c->kill_deadline)
		c->kill_deadline = xio_now_ns() +
				   c->o.timeout_grace_ms * 1000000 +
				   WORKER_SLACK_NS;
}

long long dispatch_timeout_of(const struct ctl *c, const struct test *t)
{
	long long ms = test_attrs_of(t)->timeout_ms;

	return ms >= 0 ? ms : c->o.timeout_ms;
}

static void send_run(struct ctl *c, struct wslot *w, uint64_t seq,
		     const struct test *t, int flags, int attempt)
{
	struct buf b = BUF_INIT, sandbox = BUF_INIT;
	char **argv = test_argv(t);
	const struct ctest_props *ctest;
	struct proto_run m;
	size_t n;

	memset(&m, 0, sizeof(m));
	m.seq = seq;
	m.id = proto_str(t->id);
	m.flags = (uint64_t)((t->shell ? RUN_SHELL : 0) |
			     (t->gtest == TEST_GTEST_CASE &&
					      !(flags & RUN_GTEST_BATCH)
				      ? RUN_GTEST
				      : 0) |
			     (t->gtest == TEST_GTEST_LISTING ? RUN_GTEST_LISTING
							     : 0) |
			     flags);
	if (!(flags & RUN_FIXTURE) &&
	    (test_attrs_of(t)->tap > 0 || (!test_attrs_of(t)->tap && c->o.tap)))
		m.flags |= RUN_TAP;
	/* Fixtures get --timeout too: a hung teardown must not hold the
	   run for ever (their #@ attributes are never set). */
	m.has_timeout_ms = dispatch_timeout_of(c, t) > 0;
	m.timeout_ms =
		m.has_timeout_ms ? (uint64_t)dispatch_timeout_of(c, t) : 0;
	m.has_attempt = m.has_attempts = attempt > 0;
	m.attempt = (uint64_t)attempt;
	m.attempts = (uint64_t)(c->o.reruns + 1);
	for (n = 0; argv[n]; n++)
		;
	/* A batch: its cases' filter for the one case's, the limit
	   shared by them all (gtest_batch_run.c). */
	if (flags & RUN_GTEST_BATCH) {
		n--;
		m.timeout_ms *= w->nbatch;
	}
	m.args.v = xcalloc(n + 4, sizeof(*m.args.v));
	for (m.args.n = 0; m.args.n < n; m.args.n++)
		m.args.v[m.args.n] = proto_str(argv[m.args.n]);
	for (n = 0; (flags & RUN_GTEST_BATCH) && n < w->batch_args.len;
	     n += strlen(w->batch_args.data + n) + 1)
		m.args.v[m.args.n++] = proto_str(w->batch_args.data + n);
	sandbox_describe(test_attrs_of(t)->sandbox, &sandbox);
	m.sandbox = proto_str(sandbox.data);
	/* --from-ctest: WORKING_DIRECTORY and ENVIRONMENT. */
	ctest = test_attrs_of(t)->ctest;
	m.workdir = proto_str(ctest ? ctest->workdir : NULL);
	m.setenv.n = ctest ? ctest->env.n : 0;
	m.setenv.v = xcalloc(m.setenv.n + 1, sizeof(*m.setenv.v));
	for (n = 0; n < m.setenv.n; n++)
		m.setenv.v[n] = proto_str(ctest->env.v[n]);
	proto_put_run(&b, &m);
	buf_release(&sandbox);
	free(m.setenv.v);
	free(m.args.v);
	free(argv);
	send_buf(w, &b);
	buf_release(&b);
}

/* What w runs starts now: its clocks, and no group known yet. */
static void mark_started(struct ctl *c, struct wslot *w)
{
	w->test_pgid = 0;
	w->started_ns = xio_now_ns();
	w->slow_at = c->o.slow_ms ? w->started_ns + c->o.slow_ms * 1000000 : 0;
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
void dispatch_jobs_rebalance(struct ctl *c)
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

/* A fixture's start or end, told once: here, in results.c's
   fixture_result and in worker_down. */
void dispatch_emit_fixture(struct ctl *c, enum run_event_kind kind,
			   const struct wslot *w, enum fixture k,
			   enum outcome o)
{
	struct run_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.run = RUN_NONE;
	ev.slot = w->index;
	ev.fixture = (int)k;
	ev.outcome = o;
	if (kind == RUN_EV_FIXTURE_START)
		ev.at_ns = w->started_ns;
	observers_emit(&c->observers, term_view(c), &ev);
}

static void run_fixture(struct ctl *c, struct wslot *w, enum fixture k)
{
	mark_started(c, w);
	send_run(c, w, FX_SEQ(k), &c->fx.v[c->fx_idx[k]], RUN_FIXTURE, 0);
	dispatch_emit_fixture(c, RUN_EV_FIXTURE_START, w, k, OUTCOME_NONE);
}

static void start_run(struct ctl *c, struct wslot *w, size_t r)
{
	w->run = r;
	w->rerun_at = 0;
	mark_started(c, w);
	gtest_batch_run_start(c, w, r);
	send_run(c, w, r, runs_test(&c->runs, r),
		 w->nbatch ? RUN_GTEST_BATCH : 0, c->tally.runs[r].attempt);
	dispatch_emit(c, RUN_EV_TEST_START, r, w);
}

/* The run the scheduler's item is for w (in --dist each, w's own). */
static size_t run_of_item(const struct ctl *c, const struct wslot *w, long item)
{
	return c->o.dist == SCHED_EACH
		       ? (size_t)w->index * c->nitems + (size_t)item
		       : (size_t)item;
}

/*
 * Send a test ahead while w runs one, so that its worker starts it the
 * moment the running one ends.  Only behind a test the cache knows to be
 * short: behind a long one (or one never timed: it may be long) the round
 * trip saved is nothing, and the test sent ahead would wait there while
 * another worker may idle.  Not near the end of the list either, not
 * under make's jobserver (a token per running test), and not once the
 * run is stopping.
 */
static int may_prefetch(const struct ctl *c, const struct wslot *w)
{
	long long expect;

	/* Over ssh the round trip is the link's latency: always worth it. */
	/* --from-ctest: a test a failed setup keeps back ends where it is
	   handed out, on an idle slot (ctest_kept_back). */
	if ((!c->prefetch && !w->tx->remote) || c->o.from_ctest ||
	    w->queued != RUN_NONE || w->rerun_at || c->stop || w->nbatch ||
	    c->phase != PHASE_TESTS || w->index >= c->nworkers ||
	    !slot_running_test(w->state) || jobserver_active(&c->js))
		return 0;
	if (sched_pending(&c->sched) < 2 * (size_t)c->nworkers)
		return 0;
	expect = c->expect_ns[runs_item(&c->runs, w->run)];
	return expect >= 0 && expect <= PREFETCH_MAX_NS;
}

/*
 * --from-ctest: a test that a failed fixture setup, DISABLED or a missing
 * command keeps from running ends as the scheduler hands it out (an error
 * that never ran, or skipped).  Nothing is sent ahead with --from-ctest
 * (may_prefetch), so it comes to an idle slot.  1 when item was one.
 */
static int ctest_kept_back(struct ctl *c, struct wslot *w, long item)
{
	size_t r = run_of_item(c, w, item);
	struct run_record *st = &c->tally.runs[r];
	int skip;
	char *why = ctest_not_run(&c->ctest_failed,
				  test_attrs_of(runs_test(&c->runs, r))->ctest,
				  &skip);

	if (!why)
		return 0;
	sched_finished(&c->sched, w->index, (size_t)item);
	free(st->reason);
	st->reason = why;
	st->no_section = 1;
	dispatch_finish_run(c, r, skip ? OUTCOME_SKIPPED : OUTCOME_ERROR, NULL);
	return 1;
}

/* SLOT_DO_PREFETCH: the test goes ahead, to start once w's ends. */
static void prefetch(struct ctl *c, struct wslot *w)
{
	long item = sched_next(&c->sched, w->index);
	/* Told, a worker holds it back after a test that did not end
	   cleanly: a failure must be seen before anything else starts. */
	int flags =
		c->o.maxfail || c->o.reruns || c->o.stepwise ? RUN_IF_CLEAN : 0;
	size_t r;

	if (item < 0)
		return;
	r = run_of_item(c, w, item);
	w->queued = r;
	w->queued_sent = 1;
	send_run(c, w, r, runs_test(&c->runs, r), flags,
		 c->tally.runs[r].attempt);
	dispatch_slot_event(c, w, SLOT_EV_QUEUED);
}

/* The worker started the test sent ahead: it is w's running test now.
   -1 when it should not have (a rerun is held: RUN_IF_CLEAN failed). */
int dispatch_promote(struct ctl *c, struct wslot *w)
{
	if (w->rerun_at) {
		term_warn(c, "worker %s started a queued test over a rerun",
			  w->name);
		dispatch_stop(c, STOP_INTERNAL);
		return -1;
	}
	w->run = w->queued;
	w->queued = RUN_NONE;
	w->queued_sent = 0;
	mark_started(c, w);
	/* It started when the one before ended, not when we heard. */
	if (w->handover_ns)
		w->started_ns = w->handover_ns;
	dispatch_emit(c, RUN_EV_TEST_START, w->run, w);
	dispatch_slot_event(c, w, SLOT_EV_QUEUED_STARTED);
	return 0;
}

/* A second signal or an internal error: no teardown is waited for. */
static int hard_stop(const struct ctl *c)
{
	return c->signals >= 2 || c->stop == STOP_INTERNAL;
}

/* What the slot machine needs to know about w, now. */
static struct slot_facts slot_facts_of(struct ctl *c, const struct wslot *w,
				       enum slot_event ev)
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
	f.queued_held = w->queued != RUN_NONE && !w->queued_sent && !c->stop;
	f.may_prefetch = ev == SLOT_EV_POLL && may_prefetch(c, w);
	/* Only where a poll could start something: taking a token is a
	   claim. */
	if (ev == SLOT_EV_POLL && !f.fixture_slot && !slot_busy(w->state) &&
	    (f.tests_pending || f.rerun_due || f.queued_held ||
	     (f.tests_over && f.has_worker_teardown)))
		f.job_free = job_slot(c) != 0;
	return f;
}

/* The one place a slot changes state: slot_step, then its action. */
void dispatch_slot_event(struct ctl *c, struct wslot *w, enum slot_event ev)
{
	struct slot_facts f = slot_facts_of(c, w, ev);
	struct slot_move m = slot_step(w->state, ev, &f);
	long item;

	if (m.action == SLOT_DO_PROTOCOL_ERROR) {
		term_warn(c, "worker %s: unexpected event while %s", w->name,
			  slot_state_name(w->state));
		dispatch_stop(c, STOP_INTERNAL);
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
		do
			item = sched_next(&c->sched, w->index);
		while (item >= 0 && ctest_kept_back(c, w, item));
		if (item < 0)
			break;
		w->state = slot_step(w->state, SLOT_EV_SENT, &no_facts).next;
		start_run(c, w, run_of_item(c, w, item));
		/* And the one after, ahead, if it is worth it. */
		dispatch_slot_event(c, w, SLOT_EV_POLL);
		break;
	case SLOT_DO_SEND_HELD:
		start_run(c, w, w->queued);
		w->queued = RUN_NONE;
		break;
	case SLOT_DO_PREFETCH:
		prefetch(c, w);
		break;
	case SLOT_DO_RESTART:
		restart_slot(c, w);
		break;
	default:
		break;
	}
}

long long dispatch_next_rerun(const struct ctl *c)
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
		if (i < c->nworkers && slot_alive(s) &&
		    (c->w[i].rerun_at ||
		     (c->w[i].queued != RUN_NONE && !c->stop)))
			f.reruns_held = 1;
		if (i < c->nworkers && wt &&
		    (s == SLOT_IDLE || s == SLOT_RERUN_WAIT ||
		     (s == SLOT_READY && !has_fixture(c, FX_WSETUP))))
			f.teardowns_owed = 1;
	}
	return f;
}

/* The one place the run changes phase: phase_step, then its action. */
void dispatch_phase_event(struct ctl *c, enum phase_event ev)
{
	struct phase_facts f = phase_facts_of(c);
	struct phase_move m = phase_step(c->phase, ev, &f);

	if (m.action == PHASE_DO_PROTOCOL_ERROR)
		BUG("phase_event: an event the run cannot take here");
	c->phase = m.next;
	switch (m.action) {
	case PHASE_DO_SETUP:
	case PHASE_DO_TEARDOWN:
		dispatch_slot_event(c, c->fxw, SLOT_EV_GIVE_FIXTURE);
		break;
	case PHASE_DO_TERMINATE:
		terminate_running(c);
		break;
	case PHASE_DO_STALLED:
		term_warn(c, "scheduler stalled with %zu tests pending",
			  sched_pending(&c->sched));
		dispatch_stop(c, STOP_INTERNAL);
		break;
	case PHASE_DO_RESTART_SLOT:
		if (dispatch_start_worker(c, c->fxw) < 0)
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
int dispatch_step(struct ctl *c)
{
	enum phase was;
	int i;

	do {
		was = c->phase;
		for (i = 0; i < c->nworkers; i++)
			if (slot_alive(c->w[i].state))
				dispatch_slot_event(c, &c->w[i], SLOT_EV_POLL);
		dispatch_phase_event(c, PHASE_EV_POLL);
	} while (c->phase != was && c->phase != PHASE_DONE);
	return c->phase == PHASE_DONE;
}

/* The run is over, for good: tally it, report it and free its
   scheduler slot. */
void dispatch_finish_run(struct ctl *c, size_t r, enum outcome o,
			 struct wslot *w)
{
	struct run_event ev;

	tally_finish(&c->tally, r, o, w ? w->index : -1);
	ctest_failed_note(&c->ctest_failed, runs_test(&c->runs, r)->id,
			  test_attrs_of(runs_test(&c->runs, r))->ctest, o);
	if (w)
		sched_finished(&c->sched, w->index, runs_item(&c->runs, r));
	memset(&ev, 0, sizeof(ev));
	ev.kind = RUN_EV_TEST_FINISH;
	ev.run = r;
	ev.slot = w ? w->index : -1;
	ev.outcome = o;
	observers_emit(&c->observers, term_view(c), &ev);
	/* --sw: the first failure (the second with --sw-skip) stops the
	   run; the next one starts from it (plan_save_cache). */
	if (outcome_is_failure(o) && c->o.stepwise && c->stop == STOP_NONE) {
		if (c->sw_skip_left) {
			c->sw_skip_left--;
			c->sw_ignored = c->sel[runs_selected(&c->runs, r)];
		} else {
			dispatch_stop(c, STOP_STEPWISE);
		}
	}
	if (outcome_is_failure(o) && c->o.maxfail &&
	    c->tally.failures >= (size_t)c->o.maxfail && c->stop == STOP_NONE)
		dispatch_stop(c, STOP_MAXFAIL);
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
			if (slot_running_test(c->w[i].state) &&
			    c->w[i].run == r)
				running = 1;
		if (st->outcome != OUTCOME_NONE || running)
			continue;
		/* A rerun waiting for its worker has the crash's reason. */
		free(st->reason);
		st->reason = xstrdup(why);
		st->no_section = 1;
		dispatch_finish_run(c, r, OUTCOME_ERROR, NULL);
	}
	sched_stop(&c->sched);
}

void dispatch_fixture_failed(struct ctl *c, struct wslot *w, enum fixture k)
{
	char *why;

	switch (k) {
	case FX_SETUP:
		error_remaining(c, "not run: --setup failed");
		dispatch_phase_event(c, PHASE_EV_SETUP_FAILED);
		break;
	case FX_WSETUP:
		why = xasprintf("not run: --worker-setup failed on %s",
				w->name);
		error_remaining(c, why);
		free(why);
		dispatch_stop(c, STOP_FIXTURE);
		break;
	case FX_TEARDOWN:
		dispatch_phase_event(c, PHASE_EV_TEARDOWN_ENDED);
		break;
	default:
		break;
	}
}

void dispatch_reap(struct ctl *c)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < c->nslots; i++)
			if (gateway_reaped(&c->w[i].gw, pid))
				break;
}

/* The run w had went down with it: "worker 'gw0' crashed WHEN 'ID'". */
static struct run_record *crashed(struct ctl *c, struct wslot *w,
				  const char *when)
{
	struct run_record *st = &c->tally.runs[w->run];

	free(st->reason);
	if (w->lost)
		st->reason =
			xasprintf("worker '%s' crashed %s '%s' (lost %s: "
				  "%s)",
				  w->name, when, runs_label(&c->runs, w->run),
				  w->target->spec->spec, w->lost);
	else
		st->reason = xasprintf("worker '%s' crashed %s '%s'", w->name,
				       when, runs_label(&c->runs, w->run));
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
	if (c->restarts >= c->max_restarts) {
		if (c->max_restarts == 0)
			term_line(c,
				  "worker %s crashed and worker restarting "
				  "disabled",
				  w->name);
		else
			term_line(c, "maximum crashed workers reached: %d",
				  c->restarts);
		/* As pytest-xdist: the budget spent, the run stops (what is
		   left is not run). */
		if (rerun)
			dispatch_finish_run(c, w->run, OUTCOME_FAILED, w);
		dispatch_stop(c, STOP_CRASHES);
		return;
	}
	c->restarts++;
	if (dispatch_start_worker(c, w) < 0) {
		term_warn(c, "cannot restart worker %s: %s", w->name,
			  strerror(errno));
		if (rerun)
			dispatch_finish_run(c, w->run, OUTCOME_FAILED, w);
		return;
	}
	dispatch_emit(c, RUN_EV_WORKER_UP, RUN_NONE, w);
	if (rerun)
		w->rerun_at = xio_now_ns() + c->o.reruns_delay_ms * 1000000 + 1;
}

/* w is down for good: its work goes to the others, or is not run. */
static void gone(struct ctl *c, struct wslot *w)
{
	size_t *runs, n = worker_gone(c, w, &runs), i;

	w->queued = RUN_NONE;
	if (n == WORKER_GONE_NONE_LEFT)
		dispatch_stop(c, STOP_CRASHES);
	for (i = 0; n != WORKER_GONE_NONE_LEFT && i < n; i++)
		dispatch_finish_run(c, runs[i], OUTCOME_NOTRUN, NULL);
	free(runs);
}

void dispatch_worker_down(struct ctl *c, struct wslot *w)
{
	enum slot_state was = w->state;
	int k = ctl_fixture_of(c, w);

	dispatch_emit_output(c, w, NULL, 0);
	/* On another host that group is not ours to kill: the worker there
	   kills it when its stdin ends. */
	if (slot_busy(was) && w->test_pgid > 0 && !w->tx->remote)
		kill(-w->test_pgid, SIGKILL);
	w->test_pgid = 0;
	gateway_close(&w->gw, &c->loop);
	dispatch_reap(c);
	if (w->tx->remote) {
		/* ssh (or the exec command) may still be writing its last
		   words: let it end first (bounded). */
		gateway_wait_exit(&w->gw, xio_now_ns() + 2000000000LL);
		free(w->lost);
		w->lost = remote_last_words(w->err_fd);
		if (!w->lost)
			w->lost = xstrdup("connection closed");
	}
	if (c->stop == STOP_INTERNAL && !slot_busy(was)) {
		dispatch_slot_event(c, w, SLOT_EV_DIED);
		return;
	}
	/* Idle or not, a worker goes away only when told to (BYE, in
	   shutdown_workers): anything else is a crash. */
	dispatch_emit(c, RUN_EV_WORKER_DOWN, RUN_NONE, w);
	if (was == SLOT_RERUN_WAIT && w->rerun_at)
		/* It was waiting out --reruns-delay: the rerun goes to its
		   replacement, or fails with it. */
		crashed(c, w, "before rerunning");
	if (k >= 0) {
		struct run_record *st = tally_fixture_error(
			&c->tally, (enum fixture)k, w->index);

		st->reason = xasprintf("worker '%s' crashed while running "
				       "the %s",
				       w->name, fixture_names[k]);
		st->kind = RUN_KIND_CRASHED;
		dispatch_emit_fixture(c, RUN_EV_FIXTURE_END, w, (enum fixture)k,
				      OUTCOME_ERROR);
		/* Not replaced: the fixture's failure decides what follows. */
		w->state = slot_step(was, SLOT_EV_DIED, &no_facts).next;
		dispatch_fixture_failed(c, w, (enum fixture)k);
		return;
	}
	/* A test sent ahead never started (or cannot be known to have):
	   it goes to the replacement, first thing. */
	w->queued_sent = 0;
	gtest_batch_run_drop(c, w);
	if (slot_running_test(was)) {
		struct run_record *st = crashed(c, w, "while running");

		st->duration_ns = xio_now_ns() - w->started_ns;
		/* With --reruns a crash is a failure like any other. */
		if (!c->stop && st->attempt <= c->o.reruns) {
			tally_rerun(&c->tally, w->run);
			dispatch_emit(c, RUN_EV_TEST_RERUN, w->run, w);
			/* Held for the replacement: due once it is set up. */
			w->rerun_at = 1;
		} else {
			/* --tap: the cases it told before count. */
			cases_finish(c, w, w->run);
			dispatch_finish_run(c, w->run, OUTCOME_FAILED, w);
		}
	}
	cases_drop(w);
	/* A host that went away takes its slot with it: the run goes on
	   with the workers left (worker_gone, below). */
	if (was == SLOT_STARTING && c->stop == STOP_NONE && w->lost) {
		term_warn(c, "worker %s could not start on %s: %s", w->name,
			  w->target->spec->spec, w->lost);
	} else if (was == SLOT_STARTING && c->stop == STOP_NONE) {
		term_warn(c, "worker %s failed to start", w->name);
		dispatch_stop(c, STOP_INTERNAL);
	}
	dispatch_slot_event(c, w, SLOT_EV_DIED);
	/* Not replaced: a held rerun fails with its worker; a queued test
	   stays not run. */
	if (w->state == SLOT_DOWN && w->rerun_at) {
		w->rerun_at = 0;
		dispatch_finish_run(c, w->run, OUTCOME_FAILED, w);
	}
	if (w->state == SLOT_DOWN)
		gone(c, w);
}
