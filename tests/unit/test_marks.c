/*
 * Unit tests for launcher/core/marks.[ch]: a test's marks, the markers an
 * ini declares, --strict-markers and --markers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "marks.h"

static void marks_valid_name__identifier_like__only(void **state)
{
	(void)state;
	assert_true(marks_valid_name("slow", 4));
	assert_true(marks_valid_name("needs-db.v2_x", 13));
	assert_false(marks_valid_name("", 0));
	assert_false(marks_valid_name("a b", 3));
	assert_false(marks_valid_name("a,b", 3));
	assert_false(marks_valid_name("a(b)", 4));
	/* -m would read these as its operators. */
	assert_false(marks_valid_name("and", 3));
	assert_false(marks_valid_name("or", 2));
	assert_false(marks_valid_name("not", 3));
	assert_true(marks_valid_name("nothing", 7));
}

static void marks_add__a_list__keeps_order_and_drops_repeats(void **state)
{
	struct buf err = BUF_INIT;
	char *list = NULL;

	(void)state;
	assert_int_equal(marks_add(&list, "slow, network ,slow", &err), 0);
	assert_string_equal(list, "slow,network");
	assert_int_equal(marks_add(&list, "db,network", &err), 0);
	assert_string_equal(list, "slow,network,db");
	assert_true(marks_has(list, "network", 7));
	assert_false(marks_has(list, "net", 3));
	assert_false(marks_has(NULL, "slow", 4));
	free(list);
	buf_release(&err);
}

/* s spelled as a mark; *changed says whether it differs. */
static char *spelled(const char *s, int *changed)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "x,"); /* appended: what is before stays */
	*changed = marks_spell(&b, s);
	assert_memory_equal(b.data, "x,", 2);
	s = xstrdup(b.data + 2);
	buf_release(&b);
	return (char *)s;
}

static void marks_spell__other_characters__become_one_underscore(void **state)
{
	static const struct {
		const char *in, *out;
		int changed;
	} cases[] = {
		{"fast", "fast", 0},
		{"a-b.c_d", "a-b.c_d", 0},
		{"a,b", "a_b", 1},
		{"needs network", "needs_network", 1},
		{"c++", "c_", 1},
		{"x = y", "x_y", 1},
		{",lead", "_lead", 1},
		{"r\xc3\xa9seau", "r_seau", 1},
		{"not", "not_", 1},
		{"or", "or_", 1},
		{"android", "android", 0},
		{"", "_", 1},
		{"a__b", "a__b", 0},
	};
	size_t i;
	int changed;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		got = spelled(cases[i].in, &changed);
		assert_string_equal(got, cases[i].out);
		assert_int_equal(changed, cases[i].changed);
		assert_true(marks_valid_name(got, strlen(got)));
		free(got);
	}
}

static void marks_add__bad_names__are_errors(void **state)
{
	struct buf err = BUF_INIT;
	char *list = NULL;

	(void)state;
	assert_int_equal(marks_add(&list, "slow,,db", &err), -1);
	assert_string_equal(err.data, "no mark named");
	assert_null(list);
	buf_reset(&err);
	assert_int_equal(marks_add(&list, "a(b)", &err), -1);
	assert_string_equal(err.data, "'a(b)' is not a mark name (letters, "
				      "digits, '_', '-', '.'; not and, or, "
				      "not)");
	buf_reset(&err);
	assert_int_equal(marks_add(&list, "", &err), -1);
	buf_release(&err);
}

static void
marks_declare__pytest_lines__name_before_colon_or_paren(void **state)
{
	struct marks_decl d;
	struct buf err = BUF_INIT;

	(void)state;
	marks_decl_init(&d);
	assert_int_equal(marks_declare(&d, "slow: takes long", &err), 0);
	assert_int_equal(marks_declare(&d, "  network(host): needs it  ", &err),
			 0);
	assert_int_equal(marks_declare(&d, "serial", &err), 0);
	assert_int_equal(marks_declare(&d, "   ", &err), 0);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.names[0], "slow");
	assert_string_equal(d.names[1], "network");
	assert_string_equal(d.lines[1], "network(host): needs it");
	assert_string_equal(d.names[2], "serial");
	assert_true(marks_declared(&d, "network", 7));
	assert_false(marks_declared(&d, "net", 3));
	/* xfail is built in, declared or not. */
	assert_true(marks_declared(&d, "xfail", 5));
	assert_true(marks_declared(NULL, "xfail", 5));
	assert_int_equal(marks_declare(&d, "bad name: x", &err), -1);
	assert_non_null(strstr(err.data, "'bad name' is not a mark name"));
	marks_decl_release(&d);
	assert_int_equal(d.n, 0);
	buf_release(&err);
}

static void marks_check__undeclared_mark__is_named_as_pytest_does(void **state)
{
	struct marks_decl d;
	struct buf err = BUF_INIT;

	(void)state;
	marks_decl_init(&d);
	assert_int_equal(marks_declare(&d, "slow", &err), 0);
	assert_int_equal(marks_check(&d, NULL, &err), 0);
	assert_int_equal(marks_check(&d, "slow,xfail", &err), 0);
	assert_int_equal(marks_check(&d, "slow,flaky,net", &err), -1);
	assert_string_equal(err.data, "'flaky' not found in `markers` "
				      "configuration option");
	marks_decl_release(&d);
	buf_release(&err);
}

static void marks_check_expr__unknown_words__sorted_once(void **state)
{
	struct marks_decl d;
	struct buf err = BUF_INIT;
	struct expr e;

	(void)state;
	marks_decl_init(&d);
	assert_int_equal(marks_declare(&d, "slow", &err), 0);
	assert_int_equal(expr_parse(&e, "slow and not xfail", &err), 0);
	assert_int_equal(marks_check_expr(&d, &e, &err), 0);
	expr_release(&e);
	assert_int_equal(
		expr_parse(&e, "zeta or slow or alpha or (zeta and not alpha)",
			   &err),
		0);
	assert_int_equal(marks_check_expr(&d, &e, &err), -1);
	assert_string_equal(
		err.data, "Unknown marker(s) in '-m' expression: alpha, zeta. "
			  "Use 'xdist-exec --markers' to see available "
			  "markers.");
	expr_release(&e);
	marks_decl_release(&d);
	buf_release(&err);
}

static void marks_describe__declared_lines_then_xfail(void **state)
{
	struct marks_decl d;
	struct buf err = BUF_INIT, out = BUF_INIT;
	const char *want = "slow: takes long\nserial\nxfail(reason): ";

	(void)state;
	marks_decl_init(&d);
	assert_int_equal(marks_declare(&d, "slow: takes long", &err), 0);
	assert_int_equal(marks_declare(&d, "serial", &err), 0);
	marks_describe(&d, &out);
	assert_true(!strncmp(out.data, want, strlen(want)));
	assert_int_equal(out.data[out.len - 1], '\n');
	marks_decl_release(&d);
	buf_release(&err);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marks_valid_name__identifier_like__only),
		cmocka_unit_test(
			marks_add__a_list__keeps_order_and_drops_repeats),
		cmocka_unit_test(
			marks_spell__other_characters__become_one_underscore),
		cmocka_unit_test(marks_add__bad_names__are_errors),
		cmocka_unit_test(
			marks_declare__pytest_lines__name_before_colon_or_paren),
		cmocka_unit_test(
			marks_check__undeclared_mark__is_named_as_pytest_does),
		cmocka_unit_test(marks_check_expr__unknown_words__sorted_once),
		cmocka_unit_test(marks_describe__declared_lines_then_xfail),
	};

	return cmocka_run_group_tests_name("marks", tests, NULL, NULL);
}
