/*
 * html: --html=FILE, the run as one self-contained page.  See html.h.
 */
#include "html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "jsonl.h"
#include "outputs.h"
#include "textsafe.h"
#include "xio.h"

/* Written out whenever the page under construction passes this. */
#define HTML_CHUNK 65536

#ifndef XDIST_VERSION
#define XDIST_VERSION "0.0.0"
#endif

void html_escape(struct buf *out, const char *s, size_t n)
{
	struct buf safe = BUF_INIT;
	const char *p;
	size_t i;

	if (!textsafe_clean(s, n, TEXTSAFE_XML)) {
		textsafe_repair(&safe, s, n, TEXTSAFE_XML);
		s = safe.data;
		n = safe.len;
	}
	for (i = 0, p = s; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_add(out, p, (size_t)(s + i - p));
		buf_adds(out, rep);
		p = s + i + 1;
	}
	buf_add(out, p, (size_t)(s + n - p));
	buf_release(&safe);
}

static void esc(struct buf *out, const char *s)
{
	html_escape(out, s ? s : "", s ? strlen(s) : 0);
}

void html_bar(long long start, long long end, long long total, double plot,
	      double *x, double *w)
{
	if (total <= 0)
		total = 1;
	if (start < 0)
		start = 0;
	if (end < start)
		end = start;
	*x = (double)start * plot / (double)total;
	*w = (double)(end - start) * plot / (double)total;
	if (*x > plot)
		*x = plot;
	if (*w < 0.5)
		*w = 0.5;
}

/* The CSS class of a span's bar: its outcome (a rerun attempt apart). */
static const char *bar_class(const struct timeline_span *s)
{
	if (s->kind == TL_FIXTURE)
		return s->outcome == OUTCOME_PASSED ? "fx" : "fx t-error";
	if (s->rerun)
		return "t-rerun";
	switch (s->outcome) {
	case OUTCOME_PASSED:
		return "t-passed";
	case OUTCOME_FAILED:
		return "t-failed";
	case OUTCOME_SKIPPED:
		return "t-skipped";
	case OUTCOME_ERROR:
		return "t-error";
	case OUTCOME_FLAKY:
		return "t-flaky";
	case OUTCOME_TIMEOUT:
		return "t-timeout";
	default:
		return "t-interrupted";
	}
}

static void seconds(struct buf *out, long long ns)
{
	buf_addf(out, "%.2fs", ns > 0 ? (double)ns / 1e9 : 0.0);
}

void html_svg(struct buf *out, const struct timeline *tl,
	      const char *const *names, int nlanes, long long total_ns,
	      html_label_fn *label, void *arg)
{
	int height = HTML_SVG_TOP + nlanes * HTML_SVG_LANE + 4;
	int width = HTML_SVG_LEFT + HTML_SVG_PLOT + 24, i;
	long long idle = timeline_idle_at(tl), step, t;
	double x, w, y;
	size_t k;

	if (total_ns <= 0)
		total_ns = 1;
	buf_addf(out,
		 "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" "
		 "width=\"100%%\" role=\"img\">\n",
		 width, height);
	buf_addf(out, "<title>worker timeline</title>\n");
	for (i = 0; i < nlanes; i++) {
		y = HTML_SVG_TOP + i * HTML_SVG_LANE;
		buf_addf(
			out,
			"<rect class=\"lane\" x=\"%d\" y=\"%.0f\" width=\"%d\" "
			"height=\"%d\"/><text class=\"name\" x=\"%d\" "
			"y=\"%.0f\">",
			HTML_SVG_LEFT, y, HTML_SVG_PLOT, HTML_SVG_LANE - 2,
			HTML_SVG_LEFT - 6, y + HTML_SVG_LANE / 2 + 3);
		esc(out, names[i]);
		buf_adds(out, "</text>\n");
	}
	step = timeline_tick(total_ns, 10);
	for (t = 0; t <= total_ns; t += step) {
		html_bar(t, t, total_ns, HTML_SVG_PLOT, &x, &w);
		buf_addf(out,
			 "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" "
			 "y1=\"%d\" "
			 "y2=\"%d\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\">",
			 HTML_SVG_LEFT + x, HTML_SVG_LEFT + x, HTML_SVG_TOP - 4,
			 height - 4, HTML_SVG_LEFT + x, HTML_SVG_TOP - 8);
		timeline_clock(out, t);
		buf_adds(out, "</text>\n");
	}
	if (idle >= 0 && idle < total_ns) {
		html_bar(idle, total_ns, total_ns, HTML_SVG_PLOT, &x, &w);
		buf_addf(out,
			 "<rect class=\"tail\" x=\"%.1f\" y=\"%d\" "
			 "width=\"%.1f\" height=\"%d\"><title>critical tail: "
			 "from ",
			 HTML_SVG_LEFT + x, HTML_SVG_TOP - 4, w,
			 nlanes * HTML_SVG_LANE + 4);
		timeline_clock(out, idle);
		buf_adds(out, ", when the first worker ran out of tests, to "
			      "the end</title></rect>\n");
	}
	for (k = 0; k < tl->nspans; k++) {
		const struct timeline_span *s = &tl->spans[k];

		if (s->slot >= nlanes)
			continue;
		y = HTML_SVG_TOP + s->slot * HTML_SVG_LANE;
		html_bar(s->start_ns, s->end_ns, total_ns, HTML_SVG_PLOT, &x,
			 &w);
		if (s->kind == TL_DOWN || s->kind == TL_UP) {
			buf_addf(
				out,
				"<path class=\"%s\" d=\"M%.1f %.0fv%d\"><title>"
				"%s at ",
				s->kind == TL_DOWN ? "down" : "up",
				HTML_SVG_LEFT + x, y - 1, HTML_SVG_LANE,
				s->kind == TL_DOWN ? "worker down"
						   : "worker replaced");
			timeline_clock(out, s->start_ns);
			buf_adds(out, "</title></path>\n");
			continue;
		}
		buf_addf(out,
			 "<rect class=\"bar %s%s\" x=\"%.1f\" y=\"%.0f\" "
			 "width=\"%.1f\" height=\"%d\"><title>",
			 bar_class(s),
			 idle >= 0 && s->kind == TL_TEST && s->end_ns > idle
				 ? " in-tail"
				 : "",
			 HTML_SVG_LEFT + x,
			 y + (HTML_SVG_LANE - 2 - HTML_SVG_BAR) / 2.0, w,
			 HTML_SVG_BAR);
		if (s->kind == TL_FIXTURE)
			buf_adds(out, fixture_names[s->fixture]);
		else
			esc(out, label(arg, s->run));
		buf_addf(out, " — %s",
			 s->rerun ? "rerun" : jsonl_outcome_name(s->outcome));
		buf_adds(out, " ");
		seconds(out, s->end_ns - s->start_ns);
		if (s->kind == TL_TEST && s->attempt > 1)
			buf_addf(out, " (attempt %d)", s->attempt);
		buf_adds(out, ", from ");
		timeline_clock(out, s->start_ns);
		buf_adds(out, "</title></rect>\n");
	}
	buf_adds(out, "</svg>\n");
}

/* ---- the page ---- */

static const char page_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width\">\n"
	"<title>xdist-exec report</title>\n"
	"<style>\n"
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.4em "
	"0 .4em}\n"
	".final{font-weight:bold;font-size:1.1em}.final.bad{color:#c22}"
	".final.good{color:#2a7d3a}.final.meh{color:#a67c00}\n"
	"svg.timeline{max-width:1400px;border:1px solid #ddd;background:#fff}\n"
	"svg .lane{fill:#eef0f3}svg text{font:11px sans-serif;fill:#444}\n"
	"svg text.name{text-anchor:end}svg text.tick{text-anchor:middle;"
	"fill:#777}\n"
	"svg line.tick{stroke:#d8dbe0;stroke-width:.5}\n"
	"svg .tail{fill:#ffb300;fill-opacity:.16}\n"
	"svg .bar{stroke:#fff;stroke-width:.4}\n"
	"svg .bar:hover{stroke:#000;stroke-width:1}\n"
	"svg .in-tail{stroke:#5c3d00;stroke-width:.7}\n"
	"svg .down{stroke:#c00;stroke-width:2}svg .up{stroke:#06c;"
	"stroke-width:2;stroke-dasharray:2 2}\n"
	".t-passed{fill:#3a9d4a;color:#2a7d3a}.t-failed{fill:#d9342b;"
	"color:#c22}\n"
	".t-timeout{fill:#7a1010;color:#7a1010}.t-error{fill:#e67e22;"
	"color:#c0600a}\n"
	".t-skipped{fill:#d4b106;color:#8a7300}.t-flaky{fill:#9b59b6;"
	"color:#7d3c98}\n"
	".t-interrupted,.t-notrun{fill:#999;color:#777}.t-rerun{fill:#f4a7a3;"
	"color:#c55}\n"
	".fx{fill:#4a7bd0}\n"
	".legend span{display:inline-block;margin-right:1em}"
	".legend i{display:inline-block;width:.9em;height:.9em;"
	"margin-right:.3em;vertical-align:-1px}\n"
	".legend i.t-passed{background:#3a9d4a}.legend i.t-failed"
	"{background:#d9342b}.legend i.t-rerun{background:#f4a7a3}"
	".legend i.fx{background:#4a7bd0}.legend i.tail{background:#ffe9b3}"
	".legend i.t-skipped{background:#d4b106}.legend i.t-timeout"
	"{background:#7a1010}.legend i.t-error{background:#e67e22}"
	".legend i.t-flaky{background:#9b59b6}\n"
	"table{border-collapse:collapse;font-size:13px}th,td{padding:2px 8px;"
	"border-bottom:1px solid #eee;text-align:left}\n"
	"th{cursor:pointer;background:#f4f5f7;position:sticky;top:0}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.6em;"
	"overflow:auto;max-height:30em;white-space:pre-wrap}\n"
	"ul.summary{padding-left:1.2em}\n"
	"</style></head><body>\n";

/* Sort the table by a click on a column's head (numbers by data-v). */
static const char page_tail[] =
	"<script>\n"
	"document.querySelectorAll('#tests th').forEach(function(th,i){"
	"th.onclick=function(){var b=th.closest('table').tBodies[0],"
	"d=th.dataset.d=th.dataset.d==='1'?'-1':'1',r=[].slice.call(b.rows);"
	"function k(x){var c=x.cells[i];return c.dataset.v!==undefined?"
	"+c.dataset.v:c.textContent}\n"
	"r.sort(function(p,q){var a=k(p),c=k(q);return (a<c?-1:a>c?1:0)*d});"
	"r.forEach(function(x){b.appendChild(x)})}});\n"
	"</script>\n"
	"</body></html>\n";

struct page {
	const struct run_view *v;
	int fd;
	struct buf b;
};

/* Write what is built when there is enough of it (all of it: force). */
static int drain(struct page *p, int force)
{
	int rc = 0;

	if (p->b.len && (force || p->b.len >= HTML_CHUNK))
		rc = xio_write_all(p->fd, p->b.data, p->b.len);
	if (force || p->b.len >= HTML_CHUNK)
		buf_reset(&p->b);
	return rc;
}

static const char *label_of(void *arg, size_t run)
{
	return runs_label(&((const struct run_view *)arg)->runs, run);
}

static const char *slot_name(const struct run_view *v, int slot)
{
	return slot >= 0 && v->slots && slot < v->nslots ? v->slots[slot].name
							 : "";
}

static void final_line(struct page *p, long long now)
{
	const struct tally *t = p->v->tally;
	struct report rep = *p->v->rep;
	struct timeline_stats s;
	const char *cls;

	rep.color = 0;
	if (t->counts[OUTCOME_FAILED] || t->counts[OUTCOME_ERROR] ||
	    t->counts[OUTCOME_TIMEOUT])
		cls = "bad";
	else if (!(t->counts[OUTCOME_PASSED] || t->counts[OUTCOME_FLAKY]) ||
		 t->counts[OUTCOME_INTERRUPTED] || t->counts[OUTCOME_NOTRUN])
		cls = "meh";
	else
		cls = "good";
	buf_addf(&p->b, "<p class=\"final %s\">", cls);
	{
		struct buf line = BUF_INIT;

		report_counts(&rep, &line, (double)now / 1e9);
		esc(&p->b, line.data);
		buf_release(&line);
	}
	buf_adds(&p->b, "</p>\n<p class=\"eff\">");
	timeline_stats(p->v->timeline, now, &s);
	{
		struct buf line = BUF_INIT;

		timeline_efficiency(
			&line, &s,
			s.longest_run != RUN_NONE
				? label_of((void *)p->v, s.longest_run)
				: "");
		esc(&p->b, line.data);
		buf_release(&line);
	}
	buf_addf(&p->b, "</p>\n<p>xdist-exec %s, %d worker%s, %zu run%s",
		 XDIST_VERSION, p->v->workers, p->v->workers == 1 ? "" : "s",
		 p->v->runs.nruns, p->v->runs.nruns == 1 ? "" : "s");
	if (p->v->uid[0]) {
		buf_adds(&p->b, ", testrunuid ");
		esc(&p->b, p->v->uid);
	}
	buf_adds(&p->b, "</p>\n");
}

static void timeline_part(struct page *p, long long now)
{
	const struct run_view *v = p->v;
	const struct timeline *tl = v->timeline;
	const char **names;
	long long total = now;
	int n = v->nslots, i;
	size_t k;

	for (k = 0; k < tl->nspans; k++)
		if (tl->spans[k].end_ns > total)
			total = tl->spans[k].end_ns;
	if (n > tl->nslots)
		n = tl->nslots;
	buf_adds(&p->b, "<h2>Timeline</h2>\n");
	if (n <= 0) {
		buf_adds(&p->b, "<p>Nothing ran.</p>\n");
		return;
	}
	names = xcalloc((size_t)n, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = slot_name(v, i);
	html_svg(&p->b, tl, names, n, total, label_of, (void *)v);
	free(names);
	buf_adds(&p->b,
		 "<p class=\"legend\"><span><i class=\"t-passed\"></i>passed"
		 "</span><span><i class=\"t-failed\"></i>failed</span><span>"
		 "<i class=\"t-timeout\"></i>timeout</span><span>"
		 "<i class=\"t-error\"></i>error</span><span>"
		 "<i class=\"t-skipped\"></i>skipped</span><span>"
		 "<i class=\"t-flaky\"></i>flaky</span><span>"
		 "<i class=\"t-rerun\"></i>attempt run again</span><span>"
		 "<i class=\"fx\"></i>fixture</span><span><i class=\"tail\">"
		 "</i>critical tail: what ran after the first worker had "
		 "nothing left to do</span></p>\n");
}

static void summary_part(struct page *p)
{
	const struct run_view *v = p->v;
	const struct tally *t = v->tally;
	size_t i;
	int any = 0;

	for (i = 0; i < t->nfxerr + v->runs.nruns; i++) {
		const struct run_record *st =
			i < t->nfxerr ? &t->fxerr[i] : &t->runs[i - t->nfxerr];
		enum outcome o = i < t->nfxerr ? OUTCOME_ERROR : st->outcome;

		if (!(outcome_is_failure(o) || o == OUTCOME_FLAKY ||
		      o == OUTCOME_INTERRUPTED))
			continue;
		if (!any)
			buf_adds(&p->b, "<h2>Short test summary</h2>\n"
					"<ul class=\"summary\">\n");
		any = 1;
		buf_addf(&p->b, "<li><b class=\"t-%s\">%s</b> ",
			 jsonl_outcome_name(o), report_outcome_word(o));
		if (i < t->nfxerr) {
			buf_addf(&p->b, "at %s: ", fixture_names[st->fixture]);
			esc(&p->b, v->fixtures[st->fixture]);
		} else {
			esc(&p->b, runs_label(&v->runs, i - t->nfxerr));
		}
		buf_adds(&p->b, " - ");
		esc(&p->b, st->reason);
		buf_adds(&p->b, "</li>\n");
		drain(p, 0);
	}
	if (any)
		buf_adds(&p->b, "</ul>\n");
}

static int table_part(struct page *p)
{
	const struct run_view *v = p->v;
	size_t r;

	buf_adds(&p->b, "<h2>Tests</h2>\n<table id=\"tests\"><thead><tr>"
			"<th>id</th><th>worker</th><th>outcome</th>"
			"<th>duration</th><th>attempt</th></tr></thead>"
			"<tbody>\n");
	for (r = 0; r < v->runs.nruns; r++) {
		const struct run_record *st = &v->tally->runs[r];
		const char *o = jsonl_outcome_name(st->outcome);

		buf_addf(&p->b, "<tr class=\"t-%s\"><td>", o);
		esc(&p->b, runs_label(&v->runs, r));
		buf_adds(&p->b, "</td><td>");
		esc(&p->b, slot_name(v, st->worker));
		buf_addf(&p->b,
			 "</td><td>%s</td><td class=\"n\" data-v=\"%.3f\">", o,
			 (double)st->duration_ns / 1e9);
		seconds(&p->b, st->duration_ns);
		buf_addf(&p->b,
			 "</td><td class=\"n\" data-v=\"%d\">%d</td></tr>\n",
			 st->attempt, st->attempt);
		if (drain(p, 0) < 0)
			return -1;
	}
	buf_adds(&p->b, "</tbody></table>\n");
	return 0;
}

/* One failure's section: its title, its reason, its output. */
static int output_section(struct page *p, const char *title,
			  const struct run_record *st)
{
	struct buf out = BUF_INIT;

	if (outputs_read_output(p->v, st, &out) < 0) {
		buf_release(&out);
		return -1;
	}
	buf_adds(&p->b, "<h3>");
	esc(&p->b, title);
	buf_adds(&p->b, "</h3>\n<p>");
	esc(&p->b, st->reason);
	buf_adds(&p->b, "</p>\n");
	if (out.len) {
		buf_adds(&p->b, "<pre>");
		html_escape(&p->b, out.data, out.len);
		buf_adds(&p->b, "</pre>\n");
	}
	buf_release(&out);
	return drain(p, 0);
}

static int failures_part(struct page *p)
{
	const struct run_view *v = p->v;
	const struct tally *t = v->tally;
	size_t i;
	int any = 0;

	for (i = 0; i < t->nfxerr + v->runs.nruns; i++) {
		const struct run_record *st =
			i < t->nfxerr ? &t->fxerr[i] : &t->runs[i - t->nfxerr];
		enum outcome o = i < t->nfxerr ? OUTCOME_ERROR : st->outcome;
		char *title;
		int rc;

		if (!outcome_is_failure(o))
			continue;
		if (!any)
			buf_adds(&p->b, "<h2>Failures and errors</h2>\n");
		any = 1;
		if (i < t->nfxerr)
			title = xasprintf("ERROR at %s: %s",
					  fixture_names[st->fixture],
					  v->fixtures[st->fixture]);
		else
			title = xasprintf("%s %s", report_outcome_word(o),
					  runs_label(&v->runs, i - t->nfxerr));
		rc = output_section(p, title, st);
		free(title);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int fill_page(void *ctx, int fd)
{
	struct page *p = ctx;
	long long now = xio_now_ns() - p->v->start_ns;
	int rc = -1;

	p->fd = fd;
	buf_adds(&p->b, page_head);
	buf_adds(&p->b, "<h1>xdist-exec report</h1>\n");
	final_line(p, now);
	timeline_part(p, now);
	summary_part(p);
	if (drain(p, 0) < 0 || table_part(p) < 0 || failures_part(p) < 0)
		goto out;
	buf_adds(&p->b, page_tail);
	rc = drain(p, 1);
out:
	buf_reset(&p->b);
	return rc;
}

void html_init(struct html *h)
{
	memset(h, 0, sizeof(*h));
}

int html_open(struct html *h, const char *path, struct buf *err)
{
	h->path = path;
	if (!path)
		return 0;
	if (outputs_make_parent(path, err) < 0 ||
	    outputs_check_writable(path, err) < 0)
		return -1;
	return 0;
}

int html_event(void *self, const struct run_view *v, const struct run_event *ev)
{
	struct html *h = self;
	struct page p;
	int rc, e;

	if (ev->kind != RUN_EV_END || !h->path)
		return 0;
	memset(&p, 0, sizeof(p));
	p.v = v;
	buf_init(&p.b);
	rc = outputs_replace(h->path, fill_page, &p);
	e = errno;
	buf_release(&p.b);
	if (rc == 0)
		return ev->exit_status;
	buf_addf(ev->err, "%scannot write '%s': %s", ev->err->len ? "; " : "",
		 h->path, strerror(e));
	return EXIT_INTERNAL;
}
