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
	words_add(&p->pass_re, "nope");
	words_add(&p->pass_re, "go+d");
	assert_int_equal(judge(p, 3, "all\ngood", &why), OUTCOME_PASSED);
	free(why);
	assert_int_equal(judge(p, 0, "all bad", &why), OUTCOME_FAILED);
	assert_string_equal(why, "Required regular expression not found. "
				 "Regex=[nope go+d]");
	free(why);
	ctest_props_free(p);
}

static void verdict__fail_regex__fails_a_zero_exit(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	words_add(&p->fail_re, "ERR[O]R");
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
	words_add(&p->skip_re, "no dis[k]");
	words_add(&p->fail_re, "no");
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
	words_add(&p->pass_re, "^a.b\n$");
	assert_int_equal(judge(p, 1, "a\nb", &why), OUTCOME_PASSED);
	free(why);
	ctest_props_free(p);
}

/* As ctest 3.25 judges them: an expression cmsys cannot compile is
   kept, matches nothing, and the test is judged all the same. */
static void verdict__bad_expression__matches_nothing_and_is_named(void **state)
{
	struct ctest_props *p = ctest_props_new();
	char *why;

	(void)state;
	assert_int_equal(ctest_add_regex(p, &p->pass_re,
					 "PASS_REGULAR_EXPRESSION", "a**"),
			 1);
	assert_int_equal(ctest_add_regex(p, &p->pass_re,
					 "PASS_REGULAR_EXPRESSION", "hel"),
			 0);
	assert_int_equal(p->pass_re.n, 2);
	assert_int_equal(p->bad_re.n, 1);
	assert_string_equal(p->bad_re.v[0],
			    "PASS_REGULAR_EXPRESSION 'a**' matches nothing "
			    "(bad regular expression: nested *?+)");
	/* The good one still passes it (ctest: "a**;hel" passes). */
	assert_int_equal(judge(p, 0, "hello", &why), OUTCOME_PASSED);
	assert_string_equal(why, "");
	free(why);
	assert_int_equal(judge(p, 0, "a", &why), OUTCOME_FAILED);
	assert_string_equal(why, "Required regular expression not found. "
				 "Regex=[a** hel]; PASS_REGULAR_EXPRESSION "
				 "'a**' matches nothing (bad regular "
				 "expression: nested *?+)");
	free(why);
	ctest_props_free(p);

	/* A bad fail or skip expression: the exit status decides. */
	p = ctest_props_new();
	ctest_add_regex(p, &p->fail_re, "FAIL_REGULAR_EXPRESSION", "a**");
	ctest_add_regex(p, &p->skip_re, "SKIP_REGULAR_EXPRESSION", "(");
	assert_int_equal(judge(p, 0, "aaa (", &why), OUTCOME_PASSED);
	free(why);
	assert_int_equal(judge(p, 1, "aaa (", &why), OUTCOME_FAILED);
	assert_string_equal(why, "exit status 1; FAIL_REGULAR_EXPRESSION "
				 "'a**' matches nothing (bad regular "
				 "expression: nested *?+); "
				 "SKIP_REGULAR_EXPRESSION '(' matches nothing "
				 "(bad regular expression: unmatched "
				 "parentheses)");
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
	words_add(&f.p[late]->depends, "early");
	words_add(&f.p[late]->depends, "not-selected");
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
	words_add(&f.p[base]->setup, "b");
	words_add(&f.p[setup]->setup, "db");
	words_add(&f.p[setup]->required, "b"); /* transitively */
	words_add(&f.p[setup]->depends, "base");
	words_add(&f.p[cleanup]->cleanup, "db");
	words_add(&f.p[cleanup]->depends, "user");
	words_add(&f.p[user]->required, "db");
	words_add(&f.p[user]->depends, "setup");
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
	words_add(&f.p[0]->depends, "b");
	words_add(&f.p[1]->depends, "a");
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
	words_add(&setup->setup, "db");
	words_add(&setup->required, "db");
	words_add(&user->required, "db");
	words_add(&cleanup->cleanup, "db");
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
	"{\"name\":\"ENVIRONMENT_MODIFICATION\",\"value\":[\"P=set:x\"]},"
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
	assert_int_equal(p->envmod.n, 1);
	assert_string_equal(p->envmod.v[0], "P=set:x");
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

/* The environment ENVIRONMENT_MODIFICATION starts from: BASE=base,
   EMPTY empty, every other name unset. */
static const char *fake_getenv(const char *name)
{
	if (!strcmp(name, "BASE"))
		return "base";
	if (!strcmp(name, "EMPTY"))
		return "";
	return NULL;
}

/* p->env after ENVIRONMENT env (n entries) and ENVIRONMENT_MODIFICATION
   mods, joined by '|'; *bad gets the count left out, warn the lines. */
static char *modified(const char *const *env, size_t n, const char *const *mods,
		      size_t m, size_t *bad, struct buf *warn)
{
	struct ctest_props *p = ctest_props_new();
	struct buf b = BUF_INIT;
	size_t i;
	char *s;

	for (i = 0; i < n; i++)
		words_add(&p->env, env[i]);
	for (i = 0; i < m; i++)
		words_add(&p->envmod, mods[i]);
	*bad = ctest_env_modify(p, "t", fake_getenv, warn);
	for (i = 0; i < p->env.n; i++)
		buf_addf(&b, "%s%s", i ? "|" : "", p->env.v[i]);
	s = xstrdup(b.data ? b.data : "");
	buf_release(&b);
	ctest_props_free(p);
	return s;
}

#define MODIFIED(want, env, mods)                                           \
	do {                                                                \
		struct buf w_ = BUF_INIT;                                   \
		size_t bad_;                                                \
		char *got_ =                                                \
			modified(env, sizeof(env) / sizeof(*env), mods,     \
				 sizeof(mods) / sizeof(*mods), &bad_, &w_); \
		assert_string_equal(got_, want);                            \
		assert_int_equal(bad_, 0);                                  \
		assert_null(w_.data);                                       \
		free(got_);                                                 \
	} while (0)

static void env_modify__each_operation__as_ctest(void **state)
{
	static const char *const none[] = {"KEEP=1"};
	static const char *const set[] = {"A=set:a=b:c"};
	static const char *const unset[] = {"BASE=unset:"};
	static const char *const str[] = {"BASE=string_append:X",
					  "BASE=string_prepend:Y"};
	static const char *const path[] = {"BASE=path_list_append:X",
					   "BASE=path_list_prepend:Y"};
	static const char *const list[] = {"BASE=cmake_list_append:X",
					   "BASE=cmake_list_prepend:Y"};

	(void)state;
	MODIFIED("KEEP=1|A=a=b:c", none, set);
	MODIFIED("KEEP=1|BASE", none, unset);
	MODIFIED("KEEP=1|BASE=YbaseX", none, str);
	MODIFIED("KEEP=1|BASE=Y:base:X", none, path);
	MODIFIED("KEEP=1|BASE=Y;base;X", none, list);
}

static void env_modify__empty_or_unset__gets_no_separator(void **state)
{
	static const char *const none[] = {"KEEP=1"};
	static const char *const env[] = {"E="};
	static const char *const mods[] = {
		"E=path_list_append:X", "EMPTY=cmake_list_prepend:Y",
		"NONE=path_list_prepend:Z", "S=set:", "S=cmake_list_append:W"};
	static const char *const again[] = {"BASE=unset:",
					    "BASE=path_list_append:X"};

	(void)state;
	MODIFIED("E=X|EMPTY=Y|NONE=Z|S=W", env, mods);
	/* After unset, ctest appends to the value before again. */
	MODIFIED("KEEP=1|BASE=base:X", none, again);
}

static void env_modify__reset__goes_back_to_environment_or_the_run(void **state)
{
	static const char *const env[] = {"A=env", "B=2", "A=env2"};
	static const char *const mods[] = {
		"A=set:x",    "A=reset:ignored", "A=string_append:r",
		"BASE=set:y", "BASE=reset:",	 "NONE=set:z",
		"NONE=reset:"};

	(void)state;
	/* ENVIRONMENT's last A; BASE the run's; NONE unset as before. */
	MODIFIED("B=2|A=env2r|BASE=base|NONE", env, mods);
}

static void env_modify__malformed__is_left_out_with_a_warning(void **state)
{
	static const char *const env[] = {"K=1"};
	static const char *const mods[] = {"Aset:x", "A=setx", "A=frob:x",
					   "=set:x", "K=string_append:2"};
	struct buf w = BUF_INIT;
	size_t bad;
	char *got;

	(void)state;
	got = modified(env, 1, mods, 5, &bad, &w);
	assert_string_equal(got, "K=12");
	assert_int_equal(bad, 4);
	assert_string_equal(
		w.data,
		"ctest: test 't': ENVIRONMENT_MODIFICATION entry 'Aset:x' "
		"ignored (no NAME= before it)\n"
		"ctest: test 't': ENVIRONMENT_MODIFICATION entry 'A=setx' "
		"ignored (no ':' after the operation)\n"
		"ctest: test 't': ENVIRONMENT_MODIFICATION entry 'A=frob:x' "
		"ignored (unknown operation)\n"
		"ctest: test 't': ENVIRONMENT_MODIFICATION entry '=set:x' "
		"ignored (no NAME= before it)\n");
	free(got);
	buf_release(&w);
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
	refused("not json\n", "printed no JSON");
}

/* ctest runs a test whose expression cmsys cannot compile: so do we,
   with a warning that names it. */
static void json_read__bad_expression__is_a_warning(void **state)
{
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;
	const struct ctest_props *p;
	/* ctest's own complaint comes first. */
	const char *s =
		"RegularExpression::compile(): Nested *?+.\n"
		"RegularExpression::compile(): Error in compile.\n"
		"{\"version\":{\"major\":1},\"tests\":[{\"name\":\"r\","
		"\"command\":[\"x\"],\"properties\":[{\"name\":"
		"\"FAIL_REGULAR_EXPRESSION\",\"value\":[\"a**\",\"b\"]}]},"
		"{\"name\":\"after\",\"command\":[\"y\"]}]}";

	(void)state;
	testlist_init(&l);
	assert_int_equal(ctest_json_read(&l, s, strlen(s), &warn, &err), 2);
	assert_null(err.data);
	p = test_attrs_of(&l.v[0])->ctest;
	assert_int_equal(p->fail_re.n, 2);
	assert_int_equal(p->bad_re.n, 1);
	assert_string_equal(warn.data,
			    "ctest: test 'r': FAIL_REGULAR_EXPRESSION 'a**' "
			    "matches nothing (bad regular expression: nested "
			    "*?+), as in ctest\n");
	testlist_release(&l);
	buf_release(&warn);
	buf_release(&err);
}

/* A label -k and -m could not name is a mark in a spelling they can,
   said once however many tests carry it. */
static void json_read__labels__are_marks_spelled_once(void **state)
{
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;
	const char *s = "{\"version\":{\"major\":1},\"tests\":["
			"{\"name\":\"a\",\"command\":[\"x\"],\"properties\":[{"
			"\"name\":\"LABELS\",\"value\":[\"a,b\",\"fast\","
			"\"needs network\",\"not\"]}]},"
			"{\"name\":\"b\",\"command\":[\"x\"],\"properties\":[{"
			"\"name\":\"LABELS\",\"value\":[\"a,b\",\"a b\"]}]}]}";

	(void)state;
	testlist_init(&l);
	assert_int_equal(ctest_json_read(&l, s, strlen(s), &warn, &err), 2);
	assert_string_equal(test_attrs_of(&l.v[0])->marks,
			    "a_b,fast,needs_network,not_");
	/* Two labels, one mark. */
	assert_string_equal(test_attrs_of(&l.v[1])->marks, "a_b");
	assert_string_equal(
		warn.data,
		"ctest: test 'a': LABELS 'a,b' is the mark 'a_b' (a mark name "
		"is letters, digits, '_', '-' and '.', not and, or, not)\n"
		"ctest: test 'a': LABELS 'needs network' is the mark "
		"'needs_network' (a mark name is letters, digits, '_', '-' "
		"and '.', not and, or, not)\n"
		"ctest: test 'a': LABELS 'not' is the mark 'not_' (a mark name "
		"is letters, digits, '_', '-' and '.', not and, or, not)\n"
		"ctest: test 'b': LABELS 'a b' is the mark 'a_b' (a mark name "
		"is letters, digits, '_', '-' and '.', not and, or, not)\n");
	testlist_release(&l);
	buf_release(&warn);
	buf_release(&err);
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

static void ctest_props_copy__owns_its_strings(void **state)
{
	struct ctest_props *p = ctest_props_new(), *c;

	(void)state;
	assert_null(ctest_props_copy(NULL));
	p->will_fail = 1;
	p->workdir = strdup("/w");
	words_add(&p->env, "A=1");
	words_add(&p->depends, "setup");
	c = ctest_props_copy(p);
	ctest_props_free(p);
	assert_int_equal(c->will_fail, 1);
	assert_int_equal(c->skip_code, -1);
	assert_string_equal(c->workdir, "/w");
	assert_int_equal(c->env.n, 1);
	assert_string_equal(c->env.v[0], "A=1");
	assert_string_equal(c->depends.v[0], "setup");
	ctest_props_free(c);
}

static void ctest_props_same_env__environment_and_workdir(void **state)
{
	struct ctest_props *a = ctest_props_new(), *b = ctest_props_new();

	(void)state;
	assert_true(ctest_props_same_env(NULL, NULL));
	assert_true(ctest_props_same_env(a, NULL));
	/* Other properties do not count. */
	words_add(&a->depends, "x");
	a->will_fail = 1;
	assert_true(ctest_props_same_env(a, b));
	words_add(&a->env, "A=1");
	assert_false(ctest_props_same_env(a, b));
	assert_false(ctest_props_same_env(NULL, a));
	words_add(&b->env, "A=2");
	assert_false(ctest_props_same_env(a, b));
	free(b->env.v[0]);
	b->env.v[0] = strdup("A=1");
	assert_true(ctest_props_same_env(a, b));
	words_add(&b->envmod, "P=path_list_append:/x");
	assert_false(ctest_props_same_env(a, b));
	words_release(&b->envmod);
	b->workdir = strdup("/w");
	assert_false(ctest_props_same_env(a, b));
	a->workdir = strdup("/w");
	assert_true(ctest_props_same_env(a, b));
	ctest_props_free(a);
	ctest_props_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctest_props_copy__owns_its_strings),
		cmocka_unit_test(ctest_props_same_env__environment_and_workdir),
		cmocka_unit_test(verdict__exit_code__is_pass_or_fail),
		cmocka_unit_test(verdict__will_fail__inverts),
		cmocka_unit_test(
			verdict__skip_return_code__skips_even_with_will_fail),
		cmocka_unit_test(verdict__pass_regex__ignores_the_exit_code),
		cmocka_unit_test(verdict__fail_regex__fails_a_zero_exit),
		cmocka_unit_test(
			verdict__skip_regex__skips_before_anything_else),
		cmocka_unit_test(verdict__dot__matches_a_newline),
		cmocka_unit_test(
			verdict__bad_expression__matches_nothing_and_is_named),
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
		cmocka_unit_test(json_read__bad_expression__is_a_warning),
		cmocka_unit_test(json_read__labels__are_marks_spelled_once),
		cmocka_unit_test(json_read__no_tests__is_zero),
		cmocka_unit_test(env_modify__each_operation__as_ctest),
		cmocka_unit_test(env_modify__empty_or_unset__gets_no_separator),
		cmocka_unit_test(
			env_modify__reset__goes_back_to_environment_or_the_run),
		cmocka_unit_test(
			env_modify__malformed__is_left_out_with_a_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
