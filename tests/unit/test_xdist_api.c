/*
 * Unit tests for preload/api.c: the C API of xdist-exec.h, inside and
 * outside a run (these tests themselves run under xdist-exec, so every
 * test sets the environment it wants).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xdist-exec.h"

static const char *const names[] = {
	"XDIST_WORKER",	    "XDIST_WORKER_INDEX", "XDIST_WORKER_COUNT",
	"XDIST_TESTRUNUID", "XDIST_RUN_DIR",	  NULL,
};

static char run_dir[64];

static int outside_a_run(void **state)
{
	const char *const *n;

	(void)state;
	for (n = names; *n; n++)
		unsetenv(*n);
	return 0;
}

static int in_a_run(void **state)
{
	const char *tmp = getenv("TMPDIR");

	outside_a_run(state);
	snprintf(run_dir, sizeof(run_dir), "%s/test_xdist_api.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(run_dir))
		return -1;
	setenv("XDIST_WORKER", "gw2", 1);
	setenv("XDIST_WORKER_INDEX", "2", 1);
	setenv("XDIST_WORKER_COUNT", "4", 1);
	setenv("XDIST_TESTRUNUID", "0123456789abcdef0123456789abcdef", 1);
	setenv("XDIST_RUN_DIR", run_dir, 1);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int leave_the_run(void **state)
{
	outside_a_run(state);
	return nftw(run_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void xdist_worker_id__outside_a_run__is_master(void **state)
{
	(void)state;
	assert_string_equal(xdist_worker_id(), "master");
	setenv("XDIST_WORKER", "", 1);
	assert_string_equal(xdist_worker_id(), "master");
}

static void xdist_getters__outside_a_run__give_the_master_defaults(void **state)
{
	(void)state;
	assert_int_equal(xdist_worker_index(), 0);
	assert_int_equal(xdist_worker_count(), 1);
	assert_null(xdist_testrun_uid());
	assert_null(xdist_run_dir());
}

static void xdist_getters__in_a_run__read_the_contract(void **state)
{
	(void)state;
	assert_string_equal(xdist_worker_id(), "gw2");
	assert_int_equal(xdist_worker_index(), 2);
	assert_int_equal(xdist_worker_count(), 4);
	assert_string_equal(xdist_testrun_uid(),
			    "0123456789abcdef0123456789abcdef");
	assert_string_equal(xdist_run_dir(), run_dir);
}

static void
xdist_getters__garbage_numbers__fall_back_and_keep_errno(void **state)
{
	static const char *const bad[] = {"",	"-1",	       "+2", "2x",
					  " 2", "99999999999", NULL};
	const char *const *b;

	(void)state;
	for (b = bad; *b; b++) {
		setenv("XDIST_WORKER_INDEX", *b, 1);
		setenv("XDIST_WORKER_COUNT", *b, 1);
		errno = 77;
		assert_int_equal(xdist_worker_index(), 0);
		assert_int_equal(xdist_worker_count(), 1);
		assert_int_equal(errno, 77);
	}
	setenv("XDIST_WORKER_COUNT", "0", 1);
	assert_int_equal(xdist_worker_count(), 1);
	setenv("XDIST_WORKER_INDEX", "0", 1);
	assert_int_equal(xdist_worker_index(), 0);
}

static int count_fn(void *arg)
{
	int *n = arg;

	errno = ENOSPC; /* must not leak to the caller */
	return 40 + ++*n;
}

static void xdist_once__outside_a_run__just_calls_fn(void **state)
{
	int n = 0;

	(void)state;
	errno = 5;
	assert_int_equal(xdist_once("k", count_fn, &n), 41);
	assert_int_equal(errno, 5);
	assert_int_equal(xdist_once("k", count_fn, &n), 42);
	assert_int_equal(n, 2);
}

static void
xdist_once__in_a_run__calls_fn_once_and_returns_its_value(void **state)
{
	int n = 0;

	(void)state;
	errno = 5;
	assert_int_equal(xdist_once("setup", count_fn, &n), 41);
	assert_int_equal(errno, 5);
	assert_int_equal(xdist_once("setup", count_fn, &n), 41);
	assert_int_equal(errno, 5);
	assert_int_equal(n, 1);
	assert_int_equal(xdist_once("other", count_fn, &n), 42);
	assert_int_equal(n, 2);
}

static int minus_one_fn(void *arg)
{
	(void)arg;
	errno = EPERM;
	return -1;
}

static void xdist_once__fn_returns_minus_one__errno_tells_it_apart(void **state)
{
	(void)state;
	errno = 0;
	assert_int_equal(xdist_once("neg", minus_one_fn, NULL), -1);
	assert_int_equal(errno, 0);
	assert_int_equal(xdist_once("neg", minus_one_fn, NULL), -1);
	assert_int_equal(errno, 0);
}

static void xdist_once__unusable_run_dir__fails_without_calling_fn(void **state)
{
	int n = 0;

	(void)state;
	setenv("XDIST_RUN_DIR", "/nonexistent/xdist-run", 1);
	errno = 0;
	assert_int_equal(xdist_once("k", count_fn, &n), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(n, 0);
}

static void xdist_once__null_key_or_fn__fails_with_einval(void **state)
{
	int n = 0;

	(void)state;
	errno = 0;
	assert_int_equal(xdist_once(NULL, count_fn, &n), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(xdist_once("k", NULL, &n), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(n, 0);
}

#define OUT(name) cmocka_unit_test_setup(name, outside_a_run)
#define IN(name) cmocka_unit_test_setup_teardown(name, in_a_run, leave_the_run)

int main(void)
{
	const struct CMUnitTest tests[] = {
		OUT(xdist_worker_id__outside_a_run__is_master),
		OUT(xdist_getters__outside_a_run__give_the_master_defaults),
		IN(xdist_getters__in_a_run__read_the_contract),
		IN(xdist_getters__garbage_numbers__fall_back_and_keep_errno),
		OUT(xdist_once__outside_a_run__just_calls_fn),
		IN(xdist_once__in_a_run__calls_fn_once_and_returns_its_value),
		IN(xdist_once__fn_returns_minus_one__errno_tells_it_apart),
		IN(xdist_once__unusable_run_dir__fails_without_calling_fn),
		OUT(xdist_once__null_key_or_fn__fails_with_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
