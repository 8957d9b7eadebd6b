/*
 * gtest_batch_run: a batch of GoogleTest cases sent as one RUN, and its
 * RESULT cut back into one per case.  See gtest_batch_run.h.
 */
#include "gtest_batch_run.h"

#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "gtest.h"
#include "gtest_batch.h"

#define FILTER "--gtest_filter="

/* What the cases of one batch share, for sched_take_more's pred. */
struct batch_key {
	const struct ctl *c;
	const struct test *leader;
	char **argv; /* the leader's, its last argument (the filter) aside */
	size_t argc;
};

/* Batching is on for w at all. */
static int batching(const struct ctl *c, const struct wslot *w)
{
	return c->o.gtest_batch != 1 && !c->o.reruns && c->o.capture &&
	       !c->o.stepwise && !c->o.tap && !w->tx->remote &&
	       c->o.dist != SCHED_EACH && c->nitems == c->nsel &&
	       c->phase == PHASE_TESTS && !c->stop &&
	       gtest_batch_env_ok(getenv);
}

static size_t argc_of(char **argv)
{
	size_t n = 0;

	while (argv[n])
		n++;
	return n;
}

/* The case a test runs ("Suite.Name"), or NULL: its last argument. */
static const char *case_name(char **argv, size_t argc)
{
	if (!argc || strncmp(argv[argc - 1], FILTER, strlen(FILTER)))
		return NULL;
	return argv[argc - 1] + strlen(FILTER);
}

/* Run r may share a process with the leader's key: the same program
   and arguments, in the same environment (CTest's). */
static int same_binary(const struct batch_key *k, size_t r)
{
	const struct ctl *c = k->c;
	const struct test *t = runs_test(&c->runs, r);
	char **argv;
	size_t argc, i;
	int ok;

	if (t->gtest != TEST_GTEST_CASE ||
	    !gtest_batch_plain(t, c->expect_ns[runs_item(&c->runs, r)]) ||
	    !ctest_props_same_env(test_attrs_of(t)->ctest,
				  test_attrs_of(k->leader)->ctest))
		return 0;
	argv = test_argv(t);
	argc = argc_of(argv);
	ok = argc == k->argc + 1 && case_name(argv, argc);
	for (i = 0; ok && i < k->argc; i++)
		ok = !strcmp(argv[i], k->argv[i]);
	free(argv);
	return ok;
}

/* sched_pred_fn: item (a run, outside --dist each) shares the key. */
static int take_pred(void *ctx, size_t item)
{
	return same_binary(ctx, item);
}

void gtest_batch_run_start(struct ctl *c, struct wslot *w, size_t r)
{
	struct batch_key k;
	size_t max, n, i, *more;
	const char **names;
	char **argv;

	w->nbatch = 0;
	if (!batching(c, w) ||
	    runs_test(&c->runs, r)->gtest != TEST_GTEST_CASE ||
	    !sched_batchable(&c->sched, runs_item(&c->runs, r)))
		return;
	argv = test_argv(runs_test(&c->runs, r));
	k.c = c;
	k.leader = runs_test(&c->runs, r);
	k.argv = argv;
	k.argc = argc_of(argv);
	if (!k.argc || !case_name(argv, k.argc)) {
		free(argv);
		return;
	}
	k.argc--;
	/* gtest_batch_argv_ok reads up to a NULL: the filter hidden. */
	{
		char *filter = argv[k.argc];
		int ok;

		argv[k.argc] = NULL;
		ok = gtest_batch_argv_ok(argv);
		argv[k.argc] = filter;
		if (!ok || !same_binary(&k, r)) {
			free(argv);
			return;
		}
	}
	max = c->o.gtest_batch ? (size_t)c->o.gtest_batch
			       : gtest_batch_auto(sched_pending(&c->sched) + 1,
						  c->nworkers);
	if (max < 2) {
		free(argv);
		return;
	}
	more = xmalloc((max - 1) * sizeof(*more));
	n = sched_take_more(&c->sched, w->index, take_pred, &k, max - 1, more);
	free(argv);
	if (!n) {
		free(more);
		return;
	}
	w->batch = xrealloc(w->batch, (n + 1) * sizeof(*w->batch));
	w->batch[0] = r;
	for (i = 0; i < n; i++)
		w->batch[i + 1] = more[i];
	free(more);
	w->nbatch = n + 1;
	buf_reset(&w->batch_names);
	for (i = 0; i < w->nbatch; i++) {
		argv = test_argv(runs_test(&c->runs, w->batch[i]));
		buf_adds(&w->batch_names, case_name(argv, argc_of(argv)));
		buf_addch(&w->batch_names, '\0');
		free(argv);
	}
	names = xmalloc(w->nbatch * sizeof(*names));
	for (i = 0, n = 0; i < w->nbatch; i++) {
		names[i] = w->batch_names.data + n;
		n += strlen(names[i]) + 1;
	}
	buf_reset(&w->batch_args);
	gtest_batch_args(&w->batch_args, names, w->nbatch);
	free(names);
}

/* The cases' names, in w->batch order. */
static const char **batch_names(const struct wslot *w)
{
	const char **names = xmalloc(w->nbatch * sizeof(*names));
	size_t i, off = 0;

	for (i = 0; i < w->nbatch; i++) {
		names[i] = w->batch_names.data + off;
		off += strlen(names[i]) + 1;
	}
	return names;
}

/* Where one case's result is read. */
struct pick {
	size_t member;
	int part; /* 1: the head of the output, 2: its tail */
	const struct gtest_batch_case *gc;
};

static int finished(enum gtest_batch_status s)
{
	return s == GTEST_BATCH_PASSED || s == GTEST_BATCH_FAILED ||
	       s == GTEST_BATCH_SKIPPED;
}

static int before(const struct pick *a, const struct pick *b)
{
	return a->part < b->part ||
	       (a->part == b->part && a->gc->off < b->gc->off);
}

/* One case's result, as if it ran alone. */
static void case_result(const struct proto_result *m, const struct pick *p,
			size_t run, long long others_ns,
			struct proto_result *out)
{
	const struct proto_str *part = p->part == 2 ? &m->tail : &m->data;
	const char *why;
	size_t len;

	memset(out, 0, sizeof(*out));
	out->seq = run;
	out->data.p = part->p + p->gc->off;
	out->data.len = p->gc->len;
	out->out_total = p->gc->len;
	out->kind = KIND_EXITED;
	out->duration_ns = p->gc->ms >= 0 ? (uint64_t)p->gc->ms * 1000000 : 0;
	switch (p->gc->status) {
	case GTEST_BATCH_PASSED:
		break;
	case GTEST_BATCH_FAILED:
		out->code = 1;
		break;
	case GTEST_BATCH_SKIPPED:
		out->flags = RESULT_GTEST_SKIPPED;
		if (gtest_skipped(out->data.p, out->data.len, &why, &len) &&
		    why) {
			out->skip_reason.p = why;
			out->skip_reason.len = len;
		}
		break;
	default:
		/* It died, timed out or was stopped in it: the process's
		   end is its end. */
		out->kind = m->kind;
		out->code = m->code;
		out->core = m->core;
		out->stage = m->stage;
		out->flags = m->flags & (RESULT_TERMINATED | RESULT_TIMEOUT);
		out->duration_ns =
			(m->flags & RESULT_TIMEOUT) ||
					(long long)m->duration_ns < others_ns
				? m->duration_ns
				: m->duration_ns - (uint64_t)others_ns;
		break;
	}
}

/*
 * A process whose cases all finished but that still ended badly (a global
 * tear-down that failed or crashed, a leak checker's exit status) is not
 * a silent pass: its last case takes that end, with what the process
 * printed after it.  gtest's own exit status 1 after a failed case is
 * not such an end.  Called only when every case of the batch finished or
 * is the unfinished one, and the output is whole.
 */
static void blame_last(const struct proto_result *m, const struct pick *last,
		       struct proto_result *out, const struct proto_result *v,
		       size_t n)
{
	const struct proto_str *part = last->part == 2 ? &m->tail : &m->data;
	int any_failed = 0;
	size_t i;

	if (!finished(last->gc->status))
		return;
	for (i = 0; i < n; i++)
		if (v[i].kind != KIND_EXITED || v[i].code)
			any_failed = 1;
	if (m->kind == KIND_EXITED &&
	    (!m->code || (m->code == 1 && any_failed)))
		return;
	out->kind = m->kind;
	out->code = m->code;
	out->core = m->core;
	out->stage = m->stage;
	out->flags = m->flags & (RESULT_TERMINATED | RESULT_TIMEOUT);
	out->data.len = (size_t)(part->p + part->len - out->data.p);
	out->out_total = out->data.len;
}

void gtest_batch_run_cut(struct ctl *c, struct wslot *w,
			 const struct proto_result *m,
			 struct gtest_batch_cut *cut)
{
	size_t n = w->nbatch, i, j, np = 0;
	const char **names = batch_names(w);
	struct gtest_batch_case *head = xcalloc(n, sizeof(*head));
	struct gtest_batch_case *tail = xcalloc(n, sizeof(*tail));
	struct gtest_batch_case whole;
	struct pick *p = xcalloc(n, sizeof(*p)), tmp;
	int truncated = !!(m->flags & RESULT_TRUNCATED);
	long long done_ns = 0, at;

	gtest_batch_read(m->data.p ? m->data.p : "", m->data.len, names, n,
			 head);
	if (truncated)
		gtest_batch_read(m->tail.p ? m->tail.p : "", m->tail.len, names,
				 n, tail);
	for (i = 0; i < n; i++) {
		p[np].member = i;
		if (finished(head[i].status))
			p[np].part = 1, p[np].gc = &head[i];
		else if (tail[i].status != GTEST_BATCH_NOT_RUN)
			p[np].part = 2, p[np].gc = &tail[i];
		else if (head[i].status == GTEST_BATCH_UNFINISHED && !truncated)
			p[np].part = 1, p[np].gc = &head[i];
		else
			continue;
		if (finished(p[np].gc->status) && p[np].gc->ms > 0)
			done_ns += p[np].gc->ms * 1000000LL;
		np++;
	}
	/* Nothing said of any case (it died before the first, say): the
	   first takes the process's end, so that every batch ends one. */
	if (!np) {
		memset(&whole, 0, sizeof(whole));
		whole.status = GTEST_BATCH_UNFINISHED;
		whole.len = m->data.len;
		whole.ms = -1;
		p[0].member = 0;
		p[0].part = 1;
		p[0].gc = &whole;
		np = 1;
	}
	/* In the order they ran. */
	for (i = 1; i < np; i++)
		for (j = i; j > 0 && before(&p[j], &p[j - 1]); j--) {
			tmp = p[j];
			p[j] = p[j - 1];
			p[j - 1] = tmp;
		}
	/* The others never started: back to the scheduler, to run next in
	   a new process (not run, when the run is stopping). */
	for (i = 0; i < n; i++) {
		for (j = 0; j < np && p[j].member != i; j++)
			;
		if (j == np)
			sched_give_back(&c->sched, w->index,
					runs_item(&c->runs, w->batch[i]));
	}
	cut->n = np;
	cut->v = xcalloc(np, sizeof(*cut->v));
	cut->start_ns = xcalloc(np, sizeof(*cut->start_ns));
	at = w->started_ns;
	for (i = 0; i < np; i++) {
		case_result(m, &p[i], w->batch[p[i].member], done_ns,
			    &cut->v[i]);
		cut->start_ns[i] = at;
		at += (long long)cut->v[i].duration_ns;
	}
	/* Only when every case is accounted for: a case given back (cut
	   out by --max-output, say) may be what made the status. */
	if (np == n && !truncated)
		blame_last(m, &p[np - 1], &cut->v[np - 1], cut->v, np);
	/* What the process left behind is the last one's. */
	cut->v[np - 1].has_leaked = m->has_leaked;
	cut->v[np - 1].leaked = m->leaked;
	cut->v[np - 1].has_lost_errno = m->has_lost_errno;
	cut->v[np - 1].lost_errno = m->lost_errno;
	free(names);
	free(head);
	free(tail);
	free(p);
}

void gtest_batch_cut_release(struct wslot *w, struct gtest_batch_cut *cut)
{
	free(cut->v);
	free(cut->start_ns);
	memset(cut, 0, sizeof(*cut));
	w->nbatch = 0;
}

void gtest_batch_run_drop(struct ctl *c, struct wslot *w)
{
	size_t i;

	for (i = 0; i < w->nbatch; i++)
		if (w->batch[i] != w->run)
			sched_give_back(&c->sched, w->index,
					runs_item(&c->runs, w->batch[i]));
	w->nbatch = 0;
}

void gtest_batch_run_release(struct wslot *w)
{
	free(w->batch);
	w->batch = NULL;
	w->nbatch = 0;
	buf_release(&w->batch_names);
	buf_release(&w->batch_args);
}
