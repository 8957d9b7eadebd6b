/*
 * Unit tests for launcher/core/gtest_ctest.[ch]: --from-ctest with
 * --split=gtest, which CTest tests stay whole and how DEPENDS carries
 * over to the cases of a split one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gtest_ctest.h"

static void gtest_ctest_not_split__whole_binary_properties(void **state)
{
	struct ctest_props *p = ctest_props_new();

	(void)state;
	assert_null(gtest_ctest_not_split(NULL));
	/* Per process: each case has them. */
	p->processors = 2;
	p->has_timeout = 1;
	p->timeout_s = 5;
	p->skip_code = 4;
	words_add(&p->setup, "db");
	words_add(&p->depends, "init");
	assert_null(gtest_ctest_not_split(p));
	words_add(&p->skip_re, "SKIP");
	assert_string_equal(gtest_ctest_not_split(p),
			    "has SKIP_REGULAR_EXPRESSION, which judges the "
			    "whole binary's output");
	words_add(&p->fail_re, "bad");
	assert_string_equal(gtest_ctest_not_split(p),
			    "has FAIL_REGULAR_EXPRESSION, which judges the "
			    "whole binary's output");
	words_add(&p->pass_re, "good");
	assert_string_equal(gtest_ctest_not_split(p),
			    "has PASS_REGULAR_EXPRESSION, which judges the "
			    "whole binary's output");
	p->will_fail = 1;
	assert_string_equal(gtest_ctest_not_split(p),
			    "has WILL_FAIL, which judges the whole binary");
	p->unavailable = 1;
	assert_string_equal(gtest_ctest_not_split(p),
			    "has no command ctest could find");
	p->disabled = 1;
	assert_string_equal(gtest_ctest_not_split(p), "is DISABLED");
	ctest_props_free(p);
}

/* A CTest test id with DEPENDS deps ("a,b"; NULL: none). */
static void add(struct testlist *l, const char *id, const char *deps)
{
	struct test *t = testlist_push(l);
	char *d, *w, *save = NULL;

	t->id = xstrdup(id);
	t->cmd = xstrdup("./x");
	t->attrs = xcalloc(1, sizeof(*t->attrs));
	t->attrs->timeout_ms = -1;
	t->attrs->ctest = ctest_props_new();
	if (!deps)
		return;
	d = xstrdup(deps);
	for (w = strtok_r(d, ",", &save); w; w = strtok_r(NULL, ",", &save))
		words_add(&t->attrs->ctest->depends, w);
	free(d);
}

static void depends_are(const struct test *t, const char *want)
{
	const struct words *d = &t->attrs->ctest->depends;
	char got[256] = "";
	size_t i;

	for (i = 0; i < d->n; i++) {
		strcat(got, i ? "," : "");
		strcat(got, d->v[i]);
	}
	assert_string_equal(got, want);
}

static void gtest_ctest_depends__a_split_name__is_all_its_cases(void **state)
{
	struct testlist l;
	struct gtest_ctest_group g[2] = {{(char *)"setup", 0, 2},
					 {(char *)"gone", 5, 0}};

	(void)state;
	testlist_init(&l);
	add(&l, "setup::A.One", NULL);
	add(&l, "setup::A.Two", NULL);
	/* Cases of a split user of the fixture: each after the setup. */
	add(&l, "user::B.One", "setup");
	add(&l, "other", "first,setup,gone,last");
	add(&l, "cleanup", "user,other");
	gtest_ctest_depends(&l, g, 2);
	assert_null(l.v[0].attrs->ctest->depends.v);
	depends_are(&l.v[2], "setup::A.One,setup::A.Two");
	/* In place, in order; a split test with no cases leaves nothing to
	   wait for. */
	depends_are(&l.v[3], "first,setup::A.One,setup::A.Two,last");
	/* Not a group: as it was. */
	depends_are(&l.v[4], "user,other");
	testlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			gtest_ctest_not_split__whole_binary_properties),
		cmocka_unit_test(
			gtest_ctest_depends__a_split_name__is_all_its_cases),
	};

	return cmocka_run_group_tests_name("gtest_ctest", tests, NULL, NULL);
}
