/*
 * Unit tests for launcher/core/env.[ch]: the environment every test gets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "env.h"

static const struct env_contract gw1 = {
	.worker = "gw1",
	.index = 1,
	.count = 4,
	.master = 0,
	.testrunuid = "abc123",
	.run_dir = "/tmp/xdist-run",
	.worker_dir = "/tmp/xdist-run/gw1",
	.mainargv = "xdist-exec -n 4 ./t",
};

static const struct env_contract master = {
	.worker = "master",
	.index = 0,
	.count = 1,
	.master = 1,
	.testrunuid = "uid9",
	.run_dir = "/tmp/r",
	.worker_dir = "/tmp/r/master",
	.mainargv = "xdist-exec -n 0 ./t",
};

/* How many entries NAME=... has, and the value of the last one. */
static size_t lookup(const struct env *e, const char *name, const char **value)
{
	size_t i, n = strlen(name), hits = 0;

	*value = NULL;
	for (i = 0; e->v[i]; i++) {
		if (!strncmp(e->v[i], name, n) && e->v[i][n] == '=') {
			*value = e->v[i] + n + 1;
			hits++;
		}
	}
	return hits;
}

/* NAME=want appears exactly once. */
static void assert_var(const struct env *e, const char *name, const char *want)
{
	const char *v;
	size_t hits = lookup(e, name, &v);

	if (hits != 1)
		fail_msg("%s appears %zu times", name, hits);
	assert_string_equal(v, want);
}

static void assert_no_var(const struct env *e, const char *name)
{
	const char *v;
	size_t hits = lookup(e, name, &v);

	if (hits)
		fail_msg("%s is set (to '%s')", name, v);
}

static void assert_quoted(int argc, const char *const *argv, const char *want)
{
	struct buf b = BUF_INIT;

	env_quote_argv(&b, argc, (char *const *)argv);
	assert_string_equal(b.data ? b.data : "", want);
	buf_release(&b);
}

#define ASSERT_QUOTED(want, ...)                                         \
	assert_quoted((int)(sizeof((const char *const[]){__VA_ARGS__}) / \
			    sizeof(const char *)),                       \
		      (const char *const[]){__VA_ARGS__}, (want))

/* ---- env_init ---------------------------------------------------------- */

static void env_init__gw_worker__sets_every_contract_variable(void **state)
{
	static const char *const base[] = {NULL};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	assert_var(&e, "PYTEST_XDIST_WORKER", "gw1");
	assert_var(&e, "PYTEST_XDIST_WORKER_COUNT", "4");
	assert_var(&e, "PYTEST_XDIST_TESTRUNUID", "abc123");
	assert_var(&e, "XDIST_WORKER", "gw1");
	assert_var(&e, "XDIST_WORKER_INDEX", "1");
	assert_var(&e, "XDIST_WORKER_COUNT", "4");
	assert_var(&e, "XDIST_TESTRUNUID", "abc123");
	assert_var(&e, "XDIST_RUN_DIR", "/tmp/xdist-run");
	assert_var(&e, "XDIST_WORKER_DIR", "/tmp/xdist-run/gw1");
	assert_var(&e, "XDIST_MAINARGV", "xdist-exec -n 4 ./t");
	assert_var(&e, "XDIST_TEST_ID", "");
	assert_var(&e, "XDIST_TEST_PID", "          ");
	assert_null(e.v[e.n]);
	env_release(&e);
}

static void
env_init__master__sets_no_pytest_xdist_worker_variables(void **state)
{
	static const char *const base[] = {NULL};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &master);
	assert_no_var(&e, "PYTEST_XDIST_WORKER");
	assert_no_var(&e, "PYTEST_XDIST_WORKER_COUNT");
	assert_no_var(&e, "PYTEST_XDIST_TESTRUNUID");
	assert_var(&e, "XDIST_WORKER", "master");
	assert_var(&e, "XDIST_WORKER_INDEX", "0");
	assert_var(&e, "XDIST_WORKER_COUNT", "1");
	assert_var(&e, "XDIST_TESTRUNUID", "uid9");
	assert_var(&e, "XDIST_RUN_DIR", "/tmp/r");
	assert_var(&e, "XDIST_WORKER_DIR", "/tmp/r/master");
	assert_var(&e, "XDIST_MAINARGV", "xdist-exec -n 0 ./t");
	assert_var(&e, "XDIST_TEST_ID", "");
	env_release(&e);
}

static void env_init__master_under_an_xdist_parent__drops_inherited_worker_vars(
	void **state)
{
	static const char *const base[] = {
		"PYTEST_XDIST_WORKER=gw7",
		"PATH=/bin",
		"PYTEST_XDIST_WORKER_COUNT=8",
		"PYTEST_XDIST_TESTRUNUID=parent",
		NULL,
	};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &master);
	assert_no_var(&e, "PYTEST_XDIST_WORKER");
	assert_no_var(&e, "PYTEST_XDIST_WORKER_COUNT");
	assert_no_var(&e, "PYTEST_XDIST_TESTRUNUID");
	assert_var(&e, "PATH", "/bin");
	assert_var(&e, "XDIST_WORKER", "master");
	env_release(&e);
}

static void
env_init__inherited_contract_values__are_replaced_not_duplicated(void **state)
{
	static const char *const base[] = {
		"PYTEST_XDIST_WORKER=gw7",     "PYTEST_XDIST_WORKER_COUNT=8",
		"PYTEST_XDIST_TESTRUNUID=old", "XDIST_WORKER=gw7",
		"XDIST_WORKER_INDEX=7",	       "XDIST_WORKER_COUNT=8",
		"XDIST_TESTRUNUID=old",	       "XDIST_TEST_ID=./old",
		"XDIST_RUN_DIR=/old",	       "XDIST_WORKER_DIR=/old/gw7",
		"XDIST_MAINARGV=old",	       "XDIST_TEST_PID=999",
		"XDIST_WORKER=again",	       NULL,
	};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	assert_var(&e, "PYTEST_XDIST_WORKER", "gw1");
	assert_var(&e, "PYTEST_XDIST_WORKER_COUNT", "4");
	assert_var(&e, "PYTEST_XDIST_TESTRUNUID", "abc123");
	assert_var(&e, "XDIST_WORKER", "gw1");
	assert_var(&e, "XDIST_WORKER_INDEX", "1");
	assert_var(&e, "XDIST_WORKER_COUNT", "4");
	assert_var(&e, "XDIST_TESTRUNUID", "abc123");
	assert_var(&e, "XDIST_TEST_ID", "");
	assert_var(&e, "XDIST_RUN_DIR", "/tmp/xdist-run");
	assert_var(&e, "XDIST_WORKER_DIR", "/tmp/xdist-run/gw1");
	assert_var(&e, "XDIST_MAINARGV", "xdist-exec -n 4 ./t");
	assert_var(&e, "XDIST_TEST_PID", "          ");
	env_release(&e);
}

static void env_init__unrelated_variables__are_kept_in_order(void **state)
{
	static const char *const base[] = {
		"PATH=/usr/bin:/bin",
		"PYTEST_XDIST_AUTO_NUM_WORKERS=3",
		"XDIST_WORKER=gw9",
		"XDIST_WORKERS=keep",
		"PYTEST_XDIST_WORKER_X=keep",
		"HOME=/root",
		"EMPTY=",
		NULL,
	};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	assert_true(e.n > 6);
	assert_string_equal(e.v[0], "PATH=/usr/bin:/bin");
	assert_string_equal(e.v[1], "PYTEST_XDIST_AUTO_NUM_WORKERS=3");
	assert_string_equal(e.v[2], "XDIST_WORKERS=keep");
	assert_string_equal(e.v[3], "PYTEST_XDIST_WORKER_X=keep");
	assert_string_equal(e.v[4], "HOME=/root");
	assert_string_equal(e.v[5], "EMPTY=");
	assert_var(&e, "XDIST_WORKER", "gw1");
	env_release(&e);
}

static void env_init__base_strings__are_used_in_place(void **state)
{
	static const char *const base[] = {"A=1", "B=2", NULL};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	assert_ptr_equal(e.v[0], base[0]);
	assert_ptr_equal(e.v[1], base[1]);
	env_release(&e);
}

static void env_init__null_base__is_the_contract_alone(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, NULL, &gw1);
	assert_var(&e, "XDIST_WORKER", "gw1");
	assert_var(&e, "XDIST_TEST_ID", "");
	assert_null(e.v[e.n]);
	env_release(&e);
}

/* ---- env_set_test_id --------------------------------------------------- */

static void env_set_test_id__twice__replaces_the_one_slot(void **state)
{
	static const char *const base[] = {"PATH=/bin", NULL};
	struct env e;
	size_t n;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	n = e.n;
	env_set_test_id(&e, "./first");
	assert_var(&e, "XDIST_TEST_ID", "./first");
	env_set_test_id(&e, "./t --opt 'a b'");
	assert_var(&e, "XDIST_TEST_ID", "./t --opt 'a b'");
	assert_string_equal(env_get(&e, "XDIST_TEST_ID"), "./t --opt 'a b'");
	assert_int_equal(e.n, n);
	assert_null(e.v[e.n]);
	assert_var(&e, "PATH", "/bin");
	env_release(&e);
}

static void env_release__twice__is_harmless(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, NULL, &gw1);
	env_release(&e);
	assert_null(e.v);
	env_release(&e);
	assert_null(e.v);
}

/* ---- env_is_contract_name ---------------------------------------------- */

static void env_is_contract_name__contract_names__are_1(void **state)
{
	(void)state;
	assert_int_equal(env_is_contract_name("PYTEST_XDIST_WORKER=gw0"), 1);
	assert_int_equal(env_is_contract_name("PYTEST_XDIST_WORKER_COUNT=2"),
			 1);
	assert_int_equal(env_is_contract_name("PYTEST_XDIST_TESTRUNUID=x"), 1);
	assert_int_equal(env_is_contract_name("XDIST_TEST_ID="), 1);
	assert_int_equal(env_is_contract_name("XDIST_TEST_ID"), 1);
	assert_int_equal(env_is_contract_name("XDIST_MAINARGV=a=b"), 1);
}

static void env_is_contract_name__prefixes_and_extensions__are_0(void **state)
{
	(void)state;
	assert_int_equal(env_is_contract_name("PATH=/bin"), 0);
	assert_int_equal(
		env_is_contract_name("PYTEST_XDIST_AUTO_NUM_WORKERS=2"), 0);
	assert_int_equal(env_is_contract_name("XDIST_WORKE=1"), 0);
	assert_int_equal(env_is_contract_name("XDIST_WORKERX=1"), 0);
	assert_int_equal(env_is_contract_name("xdist_worker=gw0"), 0);
	assert_int_equal(env_is_contract_name("=gw0"), 0);
	assert_int_equal(env_is_contract_name(""), 0);
}

/* ---- env_quote_argv ---------------------------------------------------- */

static void env_quote_argv__safe_words__are_not_quoted(void **state)
{
	(void)state;
	ASSERT_QUOTED("xdist-exec -n 4 --max-output=1M ./t_a.sh "
		      "@x%y+z:a,b/c",
		      "xdist-exec", "-n", "4", "--max-output=1M", "./t_a.sh",
		      "@x%y+z:a,b/c");
}

static void env_quote_argv__spaces__are_single_quoted(void **state)
{
	(void)state;
	ASSERT_QUOTED("./t 'a b' 'tab\there'", "./t", "a b", "tab\there");
}

static void
env_quote_argv__single_quotes__are_closed_escaped_and_reopened(void **state)
{
	(void)state;
	ASSERT_QUOTED("'it'\\''s' ''\\'''", "it's", "'");
}

static void env_quote_argv__empty_string__is_two_quotes(void **state)
{
	(void)state;
	ASSERT_QUOTED("./t '' x", "./t", "", "x");
}

static void env_quote_argv__shell_characters__are_quoted(void **state)
{
	(void)state;
	ASSERT_QUOTED("'$HOME' 'a;b' '*' 'x|y' '\"q\"' 'a\\b' '~' 'l\nm'",
		      "$HOME", "a;b", "*", "x|y", "\"q\"", "a\\b", "~", "l\nm");
}

static void env_quote_argv__no_arguments__appends_nothing(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "keep");
	env_quote_argv(&b, 0, NULL);
	assert_string_equal(b.data, "keep");
	buf_release(&b);
}

static void env_quote_argv__existing_text__is_appended_to(void **state)
{
	static const char *const argv[] = {"a b", "c", NULL};
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "X=");
	env_quote_argv(&b, 2, (char *const *)argv);
	assert_string_equal(b.data, "X='a b' c");
	buf_release(&b);
}

/* ---- LD_PRELOAD -------------------------------------------------------- */

static void
env_init__preload_without_inherited_one__is_the_whole_value(void **state)
{
	static const char *const base[] = {"PATH=/bin", NULL};
	struct env_contract c = gw1;
	struct env e;

	(void)state;
	c.preload = "/usr/lib/libxdist.so";
	env_init(&e, (char *const *)base, &c);
	assert_var(&e, "LD_PRELOAD", "/usr/lib/libxdist.so");
	env_release(&e);
}

static void env_init__preload_with_inherited_one__goes_first_once(void **state)
{
	static const char *const base[] = {"LD_PRELOAD=/a.so:/b.so",
					   "PATH=/bin", NULL};
	struct env_contract c = gw1;
	struct env e;

	(void)state;
	c.preload = "/usr/lib/libxdist.so";
	env_init(&e, (char *const *)base, &c);
	assert_var(&e, "LD_PRELOAD", "/usr/lib/libxdist.so:/a.so:/b.so");
	assert_string_equal(base[0], "LD_PRELOAD=/a.so:/b.so");
	env_release(&e);
}

static void env_init__no_preload__keeps_the_inherited_ld_preload(void **state)
{
	static const char *const base[] = {"LD_PRELOAD=/a.so", NULL};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	assert_var(&e, "LD_PRELOAD", "/a.so");
	env_release(&e);
}

/* ---- env_get / env_put / env_set / env_unset --------------------------- */

static void env_get__present_and_absent__value_or_null(void **state)
{
	static const char *const base[] = {"A=1", "AB=2", "EMPTY=", NULL};
	struct env e;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	assert_string_equal(env_get(&e, "A"), "1");
	assert_string_equal(env_get(&e, "AB"), "2");
	assert_string_equal(env_get(&e, "EMPTY"), "");
	assert_string_equal(env_get(&e, "XDIST_WORKER"), "gw1");
	assert_null(env_get(&e, "ABSENT"));
	assert_null(env_get(&e, "AB="));
	env_release(&e);
}

static void env_put__existing_name__replaces_it_in_place(void **state)
{
	static const char *const base[] = {"A=1", "B=2", NULL};
	struct env e;
	size_t n;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	n = e.n;
	env_put(&e, "A=one");
	env_set(&e, "B", "two=2");
	assert_int_equal(e.n, n);
	assert_string_equal(e.v[0], "A=one");
	assert_string_equal(e.v[1], "B=two=2");
	assert_string_equal(base[0], "A=1");
	env_release(&e);
}

static void env_put__new_name__is_appended(void **state)
{
	struct env e;
	size_t n;

	(void)state;
	env_init(&e, NULL, &gw1);
	n = e.n;
	env_put(&e, "NEW=x");
	assert_int_equal(e.n, n + 1);
	assert_string_equal(e.v[n], "NEW=x");
	assert_null(e.v[n + 1]);
	env_release(&e);
}

static void env_set__many_variables__grows_and_keeps_them_all(void **state)
{
	char name[32], value[32];
	struct env e;
	int i;

	(void)state;
	env_init(&e, NULL, &gw1);
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "V%d", i);
		snprintf(value, sizeof(value), "%d", i * 3);
		env_set(&e, name, value);
	}
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "V%d", i);
		snprintf(value, sizeof(value), "%d", i * 3);
		assert_var(&e, name, value);
	}
	assert_var(&e, "XDIST_WORKER", "gw1");
	assert_null(e.v[e.n]);
	env_release(&e);
}

static void env_unset__present_name__removes_only_it(void **state)
{
	static const char *const base[] = {"A=1", "B=2", "C=3", NULL};
	struct env e;
	size_t n;

	(void)state;
	env_init(&e, (char *const *)base, &gw1);
	n = e.n;
	env_unset(&e, "B");
	env_unset(&e, "XDIST_MAINARGV");
	assert_int_equal(e.n, n - 2);
	assert_null(e.v[e.n]);
	assert_no_var(&e, "B");
	assert_no_var(&e, "XDIST_MAINARGV");
	assert_var(&e, "A", "1");
	assert_var(&e, "C", "3");
	assert_var(&e, "XDIST_WORKER", "gw1");
	env_unset(&e, "ABSENT");
	assert_int_equal(e.n, n - 2);
	env_release(&e);
}

/* ---- XDIST_TEST_PID ---------------------------------------------------- */

static void env_pid_slot__filled__sets_xdist_test_pid(void **state)
{
	struct env e;
	char *slot;

	(void)state;
	env_init(&e, NULL, &gw1);
	slot = env_pid_slot(&e);
	assert_non_null(slot);
	assert_int_equal(strlen(slot), ENV_PID_WIDTH);
	env_fill_pid(slot, 4194304);
	assert_var(&e, "XDIST_TEST_PID", "4194304");
	env_fill_pid(slot, 1);
	assert_var(&e, "XDIST_TEST_PID", "1");
	env_release(&e);
}

static void env_fill_pid__decimal__is_nul_terminated(void **state)
{
	char slot[ENV_PID_WIDTH + 1];

	(void)state;
	memset(slot, 'x', sizeof(slot));
	env_fill_pid(slot, 0);
	assert_string_equal(slot, "0");
	env_fill_pid(slot, 1234567890);
	assert_string_equal(slot, "1234567890");
	env_fill_pid(slot, 42);
	assert_string_equal(slot, "42");
}

/* ---- env_parse_assignments --------------------------------------------- */

struct collected {
	char entries[8][64];
	int n;
};

static void collect(void *arg, const char *entry)
{
	struct collected *c = arg;

	assert_true(c->n < 8);
	assert_true(strlen(entry) < sizeof(c->entries[0]));
	strcpy(c->entries[c->n++], entry);
}

static void
env_parse_assignments__valid_lines__are_passed_in_order(void **state)
{
	static const char data[] = "A=1\n"
				   "\n"
				   "# comment\n"
				   "_b2=x=y\r\n"
				   "EMPTY=\n"
				   "LAST=no newline";
	struct collected c = {.n = 0};

	(void)state;
	assert_int_equal(
		env_parse_assignments(data, sizeof(data) - 1, collect, &c), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.entries[0], "A=1");
	assert_string_equal(c.entries[1], "_b2=x=y");
	assert_string_equal(c.entries[2], "EMPTY=");
	assert_string_equal(c.entries[3], "LAST=no newline");
}

static void
env_parse_assignments__bad_names__are_skipped_and_counted(void **state)
{
	static const char data[] = "1A=x\n"
				   "A B=x\n"
				   "=x\n"
				   "NOEQUALS\n"
				   "A-B=x\n"
				   "OK=1\n"
				   "NUL=a\0b\n";
	struct collected c = {.n = 0};

	(void)state;
	assert_int_equal(
		env_parse_assignments(data, sizeof(data) - 1, collect, &c), 6);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.entries[0], "OK=1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			env_init__gw_worker__sets_every_contract_variable),
		cmocka_unit_test(
			env_init__master__sets_no_pytest_xdist_worker_variables),
		cmocka_unit_test(
			env_init__master_under_an_xdist_parent__drops_inherited_worker_vars),
		cmocka_unit_test(
			env_init__inherited_contract_values__are_replaced_not_duplicated),
		cmocka_unit_test(
			env_init__unrelated_variables__are_kept_in_order),
		cmocka_unit_test(env_init__base_strings__are_used_in_place),
		cmocka_unit_test(env_init__null_base__is_the_contract_alone),
		cmocka_unit_test(
			env_init__preload_without_inherited_one__is_the_whole_value),
		cmocka_unit_test(
			env_init__preload_with_inherited_one__goes_first_once),
		cmocka_unit_test(
			env_init__no_preload__keeps_the_inherited_ld_preload),
		cmocka_unit_test(env_get__present_and_absent__value_or_null),
		cmocka_unit_test(env_put__existing_name__replaces_it_in_place),
		cmocka_unit_test(env_put__new_name__is_appended),
		cmocka_unit_test(
			env_set__many_variables__grows_and_keeps_them_all),
		cmocka_unit_test(env_unset__present_name__removes_only_it),
		cmocka_unit_test(env_pid_slot__filled__sets_xdist_test_pid),
		cmocka_unit_test(env_fill_pid__decimal__is_nul_terminated),
		cmocka_unit_test(
			env_parse_assignments__valid_lines__are_passed_in_order),
		cmocka_unit_test(
			env_parse_assignments__bad_names__are_skipped_and_counted),
		cmocka_unit_test(env_set_test_id__twice__replaces_the_one_slot),
		cmocka_unit_test(env_release__twice__is_harmless),
		cmocka_unit_test(env_is_contract_name__contract_names__are_1),
		cmocka_unit_test(
			env_is_contract_name__prefixes_and_extensions__are_0),
		cmocka_unit_test(env_quote_argv__safe_words__are_not_quoted),
		cmocka_unit_test(env_quote_argv__spaces__are_single_quoted),
		cmocka_unit_test(
			env_quote_argv__single_quotes__are_closed_escaped_and_reopened),
		cmocka_unit_test(env_quote_argv__empty_string__is_two_quotes),
		cmocka_unit_test(env_quote_argv__shell_characters__are_quoted),
		cmocka_unit_test(env_quote_argv__no_arguments__appends_nothing),
		cmocka_unit_test(env_quote_argv__existing_text__is_appended_to),
	};

	return cmocka_run_group_tests_name("env", tests, NULL, NULL);
}
