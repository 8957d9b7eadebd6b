/*
 * Unit tests for launcher/core/ctest.[ch] (a CTest test's verdict, the
 * order DEPENDS and fixtures impose, what a failed setup keeps from
 * running) and launcher/report/ctest_json.[ch] (ctest's json-v1 document
 * into tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "ctest_json.h"

/* The verdict of p on code and out, and its reason ("" when none). */
static enum outcome judge(const struct ctest_props *p, int code,
			  const char *out, char **why)
{
	struct buf b = BUF_INIT;
	enum outcome o = ctest_verdict(p, code, out, strlen(out), &b);

	*why = xstrdup(b.data ? b.data : "");
	buf_release(&b);
	return o;
}

static void verdict__exit_code__is_pass_or_fail(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	assert_int_equal(judge(p, 0, "", &why), OUTCOME_PASSED);
	assert_string_equal(why, "");
	free(why);
	/* 77 and 99 mean nothing special to ctest. */
	assert_int_equal(judge(p, 77, "", &why), OUTCOME_FAILED);
	assert_string_equal(why, "exit status 77");
	free(why);
	ctest_props_free(p);
}

static void verdict__will_fail__inverts(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	p->will_fail = 1;
	assert_int_equal(judge(p, 1, "", &why), OUTCOME_PASSED);
	free(why);
	assert_int_equal(judge(p, 0, "", &why), OUTCOME_FAILED);
	assert_string_equal(why, "WILL_FAIL: exited 0");
	free(why);
	ctest_props_free(p);
}

static void verdict__skip_return_code__skips_even_with_will_fail(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	p->skip_code = 4;
	p->will_fail = 1;
	assert_int_equal(judge(p, 4, "", &why), OUTCOME_SKIPPED);
	assert_string_equal(why, "SKIP_RETURN_CODE=4");
	free(why);
	ctest_props_free(p);
}

static void verdict__pass_regex__ignores_the_exit_code(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	ctest_strs_add(&p->pass_re, "nope");
	ctest_strs_add(&p->pass_re, "go+d$");
	assert_int_equal(judge(p, 3, "all\ngood", &why), OUTCOME_PASSED);
	free(why);
	assert_int_equal(judge(p, 0, "all bad", &why), OUTCOME_FAILED);
	assert_string_equal(why, "Required regular expression not found. "
				 "Regex=[nope go+d$]");
	free(why);
	ctest_props_free(p);
}

static void verdict__fail_regex__fails_a_zero_exit(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	ctest_strs_add(&p->fail_re, "ERR[O]R");
	assert_int_equal(judge(p, 0, "an ERROR here", &why), OUTCOME_FAILED);
	assert_string_equal(why, "Error regular expression found in output. "
				 "Regex=[ERR[O]R]");
	free(why);
	assert_int_equal(judge(p, 0, "fine", &why), OUTCOME_PASSED);
	free(why);
	/* With WILL_FAIL, the match is what passes it. */
	p->will_fail = 1;
	assert_int_equal(judge(p, 0, "an ERROR here", &why), OUTCOME_PASSED);
	free(why);
	ctest_props_free(p);
}

static void verdict__skip_regex__skips_before_anything_else(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	ctest_strs_add(&p->skip_re, "no dis[k]");
	ctest_strs_add(&p->fail_re, "no");
	p->will_fail = 1;
	assert_int_equal(judge(p, 1, "no disk here", &why), OUTCOME_SKIPPED);
	assert_string_equal(why, "Skip regular expression found in output. "
				 "Regex=[no dis[k]]");
	free(why);
	assert_int_equal(judge(p, 1, "no network", &why), OUTCOME_PASSED);
	free(why);
	ctest_props_free(p);
}

static void verdict__dot__matches_a_newline(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	ctest_strs_add(&p->pass_re, "^a.b$");
	assert_int_equal(judge(p, 1, "a\nb", &why), OUTCOME_PASSED);
	free(why);
	ctest_props_free(p);
}

static void regex_check__bad_expression__says_why(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(ctest_regex_check("a(b", &err), -1);
	assert_non_null(strstr(err.data, "bad regular expression 'a(b'"));
	buf_release(&err);
	assert_int_equal(ctest_regex_check("a(b)", NULL), 0);
}

/* A list of named tests with properties, for ctest_arrange. */
struct fake {
	const char *name[8];
	struct ctest_props *p[8];
	size_t n;
};

static const char *fake_name(void *ctx, size_t i)
{
	return ((struct fake *)ctx)->name[i];
}

static struct ctest_props *fake_props(void *ctx, size_t i)
{
	return ((struct fake *)ctx)->p[i];
}

static size_t fake_add(struct fake *f, const char *name)
{
	f->name[f->n] = name;
	f->p[f->n] = ctest_props_new();
	return f->n++;
}

static void fake_release(struct fake *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		ctest_props_free(f->p[i]);
}

static void arrange__depends__puts_a_test_after_what_it_needs(void **state)
{
	struct fake f = {{NULL}, {NULL}, 0};
	size_t sel[8] = {0, 1, 2}, nsel = 3;
	struct buf err = BUF_INIT;
	size_t late, free_, early;

	(void)state;
	late = fake_add(&f, "late");
	free_ = fake_add(&f, "free");
	early = fake_add(&f, "early");
	ctest_strs_add(&f.p[late]->depends, "early");
	ctest_strs_add(&f.p[late]->depends, "not-selected");
	assert_int_equal(
		ctest_arrange(sel, &nsel, f.n, fake_name, fake_props, &f, &err),
		0);
	assert_int_equal(nsel, 3);
	assert_int_equal(sel[0], free_);
	assert_int_equal(sel[1], early);
	assert_int_equal(sel[2], late);
	fake_release(&f);
}

static void arrange__required_fixture__pulls_in_setup_and_cleanup(void **state)
{
	struct fake f = {{NULL}, {NULL}, 0};
	size_t sel[8], nsel = 0;
	struct buf err = BUF_INIT;
	size_t setup, user, cleanup, base;

	(void)state;
	base = fake_add(&f, "base");
	setup = fake_add(&f, "setup");
	fake_add(&f, "other");
	cleanup = fake_add(&f, "cleanup");
	user = fake_add(&f, "user");
	ctest_strs_add(&f.p[base]->setup, "b");
	ctest_strs_add(&f.p[setup]->setup, "db");
	ctest_strs_add(&f.p[setup]->required, "b"); /* transitively */
	ctest_strs_add(&f.p[setup]->depends, "base");
	ctest_strs_add(&f.p[cleanup]->cleanup, "db");
	ctest_strs_add(&f.p[cleanup]->depends, "user");
	ctest_strs_add(&f.p[user]->required, "db");
	ctest_strs_add(&f.p[user]->depends, "setup");
	sel[nsel++] = user;
	assert_int_equal(
		ctest_arrange(sel, &nsel, f.n, fake_name, fake_props, &f, &err),
		3);
	assert_int_equal(nsel, 4);
	assert_int_equal(sel[0], base);
	assert_int_equal(sel[1], setup);
	assert_int_equal(sel[2], user);
	assert_int_equal(sel[3], cleanup);
	fake_release(&f);
}

static void arrange__cycle__is_an_error_naming_its_tests(void **state)
{
	struct fake f = {{NULL}, {NULL}, 0};
	size_t sel[8] = {0, 1, 2}, nsel = 3;
	struct buf err = BUF_INIT;

	(void)state;
	fake_add(&f, "a");
	fake_add(&f, "b");
	fake_add(&f, "c");
	ctest_strs_add(&f.p[0]->depends, "b");
	ctest_strs_add(&f.p[1]->depends, "a");
	assert_int_equal(
		ctest_arrange(sel, &nsel, f.n, fake_name, fake_props, &f, &err),
		-1);
	assert_string_equal(err.data, "a cycle exists in the test dependency "
				      "graph (DEPENDS, FIXTURES_*): a b");
	buf_release(&err);
	fake_release(&f);
}

static void not_run__failed_setup__keeps_its_dependants_back(void **state)
{
	struct ctest_failed failed = {{NULL, 0}, {NULL, 0}};
	struct ctest_props *setup = ctest_props_new(),
			   *user = ctest_props_new();
	struct ctest_props *cleanup = ctest_props_new();
	char *why;
	int skip;

	(void)state;
	ctest_strs_add(&setup->setup, "db");
	ctest_strs_add(&setup->required, "db");
	ctest_strs_add(&user->required, "db");
	ctest_strs_add(&cleanup->cleanup, "db");
	assert_null(ctest_not_run(&failed, user, &skip));
	ctest_failed_note(&failed, "init", setup, OUTCOME_PASSED);
	assert_null(ctest_not_run(&failed, user, &skip));
	ctest_failed_note(&failed, "init", setup, OUTCOME_TIMEOUT);
	why = ctest_not_run(&failed, user, &skip);
	assert_string_equal(why, "not run: fixture 'db' setup 'init' failed");
	assert_false(skip);
	free(why);
	/* The cleanup always runs; so does the setup itself, again. */
	assert_null(ctest_not_run(&failed, cleanup, &skip));
	assert_null(ctest_not_run(&failed, setup, &skip));
	ctest_failed_release(&failed);
	ctest_props_free(setup);
	ctest_props_free(user);
	ctest_props_free(cleanup);
}

static void not_run__disabled_or_unavailable__says_so(void **state)
{
	struct ctest_failed failed = {{NULL, 0}, {NULL, 0}};
	struct ctest_props *p = ctest_props_new();
	char *why;
	int skip;

	(void)state;
	p->disabled = 1;
	why = ctest_not_run(&failed, p, &skip);
	assert_string_equal(why, "disabled");
	assert_true(skip);
	free(why);
	p->disabled = 0;
	p->unavailable = 1;
	why = ctest_not_run(&failed, p, &skip);
	assert_string_equal(why, "not run: could not find executable");
	assert_false(skip);
	free(why);
	assert_null(ctest_not_run(&failed, NULL, &skip));
	ctest_props_free(p);
}

/* What ctest 3.25 prints for a project using every property (trimmed of
   its backtraces). */
static const char doc[] =
	"{\"backtraceGraph\":{\"commands\":[],\"files\":[],\"nodes\":[]},"
	"\"kind\":\"ctestInfo\",\"tests\":["
	"{\"backtrace\":1,\"command\":[\"/usr/bin/sh\",\"-c\",\"echo hi\"],"
	"\"name\":\"a\",\"properties\":[{\"name\":\"WORKING_DIRECTORY\","
	"\"value\":\"/b\"}]},"
	"{\"backtrace\":3,\"command\":[\"/bin/t\",\"x y\"],\"name\":\"b\","
	"\"properties\":["
	"{\"name\":\"DEPENDS\",\"value\":[\"a\",\"s\"]},"
	"{\"name\":\"ENVIRONMENT\",\"value\":[\"FOO=bar\",\"NOEQ\"]},"
	"{\"name\":\"FAIL_REGULAR_EXPRESSION\",\"value\":[\"bad\"]},"
	"{\"name\":\"FIXTURES_REQUIRED\",\"value\":[\"fx\"]},"
	"{\"name\":\"LABELS\",\"value\":[\"x\",\"y\"]},"
	"{\"name\":\"PASS_REGULAR_EXPRESSION\",\"value\":[\"hi\",\"ho\"]},"
	"{\"name\":\"PROCESSORS\",\"value\":2},"
	"{\"name\":\"RESOURCE_LOCK\",\"value\":[\"l1\"]},"
	"{\"name\":\"RUN_SERIAL\",\"value\":true},"
	"{\"name\":\"SKIP_RETURN_CODE\",\"value\":4},"
	"{\"name\":\"TIMEOUT\",\"value\":5.5},"
	"{\"name\":\"WILL_FAIL\",\"value\":true},"
	"{\"name\":\"COST\",\"value\":3},"
	"{\"name\":\"WORKING_DIRECTORY\",\"value\":\"/tmp\"}]},"
	"{\"name\":\"s\",\"command\":[\"true\"],\"properties\":["
	"{\"name\":\"FIXTURES_SETUP\",\"value\":[\"fx\"]},"
	"{\"name\":\"FIXTURES_CLEANUP\",\"value\":[\"fy\"]},"
	"{\"name\":\"RESOURCE_LOCK\",\"value\":[\"l1\",\"l2\"]},"
	"{\"name\":\"DISABLED\",\"value\":true}]},"
	"{\"name\":\"missing\",\"properties\":[]}"
	"],\"version\":{\"major\":1,\"minor\":0}}";

static void json_read__every_property__is_taken(void **state)
{
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;
	const struct test_attrs *a;
	const struct ctest_props *p;

	(void)state;
	testlist_init(&l);
	assert_int_equal(ctest_json_read(&l, doc, strlen(doc), &warn, &err), 4);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].id, "a");
	assert_string_equal(test_cmd(&l.v[0]), "exec /usr/bin/sh -c 'echo hi'");
	assert_true(l.v[0].shell);
	assert_string_equal(test_attrs_of(&l.v[0])->ctest->workdir, "/b");
	assert_string_equal(l.v[1].id, "b");
	assert_string_equal(test_cmd(&l.v[1]), "exec /bin/t 'x y'");
	a = test_attrs_of(&l.v[1]);
	p = a->ctest;
	assert_non_null(p);
	assert_int_equal(a->timeout_ms, 5500);
	assert_string_equal(a->lock, "l1");
	assert_true(a->exclusive);
	assert_string_equal(a->marks, "x,y");
	assert_int_equal(p->processors, 2);
	assert_string_equal(p->workdir, "/tmp");
	assert_int_equal(p->env.n, 1);
	assert_string_equal(p->env.v[0], "FOO=bar");
	assert_true(p->will_fail);
	assert_int_equal(p->skip_code, 4);
	assert_int_equal(p->pass_re.n, 2);
	assert_string_equal(p->pass_re.v[1], "ho");
	assert_int_equal(p->fail_re.n, 1);
	assert_int_equal(p->depends.n, 2);
	assert_string_equal(p->required.v[0], "fx");
	assert_false(p->unavailable);
	a = test_attrs_of(&l.v[2]);
	p = a->ctest;
	assert_string_equal(test_cmd(&l.v[2]), "true");
	assert_string_equal(p->setup.v[0], "fx");
	assert_string_equal(p->cleanup.v[0], "fy");
	assert_true(p->disabled);
	assert_string_equal(a->lock, "l1");
	assert_int_equal(p->locks.n, 1);
	assert_string_equal(p->locks.v[0], "l2");
	assert_false(a->exclusive);
	assert_true(test_attrs_of(&l.v[3])->ctest->unavailable);
	assert_int_equal(test_attrs_of(&l.v[3])->ctest->skip_code, -1);
	assert_string_equal(
		warn.data,
		"ctest: test 'b': ENVIRONMENT entry without NAME= ignored\n"
		"ctest: test 'b': COST ignored\n"
		"");
	testlist_release(&l);
	buf_release(&warn);
	buf_release(&err);
}

/* ctest_json_read of s: -1, and err must hold want. */
static void refused(const char *s, const char *want)
{
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;

	testlist_init(&l);
	assert_int_equal(ctest_json_read(&l, s, strlen(s), &warn, &err), -1);
	if (!strstr(err.data, want))
		fail_msg("'%s': '%s' lacks '%s'", s, err.data, want);
	testlist_release(&l);
	buf_release(&warn);
	buf_release(&err);
}

static void json_read__bad_document__is_one_line(void **state)
{
	(void)state;
	refused("", "printed no JSON");
	refused("{\"tests\":[", "printed no JSON");
	refused("{\"tests\":[]}", "not a json-v1 document");
	refused("{\"version\":{\"major\":2},\"tests\":[]}",
		"not a json-v1 document");
	refused("{\"version\":{\"major\":1},\"tests\":{}}",
		"not a json-v1 document");
	refused("{\"version\":{\"major\":1},\"tests\":[{\"command\":[\"x\"]}]}",
		"ctest: test 1 has no name");
	refused("{\"version\":{\"major\":1},\"tests\":[{\"name\":\"r\","
		"\"command\":[\"x\"],\"properties\":[{\"name\":"
		"\"PASS_REGULAR_EXPRESSION\",\"value\":[\"a(\"]}]}]}",
		"ctest: test 'r': PASS_REGULAR_EXPRESSION: bad regular "
		"expression 'a('");
}

static void json_read__no_tests__is_zero(void **state)
{
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;
	const char *s = "{\"version\":{\"major\":1,\"minor\":0},\"tests\":[]}";

	(void)state;
	testlist_init(&l);
	assert_int_equal(ctest_json_read(&l, s, strlen(s), &warn, &err), 0);
	assert_int_equal(l.n, 0);
	testlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdict__exit_code__is_pass_or_fail),
		cmocka_unit_test(verdict__will_fail__inverts),
		cmocka_unit_test(
			verdict__skip_return_code__skips_even_with_will_fail),
		cmocka_unit_test(verdict__pass_regex__ignores_the_exit_code),
		cmocka_unit_test(verdict__fail_regex__fails_a_zero_exit),
		cmocka_unit_test(
			verdict__skip_regex__skips_before_anything_else),
		cmocka_unit_test(verdict__dot__matches_a_newline),
		cmocka_unit_test(regex_check__bad_expression__says_why),
		cmocka_unit_test(
			arrange__depends__puts_a_test_after_what_it_needs),
		cmocka_unit_test(
			arrange__required_fixture__pulls_in_setup_and_cleanup),
		cmocka_unit_test(arrange__cycle__is_an_error_naming_its_tests),
		cmocka_unit_test(
			not_run__failed_setup__keeps_its_dependants_back),
		cmocka_unit_test(not_run__disabled_or_unavailable__says_so),
		cmocka_unit_test(json_read__every_property__is_taken),
		cmocka_unit_test(json_read__bad_document__is_one_line),
		cmocka_unit_test(json_read__no_tests__is_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
