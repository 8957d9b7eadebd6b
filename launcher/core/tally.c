#include "tally.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

const char *const fixture_names[FX_MAX] = {"setup", "teardown", "worker setup",
					   "worker teardown"};

int outcome_is_failure(enum outcome o)
{
	return o == OUTCOME_FAILED || o == OUTCOME_ERROR ||
	       o == OUTCOME_TIMEOUT;
}

enum outcome outcome_xfail(enum outcome o, int strict)
{
	if (o == OUTCOME_FAILED)
		return OUTCOME_XFAILED;
	if (o == OUTCOME_PASSED)
		return strict ? OUTCOME_FAILED : OUTCOME_XPASSED;
	return o;
}

int run_record_ran(const struct run_record *st)
{
	return st->kind == RUN_KIND_EXITED || st->kind == RUN_KIND_SIGNALED;
}

void tally_init(struct tally *t, size_t nruns, size_t deselected)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->total = nruns;
	t->deselected = deselected;
	t->runs = xcalloc(nruns ? nruns : 1, sizeof(*t->runs));
	for (i = 0; i < nruns; i++) {
		t->runs[i].worker = -1;
		t->runs[i].attempt = 1;
	}
}

void tally_release(struct tally *t)
{
	size_t i;

	for (i = 0; t->runs && i < t->total; i++)
		free(t->runs[i].reason);
	free(t->runs);
	for (i = 0; i < t->nfxerr; i++)
		free(t->fxerr[i].reason);
	free(t->fxerr);
	free(t->order);
	for (i = 0; i < t->ncase_fails; i++)
		free(t->case_fails[i].names);
	free(t->case_fails);
	memset(t, 0, sizeof(*t));
}

void tally_rerun(struct tally *t, size_t r)
{
	struct run_record *st = &t->runs[r];

	if (r >= t->total || st->outcome != OUTCOME_NONE)
		BUG("tally_rerun: not a running run");
	t->reruns++;
	st->attempt++;
	free(st->reason);
	st->reason = NULL;
}

void tally_finish(struct tally *t, size_t r, enum outcome o, int worker)
{
	struct run_record *st = &t->runs[r];

	if (r >= t->total || o <= OUTCOME_NONE || o >= OUTCOME_MAX ||
	    st->outcome != OUTCOME_NONE)
		BUG("tally_finish: a run finishes once, with an outcome");
	st->outcome = o;
	if (worker >= 0)
		st->worker = worker;
	t->finished++;
	t->counts[o]++;
	if (o != OUTCOME_INTERRUPTED && o != OUTCOME_NOTRUN)
		t->done++;
	if (!outcome_is_failure(o))
		return;
	t->failures++;
	if (t->norder == t->order_cap) {
		t->order_cap = t->order_cap ? 2 * t->order_cap : 64;
		t->order = xrealloc(t->order, t->order_cap * sizeof(*t->order));
	}
	t->order[t->norder++] = r;
}

struct run_record *tally_fixture_error(struct tally *t, enum fixture k,
				       int worker)
{
	struct run_record *st;

	t->fxerr = xrealloc(t->fxerr, (t->nfxerr + 1) * sizeof(*t->fxerr));
	st = &t->fxerr[t->nfxerr++];
	memset(st, 0, sizeof(*st));
	st->fixture = (signed char)k;
	st->worker = worker;
	st->outcome = OUTCOME_ERROR;
	/* pytest counts an error at setup or teardown like a test's. */
	t->counts[OUTCOME_ERROR]++;
	t->failures++;
	return st;
}

void tally_output_lost(struct tally *t, struct run_record *st, int err)
{
	if (st->lost_errno)
		return;
	st->lost_errno = err;
	if (!t->lost++)
		t->lost_errno = err;
}

/* Where run r's failed cases are in t->case_fails, or would go. */
static size_t case_fails_at(const struct tally *t, size_t r)
{
	size_t lo = 0, hi = t->ncase_fails;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->case_fails[mid].run < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct tally_case_fails *tally_case_fails_of(const struct tally *t,
						   size_t r)
{
	size_t at = case_fails_at(t, r);

	return at < t->ncase_fails && t->case_fails[at].run == r
		       ? &t->case_fails[at]
		       : NULL;
}

/* Run r's entry in t->case_fails, made (by run index) if need be. */
static struct tally_case_fails *case_fails_entry(struct tally *t, size_t r)
{
	size_t at = case_fails_at(t, r);
	struct tally_case_fails *f;

	if (at < t->ncase_fails && t->case_fails[at].run == r)
		return &t->case_fails[at];
	if (t->ncase_fails == t->case_fails_cap) {
		t->case_fails_cap =
			t->case_fails_cap ? 2 * t->case_fails_cap : 16;
		t->case_fails =
			xrealloc(t->case_fails,
				 t->case_fails_cap * sizeof(*t->case_fails));
	}
	/* Runs mostly end in index order: this moves few, if any. */
	memmove(&t->case_fails[at + 1], &t->case_fails[at],
		(t->ncase_fails - at) * sizeof(*t->case_fails));
	t->ncase_fails++;
	f = &t->case_fails[at];
	memset(f, 0, sizeof(*f));
	f->run = r;
	return f;
}

void tally_cases(struct tally *t, size_t r, const unsigned long long *counts,
		 const char *fails, size_t nfails)
{
	struct tally_case_fails *f;
	const char *p;
	size_t i, old = 0, add = 0, n = 0;

	for (i = 0; i < TAP_NSTATUS; i++) {
		t->cases[i] += counts[i];
		t->ncases += counts[i];
	}
	if (!nfails && !counts[TAP_FAILED])
		return;
	f = case_fails_entry(t, r);
	for (i = 0, p = f->names; i < f->nnamed; i++)
		p += strlen(p) + 1;
	old = f->names ? (size_t)(p - f->names) : 0;
	for (p = fails; n < nfails && f->nnamed + n < TALLY_CASES_NAMED; n++)
		p += strlen(p) + 1;
	add = n ? (size_t)(p - fails) : 0;
	if (add) {
		f->names = xrealloc(f->names, old + add);
		memcpy(f->names + old, fails, add);
		f->nnamed += n;
	}
	f->nfailed += counts[TAP_FAILED] > nfails ? counts[TAP_FAILED] : nfails;
}
