/*
 * results: what a worker's RESULT means, and how a run ends for good:
 * outcomes and their reasons, reruns, expected failures, fixtures'
 * results and what their failure does to the run.  Called by dispatch.c
 * (the slots and the run's phase) and controller.c; tells the observers
 * through dispatch_emit.
 */
#include "results.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "ctest_load.h"
#include "dispatch.h"
#include "exitcode.h"
#include "gtest.h"
#include "gtest_batch_run.h"
#include "proto.h"
#include "terminal.h"
#include "xio.h"

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
		tally_output_lost(&c->tally, st, errno);
		return;
	}
	st->out_len = st->head_len + (uint32_t)t->len;
	c->spool_len += (off_t)st->out_len;
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

static void fixture_result(struct ctl *c, struct wslot *w, enum fixture k,
			   const struct proto_result *m, struct run_record *res,
			   enum outcome o)
{
	char **env = NULL;
	size_t nenv = 0, i;

	dispatch_slot_event(
		c, w, o == OUTCOME_PASSED ? SLOT_EV_PASSED : SLOT_EV_FAILED);
	if (o != OUTCOME_PASSED) {
		struct run_record *st =
			tally_fixture_error(&c->tally, k, w->index);

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
		dispatch_emit_fixture(c, RUN_EV_FIXTURE_END, w, k,
				      OUTCOME_ERROR);
		dispatch_fixture_failed(c, w, k);
		return;
	}
	dispatch_emit_fixture(c, RUN_EV_FIXTURE_END, w, k, OUTCOME_PASSED);
	free(res->reason);
	take_env(m, &env, &nenv);
	switch (k) {
	case FX_SETUP:
		for (i = 0; i < nenv; i++)
			add_genv(c, env[i]);
		for (i = 0; i < (size_t)c->nslots && nenv; i++)
			if (slot_alive(c->w[i].state))
				dispatch_send_env(&c->w[i], env, nenv);
		dispatch_phase_event(c, PHASE_EV_SETUP_PASSED);
		break;
	case FX_WSETUP:
		if (nenv)
			dispatch_send_env(w, env, nenv);
		break;
	case FX_TEARDOWN:
		dispatch_phase_event(c, PHASE_EV_TEARDOWN_ENDED);
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
	dispatch_emit(c, RUN_EV_TEST_RERUN, r, w);
	w->run = r;
	w->rerun_at = xio_now_ns() + c->o.reruns_delay_ms * 1000000 + 1;
	return 1;
}

/*
 * A test with the xfail attribute (why: its reason, maybe ""): a failure
 * is expected (xfailed), a pass is not (xpassed, or failed with
 * --xfail-strict), as pytest says them.
 */
static enum outcome expect_failure(struct ctl *c, struct run_record *st,
				   enum outcome o, const char *why)
{
	enum outcome x = outcome_xfail(o, c->o.xfail_strict);

	if (x == o || (x == OUTCOME_XFAILED && !*why))
		return x;
	free(st->reason);
	if (x == OUTCOME_FAILED)
		st->reason =
			xasprintf("[XPASS(strict)]%s%s", *why ? " " : "", why);
	else
		st->reason = *why ? xstrdup(why) : NULL;
	return x;
}

/* A skipped test's reason: the last line it wrote, when it wrote one. */
static void skip_reason(struct run_record *st, const struct proto_result *m)
{
	const struct proto_str *out = m->tail.len ? &m->tail : &m->data;
	struct buf why = BUF_INIT;

	if (report_skip_reason(&why, out->p, out->len)) {
		free(st->reason);
		st->reason = buf_release_take(&why);
	}
	buf_release(&why);
}

/* The test or the fixture that w runs. */
static const struct test *running_test(const struct ctl *c,
				       const struct wslot *w)
{
	int k = ctl_fixture_of(c, w);

	return k >= 0 ? &c->fx.v[c->fx_idx[k]] : runs_test(&c->runs, w->run);
}

/*
 * --split=gtest: a case that failed says its assertion rather than its
 * exit status; a binary whose listing failed is an error, whatever its
 * listing does now.
 */
static void gtest_result(const struct test *t, const struct proto_result *m,
			 enum outcome *o, struct buf *reason)
{
	struct buf msg = BUF_INIT;

	if (t->gtest == TEST_GTEST_CASE && *o == OUTCOME_FAILED &&
	    m->kind == KIND_EXITED &&
	    gtest_failure_message(m->data.p, m->data.len, &msg)) {
		buf_reset(reason);
		buf_add(reason, msg.data, msg.len);
	}
	if (t->gtest == TEST_GTEST_LISTING && *o != OUTCOME_INTERRUPTED) {
		buf_addf(&msg, "cannot list its tests (--gtest_list_tests): %s",
			 *o == OUTCOME_PASSED
				 ? "none listed (not a "
				   "GoogleTest binary?)"
				 : (reason->data ? reason->data : ""));
		buf_reset(reason);
		buf_add(reason, msg.data, msg.len);
		*o = OUTCOME_ERROR;
	}
	buf_release(&msg);
}

/*
 * What w ran ended as m says: a fixture, or run m->seq.  member: one
 * case of a batch that others follow, the slot running on.
 */
static void end_run(struct ctl *c, struct wslot *w,
		    const struct proto_result *m, int member)
{
	uint64_t seq = m->seq, dur = m->duration_ns;
	struct run_record *st, fxst;
	struct buf reason = BUF_INIT;
	int k = ctl_fixture_of(c, w);
	const char *xfail;
	char *stage;
	enum outcome o;

	stage = proto_str_dup(m->stage);
	dispatch_emit_output(c, w, NULL, 0);
	/* A test sent ahead starts now, at the worker. */
	w->handover_ns = w->state == SLOT_TEST_QUEUED ? xio_now_ns() : 0;
	/* Its group is gone (the worker kills and reaps it before any
	   result): never to be killed again by number. */
	w->test_pgid = 0;

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
		tally_output_lost(&c->tally, st, (int)m->lost_errno);
	o = report_classify(st->kind, st->code, (int)m->flags);
	/* No report says why a test passed: of 100,000 passes, none keeps
	   an "exit status 0". */
	if (o == OUTCOME_PASSED)
		;
	else if (o == OUTCOME_INTERRUPTED)
		buf_adds(&reason, "stopped by xdist-exec");
	else if (o == OUTCOME_SKIPPED &&
		 (m->flags & (RESULT_SKIP_ALL | RESULT_GTEST_SKIPPED)) &&
		 m->skip_reason.len)
		buf_add(&reason, m->skip_reason.p, m->skip_reason.len);
	else if (o == OUTCOME_SKIPPED && (m->flags & RESULT_SKIP_ALL))
		buf_adds(&reason, "TAP plan 1..0");
	else if (o == OUTCOME_FAILED && (m->flags & RESULT_TAP_FAILED))
		buf_add(&reason, m->tap_reason.p ? m->tap_reason.p : "TAP",
			m->tap_reason.p ? m->tap_reason.len : 3);
	else if (o == OUTCOME_SKIPPED && (m->flags & RESULT_GTEST_SKIPPED))
		buf_adds(&reason, "GTEST_SKIP");
	else if (o == OUTCOME_TIMEOUT)
		buf_addf(&reason, "timed out after %.2fs (limit %.3gs)",
			 (double)dur / 1e9,
			 (double)dispatch_timeout_of(c, running_test(c, w)) *
				 (double)(w->nbatch ? w->nbatch : 1) / 1e3);
	else
		report_reason(&reason, st->kind, st->code, st->core, stage);
	if (k < 0)
		gtest_result(running_test(c, w), m, &o, &reason);
	/* --tap: a test that crashed, timed out or was stopped says the
	   plan it did not meet ("killed by signal SIGSEGV; planned 5, ran
	   3"). */
	if (!(m->flags & RESULT_TAP_FAILED) && m->tap_reason.len &&
	    o != OUTCOME_PASSED && o != OUTCOME_SKIPPED) {
		buf_adds(&reason, reason.len ? "; " : "");
		buf_add(&reason, m->tap_reason.p, m->tap_reason.len);
	}
	free(st->reason);
	st->reason = buf_release_take(&reason);
	free(stage);
	if (k >= 0) {
		fixture_result(c, w, (enum fixture)k, m, st, o);
		return;
	}
	/* A TAP skip-all plan gave its own reason. */
	if (o == OUTCOME_SKIPPED &&
	    !(m->flags & (RESULT_SKIP_ALL | RESULT_GTEST_SKIPPED)))
		skip_reason(st, m);
	o = ctest_judge(running_test(c, w), m, st, o);
	xfail = test_attrs_of(running_test(c, w))->xfail;
	/* An expected failure is not run again. */
	if ((o == OUTCOME_TIMEOUT || (o == OUTCOME_FAILED && !xfail)) &&
	    maybe_rerun(c, w, (size_t)seq)) {
		cases_drop(w);
		dispatch_slot_event(c, w, SLOT_EV_FAILED);
		return;
	}
	if (!member)
		dispatch_slot_event(c, w,
				    o == OUTCOME_PASSED ? SLOT_EV_PASSED
							: SLOT_EV_FAILED);
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
	if (xfail)
		o = expect_failure(c, st, o, xfail);
	if (o == OUTCOME_FAILED || o == OUTCOME_ERROR || o == OUTCOME_TIMEOUT ||
	    c->all_output)
		spool_output(c, st, m);
	cases_finish(c, w, (size_t)seq);
	dispatch_finish_run(c, (size_t)seq, o, w);
}

/*
 * --gtest-batch: w's batch ended with m.  Each case that ran ends as if
 * it ran alone (its TEST_START told when it began), the last one moving
 * the slot; those that never started went back to the scheduler.
 */
static void take_batch(struct ctl *c, struct wslot *w,
		       const struct proto_result *m)
{
	struct gtest_batch_cut cut;
	size_t i, leader = w->run;

	gtest_batch_run_cut(c, w, m, &cut);
	for (i = 0; i < cut.n; i++) {
		w->run = cut.v[i].seq;
		if (w->run != leader) {
			w->started_ns = cut.start_ns[i];
			dispatch_emit(c, RUN_EV_TEST_START, w->run, w);
		}
		end_run(c, w, &cut.v[i], i + 1 < cut.n);
	}
	gtest_batch_cut_release(w, &cut);
}

void results_take(struct ctl *c, struct wslot *w, const struct proto_result *m)
{
	uint64_t seq = m->seq;
	int k = ctl_fixture_of(c, w);

	if (w->queued != RUN_NONE && w->queued_sent && seq == w->queued) {
		if (m->flags & RESULT_NOT_STARTED) {
			/* Held, to be sent again once w is idle (or not
			   run, if the run is stopping). */
			w->queued_sent = 0;
			if (c->stop)
				w->queued = RUN_NONE;
			dispatch_slot_event(c, w, SLOT_EV_QUEUED_DROPPED);
			return;
		}
		/* It ended before a STARTED could say it began: it could
		   not be executed. */
		if (w->state == SLOT_HANDOVER && dispatch_promote(c, w) < 0)
			return;
	}
	if (!slot_busy(w->state) || w->state == SLOT_HANDOVER ||
	    (m->flags & RESULT_NOT_STARTED) ||
	    seq != (k >= 0 ? FX_SEQ(k) : w->run)) {
		term_warn(c,
			  "worker %s sent a result for no test it was running",
			  w->name);
		dispatch_stop(c, STOP_INTERNAL);
		return;
	}
	if (w->nbatch) {
		take_batch(c, w, m);
		return;
	}
	end_run(c, w, m, 0);
}

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
			term_warn(c, "worker %s: unexpected READY", w->name);
			dispatch_stop(c, STOP_INTERNAL);
			return;
		}
		if (ready.version != PROTO_VERSION) {
			term_warn(c,
				  "worker %s speaks protocol version %llu, "
				  "this xdist-exec speaks %d",
				  w->name, (unsigned long long)ready.version,
				  PROTO_VERSION);
			dispatch_stop(c, STOP_INTERNAL);
			return;
		}
		dispatch_slot_event(c, w, SLOT_EV_READY);
		return;
	case MSG_STARTED:
		if (proto_take_started(m, &started, NULL) < 0)
			return;
		if (w->state == SLOT_HANDOVER && w->queued_sent &&
		    started.seq == w->queued && dispatch_promote(c, w) < 0)
			return;
		/* Kept so that a worker's death cannot orphan its test's
		   group (its PR_SET_PDEATHSIG reaches only the leader). */
		if (slot_busy(w->state) && w->state != SLOT_HANDOVER)
			w->test_pgid = (pid_t)started.pid;
		return;
	case MSG_OUTPUT:
		if (proto_take_output(m, &out, NULL) == 0 &&
		    slot_busy(w->state))
			dispatch_emit_output(c, w, out.data.p, out.data.len);
		return;
	case MSG_RESULT:
		if (proto_take_result(m, &res, NULL) < 0) {
			term_warn(c,
				  "worker %s sent a result for no test it was "
				  "running",
				  w->name);
			dispatch_stop(c, STOP_INTERNAL);
			return;
		}
		results_take(c, w, &res);
		proto_result_release(&res);
		return;
	case MSG_CASE:
		cases_take(c, w, m);
		return;
	case MSG_ERROR:
		proto_take_error(m, &err, NULL);
		text = proto_str_dup(err.text);
		/* Refused isolation: one line, however many workers say it. */
		if (err.has_code && err.code == EXIT_USAGE) {
			if (!c->refused)
				term_warn(c, "%s", text ? text : "refused");
			c->refused = 1;
		} else {
			term_warn(c, "worker %s: %s", w->name,
				  text ? text : "error");
		}
		free(text);
		dispatch_stop(c, STOP_INTERNAL);
		return;
	default:
		term_warn(c, "worker %s sent unknown message type %d", w->name,
			  m->type);
		dispatch_stop(c, STOP_INTERNAL);
	}
}

struct msg_ctx {
	struct ctl *c;
	struct wslot *w;
};

/* gateway_msg_fn: one message; stop once the slot is gone. */
static int take_msg(void *arg, const struct proto_msg *m)
{
	struct msg_ctx *x = arg;

	handle_msg(x->c, x->w, m);
	return !slot_alive(x->w->state);
}

void results_read_worker(struct ctl *c, struct wslot *w)
{
	struct msg_ctx x = {c, w};
	enum gateway_read r = gateway_read(&w->gw, take_msg, &x);

	if (!slot_alive(w->state))
		return;
	if (r == GATEWAY_GARBAGE) {
		term_warn(c, "worker %s sent bytes that are not a message",
			  w->name);
		dispatch_stop(c, STOP_INTERNAL);
	}
	if (r == GATEWAY_GARBAGE || r == GATEWAY_EOF)
		dispatch_worker_down(c, w);
}
