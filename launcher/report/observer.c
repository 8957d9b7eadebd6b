/*
 * observer: telling every report what happened.  See observer.h.
 */
#include "observer.h"

void observers_add(struct observers *os, const struct observer *o)
{
	if (os->n >= OBSERVERS_MAX)
		BUG("too many observers");
	os->v[os->n++] = *o;
}

int observers_emit(const struct observers *os, const struct run_view *v,
		   struct run_event *ev)
{
	int i, r;

	for (i = 0; i < os->n; i++) {
		r = os->v[i].event(os->v[i].self, v, ev);
		if (ev->kind == RUN_EV_END && r)
			ev->exit_status = r;
	}
	return ev->kind == RUN_EV_END ? ev->exit_status : 0;
}
