/*
 * gtest_split: --split=gtest at the edge.  Each GoogleTest binary of the
 * list is asked once for its tests (PROGRAM --gtest_list_tests ARGS...),
 * and replaced in c->tests by one test per case (core/gtest_cases.h).  A
 * binary whose listing fails stays, to be reported as an error with what
 * it printed, and the run goes on.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "ctl.h"
#include "gtest_cases.h"
#include "oneshot.h"
#include "report.h"

/* A listing longer than this is not read further (nor believed). */
#define LISTING_MAX (64u << 20)

/*
 * Split one binary into out.  Returns how many cases it gave; a failed
 * listing adds the binary itself (TEST_GTEST_LISTING) and a note.
 */
static void split_one(struct ctl *c, const struct test *t, struct testlist *out,
		      size_t *disabled)
{
	long long timeout_ms = oneshot_listing_timeout_ms(c->o.timeout_ms);
	char **argv = test_argv(t), **largv = gtest_cases_list_argv(argv);
	struct buf listing = BUF_INIT, why = BUF_INIT;
	struct gtest_list list;
	int status = 0;

	const struct oneshot o = {
		.argv = largv,
		.merge_stderr = 1,
		.own_group = 1,
		.pdeathsig = SIGKILL,
		.timeout_ms = timeout_ms,
		.max_out = LISTING_MAX,
	};

	gtest_list_init(&list);
	if (oneshot_run(&o, &listing, NULL, &status, &why) == 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			report_reason(
				&why,
				WIFEXITED(status) ? KIND_EXITED : KIND_SIGNALED,
				WIFEXITED(status) ? WEXITSTATUS(status)
						  : WTERMSIG(status),
				WIFSIGNALED(status) && WCOREDUMP(status), NULL);
		} else if (!gtest_parse_list(listing.data ? listing.data : "",
					     listing.len, &list)) {
			buf_adds(&why, "none listed (not a GoogleTest "
				       "binary?)");
		}
	}
	if (why.len) {
		buf_addf(&c->notes,
			 "cannot list the tests of '%s' "
			 "(--gtest_list_tests): %s\n",
			 t->id, why.data);
		gtest_cases_listing_failed(out, t, argv);
	} else {
		gtest_cases_add(out, t, argv, &list,
				c->o.gtest_also_run_disabled, disabled);
	}
	gtest_list_release(&list);
	buf_release(&listing);
	buf_release(&why);
	free(largv);
	free(argv);
}

void gtest_split_expand(struct ctl *c)
{
	struct testlist out;
	size_t i, disabled = 0;

	for (i = 0; i < c->tests.n; i++)
		if (gtest_cases_wanted(&c->tests.v[i],
				       (enum split_mode)c->o.split))
			break;
	if (i == c->tests.n)
		return;
	testlist_init(&out);
	out.strict_marks = c->tests.strict_marks;
	for (i = 0; i < c->tests.n; i++) {
		struct test *t = &c->tests.v[i];

		/* A shell line is not one program and its arguments. */
		if (!gtest_cases_wanted(t, (enum split_mode)c->o.split) ||
		    t->shell) {
			if (t->shell)
				buf_addf(&c->notes,
					 "not split: '%s' runs under a shell\n",
					 t->id);
			*testlist_push(&out) = *t;
			continue;
		}
		split_one(c, t, &out, &disabled);
		test_release(t);
	}
	free(c->tests.v);
	c->tests = out;
	if (disabled)
		buf_addf(&c->notes,
			 "%zu disabled test%s not run; "
			 "--gtest-also-run-disabled runs them\n",
			 disabled, disabled == 1 ? "" : "s");
}
