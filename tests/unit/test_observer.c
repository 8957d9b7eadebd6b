/*
 * Unit tests for launcher/report/observer.[ch]: every observer hears every
 * event, in the order they were added; at the run's end each may change
 * the exit status, and the last word stands.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "exitcode.h"
#include "observer.h"

struct heard {
	char log[64];
	int status; /* returned at END */
};

static int hear(void *self, const struct run_view *v,
		const struct run_event *ev)
{
	struct heard *h = self;
	size_t n = strlen(h->log);

	(void)v;
	if (n + 2 < sizeof(h->log)) {
		h->log[n] = (char)('0' + ev->kind);
		h->log[n + 1] = '\0';
	}
	return ev->kind == RUN_EV_END ? h->status : 7; /* 7: ignored */
}

static void test_every_event_in_order(void **state)
{
	struct observers os;
	struct heard a = {"", 0}, b = {"", 0};
	const struct observer oa = {"a", hear, &a}, ob = {"b", hear, &b};
	struct run_view v;
	struct run_event ev;
	int k;

	(void)state;
	memset(&os, 0, sizeof(os));
	memset(&v, 0, sizeof(v));
	observers_add(&os, &oa);
	observers_add(&os, &ob);
	for (k = RUN_EV_START; k < RUN_EV_END; k++) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = (enum run_event_kind)k;
		/* What an observer returns for a run event is ignored. */
		assert_int_equal(observers_emit(&os, &v, &ev), 0);
	}
	assert_string_equal(a.log, "012345678");
	assert_string_equal(b.log, "012345678");
}

static void test_end_status(void **state)
{
	struct observers os;
	struct heard a = {"", 0}, b = {"", EXIT_INTERNAL};
	const struct observer oa = {"a", hear, &a}, ob = {"b", hear, &b};
	struct run_view v;
	struct run_event ev;

	(void)state;
	memset(&os, 0, sizeof(os));
	memset(&v, 0, sizeof(v));
	memset(&ev, 0, sizeof(ev));
	observers_add(&os, &oa);
	ev.kind = RUN_EV_END;
	ev.exit_status = EXIT_TESTS_FAILED;
	/* 0: the status stands. */
	assert_int_equal(observers_emit(&os, &v, &ev), EXIT_TESTS_FAILED);
	/* A report that could not be written turns it into an internal
	   error. */
	observers_add(&os, &ob);
	assert_int_equal(observers_emit(&os, &v, &ev), EXIT_INTERNAL);
	assert_int_equal(ev.exit_status, EXIT_INTERNAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_event_in_order),
		cmocka_unit_test(test_end_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
