#include "jsonl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "proto.h"
#include "textsafe.h"

const char *jsonl_outcome_name(enum outcome o)
{
	switch (o) {
	case OUTCOME_PASSED:
		return "passed";
	case OUTCOME_FAILED:
		return "failed";
	case OUTCOME_SKIPPED:
		return "skipped";
	case OUTCOME_ERROR:
		return "error";
	case OUTCOME_FLAKY:
		return "flaky";
	case OUTCOME_TIMEOUT:
		return "timeout";
	case OUTCOME_INTERRUPTED:
		return "interrupted";
	case OUTCOME_NOTRUN:
		return "notrun";
	case OUTCOME_XFAILED:
		return "xfailed";
	case OUTCOME_XPASSED:
		return "xpassed";
	default:
		return "pending";
	}
}

/* A new object (cjson_load made its allocations never fail). */
static cJSON *event(const char *name)
{
	cJSON *o;

	o = cj.cJSON_CreateObject();
	cj.cJSON_AddStringToObject(o, "event", name);
	return o;
}

/* s as a JSON string (repaired), or null when s is NULL. */
static void add_str(cJSON *o, const char *key, const char *s)
{
	char *safe;

	if (!s) {
		cj.cJSON_AddNullToObject(o, key);
		return;
	}
	if (textsafe_clean(s, strlen(s), 0)) {
		cj.cJSON_AddStringToObject(o, key, s);
		return;
	}
	safe = textsafe_dup(s, strlen(s), 0);
	cj.cJSON_AddStringToObject(o, key, safe);
	free(safe);
}

/* n bytes at p as a JSON string (repaired), or null when p is NULL. */
static void add_strn(cJSON *o, const char *key, const char *p, size_t n)
{
	char *safe;

	if (!p) {
		cj.cJSON_AddNullToObject(o, key);
		return;
	}
	safe = textsafe_dup(p, n, 0);
	cj.cJSON_AddStringToObject(o, key, safe);
	free(safe);
}

static void add_num(cJSON *o, const char *key, double v)
{
	cj.cJSON_AddNumberToObject(o, key, v);
}

/* Append o as one line and free it. */
static void emit(struct buf *out, cJSON *o)
{
	char *s = cj.cJSON_PrintUnformatted(o);

	if (!s)
		BUG("cJSON_PrintUnformatted failed");
	buf_adds(out, s);
	buf_addch(out, '\n');
	cj.cJSON_free(s);
	cj.cJSON_Delete(o);
}

void jsonl_run_start(struct buf *out, const char *version, int workers,
		     const char *testrunuid, size_t tests, double time)
{
	cJSON *o = event("run_start");

	add_str(o, "version", version);
	add_num(o, "workers", workers);
	add_str(o, "testrunuid", testrunuid);
	add_num(o, "tests", (double)tests);
	add_num(o, "time", time);
	emit(out, o);
}

void jsonl_test_start(struct buf *out, const char *id, const char *classname,
		      const char *name, size_t run, const char *worker,
		      int attempt, double time)
{
	cJSON *o = event("test_start");

	add_str(o, "id", id);
	add_str(o, "classname", classname);
	add_str(o, "name", name);
	add_num(o, "run", (double)run);
	add_str(o, "worker", worker);
	add_num(o, "attempt", attempt);
	add_num(o, "time", time);
	emit(out, o);
}

void jsonl_test_result(struct buf *out, const struct jsonl_result *r)
{
	cJSON *o = event("test_result");

	add_str(o, "id", r->id);
	add_str(o, "classname", r->classname);
	add_str(o, "name", r->name);
	add_num(o, "run", (double)r->run);
	add_str(o, "outcome", jsonl_outcome_name(r->outcome));
	add_num(o, "duration", r->duration > 0 ? r->duration : 0.0);
	if (r->kind == KIND_EXITED)
		add_num(o, "exit_status", r->code);
	else
		cj.cJSON_AddNullToObject(o, "exit_status");
	if (r->kind == KIND_SIGNALED) {
		const char *abbrev = sigabbrev_np(r->code);
		char sig[32];

		if (abbrev)
			snprintf(sig, sizeof(sig), "SIG%s", abbrev);
		else
			snprintf(sig, sizeof(sig), "SIG%d", r->code);
		add_str(o, "signal", sig);
	} else {
		cj.cJSON_AddNullToObject(o, "signal");
	}
	add_str(o, "worker", r->worker);
	add_num(o, "attempt", r->attempt);
	add_str(o, "reason", r->reason);
	add_num(o, "time", r->time);
	emit(out, o);
}

void jsonl_run_end(struct buf *out, int exit_status,
		   const size_t counts[OUTCOME_MAX],
		   const unsigned long long *cases, double duration,
		   double time)
{
	cJSON *o = event("run_end"), *n;
	int k;

	add_num(o, "exit_status", exit_status);
	n = cj.cJSON_AddObjectToObject(o, "counts");
	for (k = OUTCOME_PASSED; k < OUTCOME_MAX; k++)
		add_num(n, jsonl_outcome_name((enum outcome)k),
			(double)counts[k]);
	if (cases) {
		n = cj.cJSON_AddObjectToObject(o, "cases");
		for (k = 0; k < TAP_NSTATUS; k++)
			add_num(n, tap_status_name((enum tap_status)k),
				(double)cases[k]);
	}
	add_num(o, "duration", duration > 0 ? duration : 0.0);
	add_num(o, "time", time);
	emit(out, o);
}

void jsonl_case(struct buf *out, const char *id, size_t run, int attempt,
		const struct tap_case *c, double time)
{
	cJSON *o = event("case");

	add_str(o, "id", id);
	add_num(o, "run", (double)run);
	add_num(o, "attempt", attempt);
	add_num(o, "number", (double)c->number);
	add_str(o, "status", tap_status_name(c->status));
	add_strn(o, "description", c->desc ? c->desc : "", c->desc_len);
	add_strn(o, "reason", c->reason, c->reason_len);
	add_strn(o, "yaml", c->yaml, c->yaml_len);
	add_num(o, "time", time);
	emit(out, o);
}
