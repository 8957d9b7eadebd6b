/*
 * summary: the report printed after the run, pytest's way: ERRORS and
 * FAILURES sections with captured output, the slowest durations, the short
 * test summary, and the final line.
 */
#include <stdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "proto.h"
#include "xio.h"

const char *ctl_run_label(const struct ctl *c, size_t r)
{
	return c->labels ? c->labels[ctl_run_item(c, r)]
			 : ctl_run_test(c, r)->id;
}

static void print_output(struct ctl *c, const struct run_record *st)
{
	char *data;
	ssize_t n;

	if (!st->out_len)
		return;
	report_sep(&c->out, c->rep.width, '-', "Captured output");
	data = xmalloc(st->out_len);
	n = xio_pread_full(c->spool, data, st->out_len, st->out_off);
	if (n < 0)
		n = 0;
	if (st->truncated && (size_t)n >= st->head_len) {
		buf_add(&c->out, data, st->head_len);
		if (st->head_len && data[st->head_len - 1] != '\n')
			buf_addch(&c->out, '\n');
		buf_addf(&c->out,
			 "[... xdist-exec: %llu bytes of output cut; the "
			 "first %zu and the last %zu bytes are shown ...]\n",
			 st->out_total - (unsigned long long)st->out_len,
			 (size_t)st->head_len, (size_t)n - st->head_len);
		buf_add(&c->out, data + st->head_len, (size_t)n - st->head_len);
	} else {
		buf_add(&c->out, data, (size_t)n);
	}
	if (n > 0 && data[n - 1] != '\n')
		buf_addch(&c->out, '\n');
	free(data);
	ctl_flush(c);
}

static void print_section(struct ctl *c, const char *title,
			  const struct run_record *st)
{
	report_sep(&c->out, c->rep.width, '_', title);
	if (st->worker >= 0 && !c->w[st->worker].master)
		buf_addf(&c->out, "[%s] ", c->w[st->worker].name);
	buf_addf(&c->out, "%s", st->reason ? st->reason : "");
	/* A timeout's reason says how long it ran (a fixture's outcome is
	   an error, not a timeout). */
	if ((st->kind == KIND_EXITED || st->kind == KIND_SIGNALED) &&
	    !st->timed_out)
		buf_addf(&c->out, " after %.2fs",
			 (double)st->duration_ns / 1e9);
	if (st->attempt > 1)
		buf_addf(&c->out, " (attempt %d)", st->attempt);
	if (st->lost_errno)
		buf_addf(&c->out, " (output lost: %s)",
			 strerror(st->lost_errno));
	buf_addch(&c->out, '\n');
	if (c->o.capture)
		print_output(c, st);
	ctl_flush(c);
}

static char *fixture_title(struct ctl *c, const struct run_record *st)
{
	return xasprintf("ERROR at %s: %s", fixture_names[st->fixture],
			 c->fx.v[c->fx_idx[st->fixture]].id);
}

static void print_sections(struct ctl *c, enum outcome which, enum outcome also,
			   const char *title)
{
	size_t i;
	int any = 0;

	if (which == OUTCOME_ERROR && c->tally.nfxerr) {
		report_sep(&c->out, c->rep.width, '=', title);
		any = 1;
		for (i = 0; i < c->tally.nfxerr; i++) {
			char *t = fixture_title(c, &c->tally.fxerr[i]);

			print_section(c, t, &c->tally.fxerr[i]);
			free(t);
		}
	}
	for (i = 0; i < c->tally.norder; i++) {
		const struct run_record *st = &c->tally.runs[c->tally.order[i]];

		if ((st->outcome != which && st->outcome != also) ||
		    st->no_section)
			continue;
		if (!any)
			report_sep(&c->out, c->rep.width, '=', title);
		any = 1;
		print_section(c, ctl_run_label(c, c->tally.order[i]), st);
	}
}

static int by_duration(const void *a, const void *b, void *arg)
{
	const struct ctl *c = arg;
	long long da = c->tally.runs[*(const size_t *)a].duration_ns;
	long long db = c->tally.runs[*(const size_t *)b].duration_ns;

	return da < db ? 1 : da > db ? -1 : 0;
}

/* --durations=N: the slowest runs, pytest's "slowest N durations". */
static void print_durations(struct ctl *c)
{
	size_t *v, n = 0, r, show;
	char title[64];

	if (c->o.durations < 0)
		return;
	v = xcalloc(c->nruns ? c->nruns : 1, sizeof(*v));
	for (r = 0; r < c->nruns; r++)
		if (c->tally.runs[r].kind == KIND_EXITED ||
		    c->tally.runs[r].kind == KIND_SIGNALED)
			v[n++] = r;
	qsort_r(v, n, sizeof(*v), by_duration, c);
	show = c->o.durations && (size_t)c->o.durations < n
		       ? (size_t)c->o.durations
		       : n;
	if (c->o.durations)
		snprintf(title, sizeof(title), "slowest %d durations",
			 c->o.durations);
	else
		snprintf(title, sizeof(title), "slowest durations");
	report_sep(&c->out, c->rep.width, '=', title);
	for (r = 0; r < show; r++) {
		const struct run_record *st = &c->tally.runs[v[r]];

		buf_addf(&c->out, "%.2fs ", (double)st->duration_ns / 1e9);
		if (st->worker >= 0 && !c->w[st->worker].master)
			buf_addf(&c->out, "[%s] ", c->w[st->worker].name);
		buf_addf(&c->out, "%s\n", ctl_run_label(c, v[r]));
	}
	free(v);
	ctl_flush(c);
}

static void summary_line(struct ctl *c, int *any, enum outcome o,
			 const char *what, const char *reason)
{
	if (!*any)
		report_sep(&c->out, c->rep.width, '=',
			   "short test summary info");
	*any = 1;
	report_colored(&c->rep, &c->out, o, report_outcome_word(o));
	buf_addf(&c->out, " %s - %s\n", what, reason ? reason : "");
	ctl_flush(c);
}

void summary_print(struct ctl *c)
{
	double secs = (double)(xio_now_ns() - c->start_ns) / 1e9;
	size_t i;
	int any = 0;

	report_break_line(&c->rep, &c->out);
	if (c->rep.verbosity >= -1) {
		print_sections(c, OUTCOME_ERROR, OUTCOME_ERROR, "ERRORS");
		print_sections(c, OUTCOME_FAILED, OUTCOME_TIMEOUT, "FAILURES");
	}
	print_durations(c);
	for (i = 0; i < c->tally.nfxerr; i++) {
		char *t = fixture_title(c, &c->tally.fxerr[i]);

		/* "ERROR at setup: CMD" reads as the word and the what. */
		summary_line(c, &any, OUTCOME_ERROR, t + 6,
			     c->tally.fxerr[i].reason);
		free(t);
	}
	for (i = 0; i < c->nruns; i++) {
		const struct run_record *st = &c->tally.runs[i];

		if (st->outcome == OUTCOME_FAILED ||
		    st->outcome == OUTCOME_TIMEOUT ||
		    st->outcome == OUTCOME_ERROR ||
		    st->outcome == OUTCOME_FLAKY ||
		    st->outcome == OUTCOME_INTERRUPTED)
			summary_line(c, &any, st->outcome, ctl_run_label(c, i),
				     st->reason);
	}
	for (i = 0; i < c->nruns && c->o.leak == LEAK_WARN; i++) {
		const struct run_record *st = &c->tally.runs[i];
		char why[96];

		if (!st->leaked || st->outcome == OUTCOME_FAILED)
			continue;
		snprintf(why, sizeof(why), "left %u process%s behind (killed)",
			 st->leaked, st->leaked == 1 ? "" : "es");
		if (!any)
			report_sep(&c->out, c->rep.width, '=',
				   "short test summary info");
		any = 1;
		report_colored(&c->rep, &c->out, OUTCOME_SKIPPED, "LEAK");
		buf_addf(&c->out, " %s - %s\n", ctl_run_label(c, i), why);
	}
	if (c->stop == STOP_MAXFAIL)
		report_sep(&c->out, c->rep.width, '!',
			   c->o.maxfail == 1
				   ? "stopping after 1 failure"
				   : "stopping after the --maxfail limit");
	report_final(&c->rep, &c->out, secs);
	ctl_flush(c);
	if (c->tally.lost)
		ctl_warn(c,
			 "the output of %zu test%s could not be kept (%s): "
			 "this run's report is incomplete",
			 c->tally.lost, c->tally.lost == 1 ? "" : "s",
			 strerror(c->tally.lost_errno));
}
