/*
 * Unit tests for launcher/core/tally.[ch]: the one writer of outcome
 * counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "tally.h"

static void tally_init__every_run__is_attempt_1_on_no_worker(void **state)
{
	struct tally t;

	(void)state;
	tally_init(&t, 3, 7);
	assert_int_equal(t.total, 3);
	assert_int_equal(t.deselected, 7);
	assert_int_equal(t.runs[2].attempt, 1);
	assert_int_equal(t.runs[2].worker, -1);
	assert_int_equal(t.runs[2].outcome, OUTCOME_NONE);
	assert_int_equal(t.done + t.finished + t.failures, 0);
	tally_release(&t);
}

static void tally_finish__each_outcome__counted_once(void **state)
{
	struct tally t;

	(void)state;
	tally_init(&t, 5, 0);
	tally_finish(&t, 0, OUTCOME_PASSED, 1);
	tally_finish(&t, 1, OUTCOME_SKIPPED, 0);
	tally_finish(&t, 2, OUTCOME_FLAKY, 0);
	tally_finish(&t, 3, OUTCOME_INTERRUPTED, 1);
	tally_finish(&t, 4, OUTCOME_NOTRUN, -1);
	assert_int_equal(t.counts[OUTCOME_PASSED], 1);
	assert_int_equal(t.counts[OUTCOME_SKIPPED], 1);
	assert_int_equal(t.counts[OUTCOME_FLAKY], 1);
	assert_int_equal(t.counts[OUTCOME_INTERRUPTED], 1);
	assert_int_equal(t.counts[OUTCOME_NOTRUN], 1);
	assert_int_equal(t.finished, 5);
	/* Interrupted and not-run tests make no progress. */
	assert_int_equal(t.done, 3);
	assert_int_equal(t.failures, 0);
	assert_int_equal(t.norder, 0);
	assert_int_equal(t.runs[0].worker, 1);
	assert_int_equal(t.runs[4].worker, -1);
	tally_release(&t);
}

static void tally_finish__failures__kept_in_the_order_they_end(void **state)
{
	struct tally t;
	size_t i;

	(void)state;
	tally_init(&t, 200, 0);
	for (i = 200; i-- > 0;)
		tally_finish(&t, i,
			     i % 3 == 0	  ? OUTCOME_FAILED
			     : i % 3 == 1 ? OUTCOME_TIMEOUT
					  : OUTCOME_ERROR,
			     0);
	assert_int_equal(t.failures, 200);
	assert_int_equal(t.norder, 200);
	assert_int_equal(t.order[0], 199);
	assert_int_equal(t.order[199], 0);
	assert_int_equal(t.counts[OUTCOME_FAILED], 67);
	assert_int_equal(t.counts[OUTCOME_TIMEOUT], 67);
	assert_int_equal(t.counts[OUTCOME_ERROR], 66);
	tally_release(&t);
}

static void
tally_rerun__counts_the_rerun_and_moves_to_the_next_attempt(void **state)
{
	struct tally t;

	(void)state;
	tally_init(&t, 1, 0);
	t.runs[0].reason = xstrdup("exit status 1");
	tally_rerun(&t, 0);
	assert_int_equal(t.reruns, 1);
	assert_int_equal(t.runs[0].attempt, 2);
	assert_null(t.runs[0].reason);
	/* A rerun is neither done nor a failure until the run ends. */
	assert_int_equal(t.done, 0);
	assert_int_equal(t.failures, 0);
	tally_finish(&t, 0, OUTCOME_FLAKY, 0);
	assert_int_equal(t.counts[OUTCOME_FLAKY], 1);
	tally_release(&t);
}

static void tally_fixture_error__is_an_error_and_a_failure(void **state)
{
	struct tally t;
	struct run_record *st;

	(void)state;
	tally_init(&t, 1, 0);
	st = tally_fixture_error(&t, FX_WSETUP, 3);
	assert_int_equal(st->fixture, FX_WSETUP);
	assert_int_equal(st->worker, 3);
	assert_int_equal(st->outcome, OUTCOME_ERROR);
	st->reason = xstrdup("exit status 2");
	tally_fixture_error(&t, FX_TEARDOWN, 0);
	assert_int_equal(t.nfxerr, 2);
	assert_int_equal(t.counts[OUTCOME_ERROR], 2);
	assert_int_equal(t.failures, 2);
	/* Fixtures are not runs: no progress, no failure order. */
	assert_int_equal(t.done, 0);
	assert_int_equal(t.norder, 0);
	assert_string_equal(fixture_names[t.fxerr[1].fixture], "teardown");
	tally_release(&t);
}

static void tally_output_lost__counted_once_per_record(void **state)
{
	struct tally t;

	(void)state;
	tally_init(&t, 2, 0);
	tally_output_lost(&t, &t.runs[0], 28);
	tally_output_lost(&t, &t.runs[0], 5);
	tally_output_lost(&t, &t.runs[1], 5);
	assert_int_equal(t.lost, 2);
	assert_int_equal(t.lost_errno, 28);
	assert_int_equal(t.runs[0].lost_errno, 28);
	assert_int_equal(t.runs[1].lost_errno, 5);
	tally_release(&t);
}

static void outcome_is_failure__failed_error_timeout_only(void **state)
{
	int o, n = 0;

	(void)state;
	for (o = OUTCOME_NONE; o < OUTCOME_MAX; o++)
		n += outcome_is_failure((enum outcome)o);
	assert_int_equal(n, 3);
	assert_true(outcome_is_failure(OUTCOME_FAILED));
	assert_true(outcome_is_failure(OUTCOME_ERROR));
	assert_true(outcome_is_failure(OUTCOME_TIMEOUT));
}

static void outcome_xfail__as_pytest_reads_an_expected_failure(void **state)
{
	(void)state;
	assert_int_equal(outcome_xfail(OUTCOME_FAILED, 0), OUTCOME_XFAILED);
	assert_int_equal(outcome_xfail(OUTCOME_FAILED, 1), OUTCOME_XFAILED);
	assert_int_equal(outcome_xfail(OUTCOME_PASSED, 0), OUTCOME_XPASSED);
	assert_int_equal(outcome_xfail(OUTCOME_PASSED, 1), OUTCOME_FAILED);
	/* Nothing else is what xfail is about. */
	assert_int_equal(outcome_xfail(OUTCOME_TIMEOUT, 0), OUTCOME_TIMEOUT);
	assert_int_equal(outcome_xfail(OUTCOME_ERROR, 0), OUTCOME_ERROR);
	assert_int_equal(outcome_xfail(OUTCOME_SKIPPED, 1), OUTCOME_SKIPPED);
	assert_int_equal(outcome_xfail(OUTCOME_INTERRUPTED, 1),
			 OUTCOME_INTERRUPTED);
	assert_false(outcome_is_failure(OUTCOME_XFAILED));
	assert_false(outcome_is_failure(OUTCOME_XPASSED));
}

static void tally_cases__adds_counts_and_keeps_failed_names(void **state)
{
	struct tally t;
	const struct tally_case_fails *f;
	unsigned long long a[TAP_NSTATUS] = {3, 2, 1, 0, 0};
	unsigned long long b[TAP_NSTATUS] = {1, 0, 0, 1, 1};
	static const char fails[] = "2 - init with template\0"
				    "5\0";

	(void)state;
	tally_init(&t, 2, 0);
	tally_cases(&t, 1, a, fails, 2);
	tally_cases(&t, 0, b, NULL, 0);
	assert_int_equal(t.ncases, 9);
	assert_int_equal(t.cases[TAP_PASSED], 4);
	assert_int_equal(t.cases[TAP_FAILED], 2);
	assert_int_equal(t.cases[TAP_BONUS], 1);
	assert_int_equal(t.ncase_fails, 1);
	assert_null(tally_case_fails_of(&t, 0));
	f = tally_case_fails_of(&t, 1);
	assert_non_null(f);
	assert_int_equal(f->run, 1);
	assert_int_equal(f->nnamed, 2);
	assert_int_equal(f->nfailed, 2);
	assert_string_equal(f->names, "2 - init with template");
	assert_string_equal(f->names + strlen(f->names) + 1, "5");
	tally_release(&t);
}

/* A million "not ok" lines: the first TALLY_CASES_NAMED are named, the
   rest counted. */
static void tally_cases__names_the_first_few_and_counts_the_rest(void **state)
{
	struct tally t;
	unsigned long long a[TAP_NSTATUS] = {0, 1000000, 0, 0, 0};
	struct buf fails = BUF_INIT;
	const struct tally_case_fails *f;
	const char *p;
	size_t i;

	(void)state;
	for (i = 1; i <= TALLY_CASES_NAMED + 5; i++) {
		buf_addf(&fails, "%zu - case", i);
		buf_addch(&fails, '\0');
	}
	tally_init(&t, 1, 0);
	tally_cases(&t, 0, a, fails.data, TALLY_CASES_NAMED + 5);
	f = tally_case_fails_of(&t, 0);
	assert_non_null(f);
	assert_int_equal(f->nnamed, TALLY_CASES_NAMED);
	assert_int_equal(f->nfailed, 1000000);
	for (i = 1, p = f->names; i < TALLY_CASES_NAMED; i++)
		p += strlen(p) + 1;
	assert_string_equal(p, "20 - case");
	assert_int_equal(t.cases[TAP_FAILED], 1000000);
	/* Told again (it adds up), the names stay capped. */
	tally_cases(&t, 0, a, fails.data, 3);
	assert_int_equal(f->nnamed, TALLY_CASES_NAMED);
	assert_int_equal(f->nfailed, 2000000);
	buf_release(&fails);
	tally_release(&t);
}

/* Runs told out of order are found by index. */
static void
tally_case_fails_of__finds_each_run_whatever_order_told(void **state)
{
	static const size_t order[] = {5, 1, 9, 0, 7, 3};
	unsigned long long a[TAP_NSTATUS] = {0, 1, 0, 0, 0};
	struct tally t;
	char name[16];
	size_t i;

	(void)state;
	tally_init(&t, 10, 0);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		snprintf(name, sizeof(name), "%zu", order[i]);
		tally_cases(&t, order[i], a, name, 1);
	}
	for (i = 0; i < 10; i++) {
		const struct tally_case_fails *f = tally_case_fails_of(&t, i);

		if (i == 2 || i == 4 || i == 6 || i == 8) {
			assert_null(f);
			continue;
		}
		assert_non_null(f);
		snprintf(name, sizeof(name), "%zu", i);
		assert_string_equal(f->names, name);
	}
	for (i = 1; i < t.ncase_fails; i++)
		assert_true(t.case_fails[i - 1].run < t.case_fails[i].run);
	tally_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			tally_init__every_run__is_attempt_1_on_no_worker),
		cmocka_unit_test(tally_finish__each_outcome__counted_once),
		cmocka_unit_test(
			tally_finish__failures__kept_in_the_order_they_end),
		cmocka_unit_test(
			tally_rerun__counts_the_rerun_and_moves_to_the_next_attempt),
		cmocka_unit_test(
			tally_fixture_error__is_an_error_and_a_failure),
		cmocka_unit_test(tally_output_lost__counted_once_per_record),
		cmocka_unit_test(outcome_is_failure__failed_error_timeout_only),
		cmocka_unit_test(
			outcome_xfail__as_pytest_reads_an_expected_failure),
		cmocka_unit_test(
			tally_cases__adds_counts_and_keeps_failed_names),
		cmocka_unit_test(
			tally_cases__names_the_first_few_and_counts_the_rest),
		cmocka_unit_test(
			tally_case_fails_of__finds_each_run_whatever_order_told),
	};

	return cmocka_run_group_tests_name("tally", tests, NULL, NULL);
}
