/*
 * terminal: what the controller shows while it runs (the report text, -s
 * echo, the status area, SLOW and SIGUSR1 lines, warnings) and the view
 * of the run the report files read.  Called by dispatch.c and
 * controller.c; calls neither.
 */
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcode.h"
#include "summary.h"
#include "xio.h"

/* The terminal on stdout as it is: columns and rows, 0 when unknown. */
void term_size(int *cols, int *rows)
{
	struct winsize ws;

	*cols = *rows = 0;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/*
 * The status area: on a terminal that can move the cursor, unless -qq.
 * Never in a pipe or a file, so logs get plain lines.
 */
int term_use_live(const struct options *o)
{
	const char *term = getenv("TERM");

	return isatty(1) && term && *term && strcmp(term, "dumb") != 0 &&
	       o->verbosity >= -1;
}

/* The status area's view of the run, drawn into b. */
static void live_show(struct ctl *c, struct buf *b)
{
	long long now = xio_now_ns();
	struct live_worker *lw = xcalloc((size_t)c->nslots, sizeof(*lw));
	char **fxlabel = xcalloc((size_t)c->nslots, sizeof(*fxlabel));
	struct buf note = BUF_INIT;
	struct timeline_stats st;
	struct live_view v;
	size_t n = 0;
	int i;

	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];
		struct live_worker *x = &lw[n];

		int k = ctl_fixture_of(c, w);

		/* The fixture slot shows only while it runs something. */
		if (i >= c->nworkers && !slot_busy(w->state))
			continue;
		n++;
		x->name = w->name;
		x->expect_ns = -1;
		if (slot_busy(w->state)) {
			x->running_ns = now - w->started_ns;
			if (k >= 0) {
				x->state = LIVE_FIXTURE;
				fxlabel[i] =
					xasprintf("%s: %s", fixture_names[k],
						  c->fx.v[c->fx_idx[k]].id);
				x->label = fxlabel[i];
			} else {
				x->state = LIVE_TEST;
				x->label = runs_label(&c->runs, w->run);
				x->expect_ns = c->expect_ns[runs_item(&c->runs,
								      w->run)];
			}
		} else if (w->state == SLOT_STARTING) {
			x->state = LIVE_STARTING;
		} else if (slot_alive(w->state)) {
			x->state = LIVE_IDLE;
		} else {
			x->state = LIVE_DOWN;
		}
	}
	memset(&v, 0, sizeof(v));
	v.done = c->tally.done;
	v.total = c->tally.total;
	v.failed = c->tally.counts[OUTCOME_FAILED] +
		   c->tally.counts[OUTCOME_TIMEOUT];
	v.errors = c->tally.counts[OUTCOME_ERROR];
	/* --tap: the cases of finished runs and of the running ones. */
	v.cases = c->tally.ncases;
	v.cases_failed = c->tally.cases[TAP_FAILED];
	for (i = 0; i < c->nslots; i++) {
		int s;

		for (s = 0; s < TAP_NSTATUS; s++)
			v.cases += c->w[i].cases[s];
		v.cases_failed += c->w[i].cases[TAP_FAILED];
	}
	v.elapsed_ns = now - c->start_ns;
	v.eta_ns = live_eta(&c->eta, lw, n, c->nworkers);
	v.workers = lw;
	v.nworkers = n;
	timeline_stats(&c->timeline, now - c->start_ns, &st);
	timeline_efficiency(&note, &st,
			    st.longest_run != RUN_NONE
				    ? runs_label(&c->runs, st.longest_run)
				    : "");
	v.note = note.data;
	live_draw(&c->live, b, &v);
	buf_release(&note);
	c->live_next = now + LIVE_INTERVAL_NS;
	for (i = 0; i < c->nslots; i++)
		free(fxlabel[i]);
	free(fxlabel);
	free(lw);
}

/*
 * After the event loop (c->out_sync > 0), stdout's queue is drained after
 * every flush, so the summary never piles up in memory.  The reader may
 * come back late (a pager scrolled to the end after lunch): it is waited
 * for as long as the blocking writes of old did, without limit, unless
 * --session-timeout gives the run a time budget: then one more such span.
 * A Ctrl-C, SIGTERM or SIGHUP arriving meanwhile ends the wait at once:
 * the rest of the report is dropped (the exit status stays the run's).
 * Before the loop's signalfd exists (--collect-only, no tests) signals
 * keep their default actions and end the wait by ending us.
 */
void term_drain(struct ctl *c)
{
	long long deadline = 0;
	struct signalfd_siginfo si;

	if (c->out_sync < 0)
		return;
	if (c->o.session_timeout_ms)
		deadline = xio_now_ns() + c->o.session_timeout_ms * 1000000;
	while (outq_drain(&c->stdout_q, deadline, c->loop.sigfd) < 0) {
		if (errno == ETIMEDOUT) {
			c->out_sync = -1;
			return;
		}
		if (errno != EINTR)
			return; /* a closed stdout: nothing to wait for */
		while (loop_signal(&c->loop, &si) == 1) {
			if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM ||
			    si.ssi_signo == SIGHUP) {
				c->out_sync = -1;
				return;
			}
			if (si.ssi_signo == SIGTSTP)
				kill(getpid(), SIGSTOP);
		}
	}
}

/* Queue text for stdout; it goes out as the reader takes it.  A closed
   stdout (| head) must not stop the run: its error is only remembered. */
static void out_write(struct ctl *c, const struct buf *b)
{
	if (c->out_sync >= 0 && b->len)
		outq_write(&c->stdout_q, b->data, b->len);
}

/*
 * Write the report text.  With the status area up, the text goes where the
 * area was and the area is drawn again under it; without new text, the
 * area is redrawn at most every LIVE_INTERVAL_NS.  While the reader lags
 * behind (bytes pending), no redraw is queued: they would only pile up.
 */
void term_flush(struct ctl *c)
{
	struct buf b = BUF_INIT;
	int lagging = outq_pending(&c->stdout_q) > 0;

	if (!c->live_up && !c->live.lines_drawn) {
		out_write(c, &c->out);
		buf_reset(&c->out);
	} else {
		if (c->out.len) {
			live_clear(&c->live, &b);
			buf_add(&b, c->out.data, c->out.len);
			buf_reset(&c->out);
		}
		if (c->live_up && !lagging &&
		    (b.len || xio_now_ns() >= c->live_next))
			live_show(c, &b);
		out_write(c, &b);
		buf_release(&b);
	}
	if (c->out_sync > 0)
		term_drain(c);
}

/* Take the status area off the screen (before stderr, Ctrl-Z, the
   summary); the next term_flush draws it again if it is still up. */
void term_live_hide(struct ctl *c)
{
	struct buf b = BUF_INIT;

	live_clear(&c->live, &b);
	out_write(c, &b);
	buf_release(&b);
	c->live_next = 0;
}

/*
 * stderr stays blocking and unqueued.  The stdout text before a warning
 * is written first when the reader takes it now; when it lags, the
 * warning goes out ahead of it rather than wait for a pager that may
 * never scroll (stderr is most often the terminal, not that pager).
 */
void term_warn(struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	term_flush(c);
	term_live_hide(c);
	fputs("xdist-exec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int term_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("xdist-exec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see xdist-exec --help)\n", stderr);
	return EXIT_USAGE;
}

/* term_flush for the reports and the plan, which take a view_flush_fn. */
void term_flush_cb(void *arg)
{
	term_flush(arg);
}

/*
 * The run as the reports see it (view.h), refilled before each call into
 * them: the slots, the spool and the stop reason change as the run goes.
 */
const struct run_view *term_view(struct ctl *c)
{
	struct run_view *v = &c->view;
	int i, k;

	v->runs = c->runs;
	v->tally = &c->tally;
	v->o = &c->o;
	v->rep = &c->rep;
	v->uid = c->uid;
	v->workers = c->master ? 0 : c->nworkers;
	if (c->w && !c->view_slots)
		c->view_slots =
			xcalloc((size_t)c->nslots, sizeof(*c->view_slots));
	for (i = 0; c->w && i < c->nslots; i++) {
		c->view_slots[i].name = c->w[i].name;
		c->view_slots[i].master = c->w[i].master;
		c->view_slots[i].host =
			c->w[i].target ? c->w[i].target->spec->spec : "popen";
		c->view_slots[i].lost = c->w[i].lost;
	}
	v->slots = c->w ? c->view_slots : NULL;
	v->nslots = c->w ? c->nslots : 0;
	for (k = 0; k < FX_MAX; k++)
		v->fixtures[k] =
			c->fx_idx[k] >= 0 && (size_t)c->fx_idx[k] < c->fx.n
				? c->fx.v[c->fx_idx[k]].id
				: NULL;
	v->spool = c->spool;
	v->start_ns = c->start_ns;
	v->stopped_maxfail = c->stop == STOP_MAXFAIL;
	v->stopped_stepwise = c->stop == STOP_STEPWISE;
	v->cwd = c->cwd;
	v->rootdir = c->rootdir;
	v->timeline = &c->timeline;
	return v;
}

static void term_echo(struct ctl *c, struct wslot *w, const char *p, size_t n)
{
	const char *prefix = w->master ? "" : w->name;

	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) + 1 : n;

		buf_add(&w->live, p, take);
		p += take;
		n -= take;
		if (nl || w->live.len >= LIVE_LINE_MAX) {
			report_break_line(&c->rep, &c->out);
			if (*prefix)
				buf_addf(&c->out, "[%s] ", prefix);
			buf_add(&c->out, w->live.data, w->live.len);
			if (!nl)
				buf_addch(&c->out, '\n');
			buf_reset(&w->live);
		}
	}
}

static void term_echo_flush(struct ctl *c, struct wslot *w)
{
	if (w->live.len) {
		static const char nl = '\n';

		term_echo(c, w, &nl, 1);
	}
}

/*
 * report_test and report_rerun.  With the status area up and no -v, its
 * bar stands for the progress letters (they go nowhere), and a failure or
 * a rerun gets the line -v would print, above the area.
 */
static void term_result(struct ctl *c, enum outcome o, const char *worker,
			const char *id, long long duration_ns, int rerun)
{
	struct report v;

	if (!c->live_up || c->rep.verbosity > 0) {
		if (rerun)
			report_rerun(&c->rep, &c->out, worker, id, duration_ns);
		else
			report_test(&c->rep, &c->out, o, worker, id,
				    duration_ns);
		return;
	}
	if (rerun || o == OUTCOME_FAILED || o == OUTCOME_ERROR ||
	    o == OUTCOME_TIMEOUT) {
		v = c->rep;
		v.verbosity = 1;
		v.col = 0;
		if (rerun)
			report_rerun(&v, &c->out, worker, id, duration_ns);
		else
			report_test(&v, &c->out, o, worker, id, duration_ns);
	}
}

void term_line(struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	report_break_line(&c->rep, &c->out);
	va_start(ap, fmt);
	buf_vaddf(&c->out, fmt, ap);
	va_end(ap);
	buf_addch(&c->out, '\n');
}

/* The worker a result line names: none for the master. */
static const char *shown_worker(const struct run_view *v, int slot)
{
	return slot >= 0 && !v->slots[slot].master ? v->slots[slot].name : NULL;
}

int term_event(void *self, const struct run_view *v, const struct run_event *ev)
{
	struct ctl *c = self;
	struct wslot *w = ev->slot >= 0 ? &c->w[ev->slot] : NULL;
	const struct run_record *st =
		ev->run != RUN_NONE && ev->kind != RUN_EV_OUTPUT
			? &v->tally->runs[ev->run]
			: NULL;
	struct buf warn = BUF_INIT;

	switch (ev->kind) {
	case RUN_EV_OUTPUT:
		if (ev->len)
			term_echo(c, w, ev->data, ev->len);
		else
			term_echo_flush(c, w);
		break;
	case RUN_EV_TEST_RERUN:
		term_result(c, OUTCOME_FAILED, shown_worker(v, ev->slot),
			    runs_label(&v->runs, ev->run), st->duration_ns, 1);
		break;
	case RUN_EV_TEST_FINISH:
		live_eta_done(&c->eta,
			      c->expect_ns[runs_item(&v->runs, ev->run)],
			      w ? st->duration_ns : -1);
		term_result(c, ev->outcome, shown_worker(v, ev->slot),
			    runs_label(&v->runs, ev->run), st->duration_ns, 0);
		break;
	case RUN_EV_WORKER_DOWN:
		if (w->lost)
			term_line(c, "[%s] node down: lost %s: %s", w->name,
				  w->target->spec->spec, w->lost);
		else
			term_line(c, "[%s] node down: Not properly terminated",
				  w->name);
		break;
	case RUN_EV_WORKER_UP:
		term_line(c, "replacing crashed worker %s", w->name);
		break;
	case RUN_EV_END:
		/* With nothing to run, the final line is already out. */
		if (v->runs.nruns &&
		    summary_print(v, &c->rep, &c->out, term_flush_cb, c, &warn))
			term_warn(c, "%s", warn.data);
		buf_release(&warn);
		break;
	case RUN_EV_START:
	case RUN_EV_TEST_START:
	case RUN_EV_FIXTURE_START:
	case RUN_EV_FIXTURE_END:
	case RUN_EV_CASE:
		break;
	}
	return 0;
}

/* SIGUSR1: what each worker is doing, and for how long. */
void term_status(struct ctl *c)
{
	long long now = xio_now_ns();
	int i;

	report_break_line(&c->rep, &c->out);
	buf_addf(&c->out, "xdist-exec: %zu of %zu tests done after %.1fs\n",
		 c->tally.finished, c->nruns,
		 (double)(now - c->start_ns) / 1e9);
	for (i = 0; i < c->nslots; i++) {
		struct wslot *w = &c->w[i];

		buf_addf(&c->out, "  %-8s ", w->name);
		if (ctl_fixture_of(c, w) >= 0)
			buf_addf(&c->out, "running the %s for %.1fs\n",
				 fixture_names[ctl_fixture_of(c, w)],
				 (double)(now - w->started_ns) / 1e9);
		else if (w->state == SLOT_TEST)
			buf_addf(&c->out, "running %s for %.1fs\n",
				 runs_label(&c->runs, w->run),
				 (double)(now - w->started_ns) / 1e9);
		else if (!slot_alive(w->state))
			buf_addf(&c->out, "down\n");
		else if (w->state == SLOT_STARTING)
			buf_addf(&c->out, "starting\n");
		else
			buf_addf(&c->out, "idle\n");
	}
}

/* --slow: say which tests have run past the mark, each time they pass
   another multiple of it.  Returns the next mark, or 0. */
long long term_slow_marks(struct ctl *c)
{
	long long now = xio_now_ns(), next = 0;
	int i;

	for (i = 0; i < c->nworkers; i++) {
		struct wslot *w = &c->w[i];

		if (w->state != SLOT_TEST || !w->slow_at)
			continue;
		if (now >= w->slow_at) {
			report_break_line(&c->rep, &c->out);
			buf_addf(&c->out, "SLOW ");
			if (!w->master)
				buf_addf(&c->out, "[%s] ", w->name);
			buf_addf(&c->out, "%s (running for %.1fs)\n",
				 runs_label(&c->runs, w->run),
				 (double)(now - w->started_ns) / 1e9);
			while (w->slow_at <= now)
				w->slow_at += c->o.slow_ms * 1000000;
		}
		if (!next || w->slow_at < next)
			next = w->slow_at;
	}
	return next;
}

int term_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long v;

	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if (cols && options_parse_count(cols, 20, 10000, &v) == 0)
		return (int)v;
	return 80;
}

int term_use_color(const struct options *o)
{
	const char *nc = getenv("NO_COLOR"), *fc = getenv("FORCE_COLOR");
	const char *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_YES;
	if (nc && *nc)
		return 0;
	if (fc && *fc)
		return 1;
	return isatty(1) && !(term && !strcmp(term, "dumb"));
}
