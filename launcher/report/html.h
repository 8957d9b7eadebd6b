/*
 * html: --html=FILE, one self-contained HTML page about the run, written
 * at the end (no network, no external script or font: inline CSS, inline
 * SVG and a few lines of inline JavaScript that sort the table):
 *
 *   - the final line and the efficiency line (timeline.h);
 *   - the worker timeline as SVG: a row per worker slot, a bar per test
 *     attempt coloured by outcome (a <title> with its id, outcome and
 *     duration shows on hover), fixtures in blue, idle gaps as the row's
 *     background, worker crashes as a mark, and the critical tail (what
 *     ran after the first worker went idle for good) shaded;
 *   - the short test summary (failed, errors, flaky, interrupted);
 *   - a table of every run: id, worker, outcome, duration, attempt,
 *     sortable by a click on a column's head;
 *   - the captured output of failures, timeouts and errors.
 * Every id, reason and output byte is repaired (textsafe.h) and escaped.
 *
 * The file is replaced atomically at the end (outputs_replace), also
 * after an interrupt; a write error makes the run's exit status
 * EXIT_INTERNAL, as for --junitxml.
 */
#ifndef XDIST_HTML_H
#define XDIST_HTML_H

#include <stddef.h>

#include "buf.h"
#include "observer.h"
#include "timeline.h"
#include "view.h"

/* Append s[0..n) to out as HTML text: repaired, then & < > " ' escaped. */
void html_escape(struct buf *out, const char *s, size_t n);

/* The SVG's geometry, in its own units (it is scaled to the page). */
#define HTML_SVG_LEFT 64   /* the lane names' column */
#define HTML_SVG_PLOT 1000 /* the time axis */
#define HTML_SVG_TOP 22	   /* the axis labels */
#define HTML_SVG_LANE 20   /* one worker's row */
#define HTML_SVG_BAR 14	   /* a bar's height in it */

/*
 * Where a span from start to end goes on an axis of total ns drawn
 * plot units wide: *x (from the axis's origin) and *w, at least 0.5 so
 * that the shortest test still shows and can be hovered.
 */
void html_bar(long long start, long long end, long long total, double plot,
	      double *x, double *w);

/* A run's label, for the SVG's hover text. */
typedef const char *html_label_fn(void *arg, size_t run);

/*
 * The timeline as an <svg> element appended to out: lanes named by
 * names[0..nlanes), tl's kept spans, total_ns the time axis; label names
 * a test's run.  Pure.
 */
void html_svg(struct buf *out, const struct timeline *tl,
	      const char *const *names, int nlanes, long long total_ns,
	      html_label_fn *label, void *arg);

struct html {
	const char *path; /* not owned; NULL when off */
};

void html_init(struct html *h);

/* Check that path can be written (its missing parents created): 0, or -1
   with one line in err.  Nothing when path is NULL. */
int html_open(struct html *h, const char *path, struct buf *err);

/* The observer (observer.h; self: the struct html): on RUN_EV_END, writes
   the page; reads v->timeline, which must keep its spans. */
int html_event(void *self, const struct run_view *v,
	       const struct run_event *ev);

#endif
