/*
 * trace: --trace=FILE as Chrome trace events.  See trace.h.
 */
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cjson.h"
#include "exitcode.h"
#include "jsonl.h"
#include "outputs.h"
#include "textsafe.h"
#include "timeline.h"
#include "xio.h"

/* s (any bytes) as a JSON string value of o. */
static void add_text(cJSON *o, const char *key, const char *s)
{
	char *safe = textsafe_dup(s, strlen(s), 0);

	cj.cJSON_AddStringToObject(o, key, safe);
	free(safe);
}

void trace_format(struct buf *out, const struct trace_event *e)
{
	char ph[2] = {e->ph, '\0'};
	cJSON *o, *args;
	char *s;
	int i;

	o = cj.cJSON_CreateObject();
	add_text(o, "name", e->name ? e->name : "");
	if (e->cat)
		cj.cJSON_AddStringToObject(o, "cat", e->cat);
	cj.cJSON_AddStringToObject(o, "ph", ph);
	cj.cJSON_AddNumberToObject(o, "ts", (double)e->ts);
	if (e->ph == 'X')
		cj.cJSON_AddNumberToObject(o, "dur", (double)e->dur);
	cj.cJSON_AddNumberToObject(o, "pid", 1);
	if (e->tid >= 0)
		cj.cJSON_AddNumberToObject(o, "tid", e->tid);
	if (e->ph == 'i')
		cj.cJSON_AddStringToObject(o, "s", e->tid >= 0 ? "t" : "g");
	if (e->nargs) {
		args = cj.cJSON_AddObjectToObject(o, "args");
		for (i = 0; i < e->nargs && i < TRACE_ARGS_MAX; i++) {
			if (e->args[i].str)
				add_text(args, e->args[i].key, e->args[i].str);
			else
				cj.cJSON_AddNumberToObject(args, e->args[i].key,
							   e->args[i].num);
		}
	}
	s = cj.cJSON_PrintUnformatted(o);
	if (!s)
		BUG("cJSON_PrintUnformatted failed");
	buf_adds(out, s);
	cj.cJSON_free(s);
	cj.cJSON_Delete(o);
}

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	buf_init(&t->line);
}

int trace_open(struct trace *t, const char *path, struct buf *err)
{
	t->path = path;
	if (!path)
		return 0;
	if (cjson_load(err) < 0 || outputs_make_parent(path, err) < 0)
		return -1;
	t->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (t->fd < 0) {
		buf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void trace_release(struct trace *t)
{
	if (t->fd >= 0)
		close(t->fd);
	free(t->error);
	free(t->named);
	buf_release(&t->line);
	trace_init(t);
}

/* Write t->line with one write(2) (a killed run leaves whole lines). */
static void put(struct trace *t)
{
	if (t->fd >= 0 && xio_write_all(t->fd, t->line.data, t->line.len) < 0) {
		t->error = xasprintf("cannot write '%s': %s", t->path,
				     strerror(errno));
		close(t->fd);
		t->fd = -1;
	}
	buf_reset(&t->line);
}

/* e as one line of the array, comma-ended. */
static void put_event(struct trace *t, const struct trace_event *e)
{
	trace_format(&t->line, e);
	buf_adds(&t->line, ",\n");
	put(t);
}

static void arg_str(struct trace_event *e, const char *key, const char *s)
{
	e->args[e->nargs].key = key;
	e->args[e->nargs].str = s;
	e->nargs++;
}

static void arg_num(struct trace_event *e, const char *key, double v)
{
	e->args[e->nargs].key = key;
	e->args[e->nargs].str = NULL;
	e->args[e->nargs].num = v;
	e->nargs++;
}

static void meta(struct trace *t, const char *what, int tid, const char *key,
		 const char *str, double num)
{
	struct trace_event e;

	memset(&e, 0, sizeof(e));
	e.ph = 'M';
	e.name = what;
	e.tid = tid;
	if (str)
		arg_str(&e, key, str);
	else
		arg_num(&e, key, num);
	put_event(t, &e);
}

/* The lane's name, the first time it is used. */
static void name_lane(struct trace *t, const struct run_view *v, int slot)
{
	if (slot < 0 || !v->slots || slot >= v->nslots)
		return;
	if (slot >= t->nnamed) {
		t->named = xrealloc(t->named, (size_t)slot + 1);
		memset(t->named + t->nnamed, 0, (size_t)(slot + 1 - t->nnamed));
		t->nnamed = slot + 1;
	}
	if (t->named[slot])
		return;
	t->named[slot] = 1;
	meta(t, "thread_name", slot, "name", v->slots[slot].name, 0);
	meta(t, "thread_sort_index", slot, "sort_index", NULL, slot);
}

static long long us(long long ns)
{
	return ns > 0 ? ns / 1000 : 0;
}

/* The counter, when it changed. */
static void counter(struct trace *t, const struct run_view *v, long long now)
{
	const struct tally *ta = v->tally;
	int running = v->timeline->running;
	long long queued =
		(long long)ta->total - (long long)ta->finished - running;
	struct trace_event e;

	if (queued < 0)
		queued = 0;
	if (running == t->running && queued == t->queued)
		return;
	t->running = running;
	t->queued = (int)queued;
	memset(&e, 0, sizeof(e));
	e.ph = 'C';
	e.name = "tests";
	e.ts = us(now);
	e.tid = -1;
	arg_num(&e, "running", running);
	arg_num(&e, "queued", (double)queued);
	put_event(t, &e);
}

/* A closed span as a complete event. */
static void complete(struct trace *t, const struct run_view *v,
		     const struct timeline_span *s)
{
	const char *wname = v->slots ? v->slots[s->slot].name : "";
	struct trace_event e;
	char sig[32], *label = NULL;

	memset(&e, 0, sizeof(e));
	e.ph = 'X';
	e.ts = us(s->start_ns);
	/* Both ends rounded down: a lane's events never overlap. */
	e.dur = us(s->end_ns) - e.ts;
	e.tid = s->slot;
	if (s->kind == TL_FIXTURE) {
		label = xasprintf(
			"%s: %s", fixture_names[s->fixture],
			v->fixtures[s->fixture] ? v->fixtures[s->fixture] : "");
		e.name = label;
		e.cat = "fixture";
		arg_str(&e, "outcome", jsonl_outcome_name(s->outcome));
		arg_str(&e, "worker", wname);
	} else {
		const struct run_record *st = &v->tally->runs[s->run];

		e.name = runs_label(&v->runs, s->run);
		e.cat = "test";
		arg_str(&e, "outcome",
			s->rerun ? "rerun" : jsonl_outcome_name(s->outcome));
		arg_num(&e, "attempt", s->attempt);
		if (st->kind == RUN_KIND_EXITED) {
			arg_num(&e, "exit_status", st->code);
		} else if (st->kind == RUN_KIND_SIGNALED) {
			const char *abbrev = sigabbrev_np(st->code);

			if (abbrev)
				snprintf(sig, sizeof(sig), "SIG%s", abbrev);
			else
				snprintf(sig, sizeof(sig), "SIG%d", st->code);
			arg_str(&e, "signal", sig);
		}
		arg_str(&e, "worker", wname);
		arg_num(&e, "run", (double)s->run);
	}
	put_event(t, &e);
	free(label);
}

static void instant(struct trace *t, const char *name, int slot, long long now)
{
	struct trace_event e;

	memset(&e, 0, sizeof(e));
	e.ph = 'i';
	e.name = name;
	e.cat = "worker";
	e.ts = us(now);
	e.tid = slot;
	put_event(t, &e);
}

/* The last line: an event without the comma, and the array's end. */
static void finish(struct trace *t, const struct run_view *v, long long now,
		   int exit_status)
{
	struct trace_event e;
	int k;

	memset(&e, 0, sizeof(e));
	e.ph = 'i';
	e.name = "run end";
	e.cat = "run";
	e.ts = us(now);
	e.tid = -1;
	arg_num(&e, "exit_status", exit_status);
	for (k = OUTCOME_PASSED; k < OUTCOME_MAX && e.nargs < TRACE_ARGS_MAX;
	     k++)
		if (v->tally->counts[k] || k <= OUTCOME_FAILED)
			arg_num(&e, jsonl_outcome_name((enum outcome)k),
				(double)v->tally->counts[k]);
	trace_format(&t->line, &e);
	buf_adds(&t->line, "\n]\n");
	put(t);
}

int trace_event(void *self, const struct run_view *v,
		const struct run_event *ev)
{
	struct trace *t = self;
	long long now = xio_now_ns() - v->start_ns;
	const struct timeline_span *s;

	if (t->fd < 0 && ev->kind != RUN_EV_END)
		return 0;
	switch (ev->kind) {
	case RUN_EV_START:
		buf_adds(&t->line, "[\n");
		put(t);
		meta(t, "process_name", -1, "name", "xdist-exec", 0);
		break;
	case RUN_EV_TEST_START:
	case RUN_EV_FIXTURE_START:
		name_lane(t, v, ev->slot);
		counter(t, v, now);
		break;
	case RUN_EV_TEST_RERUN:
	case RUN_EV_TEST_FINISH:
	case RUN_EV_FIXTURE_END:
		/* A run that never ran closed nothing. */
		s = v->timeline->closed;
		if (s) {
			name_lane(t, v, ev->slot);
			complete(t, v, s);
		}
		counter(t, v, now);
		break;
	case RUN_EV_WORKER_DOWN:
		name_lane(t, v, ev->slot);
		instant(t, "worker down", ev->slot, now);
		break;
	case RUN_EV_WORKER_UP:
		name_lane(t, v, ev->slot);
		instant(t, "worker replaced", ev->slot, now);
		break;
	case RUN_EV_END:
		if (t->fd >= 0)
			finish(t, v, now, ev->exit_status);
		if (t->fd >= 0 && close(t->fd) < 0 && !t->error)
			t->error = xasprintf("cannot write '%s': %s", t->path,
					     strerror(errno));
		t->fd = -1;
		if (!t->error)
			return ev->exit_status;
		buf_addf(ev->err, "%s%s", ev->err->len ? "; " : "", t->error);
		return EXIT_INTERNAL;
	case RUN_EV_OUTPUT:
	case RUN_EV_CASE:
		break;
	}
	return 0;
}
