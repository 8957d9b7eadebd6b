/*
 * summary: the end-of-run report (summary.h).
 */
#include "summary.h"

#include "outputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"
#include "xio.h"

/* Where the summary goes: the view it reads, the caller's out, drained by
   flush(arg). */
struct sink {
	const struct run_view *v;
	struct report *rep;
	struct buf *out;
	view_flush_fn *flush;
	void *arg;
};

/* The run's kept output, assembled as every report shows it. */
static void print_output(struct sink *s, const struct run_record *st)
{
	size_t before;

	if (!st->out_len)
		return;
	report_sep(s->out, s->rep->width, '-', "Captured output");
	before = s->out->len;
	/* An unreadable spool shows as no output, as it always did. */
	if (outputs_read_output(s->v, st, s->out) < 0)
		s->out->len = before;
	if (s->out->len > before && s->out->data[s->out->len - 1] != '\n')
		buf_addch(s->out, '\n');
	s->flush(s->arg);
}

static void print_section(struct sink *s, const char *title,
			  const struct run_record *st)
{
	report_sep(s->out, s->rep->width, '_', title);
	if (st->worker >= 0 && !s->v->slots[st->worker].master)
		buf_addf(s->out, "[%s] ", s->v->slots[st->worker].name);
	buf_addf(s->out, "%s", st->reason ? st->reason : "");
	/* A timeout's reason says how long it ran (a fixture's outcome is
	   an error, not a timeout). */
	if (run_record_ran(st) && !st->timed_out)
		buf_addf(s->out, " after %.2fs", (double)st->duration_ns / 1e9);
	if (st->attempt > 1)
		buf_addf(s->out, " (attempt %d)", st->attempt);
	if (st->lost_errno)
		buf_addf(s->out, " (output lost: %s)",
			 strerror(st->lost_errno));
	buf_addch(s->out, '\n');
	if (s->v->o->capture)
		print_output(s, st);
	s->flush(s->arg);
}

static char *fixture_title(struct sink *s, const struct run_record *st)
{
	return xasprintf("ERROR at %s: %s", fixture_names[st->fixture],
			 s->v->fixtures[st->fixture]);
}

static void print_sections(struct sink *s, enum outcome which,
			   enum outcome also, const char *title)
{
	size_t i;
	int any = 0;

	if (which == OUTCOME_ERROR && s->v->tally->nfxerr) {
		report_sep(s->out, s->rep->width, '=', title);
		any = 1;
		for (i = 0; i < s->v->tally->nfxerr; i++) {
			char *t = fixture_title(s, &s->v->tally->fxerr[i]);

			print_section(s, t, &s->v->tally->fxerr[i]);
			free(t);
		}
	}
	for (i = 0; i < s->v->tally->norder; i++) {
		const struct run_record *st =
			&s->v->tally->runs[s->v->tally->order[i]];

		if ((st->outcome != which && st->outcome != also) ||
		    st->no_section)
			continue;
		if (!any)
			report_sep(s->out, s->rep->width, '=', title);
		any = 1;
		print_section(s, runs_label(&s->v->runs, s->v->tally->order[i]),
			      st);
	}
}

static int by_duration(const void *a, const void *b, void *arg)
{
	const struct run_view *v = arg;
	long long da = v->tally->runs[*(const size_t *)a].duration_ns;
	long long db = v->tally->runs[*(const size_t *)b].duration_ns;

	return da < db ? 1 : da > db ? -1 : 0;
}

/* --durations=N: the slowest runs, pytest's "slowest N durations". */
static void print_durations(struct sink *s)
{
	size_t *v, n = 0, r, show;
	char title[64];

	if (s->v->o->durations < 0)
		return;
	v = xcalloc(s->v->runs.nruns ? s->v->runs.nruns : 1, sizeof(*v));
	for (r = 0; r < s->v->runs.nruns; r++)
		if (run_record_ran(&s->v->tally->runs[r]))
			v[n++] = r;
	qsort_r(v, n, sizeof(*v), by_duration, (void *)s->v);
	show = s->v->o->durations && (size_t)s->v->o->durations < n
		       ? (size_t)s->v->o->durations
		       : n;
	if (s->v->o->durations)
		snprintf(title, sizeof(title), "slowest %d durations",
			 s->v->o->durations);
	else
		snprintf(title, sizeof(title), "slowest durations");
	report_sep(s->out, s->rep->width, '=', title);
	for (r = 0; r < show; r++) {
		const struct run_record *st = &s->v->tally->runs[v[r]];

		buf_addf(s->out, "%.2fs ", (double)st->duration_ns / 1e9);
		if (st->worker >= 0 && !s->v->slots[st->worker].master)
			buf_addf(s->out, "[%s] ", s->v->slots[st->worker].name);
		buf_addf(s->out, "%s\n", runs_label(&s->v->runs, v[r]));
	}
	free(v);
	s->flush(s->arg);
}

/* One line of the short summary: "WORD what - reason". */
static void summary_line(struct sink *s, int *any, enum outcome o,
			 const char *what, const char *reason)
{
	if (!*any)
		report_sep(s->out, s->rep->width, '=',
			   "short test summary info");
	*any = 1;
	report_colored(s->rep, s->out, o, report_outcome_word(o));
	buf_addf(s->out, " %s", what);
	if (reason && *reason)
		buf_addf(s->out, " - %s", reason);
	buf_addch(s->out, '\n');
	s->flush(s->arg);
}

/*
 * --tap: run r's failed cases, "FAILED ID::12 - description" each, the
 * first TALLY_CASES_NAMED, then "FAILED ID::... and 999,980 more failed
 * cases" when it had more.
 */
static void summary_case_fails(struct sink *s, int *any, size_t r)
{
	const struct tally_case_fails *f = tally_case_fails_of(s->v->tally, r);
	const char *label = runs_label(&s->v->runs, r), *p;
	struct buf what = BUF_INIT;
	size_t i;

	if (!f)
		return;
	for (i = 0, p = f->names; i < f->nnamed; i++, p += strlen(p) + 1) {
		buf_reset(&what);
		buf_addf(&what, "%s::%s", label, p);
		summary_line(s, any, OUTCOME_FAILED, what.data, NULL);
	}
	if (f->nfailed > f->nnamed) {
		buf_reset(&what);
		buf_addf(&what, "%s::... and ", label);
		buf_add_thousands(&what, f->nfailed - f->nnamed);
		buf_addf(&what, " more failed case%s",
			 f->nfailed - f->nnamed == 1 ? "" : "s");
		summary_line(s, any, OUTCOME_FAILED, what.data, NULL);
	}
	buf_release(&what);
}

/* The runs whose outcome is o or also, in list order. */
static void summary_runs(struct sink *s, int *any, enum outcome o,
			 enum outcome also)
{
	size_t i;

	for (i = 0; i < s->v->runs.nruns; i++) {
		const struct run_record *st = &s->v->tally->runs[i];

		if (st->outcome != o && st->outcome != also)
			continue;
		summary_line(s, any, st->outcome, runs_label(&s->v->runs, i),
			     st->reason);
		/* Its failed TAP cases, however it ended. */
		if (st->outcome == OUTCOME_FAILED ||
		    st->outcome == OUTCOME_TIMEOUT ||
		    st->outcome == OUTCOME_ERROR ||
		    st->outcome == OUTCOME_INTERRUPTED)
			summary_case_fails(s, any, i);
	}
}

static int same_reason(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* -rs: skips folded as pytest folds them, "SKIPPED [2] ID: reason" for
   the runs of one test skipped for one reason. */
static void summary_skips(struct sink *s, int *any)
{
	const struct tally *t = s->v->tally;
	size_t n = s->v->runs.nruns, i, j;
	unsigned char *done;

	if (!t->counts[OUTCOME_SKIPPED])
		return;
	done = xcalloc(n ? n : 1, 1);
	for (i = 0; i < n; i++) {
		const struct test *ti = runs_test(&s->v->runs, i);
		size_t folded = 1;

		if (done[i] || t->runs[i].outcome != OUTCOME_SKIPPED)
			continue;
		for (j = i + 1; j < n; j++)
			if (!done[j] && t->runs[j].outcome == OUTCOME_SKIPPED &&
			    runs_test(&s->v->runs, j) == ti &&
			    same_reason(t->runs[i].reason, t->runs[j].reason)) {
				done[j] = 1;
				folded++;
			}
		if (!*any)
			report_sep(s->out, s->rep->width, '=',
				   "short test summary info");
		*any = 1;
		report_colored(s->rep, s->out, OUTCOME_SKIPPED, "SKIPPED");
		buf_addf(s->out, " [%zu] %s: %s\n", folded, ti->id,
			 t->runs[i].reason ? t->runs[i].reason : "");
		s->flush(s->arg);
	}
	free(done);
}

/* The short summary: a group of lines for each -r char, in its order. */
static void short_summary(struct sink *s, int *any)
{
	const char *r;
	size_t i;

	for (r = s->v->o->reportchars; *r; r++) {
		switch (*r) {
		case 'f':
			summary_runs(s, any, OUTCOME_FAILED, OUTCOME_TIMEOUT);
			summary_runs(s, any, OUTCOME_INTERRUPTED,
				     OUTCOME_INTERRUPTED);
			break;
		case 'E':
			for (i = 0; i < s->v->tally->nfxerr; i++) {
				char *t = fixture_title(s,
							&s->v->tally->fxerr[i]);

				/* "ERROR at setup: CMD" reads as the word
				   and the what. */
				summary_line(s, any, OUTCOME_ERROR, t + 6,
					     s->v->tally->fxerr[i].reason);
				free(t);
			}
			summary_runs(s, any, OUTCOME_ERROR, OUTCOME_ERROR);
			break;
		case 's':
			summary_skips(s, any);
			break;
		case 'x':
			summary_runs(s, any, OUTCOME_XFAILED, OUTCOME_XFAILED);
			break;
		case 'X':
			summary_runs(s, any, OUTCOME_XPASSED, OUTCOME_XPASSED);
			break;
		case 'p':
			summary_runs(s, any, OUTCOME_PASSED, OUTCOME_PASSED);
			break;
		default: /* P is its section, w has nothing to show */
			break;
		}
	}
	/* Like pytest's warnings, shown whatever -r says. */
	summary_runs(s, any, OUTCOME_FLAKY, OUTCOME_FLAKY);
}

/* -rP: pytest's PASSES, the output of every passing run that wrote any. */
static void print_passes(struct sink *s)
{
	size_t i;
	int any = 0;

	if (!strchr(s->v->o->reportchars, 'P') || !s->v->o->capture)
		return;
	for (i = 0; i < s->v->runs.nruns; i++) {
		const struct run_record *st = &s->v->tally->runs[i];

		if ((st->outcome != OUTCOME_PASSED &&
		     st->outcome != OUTCOME_FLAKY) ||
		    !st->out_len)
			continue;
		if (!any)
			report_sep(s->out, s->rep->width, '=', "PASSES");
		any = 1;
		report_sep(s->out, s->rep->width, '_',
			   runs_label(&s->v->runs, i));
		print_output(s, st);
	}
}

/* "workers busy 93% of 4:12; longest test 1:41 (t1092) started at 0:02":
   would more workers have helped? */
static void efficiency(struct sink *s)
{
	const struct run_view *v = s->v;
	struct timeline_stats st;

	if (!v->timeline || s->rep->verbosity < 0)
		return;
	timeline_stats(v->timeline, xio_now_ns() - v->start_ns, &st);
	timeline_efficiency(s->out, &st,
			    st.longest_run != RUN_NONE
				    ? runs_label(&v->runs, st.longest_run)
				    : "");
	buf_addch(s->out, '\n');
	s->flush(s->arg);
}

int summary_print(const struct run_view *v, struct report *rep, struct buf *out,
		  view_flush_fn *flush, void *arg, struct buf *warn)
{
	struct sink to = {v, rep, out, flush, arg};
	struct sink *s = &to;
	double secs = (double)(xio_now_ns() - v->start_ns) / 1e9;
	size_t i;
	int any = 0;

	report_break_line(s->rep, s->out);
	if (s->rep->verbosity >= -1) {
		print_sections(s, OUTCOME_ERROR, OUTCOME_ERROR, "ERRORS");
		print_sections(s, OUTCOME_FAILED, OUTCOME_TIMEOUT, "FAILURES");
		print_passes(s);
	}
	print_durations(s);
	short_summary(s, &any);
	for (i = 0; i < s->v->runs.nruns && s->v->o->leak == LEAK_WARN; i++) {
		const struct run_record *st = &s->v->tally->runs[i];
		char why[96];

		if (!st->leaked || st->outcome == OUTCOME_FAILED)
			continue;
		snprintf(why, sizeof(why), "left %u process%s behind (killed)",
			 st->leaked, st->leaked == 1 ? "" : "es");
		if (!any)
			report_sep(s->out, s->rep->width, '=',
				   "short test summary info");
		any = 1;
		report_colored(s->rep, s->out, OUTCOME_SKIPPED, "LEAK");
		buf_addf(s->out, " %s - %s\n", runs_label(&s->v->runs, i), why);
	}
	/* A host that went away is said once more, where it is read. */
	for (i = 0; s->v->slots && i < (size_t)s->v->nslots; i++) {
		const struct run_view_slot *sl = &s->v->slots[i];

		if (!sl->lost)
			continue;
		if (!any)
			report_sep(s->out, s->rep->width, '=',
				   "short test summary info");
		any = 1;
		report_colored(s->rep, s->out, OUTCOME_ERROR, "LOST");
		buf_addf(s->out, " [%s] %s - %s\n", sl->name, sl->host,
			 sl->lost);
	}
	efficiency(s);
	if (s->v->stopped_maxfail)
		report_sep(s->out, s->rep->width, '!',
			   s->v->o->maxfail == 1
				   ? "stopping after 1 failure"
				   : "stopping after the --maxfail limit");
	if (s->v->stopped_stepwise)
		report_sep(s->out, s->rep->width, '!',
			   "Interrupted: Test failed, continuing from this "
			   "test next run.");
	report_final(s->rep, s->out, secs);
	s->flush(s->arg);
	if (!v->tally->lost)
		return 0;
	buf_addf(warn,
		 "the output of %zu test%s could not be kept (%s): "
		 "this run's report is incomplete",
		 s->v->tally->lost, s->v->tally->lost == 1 ? "" : "s",
		 strerror(v->tally->lost_errno));
	return 1;
}
