#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "txspec.h"

/* argv joined with '|', for one comparison. */
static char *joined(char **argv)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; argv[i]; i++) {
		if (i)
			buf_addch(&b, '|');
		buf_adds(&b, argv[i]);
	}
	txspec_argv_free(argv);
	return buf_release_take(&b);
}

static void parse_ok(const char *s, struct txspec *t)
{
	struct buf err = BUF_INIT;

	if (txspec_parse(s, t, &err) < 0)
		fail_msg("%s", err.data);
	buf_release(&err);
}

static void expect_error(const char *s, const char *msg)
{
	struct buf err = BUF_INIT;
	struct txspec t;

	assert_int_equal(txspec_parse(s, &t, &err), -1);
	assert_string_equal(err.data, msg);
	buf_release(&err);
}

static void txspec_parse__popen__is_one_local_worker(void **state)
{
	struct txspec t;

	(void)state;
	parse_ok("popen", &t);
	assert_int_equal(t.kind, TX_POPEN);
	assert_int_equal(t.count, 1);
	assert_string_equal(t.host, "localhost");
	assert_null(t.chdir);
	txspec_release(&t);
}

static void
txspec_parse__count_and_ssh_options__split_before_the_host(void **state)
{
	struct txspec t;

	(void)state;
	parse_ok("4*ssh=-p 2222 -i '/k ey' ci@build2//chdir=/scratch/t", &t);
	assert_int_equal(t.kind, TX_SSH);
	assert_int_equal(t.count, 4);
	assert_string_equal(t.host, "ci@build2");
	assert_string_equal(t.ssh_opts[0], "-p");
	assert_string_equal(t.ssh_opts[1], "2222");
	assert_string_equal(t.ssh_opts[2], "-i");
	assert_string_equal(t.ssh_opts[3], "/k ey");
	assert_null(t.ssh_opts[4]);
	assert_string_equal(t.chdir, "/scratch/t");
	assert_string_equal(
		t.spec, "ssh=-p 2222 -i '/k ey' ci@build2//chdir=/scratch/t");
	assert_string_equal(
		t.target, "ssh=-p 2222 -i '/k ey' ci@build2//chdir=/scratch/t");
	txspec_release(&t);
}

static void txspec_parse__exec__keeps_the_command_whole(void **state)
{
	struct txspec t;

	(void)state;
	parse_ok("exec=srun -N1 -n1 --quit-on-interrupt//xdist-exec=/opt/xe",
		 &t);
	assert_int_equal(t.kind, TX_EXEC);
	assert_string_equal(t.host, "srun -N1 -n1 --quit-on-interrupt");
	assert_string_equal(t.xdist_exec, "/opt/xe");
	/* The executable is not part of what is prepared once. */
	assert_string_equal(t.target, "exec=srun -N1 -n1 --quit-on-interrupt");
	txspec_release(&t);
}

static void txspec_parse__bad_specs__name_the_spec_and_the_reason(void **state)
{
	(void)state;
	expect_error("popen//nice=5",
		     "--tx 'popen//nice=5': unknown key 'nice' (chdir=DIR, "
		     "xdist-exec=PATH)");
	expect_error("socket=h:1", "--tx 'socket=h:1': unknown gateway type "
				   "'socket' (popen, ssh=HOST, exec=COMMAND)");
	expect_error("ssh=", "--tx 'ssh=': ssh= needs a host");
	expect_error("ssh=host -p", "--tx 'ssh=host -p': ssh= ends with an "
				    "option, not a host");
	expect_error("exec= ", "--tx 'exec= ': exec= needs a command");
	expect_error("0*popen",
		     "--tx '0*popen': the count before '*' must be from 1 to "
		     "1024");
	expect_error("2*popen//chdir",
		     "--tx 'popen//chdir': key 'chdir' needs a value");
	expect_error("popen//chdir=a//chdir=b",
		     "--tx 'popen//chdir=a//chdir=b': key 'chdir' given twice");
	expect_error("ssh='unterminated",
		     "--tx 'ssh='unterminated': unterminated single quote");
}

static void
txspec_argv__ssh__batch_mode_then_options_then_quoted_command(void **state)
{
	struct txspec t;
	const char *remote[] = {"/opt/x e/xdist-exec", "worker", NULL};
	char *s;

	(void)state;
	parse_ok("ssh=-p 22 u@h", &t);
	s = joined(txspec_argv(&t, remote));
	assert_string_equal(s, "ssh|-o|BatchMode=yes|-p|22|-o|"
			       "ServerAliveInterval=15|-o|"
			       "ServerAliveCountMax=3|-o|"
			       "ConnectTimeout=30|--|u@h|"
			       "'/opt/x e/xdist-exec' 'worker'");
	free(s);
	txspec_release(&t);
}

/* The value ssh takes for option key in argv: the first -o key=V (ssh
   keeps an option's first value); -1 when none. */
static long first_value(char **argv, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; argv[i] && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-o") && argv[i + 1] &&
		    !strncmp(argv[i + 1], key, n) && argv[i + 1][n] == '=')
			return strtol(argv[i + 1] + n + 1, NULL, 10);
	return -1;
}

static void
txspec_argv__ssh__silent_target_is_lost_within_a_minute(void **state)
{
	struct txspec t;
	const char *remote[] = {"xdist-exec", "worker", NULL};
	char **argv;
	long interval, count;

	(void)state;
	parse_ok("ssh=h", &t);
	argv = txspec_argv(&t, remote);
	interval = first_value(argv, "ServerAliveInterval");
	count = first_value(argv, "ServerAliveCountMax");
	/* ssh gives up after CountMax + 1 unanswered intervals. */
	assert_true(interval > 0 && count > 0);
	assert_true(interval * (count + 1) <= 60);
	/* A target that never answers: no wait for its banner forever. */
	assert_in_range(first_value(argv, "ConnectTimeout"), 1, 60);
	txspec_argv_free(argv);
	txspec_release(&t);
}

static void txspec_argv__ssh__user_keepalives_win_over_defaults(void **state)
{
	struct txspec t;
	const char *remote[] = {"xdist-exec", "worker", NULL};
	char **argv;

	(void)state;
	parse_ok("ssh=-o ServerAliveInterval=2 -o ServerAliveCountMax=1 "
		 "-o ConnectTimeout=5 h",
		 &t);
	argv = txspec_argv(&t, remote);
	assert_int_equal(first_value(argv, "ServerAliveInterval"), 2);
	assert_int_equal(first_value(argv, "ServerAliveCountMax"), 1);
	assert_int_equal(first_value(argv, "ConnectTimeout"), 5);
	txspec_argv_free(argv);
	txspec_release(&t);
}

/* ssh -G's lines around the three, as OpenSSH 9 prints them for a host
   the configuration says nothing about. */
#define SSH_G_HEAD "host h\nuser u\nhostname h\nport 22\nbatchmode no\n"
#define SSH_G_TAIL "loglevel INFO\ncontrolpersist no\nescapechar ~\n"

static void txspec_ssh_unset__ssh_own_defaults__all_ours_stay(void **state)
{
	(void)state;
	assert_int_equal(txspec_ssh_unset(SSH_G_HEAD
					  "serveralivecountmax 3\n"
					  "serveraliveinterval 0\n"
					  "connecttimeout none\n" SSH_G_TAIL),
			 TXSPEC_SSH_DEFAULTS);
}

static void txspec_ssh_unset__user_values__each_leaves_ours_out(void **state)
{
	(void)state;
	assert_int_equal(txspec_ssh_unset(SSH_G_HEAD "serveralivecountmax 3\n"
						     "serveraliveinterval 5\n"
						     "connecttimeout none\n"),
			 TXSPEC_SSH_ALIVE_COUNT | TXSPEC_SSH_CONNECT_TIMEOUT);
	assert_int_equal(txspec_ssh_unset("serveralivecountmax 10\n"
					  "serveraliveinterval 0\n"
					  "connecttimeout none\n"),
			 TXSPEC_SSH_ALIVE_INTERVAL |
				 TXSPEC_SSH_CONNECT_TIMEOUT);
	/* A count of 0 bounds the wait too: one unanswered interval. */
	assert_int_equal(txspec_ssh_unset("serveralivecountmax 0\n"),
			 TXSPEC_SSH_ALIVE_INTERVAL |
				 TXSPEC_SSH_CONNECT_TIMEOUT);
	assert_int_equal(txspec_ssh_unset("connecttimeout 3\r\n"),
			 TXSPEC_SSH_ALIVE_INTERVAL | TXSPEC_SSH_ALIVE_COUNT);
	assert_int_equal(txspec_ssh_unset("ServerAliveInterval 300\n"
					  "serveralivecountmax 1\n"
					  "connecttimeout 120"),
			 0);
}

static void txspec_ssh_unset__unbounded_or_unknown__ours_stay(void **state)
{
	(void)state;
	/* Set or not, 0 and none would wait forever: ours keep the
	   promise (the spec's own -o ...=0 still wins, first on the
	   command line). */
	assert_int_equal(txspec_ssh_unset("serveraliveinterval 0\n"
					  "connecttimeout 0\n"),
			 TXSPEC_SSH_DEFAULTS);
	assert_int_equal(txspec_ssh_unset(NULL), TXSPEC_SSH_DEFAULTS);
	assert_int_equal(txspec_ssh_unset(""), TXSPEC_SSH_DEFAULTS);
	assert_int_equal(txspec_ssh_unset("serveraliveinterval five\n"
					  "serveraliveinterval\n"
					  "connecttimeout -1\n"
					  "serveralivecountmax 99999999999999\n"
					  "serveraliveintervals 5\n"
					  "xconnecttimeout 5\n"),
			 TXSPEC_SSH_DEFAULTS);
}

static void
txspec_argv__ssh_config_sets_two__only_the_third_default(void **state)
{
	struct txspec t;
	const char *remote[] = {"xdist-exec", "worker", NULL};
	char *s;

	(void)state;
	parse_ok("ssh=-F cfg h", &t);
	s = joined(txspec_ssh_config_argv(&t));
	assert_string_equal(s, "ssh|-G|-F|cfg|--|h");
	free(s);
	t.ssh_defaults = txspec_ssh_unset("serveralivecountmax 3\n"
					  "serveraliveinterval 5\n"
					  "connecttimeout 3\n");
	s = joined(txspec_argv(&t, remote));
	assert_string_equal(s, "ssh|-o|BatchMode=yes|-F|cfg|-o|"
			       "ServerAliveCountMax=3|--|h|"
			       "'xdist-exec' 'worker'");
	free(s);
	s = txspec_rsh(&t);
	assert_string_equal(s, "'ssh' '-o' 'BatchMode=yes' '-F' 'cfg' '-o' "
			       "'ServerAliveCountMax=3' \"$@\"");
	free(s);
	txspec_release(&t);
}

static void txspec_argv__exec__appends_the_remote_argv(void **state)
{
	struct txspec t;
	const char *remote[] = {"xdist-exec", "worker", NULL};
	char *s;

	(void)state;
	parse_ok("exec=kubectl exec -i pod --", &t);
	s = joined(txspec_argv(&t, remote));
	assert_string_equal(s, "/bin/sh|-c|kubectl exec -i pod -- \"$@\"|sh|"
			       "xdist-exec|worker");
	free(s);
	txspec_release(&t);
}

static void txspec_rsync_argv__relative_dir__keeps_its_path(void **state)
{
	struct txspec t;
	const char *ign[] = {"*.o", ".git", NULL};
	char *s;

	(void)state;
	parse_ok("ssh=h//chdir=/w", &t);
	s = joined(txspec_rsync_argv(&t, "tests/data/", ign, 2));
	assert_string_equal(s, "rsync|-aR|--delete|--exclude=*.o|"
			       "--exclude=.git|--blocking-io|-e|"
			       "sh -c 'eval \"$XDIST_EXEC_RSH\"' sh|"
			       "tests/data|h:/w/");
	free(s);
	txspec_release(&t);
}

static void
txspec_rsync_argv__absolute_or_upward__lands_by_basename(void **state)
{
	struct txspec t;
	char *s;

	(void)state;
	parse_ok("exec=srun", &t);
	s = joined(txspec_rsync_argv(&t, "/src/proj/tests", NULL, 0));
	assert_string_equal(s, "rsync|-aR|--delete|--blocking-io|-e|"
			       "sh -c 'eval \"$XDIST_EXEC_RSH\"' sh|"
			       "/src/proj/./tests|env:");
	free(s);
	s = joined(txspec_rsync_argv(&t, "../lib", NULL, 0));
	assert_string_equal(s, "rsync|-aR|--delete|--blocking-io|-e|"
			       "sh -c 'eval \"$XDIST_EXEC_RSH\"' sh|"
			       ".././lib|env:");
	free(s);
	txspec_release(&t);
	parse_ok("popen//chdir=/tmp/w", &t);
	s = joined(txspec_rsync_argv(&t, "a/..b", NULL, 0));
	assert_string_equal(s, "rsync|-aR|--delete|a/..b|/tmp/w/");
	free(s);
	txspec_release(&t);
}

static void txspec_rsh__ssh__quotes_options_and_passes_the_rest(void **state)
{
	struct txspec t;
	char *s;

	(void)state;
	parse_ok("ssh=-F 'my cfg' h", &t);
	s = txspec_rsh(&t);
	assert_string_equal(s, "'ssh' '-o' 'BatchMode=yes' '-F' 'my cfg' '-o' "
			       "'ServerAliveInterval=15' '-o' "
			       "'ServerAliveCountMax=3' '-o' "
			       "'ConnectTimeout=30' \"$@\"");
	free(s);
	txspec_release(&t);
}

static void txspec_quote__single_quote__is_closed_escaped_reopened(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	txspec_quote(&b, "it's");
	assert_string_equal(b.data, "'it'\\''s'");
	buf_release(&b);
}

static void txspec_probe_script__given_path__never_falls_back(void **state)
{
	struct txspec t;
	char *s;

	(void)state;
	parse_ok("ssh=h//xdist-exec=bin/xe//chdir=w", &t);
	s = txspec_probe_script(&t, "0.1.0-abc", 3);
	assert_non_null(strstr(s, "mkdir -p -- 'w'"));
	assert_non_null(strstr(s, "x='bin/xe'"));
	assert_non_null(strstr(s, "echo \"bad $x\"; fi; exit 0;"));
	assert_non_null(strstr(s, "= 3 ]"));
	free(s);
	txspec_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(txspec_parse__popen__is_one_local_worker),
		cmocka_unit_test(
			txspec_parse__count_and_ssh_options__split_before_the_host),
		cmocka_unit_test(txspec_parse__exec__keeps_the_command_whole),
		cmocka_unit_test(
			txspec_parse__bad_specs__name_the_spec_and_the_reason),
		cmocka_unit_test(
			txspec_argv__ssh__batch_mode_then_options_then_quoted_command),
		cmocka_unit_test(
			txspec_argv__ssh__silent_target_is_lost_within_a_minute),
		cmocka_unit_test(
			txspec_argv__ssh__user_keepalives_win_over_defaults),
		cmocka_unit_test(
			txspec_ssh_unset__ssh_own_defaults__all_ours_stay),
		cmocka_unit_test(
			txspec_ssh_unset__user_values__each_leaves_ours_out),
		cmocka_unit_test(
			txspec_ssh_unset__unbounded_or_unknown__ours_stay),
		cmocka_unit_test(
			txspec_argv__ssh_config_sets_two__only_the_third_default),
		cmocka_unit_test(txspec_argv__exec__appends_the_remote_argv),
		cmocka_unit_test(
			txspec_rsync_argv__relative_dir__keeps_its_path),
		cmocka_unit_test(
			txspec_rsync_argv__absolute_or_upward__lands_by_basename),
		cmocka_unit_test(
			txspec_rsh__ssh__quotes_options_and_passes_the_rest),
		cmocka_unit_test(
			txspec_quote__single_quote__is_closed_escaped_reopened),
		cmocka_unit_test(
			txspec_probe_script__given_path__never_falls_back),
	};

	return cmocka_run_group_tests_name("txspec", tests, NULL, NULL);
}
