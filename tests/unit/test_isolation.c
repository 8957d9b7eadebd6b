/*
 * Unit tests for launcher/core/isolation.[ch]: --isolate, --sandbox and
 * --seccomp-deny words, the rules each profile makes, XDIST_SANDBOX, and
 * the isolate= and sandbox= list attributes (core/testlist.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>

#include "isolation.h"
#include "testlist.h"

static void isolate_parse__net_and_tmp__sets_both(void **state)
{
	struct buf err = BUF_INIT, d = BUF_INIT;
	unsigned f = 0;

	(void)state;
	assert_int_equal(isolate_parse("tmp,net", &f, &err), 0);
	assert_int_equal(f, ISOLATE_NET | ISOLATE_TMP);
	isolate_describe(f, &d);
	assert_string_equal(d.data, "net,tmp");
	buf_release(&d);
}

static void isolate_parse__unknown_word__names_it_and_the_known(void **state)
{
	struct buf err = BUF_INIT;
	unsigned f = ISOLATE_NET;

	(void)state;
	assert_int_equal(isolate_parse("net,ipc", &f, &err), -1);
	assert_string_equal(err.data, "'ipc' is not one of net, tmp, pid");
	assert_int_equal(f, ISOLATE_NET);
	buf_release(&err);
}

static void isolate_parse__empty_word__is_an_error(void **state)
{
	struct buf err = BUF_INIT;
	unsigned f = 0;

	(void)state;
	assert_int_equal(isolate_parse("net,", &f, &err), -1);
	assert_string_equal(err.data, "'' is not one of net, tmp, pid");
	buf_reset(&err);
	assert_int_equal(isolate_parse("", &f, &err), -1);
	assert_string_equal(err.data,
			    "the list is empty (one or more of net, tmp, pid)");
	assert_int_equal(f, 0);
	buf_release(&err);
}

static void sandbox_parse__profiles__add_up(void **state)
{
	struct buf err = BUF_INIT, d = BUF_INIT;
	unsigned p = SANDBOX_GUARD;

	(void)state;
	assert_int_equal(sandbox_parse("noptrace,nonet", &p, &err), 0);
	assert_int_equal(p, SANDBOX_NONET | SANDBOX_GUARD | SANDBOX_NOPTRACE);
	sandbox_describe(p, &d);
	assert_string_equal(d.data, "nonet,guard,noptrace");
	assert_int_equal(sandbox_parse("net", &p, &err), -1);
	assert_string_equal(err.data,
			    "'net' is not one of nonet, guard, noptrace");
	buf_release(&d);
	buf_release(&err);
}

static void seccomp_names_add__repeats__are_listed_once(void **state)
{
	struct buf err = BUF_INIT, l = BUF_INIT;

	(void)state;
	assert_int_equal(seccomp_names_add("ptrace,reboot", &l, &err), 0);
	assert_int_equal(seccomp_names_add("reboot,clock_settime", &l, &err),
			 0);
	assert_string_equal(l.data, "ptrace,reboot,clock_settime");
	buf_release(&l);
}

static void seccomp_names_add__not_a_name__fails_naming_it(void **state)
{
	struct buf err = BUF_INIT, l = BUF_INIT;

	(void)state;
	assert_int_equal(seccomp_names_add("ptrace,Mount", &l, &err), -1);
	assert_string_equal(err.data, "'Mount' is not a system call name");
	buf_reset(&err);
	assert_int_equal(seccomp_names_add("ptrace,,x", &l, &err), -1);
	assert_string_equal(err.data, "'' is not a system call name");
	buf_release(&err);
	buf_release(&l);
}

static int has_rule(const struct sandbox_rule *r, size_t n, const char *name,
		    int has_arg0, long arg0)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(r[i].name, name) && r[i].has_arg0 == has_arg0 &&
		    (!has_arg0 || r[i].arg0 == arg0))
			return 1;
	return 0;
}

static void sandbox_rules__nonet__refuses_internet_domains_only(void **state)
{
	struct sandbox_rule r[SANDBOX_MAX_RULES];
	size_t n = sandbox_rules(SANDBOX_NONET, NULL, 0, r, SANDBOX_MAX_RULES);

	(void)state;
	assert_int_equal(n, 3);
	assert_true(has_rule(r, n, "socket", 1, AF_INET));
	assert_true(has_rule(r, n, "socket", 1, AF_INET6));
	assert_true(has_rule(r, n, "socket", 1, AF_PACKET));
	assert_false(has_rule(r, n, "socket", 1, AF_UNIX));
}

static void sandbox_rules__guard__allows_mount_under_isolate_tmp(void **state)
{
	struct sandbox_rule r[SANDBOX_MAX_RULES];
	size_t n = sandbox_rules(SANDBOX_GUARD, NULL, 0, r, SANDBOX_MAX_RULES);

	(void)state;
	assert_true(has_rule(r, n, "reboot", 0, 0));
	assert_true(has_rule(r, n, "finit_module", 0, 0));
	assert_true(has_rule(r, n, "mount", 0, 0));
	n = sandbox_rules(SANDBOX_GUARD, NULL, ISOLATE_TMP, r,
			  SANDBOX_MAX_RULES);
	assert_true(has_rule(r, n, "reboot", 0, 0));
	assert_false(has_rule(r, n, "mount", 0, 0));
	assert_false(has_rule(r, n, "umount2", 0, 0));
}

static void sandbox_rules__deny_list__one_rule_each(void **state)
{
	struct sandbox_rule r[SANDBOX_MAX_RULES];
	char deny[] = "ptrace,unshare";
	size_t n =
		sandbox_rules(SANDBOX_NOPTRACE, deny, 0, r, SANDBOX_MAX_RULES);

	(void)state;
	assert_true(has_rule(r, n, "process_vm_readv", 0, 0));
	assert_true(has_rule(r, n, "unshare", 0, 0));
	assert_string_equal(r[n - 2].name, "ptrace");
	assert_string_equal(r[n - 1].name, "unshare");
}

static void sandbox_rules__no_room__says_how_many(void **state)
{
	struct sandbox_rule r[2];

	(void)state;
	assert_int_equal(
		sandbox_rules(SANDBOX_NONET | SANDBOX_NOPTRACE, NULL, 0, r, 2),
		6);
	assert_int_equal(sandbox_rules(0, NULL, 0, r, 2), 0);
}

static void sandbox_env_value__profiles_then_denied_calls(void **state)
{
	struct buf v = BUF_INIT;

	(void)state;
	sandbox_env_value(SANDBOX_NONET, "ptrace,reboot", &v);
	assert_string_equal(v.data, "nonet,deny:ptrace,deny:reboot");
	buf_reset(&v);
	sandbox_env_value(0, "ptrace", &v);
	assert_string_equal(v.data, "deny:ptrace");
	buf_reset(&v);
	sandbox_env_value(0, NULL, &v);
	assert_int_equal(v.len, 0);
	buf_release(&v);
}

static void testlist_parse__isolate_and_sandbox__become_flags(void **state)
{
	const char text[] = "t1 #@ isolate=net sandbox=nonet,guard\n"
			    "t2\n";
	struct testlist l;
	struct buf err = BUF_INIT;

	(void)state;
	testlist_init(&l);
	assert_int_equal(testlist_parse(&l, "x.list", text, strlen(text), &err),
			 0);
	assert_int_equal(test_attrs_of(&l.v[0])->isolate, ISOLATE_NET);
	assert_int_equal(test_attrs_of(&l.v[0])->sandbox,
			 SANDBOX_NONET | SANDBOX_GUARD);
	assert_int_equal(test_attrs_of(&l.v[1])->isolate, 0);
	assert_int_equal(test_attrs_of(&l.v[1])->sandbox, 0);
	testlist_release(&l);
}

static void testlist_parse__bad_isolate__names_line_and_word(void **state)
{
	const char text[] = "t1 #@ isolate=ipc\n";
	struct testlist l;
	struct buf err = BUF_INIT;

	(void)state;
	testlist_init(&l);
	assert_int_equal(testlist_parse(&l, "x.list", text, strlen(text), &err),
			 -1);
	assert_string_equal(err.data, "x.list:1: attribute isolate: 'ipc' is "
				      "not one of net, tmp, pid");
	testlist_release(&l);
	buf_release(&err);
}

static void scratch_scope_parse__each_value__and_a_bad_one(void **state)
{
	enum scratch_scope sc = SCRATCH_OFF;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(scratch_scope_parse("per-test", &sc, &err), 0);
	assert_int_equal(sc, SCRATCH_PER_TEST);
	assert_int_equal(scratch_scope_parse("per-worker", &sc, &err), 0);
	assert_int_equal(sc, SCRATCH_PER_WORKER);
	assert_int_equal(scratch_scope_parse("off", &sc, &err), 0);
	assert_int_equal(sc, SCRATCH_OFF);
	assert_int_equal(err.len, 0);
	assert_int_equal(scratch_scope_parse("per_test", &sc, &err), -1);
	assert_string_equal(err.data, "'per_test' is not one of per-test, "
				      "per-worker, off");
	assert_int_equal(sc, SCRATCH_OFF);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(isolate_parse__net_and_tmp__sets_both),
		cmocka_unit_test(
			scratch_scope_parse__each_value__and_a_bad_one),
		cmocka_unit_test(
			isolate_parse__unknown_word__names_it_and_the_known),
		cmocka_unit_test(isolate_parse__empty_word__is_an_error),
		cmocka_unit_test(sandbox_parse__profiles__add_up),
		cmocka_unit_test(seccomp_names_add__repeats__are_listed_once),
		cmocka_unit_test(
			seccomp_names_add__not_a_name__fails_naming_it),
		cmocka_unit_test(
			sandbox_rules__nonet__refuses_internet_domains_only),
		cmocka_unit_test(
			sandbox_rules__guard__allows_mount_under_isolate_tmp),
		cmocka_unit_test(sandbox_rules__deny_list__one_rule_each),
		cmocka_unit_test(sandbox_rules__no_room__says_how_many),
		cmocka_unit_test(sandbox_env_value__profiles_then_denied_calls),
		cmocka_unit_test(
			testlist_parse__isolate_and_sandbox__become_flags),
		cmocka_unit_test(
			testlist_parse__bad_isolate__names_line_and_word),
	};

	return cmocka_run_group_tests_name("isolation", tests, NULL, NULL);
}
