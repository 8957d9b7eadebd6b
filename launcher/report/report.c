#include "report.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proto.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

const char *report_outcome_word(enum outcome o)
{
	switch (o) {
	case OUTCOME_PASSED:
		return "PASSED";
	case OUTCOME_FAILED:
		return "FAILED";
	case OUTCOME_SKIPPED:
		return "SKIPPED";
	case OUTCOME_ERROR:
		return "ERROR";
	case OUTCOME_FLAKY:
		return "FLAKY";
	case OUTCOME_TIMEOUT:
		return "TIMEOUT";
	case OUTCOME_INTERRUPTED:
		return "INTERRUPTED";
	case OUTCOME_NOTRUN:
		return "NOTRUN";
	case OUTCOME_XFAILED:
		return "XFAIL";
	case OUTCOME_XPASSED:
		return "XPASS";
	default:
		return "PENDING";
	}
}

enum outcome report_classify(int kind, int code, int flags)
{
	if (flags & RESULT_TIMEOUT)
		return OUTCOME_TIMEOUT;
	if (flags & RESULT_TERMINATED)
		return OUTCOME_INTERRUPTED;
	switch (kind) {
	case KIND_EXITED:
		if (code == 0 &&
		    (flags & (RESULT_SKIP_ALL | RESULT_GTEST_SKIPPED)))
			return OUTCOME_SKIPPED;
		if (code == 0 && (flags & RESULT_TAP_FAILED))
			return OUTCOME_FAILED;
		if (code == 0)
			return OUTCOME_PASSED;
		if (code == 77)
			return OUTCOME_SKIPPED;
		if (code == 99)
			return OUTCOME_ERROR;
		return OUTCOME_FAILED;
	case KIND_SIGNALED:
		return OUTCOME_FAILED;
	default:
		return OUTCOME_ERROR;
	}
}

void report_reason(struct buf *out, int kind, int code, int core,
		   const char *stage)
{
	const char *abbrev;

	switch (kind) {
	case KIND_EXITED:
		buf_addf(out, "exit status %d", code);
		if (code == 99)
			buf_adds(out, " (hard error)");
		break;
	case KIND_SIGNALED:
		abbrev = sigabbrev_np(code);
		if (abbrev)
			buf_addf(out, "killed by signal SIG%s", abbrev);
		else
			buf_addf(out, "killed by signal %d", code);
		if (core)
			buf_adds(out, " (core dumped)");
		break;
	default:
		buf_addf(out, "cannot %s: %s",
			 stage && *stage ? stage : "execute", strerror(code));
		break;
	}
}

void report_init(struct report *r, int width, int color, int verbosity,
		 const struct tally *t)
{
	memset(r, 0, sizeof(*r));
	r->width = width < 20 ? 20 : width;
	r->color = color;
	r->verbosity = verbosity;
	r->tally = t;
}

static const char *outcome_color(enum outcome o)
{
	switch (o) {
	case OUTCOME_PASSED:
	case OUTCOME_FLAKY:
		return GREEN;
	case OUTCOME_FAILED:
	case OUTCOME_TIMEOUT:
	case OUTCOME_ERROR:
		return RED;
	default:
		return YELLOW;
	}
}

void report_colored(struct report *r, struct buf *out, enum outcome o,
		    const char *s)
{
	if (r->color)
		buf_addf(out, "%s%s%s", outcome_color(o), s, RESET);
	else
		buf_adds(out, s);
}

void report_header(struct report *r, struct buf *out, const char *version,
		   int workers)
{
	if (r->verbosity < 0)
		return;
	buf_addf(out, "xdist-exec %s -- ", version);
	if (workers == 0)
		buf_adds(out, "no workers");
	else
		buf_addf(out, "%d worker%s", workers, workers == 1 ? "" : "s");
	buf_addf(out, " [%zu test%s]\n", r->tally->total,
		 r->tally->total == 1 ? "" : "s");
}

static unsigned percent(const struct report *r)
{
	if (!r->tally->total)
		return 100;
	return (unsigned)(r->tally->done * 100 / r->tally->total);
}

static const char *letter(enum outcome o)
{
	switch (o) {
	case OUTCOME_PASSED:
	case OUTCOME_FLAKY:
		return ".";
	case OUTCOME_FAILED:
		return "F";
	case OUTCOME_TIMEOUT:
		return "T";
	case OUTCOME_SKIPPED:
		return "s";
	case OUTCOME_ERROR:
		return "E";
	case OUTCOME_XFAILED:
		return "x";
	case OUTCOME_XPASSED:
		return "X";
	default:
		return "";
	}
}

/* The -v line: "[gw1] [ 42%] WORD ./t_login (0.12s)". */
static void verbose_line(struct report *r, struct buf *out, enum outcome o,
			 const char *word, const char *worker, const char *id,
			 long long duration_ns)
{
	report_break_line(r, out);
	if (worker)
		buf_addf(out, "[%s] ", worker);
	buf_addf(out, "[%3u%%] ", percent(r));
	report_colored(r, out, o, word);
	buf_addf(out, " %s (%.2fs)\n", id, (double)duration_ns / 1e9);
}

void report_test(struct report *r, struct buf *out, enum outcome o,
		 const char *worker, const char *id, long long duration_ns)
{
	char pct[16];

	if (o <= OUTCOME_NONE || o >= OUTCOME_MAX)
		BUG("report_test: bad outcome");
	if (o == OUTCOME_INTERRUPTED || o == OUTCOME_NOTRUN)
		return;
	if (r->verbosity > 0) {
		verbose_line(r, out, o, report_outcome_word(o), worker, id,
			     duration_ns);
		return;
	}
	snprintf(pct, sizeof(pct), "[%3u%%]", percent(r));
	report_colored(r, out, o, letter(o));
	r->col++;
	/* pytest: the percentage goes at the right edge when the line is
	   full and after the last test. */
	if (r->tally->done == r->tally->total ||
	    r->col + 1 + strlen(pct) + 1 >= (size_t)r->width) {
		size_t pad = (size_t)r->width - 1 - r->col;

		if (pad < strlen(pct) + 1)
			pad = strlen(pct) + 1;
		buf_addf(out, "%*s\n", (int)pad, pct);
		r->col = 0;
	}
}

void report_rerun(struct report *r, struct buf *out, const char *worker,
		  const char *id, long long duration_ns)
{
	if (r->verbosity > 0) {
		verbose_line(r, out, OUTCOME_SKIPPED, "RERUN", worker, id,
			     duration_ns);
		return;
	}
	report_colored(r, out, OUTCOME_SKIPPED, "R");
	r->col++;
	if (r->col + 8 >= (size_t)r->width) {
		buf_addch(out, '\n');
		r->col = 0;
	}
}

void report_break_line(struct report *r, struct buf *out)
{
	if (r->col) {
		buf_addch(out, '\n');
		r->col = 0;
	}
}

void report_sep(struct buf *out, int width, char ch, const char *title)
{
	size_t tl = title && *title ? strlen(title) + 2 : 0;
	size_t n, i;

	if (!tl) {
		for (i = 0; i < (size_t)width; i++)
			buf_addch(out, ch);
		buf_addch(out, '\n');
		return;
	}
	n = (size_t)width > tl ? ((size_t)width - tl) / 2 : 1;
	if (n < 1)
		n = 1;
	for (i = 0; i < n; i++)
		buf_addch(out, ch);
	buf_addf(out, " %s ", title);
	for (i = 0; i < n; i++)
		buf_addch(out, ch);
	if (2 * n + tl + 1 <= (size_t)width)
		buf_addch(out, ch);
	buf_addch(out, '\n');
}

void report_duration(struct buf *out, double s)
{
	buf_addf(out, "%.2fs", s);
	if (s >= 60) {
		long t = (long)s;

		buf_addf(out, " (%ld:%02ld:%02ld)", t / 3600, t / 60 % 60,
			 t % 60);
	}
}

void report_cases(const struct tally *t, struct buf *out)
{
	static const enum tap_status order[] = {
		TAP_PASSED, TAP_FAILED, TAP_SKIPPED, TAP_TODO, TAP_BONUS};
	size_t i;

	if (!t->ncases)
		return;
	buf_add_thousands(out, t->ncases);
	buf_adds(out, t->ncases == 1 ? " case:" : " cases:");
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!t->cases[order[i]])
			continue;
		buf_adds(out, i && out->data[out->len - 1] != ':' ? ", " : " ");
		buf_add_thousands(out, t->cases[order[i]]);
		buf_addf(out, " %s", tap_status_name(order[i]));
	}
}

void report_counts(struct report *r, struct buf *out, double seconds)
{
	static const struct {
		enum outcome o;
		const char *one, *many;
	} order[] = {
		{OUTCOME_FAILED, "failed", "failed"},
		{OUTCOME_TIMEOUT, "timeout", "timeouts"},
		{OUTCOME_PASSED, "passed", "passed"},
		{OUTCOME_SKIPPED, "skipped", "skipped"},
		{OUTCOME_NONE, "deselected", "deselected"},
		{OUTCOME_XFAILED, "xfailed", "xfailed"},
		{OUTCOME_XPASSED, "xpassed", "xpassed"},
		{OUTCOME_FLAKY, "flaky", "flaky"},
		{OUTCOME_ERROR, "error", "errors"},
		{OUTCOME_MAX, "rerun", "rerun"},
		{OUTCOME_INTERRUPTED, "interrupted", "interrupted"},
		{OUTCOME_NOTRUN, "not run", "not run"},
	};
	size_t i;
	int any = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		/* NONE stands for deselected, MAX for reruns. */
		size_t c = order[i].o == OUTCOME_NONE ? r->tally->deselected
			   : order[i].o == OUTCOME_MAX
				   ? r->tally->reruns
				   : r->tally->counts[order[i].o];

		if (!c)
			continue;
		buf_addf(out, "%s%zu %s", any ? ", " : "", c,
			 c == 1 ? order[i].one : order[i].many);
		any = 1;
	}
	if (!any)
		buf_adds(out, "no tests ran");
	if (r->tally->ncases) {
		buf_adds(out, " (");
		report_cases(r->tally, out);
		buf_addch(out, ')');
	}
	buf_adds(out, " in ");
	report_duration(out, seconds);
}

void report_final(struct report *r, struct buf *out, double seconds)
{
	const size_t *n = r->tally->counts;
	struct buf line = BUF_INIT;
	const char *color;

	report_break_line(r, out);
	report_counts(r, &line, seconds);
	if (n[OUTCOME_FAILED] || n[OUTCOME_ERROR] || n[OUTCOME_TIMEOUT])
		color = RED;
	else if (!(n[OUTCOME_PASSED] || n[OUTCOME_FLAKY]) ||
		 n[OUTCOME_INTERRUPTED] || n[OUTCOME_NOTRUN] ||
		 n[OUTCOME_XPASSED])
		color = YELLOW;
	else
		color = GREEN;
	if (r->verbosity < 0) {
		buf_addf(out, "%s%s%s\n", r->color ? color : "", line.data,
			 r->color ? RESET : "");
	} else {
		struct buf sep = BUF_INIT;

		report_sep(&sep, r->width, '=', line.data);
		if (r->color)
			buf_addf(out, "%s%s%.*s%s\n", color, BOLD,
				 (int)(sep.len - 1), sep.data, RESET);
		else
			buf_add(out, sep.data, sep.len);
		buf_release(&sep);
	}
	buf_release(&line);
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int report_skip_reason(struct buf *out, const char *p, size_t n)
{
	static const char *const prefixes[] = {"skipped:", "skip:", NULL};
	size_t end = n, start, i;

	while (end && blank(p[end - 1]))
		end--;
	if (!end)
		return 0;
	for (start = end; start && p[start - 1] != '\n'; start--)
		;
	while (blank(p[start]))
		start++;
	for (i = 0; prefixes[i]; i++) {
		size_t k = strlen(prefixes[i]);

		if (end - start > k &&
		    !strncasecmp(p + start, prefixes[i], k)) {
			start += k;
			while (start < end && blank(p[start]))
				start++;
			break;
		}
	}
	if (end - start > REPORT_SKIP_REASON_MAX)
		end = start + REPORT_SKIP_REASON_MAX;
	buf_add(out, p + start, end - start);
	return 1;
}
