#include "live.h"

#include <stdlib.h>
#include <string.h>

#include "textsafe.h"

#define CSI "\033["
#define RED CSI "31m"
#define GREEN CSI "32m"
#define YELLOW CSI "33m"
#define DIM CSI "2m"
#define RESET CSI "0m"

#define BAR_MIN 10 /* a narrower bar says nothing: drop it */
#define BAR_MAX 40
#define LABEL_MIN 8 /* below this, a label's running time goes first */
#define NAME_MAX_PAD 16
#define DEFAULT_HEIGHT 24

void live_init(struct live *l, int width, int height, int color)
{
	memset(l, 0, sizeof(*l));
	l->width = width > 0 ? width : 0;
	l->height = height;
	l->color = color;
	buf_init(&l->frame);
}

void live_release(struct live *l)
{
	buf_release(&l->frame);
	free(l->cols);
	l->cols = NULL;
	l->ncols = 0;
	l->lines_drawn = 0;
}

/*
 * The character at s: its length in bytes, and whether it may go to the
 * terminal as is.  A control byte, a C1 control, or a byte that does not
 * start a well-formed UTF-8 sequence is one byte that is not ok (it is
 * shown as '?': an id must never move the cursor or start an escape).
 */
static size_t char_at(const unsigned char *s, size_t n, int *ok)
{
	uint32_t cp;
	size_t k = textsafe_utf8_next((const char *)s, n, &cp);

	if (cp == TEXTSAFE_BAD) {
		*ok = 0;
		return 1;
	}
	*ok = cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f);
	return k;
}

/* Bytes of the longest prefix of s made of whole characters that fits in
   room bytes. */
static size_t fit(const char *s, size_t n, size_t room)
{
	size_t i = 0;

	while (i < n) {
		int ok;
		size_t k = char_at((const unsigned char *)s + i, n - i, &ok);

		if (i + k > room)
			break;
		i += k;
	}
	return i;
}

/* One line being built: its text is cut at max bytes; colour is free. */
struct line {
	struct buf *b;
	size_t max;   /* bytes of text allowed */
	size_t used;  /* bytes of text so far */
	size_t chars; /* characters so far */
	int color;
	int full; /* something did not fit: the rest is cut */
};

static void put(struct line *ln, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int ok;
		size_t k = char_at((const unsigned char *)s + i, n - i, &ok);

		if (ln->full || ln->used + k > ln->max) {
			ln->full = 1;
			return;
		}
		if (ok)
			buf_add(ln->b, s + i, k);
		else
			buf_addch(ln->b, '?');
		ln->used += k;
		ln->chars++;
		i += k;
	}
}

static void put_s(struct line *ln, const char *s)
{
	put(ln, s, strlen(s));
}

static void put_n(struct line *ln, char ch, size_t n)
{
	for (; n > 0; n--) {
		if (ln->full || ln->used >= ln->max) {
			ln->full = 1;
			return;
		}
		buf_addch(ln->b, ch);
		ln->used++;
		ln->chars++;
	}
}

static void paint(struct line *ln, const char *seq)
{
	if (ln->color)
		buf_adds(ln->b, seq);
}

void live_clock(struct buf *out, long long ns)
{
	long long s = ns > 0 ? ns / 1000000000 : 0;

	if (s >= 3600)
		buf_addf(out, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		buf_addf(out, "%lld:%02lld", s / 60, s % 60);
}

/* How long a test has run: "3.2s" (tenths, never rounded up), then
   "1:02" past a minute. */
static void running_time(struct buf *out, long long ns)
{
	if (ns < 0)
		ns = 0;
	if (ns < 60 * 1000000000LL)
		buf_addf(out, "%lld.%llds", ns / 1000000000,
			 ns / 100000000 % 10);
	else
		live_clock(out, ns);
}

/*
 * "[=====>     ] 42/120  2 failed  1 error  0:12 elapsed  ETA 0:17".  When
 * the width is short, "elapsed" goes first, then the ETA, then the bar;
 * what is left is cut.
 */
static void bar_line(struct line *ln, const struct live_view *v)
{
	struct buf count = BUF_INIT, fail = BUF_INIT, err = BUF_INIT;
	struct buf el = BUF_INIT, eta = BUF_INIT;
	int show_el = 1, show_eta = v->eta_ns >= 0;
	long inner;
	size_t len, fill, i;

	buf_addf(&count, "%zu/%zu", v->done, v->total);
	if (v->cases) {
		buf_adds(&count, " (");
		buf_add_thousands(&count, v->cases);
		buf_adds(&count, v->cases == 1 ? " case)" : " cases)");
	}
	if (v->failed)
		buf_addf(&fail, "%zu failed", v->failed);
	if (v->cases_failed) {
		buf_adds(&fail, fail.len ? ", " : "");
		buf_add_thousands(&fail, v->cases_failed);
		buf_adds(&fail, v->cases_failed == 1 ? " failed case"
						     : " failed cases");
	}
	if (v->errors)
		buf_addf(&err, "%zu error%s", v->errors,
			 v->errors == 1 ? "" : "s");
	live_clock(&el, v->elapsed_ns);
	buf_adds(&el, " elapsed");
	if (show_eta) {
		buf_adds(&eta, "ETA ");
		/* Rounded up: "0:00" only when nothing is left. */
		live_clock(&eta, v->eta_ns + 999999999);
	}
	for (;;) {
		len = count.len + (fail.len ? 2 + fail.len : 0) +
		      (err.len ? 2 + err.len : 0) + (show_el ? 2 + el.len : 0) +
		      (show_eta ? 2 + eta.len : 0);
		inner = (long)ln->max - 3 - (long)len;
		if (inner >= BAR_MIN)
			break;
		if (show_el)
			show_el = 0;
		else if (show_eta)
			show_eta = 0;
		else
			break;
	}
	if (inner >= BAR_MIN) {
		if (inner > BAR_MAX)
			inner = BAR_MAX;
		fill = v->total && v->done < v->total
			       ? v->done * (size_t)inner / v->total
			       : (size_t)inner;
		put_s(ln, "[");
		paint(ln, v->failed || v->errors ? RED : GREEN);
		put_n(ln, '=', fill);
		if (fill < (size_t)inner)
			put_s(ln, ">");
		paint(ln, RESET);
		for (i = fill + 1; i < (size_t)inner; i++)
			put_s(ln, " ");
		put_s(ln, "] ");
	}
	put(ln, count.data, count.len);
	if (fail.len) {
		put_s(ln, "  ");
		paint(ln, RED);
		put(ln, fail.data, fail.len);
		paint(ln, RESET);
	}
	if (err.len) {
		put_s(ln, "  ");
		paint(ln, RED);
		put(ln, err.data, err.len);
		paint(ln, RESET);
	}
	if (show_el) {
		put_s(ln, "  ");
		put(ln, el.data, el.len);
	}
	if (show_eta) {
		put_s(ln, "  ");
		put(ln, eta.data, eta.len);
	}
	buf_release(&count);
	buf_release(&fail);
	buf_release(&err);
	buf_release(&el);
	buf_release(&eta);
}

static int busy(const struct live_worker *w)
{
	return w->state == LIVE_TEST || w->state == LIVE_FIXTURE;
}

/* "gw0  ./t_login (3.2s)": a long label is cut, with "...", before its
   running time is; names are padded to namew. */
static void worker_line(struct line *ln, const struct live_worker *w,
			size_t namew)
{
	const char *name = w->name ? w->name : "";
	const char *label = w->label ? w->label : "";
	struct buf tail = BUF_INIT;
	size_t nl = strlen(name), ll = strlen(label), avail, room;

	put(ln, name, nl);
	put_n(ln, ' ', (nl < namew ? namew - nl : 0) + 2);
	switch (w->state) {
	case LIVE_TEST:
	case LIVE_FIXTURE:
		buf_adds(&tail, " (");
		running_time(&tail, w->running_ns);
		buf_adds(&tail, ")");
		avail = ln->max - ln->used;
		if (avail >= tail.len + LABEL_MIN || avail >= tail.len + ll)
			room = avail - tail.len;
		else
			room = avail;
		if (ll <= room) {
			put(ln, label, ll);
		} else if (room > 3) {
			put(ln, label, fit(label, ll, room - 3));
			put_s(ln, "...");
		} else {
			put(ln, label, ll);
		}
		if (room < avail) {
			paint(ln, DIM);
			put(ln, tail.data, tail.len);
			paint(ln, RESET);
		}
		break;
	case LIVE_IDLE:
		paint(ln, DIM);
		put_s(ln, "idle");
		paint(ln, RESET);
		break;
	case LIVE_STARTING:
		paint(ln, DIM);
		put_s(ln, "starting");
		paint(ln, RESET);
		break;
	case LIVE_DOWN:
		paint(ln, YELLOW);
		put_s(ln, "down");
		paint(ln, RESET);
		break;
	}
	buf_release(&tail);
}

/* "... and 3 more busy, 2 idle" for the workers that did not fit. */
static void more_line(struct line *ln, const struct live_view *v,
		      const char *shown)
{
	size_t hb = 0, hi = 0, h = 0, i;
	struct buf t = BUF_INIT;

	for (i = 0; i < v->nworkers; i++) {
		if (shown[i])
			continue;
		h++;
		if (busy(&v->workers[i]))
			hb++;
		else if (v->workers[i].state == LIVE_IDLE)
			hi++;
	}
	if (hb && hi)
		buf_addf(&t, "... and %zu more busy, %zu idle", hb, hi);
	else if (hb)
		buf_addf(&t, "... and %zu more busy", hb);
	else if (hi == h)
		buf_addf(&t, "... and %zu more idle", hi);
	else
		buf_addf(&t, "... and %zu more", h);
	paint(ln, DIM);
	put(ln, t.data, t.len);
	paint(ln, RESET);
	buf_release(&t);
}

/* A rendered area: lines separated by '\n', and each line's characters. */
struct frame {
	struct buf text;
	size_t *cols;
	size_t n;
};

static void end_line(struct frame *f, const struct line *ln)
{
	f->cols[f->n++] = ln->chars;
}

static void start_line(struct frame *f, struct line *ln, const struct live *l)
{
	if (f->n)
		buf_addch(&f->text, '\n');
	ln->b = &f->text;
	ln->max = (size_t)l->width - 1;
	ln->used = 0;
	ln->chars = 0;
	ln->color = l->color;
	ln->full = 0;
}

static void render(const struct live *l, const struct live_view *v,
		   struct frame *f)
{
	int height = l->height > 0 ? l->height : DEFAULT_HEIGHT;
	size_t maxw = height > 2 ? (size_t)height - 2 : 0;
	size_t slots, nshow = 0, namew = 0, i;
	char *shown = xcalloc(v->nworkers ? v->nworkers : 1, 1);
	struct line ln;
	int pass;

	if (v->note && maxw)
		maxw--;
	/* Which workers get a line: all when they fit, else the busy ones
	   first, then idle ones, in worker order, and a line for the rest. */
	slots = v->nworkers <= maxw ? v->nworkers : maxw ? maxw - 1 : 0;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < v->nworkers && nshow < slots; i++)
			if (!shown[i] && (pass || busy(&v->workers[i]))) {
				shown[i] = 1;
				nshow++;
			}
	for (i = 0; i < v->nworkers; i++) {
		size_t nl = v->workers[i].name ? strlen(v->workers[i].name) : 0;

		if (shown[i] && nl > namew)
			namew = nl;
	}
	if (namew > NAME_MAX_PAD)
		namew = NAME_MAX_PAD;

	buf_init(&f->text);
	f->n = 0;
	f->cols = xcalloc(nshow + 3, sizeof(*f->cols));
	start_line(f, &ln, l);
	bar_line(&ln, v);
	end_line(f, &ln);
	if (v->note && height > 2) {
		start_line(f, &ln, l);
		put_s(&ln, v->note);
		end_line(f, &ln);
	}
	for (i = 0; i < v->nworkers; i++) {
		if (!shown[i])
			continue;
		start_line(f, &ln, l);
		worker_line(&ln, &v->workers[i], namew);
		end_line(f, &ln);
	}
	if (nshow < v->nworkers && maxw) {
		start_line(f, &ln, l);
		more_line(&ln, v, shown);
		end_line(f, &ln);
	}
	free(shown);
}

/* From the cursor (end of the area's last row) to column 0 of its first. */
static void to_top(const struct live *l, struct buf *out)
{
	buf_addch(out, '\r');
	if (l->lines_drawn > 1)
		buf_addf(out, CSI "%zuA", l->lines_drawn - 1);
}

void live_clear(struct live *l, struct buf *out)
{
	if (!l->lines_drawn)
		return;
	to_top(l, out);
	buf_adds(out, CSI "J");
	l->lines_drawn = 0;
	l->ncols = 0;
	buf_reset(&l->frame);
}

void live_draw(struct live *l, struct buf *out, const struct live_view *v)
{
	struct frame f;
	const char *p, *end, *nl;
	size_t i;

	if (l->width <= 0)
		return;
	render(l, v, &f);
	if (l->lines_drawn && f.text.len == l->frame.len &&
	    !memcmp(f.text.data, l->frame.data, f.text.len)) {
		buf_release(&f.text);
		free(f.cols);
		return;
	}
	if (l->lines_drawn)
		to_top(l, out);
	p = f.text.data;
	end = p + f.text.len;
	for (i = 0; i < f.n; i++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		buf_add(out, p, (size_t)(nl - p));
		/* Over an old area, erase what the old line had past the
		   new one; after the last line, every old row below. */
		if (l->lines_drawn)
			buf_adds(out, i + 1 < f.n ? CSI "K" : CSI "J");
		if (i + 1 < f.n)
			buf_addch(out, '\n');
		p = nl < end ? nl + 1 : end;
	}
	l->lines_drawn = f.n;
	buf_release(&l->frame);
	l->frame = f.text;
	free(l->cols);
	l->cols = f.cols;
	l->ncols = f.n;
}

void live_resize(struct live *l, int width, int height)
{
	size_t rows = 0, i;

	if (width <= 0 || !l->width)
		return;
	if (l->lines_drawn && width != l->width) {
		for (i = 0; i < l->ncols; i++)
			rows += l->cols[i] ? (l->cols[i] + (size_t)width - 1) /
						     (size_t)width
					   : 1;
		l->lines_drawn = rows ? rows : l->lines_drawn;
		/* The rows on screen are not the frame any more. */
		buf_reset(&l->frame);
	}
	l->width = width;
	l->height = height;
}

void live_eta_init(struct live_eta *e)
{
	memset(e, 0, sizeof(*e));
}

void live_eta_add(struct live_eta *e, long long cached_ns)
{
	e->left++;
	if (cached_ns >= 0) {
		e->left_known++;
		e->left_known_ns += cached_ns;
		e->known++;
		e->known_ns += cached_ns;
	}
}

void live_eta_done(struct live_eta *e, long long cached_ns, long long took_ns)
{
	if (e->left)
		e->left--;
	if (cached_ns >= 0 && e->left_known) {
		e->left_known--;
		e->left_known_ns -= cached_ns;
	}
	if (took_ns >= 0) {
		e->ran++;
		e->ran_ns += took_ns;
	}
}

long long live_eta(const struct live_eta *e, const struct live_worker *w,
		   size_t nw, int nworkers)
{
	long long mean, work, longest = 0, eta, running_known_ns = 0;
	size_t unknown, running = 0, running_known = 0, busy_left = 0;
	size_t pending, div, i;

	if (!e->left)
		return 0;
	mean = e->known ? e->known_ns / (long long)e->known
	       : e->ran ? e->ran_ns / (long long)e->ran
			: -1;
	unknown = e->left - e->left_known;
	if (unknown && mean < 0)
		return -1;
	work = e->left_known_ns + (long long)unknown * (mean > 0 ? mean : 0);
	for (i = 0; i < nw; i++) {
		long long est, ran;

		if (w[i].state != LIVE_TEST)
			continue;
		running++;
		if (w[i].expect_ns >= 0) {
			est = w[i].expect_ns;
			running_known++;
			running_known_ns += est;
		} else {
			est = mean > 0 ? mean : 0;
		}
		ran = w[i].running_ns < est ? w[i].running_ns : est;
		if (ran > 0)
			work -= ran;
		if (est - ran > 0)
			busy_left++;
		if (est - ran > longest)
			longest = est - ran;
	}
	if (work < 0)
		work = 0;
	/* A test not started yet takes its whole duration from now on: the
	   mean of those is a floor (the longest is no shorter). */
	if (e->left_known > running_known &&
	    e->left_known_ns > running_known_ns) {
		long long m = (e->left_known_ns - running_known_ns) /
			      (long long)(e->left_known - running_known);

		if (m > longest)
			longest = m;
	}
	if (unknown > running - running_known && mean > longest)
		longest = mean;
	pending = e->left > running ? e->left - running : 0;
	div = nworkers > 0 ? (size_t)nworkers : 1;
	if (div > pending + busy_left)
		div = pending + busy_left;
	if (!div)
		div = 1;
	eta = work / (long long)div;
	return eta > longest ? eta : longest;
}
