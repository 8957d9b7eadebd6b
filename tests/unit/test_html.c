/*
 * Unit tests for launcher/report/html.[ch]'s pure parts: escaping, where a
 * bar goes, and the timeline's SVG (a bar per span, the tail marked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "html.h"

#define S 1000000000LL

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void html_escape__markup__becomes_text(void **state)
{
	struct buf b = BUF_INIT;
	const char s[] = "<script>alert('x' & \"y\")</script>";

	(void)state;
	html_escape(&b, s, strlen(s));
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39; &amp; "
				    "&quot;y&quot;)&lt;/script&gt;");
	buf_release(&b);
}

static void html_escape__control_and_invalid_bytes__are_repaired(void **state)
{
	struct buf b = BUF_INIT;
	const char s[] = "a\x1b[31mb\xc3\n\t";

	(void)state;
	html_escape(&b, s, sizeof(s) - 1);
	assert_string_equal(b.data, "a\\x1b[31mb\xef\xbf\xbd\n\t");
	buf_release(&b);
}

static void html_escape__nul__is_repaired_not_cut(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_escape(&b, "a\0b", 3);
	assert_string_equal(b.data, "a\\x00b");
	buf_release(&b);
}

static void html_bar__middle_of_the_run__scales_to_the_plot(void **state)
{
	double x, w;

	(void)state;
	html_bar(2 * S, 4 * S, 10 * S, 1000, &x, &w);
	assert_true(x > 199.9 && x < 200.1);
	assert_true(w > 199.9 && w < 200.1);
}

static void html_bar__instant_test__still_half_a_unit_wide(void **state)
{
	double x, w;

	(void)state;
	html_bar(5 * S, 5 * S, 10 * S, 1000, &x, &w);
	assert_true(w >= 0.5);
	html_bar(0, 1, 0, 1000, &x, &w); /* no time at all: no division */
	assert_true(x >= 0 && w >= 0.5);
}

static const char *label(void *arg, size_t run)
{
	static const char *const ids[] = {"t<0>", "t1", "t2", "t3"};

	(void)arg;
	return ids[run];
}

static void html_svg__spans__one_bar_each_and_the_tail(void **state)
{
	static const char *const names[] = {"gw0", "gw1"};
	struct timeline tl;
	struct buf b = BUF_INIT;

	(void)state;
	timeline_init(&tl, 1);
	timeline_set_lanes(&tl, 2);
	timeline_begin(&tl, 0, TL_TEST, 0, 1, -1, 0);
	timeline_end(&tl, 0, 2 * S, -1, OUTCOME_PASSED, 0);
	timeline_begin(&tl, 0, TL_TEST, 1, 1, -1, 2 * S);
	timeline_end(&tl, 0, 3 * S, -1, OUTCOME_FAILED, 1);
	timeline_begin(&tl, 0, TL_TEST, 1, 2, -1, 3 * S);
	timeline_end(&tl, 0, 9 * S, -1, OUTCOME_FLAKY, 0);
	timeline_begin(&tl, 1, TL_TEST, 2, 1, -1, 0);
	timeline_end(&tl, 1, 4 * S, -1, OUTCOME_PASSED, 0);
	timeline_mark(&tl, 1, TL_DOWN, 4 * S);
	html_svg(&b, &tl, names, 2, 10 * S, label, NULL);
	assert_int_equal(count(b.data, "<rect class=\"bar "), 4);
	assert_int_equal(count(b.data, "class=\"bar t-rerun\""), 1);
	assert_int_equal(count(b.data, "class=\"bar t-flaky in-tail\""), 1);
	assert_int_equal(count(b.data, "<rect class=\"tail\""), 1);
	assert_int_equal(count(b.data, "<path class=\"down\""), 1);
	assert_int_equal(count(b.data, "<rect class=\"lane\""), 2);
	assert_non_null(strstr(b.data, "<title>t&lt;0&gt; — passed 2.00s"));
	assert_null(strstr(b.data, "http"));
	buf_release(&b);
	timeline_release(&tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_escape__markup__becomes_text),
		cmocka_unit_test(
			html_escape__control_and_invalid_bytes__are_repaired),
		cmocka_unit_test(html_escape__nul__is_repaired_not_cut),
		cmocka_unit_test(
			html_bar__middle_of_the_run__scales_to_the_plot),
		cmocka_unit_test(
			html_bar__instant_test__still_half_a_unit_wide),
		cmocka_unit_test(html_svg__spans__one_bar_each_and_the_tail),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
