#include "cases.h"

#include <string.h>

#include "dispatch.h"
#include "terminal.h"

void cases_drop(struct wslot *w)
{
	memset(w->cases, 0, sizeof(w->cases));
	buf_reset(&w->case_fails);
	w->ncase_fails = 0;
	w->case_run = RUN_NONE;
	w->case_attempt = 0;
}

void cases_take(struct ctl *c, struct wslot *w, const struct proto_msg *m)
{
	struct proto_case pc;
	struct tap_case tc;
	struct run_event ev;
	int attempt;

	if (proto_take_case(m, &pc, NULL) < 0 || !slot_running_test(w->state) ||
	    w->state == SLOT_HANDOVER || pc.seq != w->run ||
	    pc.status >= TAP_NSTATUS)
		return;
	attempt = c->tally.runs[w->run].attempt;
	if (w->case_run != w->run || w->case_attempt != attempt) {
		cases_drop(w);
		w->case_run = w->run;
		w->case_attempt = attempt;
	}
	memset(&tc, 0, sizeof(tc));
	tc.number = (unsigned long)pc.num;
	tc.status = (enum tap_status)pc.status;
	tc.desc = pc.desc.p ? pc.desc.p : "";
	tc.desc_len = pc.desc.len;
	tc.reason = pc.reason.p;
	tc.reason_len = pc.reason.len;
	tc.yaml = pc.yaml.p;
	tc.yaml_len = pc.yaml.len;
	w->cases[tc.status]++;
	/* The short summary names the first few (tally.h): a million
	   "not ok" lines cost as much as twenty. */
	if (tc.status == TAP_FAILED && w->ncase_fails < TALLY_CASES_NAMED) {
		buf_addf(&w->case_fails, "%lu", tc.number);
		if (tc.desc_len)
			buf_addf(&w->case_fails, " - %.*s", (int)tc.desc_len,
				 tc.desc);
		buf_addch(&w->case_fails, '\0');
		w->ncase_fails++;
	}
	memset(&ev, 0, sizeof(ev));
	ev.kind = RUN_EV_CASE;
	ev.run = w->run;
	ev.slot = w->index;
	ev.tcase = &tc;
	observers_emit(&c->observers, term_view(c), &ev);
}

void cases_finish(struct ctl *c, struct wslot *w, size_t r)
{
	if (w->case_run == r && w->case_attempt == c->tally.runs[r].attempt)
		tally_cases(&c->tally, r, w->cases, w->case_fails.data,
			    w->ncase_fails);
	cases_drop(w);
}
