/*
 * Unit tests for launcher/core/runs.[ch]: which test and label a run is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "runs.h"

static char a[] = "a", b[] = "b", c[] = "c";
static struct test three[] = {
	{.id = a},
	{.id = b},
	{.id = c},
};
static const struct testlist list = {.v = three, .n = 3, .cap = 3};
/* c, then a: b was deselected. */
static const size_t sel[] = {2, 0};

static void runs_test__no_count__run_r_is_sel_r(void **state)
{
	struct runs m = {&list, sel, 2, 2, 1, NULL, 2};

	(void)state;
	assert_int_equal(runs_item(&m, 1), 1);
	assert_int_equal(runs_selected(&m, 1), 1);
	assert_string_equal(runs_test(&m, 0)->id, "c");
	assert_string_equal(runs_test(&m, 1)->id, "a");
	assert_string_equal(runs_label(&m, 0), "c");
}

static void runs_test__count__repetitions_of_one_test_are_adjacent(void **state)
{
	static const char *const labels[] = {"c [1/3]", "c [2/3]", "c [3/3]",
					     "a [1/3]", "a [2/3]", "a [3/3]"};
	struct runs m = {&list, sel, 2, 6, 3, labels, 6};

	(void)state;
	assert_int_equal(runs_item(&m, 4), 4);
	assert_int_equal(runs_selected(&m, 2), 0);
	assert_int_equal(runs_selected(&m, 3), 1);
	assert_string_equal(runs_test(&m, 2)->id, "c");
	assert_string_equal(runs_test(&m, 3)->id, "a");
	assert_string_equal(runs_label(&m, 4), "a [2/3]");
}

static void runs_item__dist_each__wraps_for_every_worker(void **state)
{
	/* Two workers each run both items: runs 2 and 3 are items 0 and 1. */
	struct runs m = {&list, sel, 2, 2, 1, NULL, 4};

	(void)state;
	assert_int_equal(runs_item(&m, 2), 0);
	assert_int_equal(runs_item(&m, 3), 1);
	assert_string_equal(runs_test(&m, 3)->id, "a");
	assert_string_equal(runs_label(&m, 2), "c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_test__no_count__run_r_is_sel_r),
		cmocka_unit_test(
			runs_test__count__repetitions_of_one_test_are_adjacent),
		cmocka_unit_test(runs_item__dist_each__wraps_for_every_worker),
	};

	return cmocka_run_group_tests_name("runs", tests, NULL, NULL);
}
