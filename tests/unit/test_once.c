/*
 * Unit tests for preload/once.[ch]: key names, record headers, and
 * once_run() on a private directory (single process; the concurrent and
 * crash cases are scenarios).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "once.h"

static void expect_name_safe(const char *name)
{
	assert_non_null(name);
	assert_true(name[0] != '\0');
	assert_true(name[0] != '.');
	assert_true(name[0] != '-');
	assert_null(strchr(name, '/'));
	assert_true(strlen(name) < ONCE_NAME_MAX);
}

static void once_key_name__plain_key__keeps_key_then_fnv_hash(void **state)
{
	char name[ONCE_NAME_MAX], want[ONCE_NAME_MAX];
	int n;

	(void)state;
	n = once_key_name("db-setup", name, sizeof(name));
	snprintf(want, sizeof(want), "db-setup-%016llx",
		 (unsigned long long)once_fnv1a64("db-setup", 8));
	assert_string_equal(name, want);
	assert_int_equal(n, (int)strlen(want));
}

static void once_key_name__slash_in_key__never_in_name(void **state)
{
	char name[ONCE_NAME_MAX];

	(void)state;
	assert_true(once_key_name("../../etc/passwd", name, sizeof(name)) > 0);
	expect_name_safe(name);
	assert_true(once_key_name("/", name, sizeof(name)) > 0);
	expect_name_safe(name);
	assert_int_equal(strncmp(name, "_-", 2), 0);
}

static void
once_key_name__leading_dot_or_dash__never_starts_the_name(void **state)
{
	char name[ONCE_NAME_MAX];

	(void)state;
	once_key_name(".hidden", name, sizeof(name));
	assert_int_equal(strncmp(name, "_hidden-", 8), 0);
	once_key_name("..", name, sizeof(name));
	assert_int_equal(strncmp(name, "_.-", 3), 0);
	once_key_name("-rf", name, sizeof(name));
	assert_int_equal(strncmp(name, "_rf-", 4), 0);
}

static void once_key_name__control_space_and_utf8__replaced(void **state)
{
	char name[ONCE_NAME_MAX];

	(void)state;
	once_key_name("a b\n\t\xc3\xa9z", name, sizeof(name));
	assert_int_equal(strncmp(name, "a_b____z-", 9), 0);
	expect_name_safe(name);
}

static void once_key_name__empty_key__underscore_and_hash(void **state)
{
	char name[ONCE_NAME_MAX];

	(void)state;
	assert_int_equal(once_key_name("", name, sizeof(name)), 18);
	assert_string_equal(name, "_-cbf29ce484222325");
}

static void once_key_name__very_long_key__bounded_name(void **state)
{
	char key[5000], name[ONCE_NAME_MAX];

	(void)state;
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	assert_int_equal(once_key_name(key, name, sizeof(name)), 40 + 17);
	expect_name_safe(name);
}

static void
once_key_name__keys_differing_past_the_prefix__distinct_names(void **state)
{
	char a[ONCE_NAME_MAX], b[ONCE_NAME_MAX];
	const char *ka = "0123456789012345678901234567890123456789-setup-a";
	const char *kb = "0123456789012345678901234567890123456789-setup-b";

	(void)state;
	once_key_name(ka, a, sizeof(a));
	once_key_name(kb, b, sizeof(b));
	assert_int_equal(strncmp(a, b, 40), 0);
	assert_string_not_equal(a, b);
	/* and a key is not confused with its readable prefix */
	once_key_name("a/b", a, sizeof(a));
	once_key_name("a_b", b, sizeof(b));
	assert_string_not_equal(a, b);
}

static void once_key_name__same_key__same_name(void **state)
{
	char a[ONCE_NAME_MAX], b[ONCE_NAME_MAX];

	(void)state;
	once_key_name("sh -c 'make fixtures'", a, sizeof(a));
	once_key_name("sh -c 'make fixtures'", b, sizeof(b));
	assert_string_equal(a, b);
}

static void once_key_name__buffer_too_small__fails_with_erange(void **state)
{
	char name[ONCE_NAME_MAX];

	(void)state;
	errno = 0;
	assert_int_equal(once_key_name("abc", name, 3 + 17), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(once_key_name("abc", name, 3 + 18), 20);
	errno = 0;
	assert_int_equal(once_key_name(NULL, name, sizeof(name)), -1);
	assert_int_equal(errno, EINVAL);
}

static void once_fnv1a64__reference_vectors__match(void **state)
{
	(void)state;
	assert_true(once_fnv1a64("", 0) == 0xcbf29ce484222325ULL);
	assert_true(once_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(once_fnv1a64("foobar", 6) == 0x85944171f73967e8ULL);
}

static void once_header__encode_then_decode__round_trips(void **state)
{
	static const int statuses[] = {0, 1, 255, -1, INT_MIN, INT_MAX};
	static const uint64_t lens[] = {0, 1, 1ULL << 40,
					(uint64_t)INT64_MAX - ONCE_HDR_SIZE};
	unsigned char h[ONCE_HDR_SIZE];
	size_t i, j;
	uint64_t len;
	int st;

	(void)state;
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++) {
		for (j = 0; j < sizeof(lens) / sizeof(*lens); j++) {
			once_header_encode(h, statuses[i], lens[j]);
			assert_int_equal(
				once_header_decode(h, sizeof(h), &st, &len), 0);
			assert_int_equal(st, statuses[i]);
			assert_true(len == lens[j]);
		}
	}
	/* Little-endian on the wire, whatever the host. */
	once_header_encode(h, 0x01020304, 5);
	assert_int_equal(h[12], 0x04);
	assert_int_equal(h[15], 0x01);
	assert_int_equal(h[16], 5);
	assert_memory_equal(h, "XDONCE\r\n\1\0\0\0", 12);
}

static void once_header_decode__truncated__rejected_with_ebadmsg(void **state)
{
	unsigned char h[ONCE_HDR_SIZE];
	uint64_t len;
	int st;

	(void)state;
	once_header_encode(h, 0, 0);
	errno = 0;
	assert_int_equal(once_header_decode(h, ONCE_HDR_SIZE - 1, &st, &len),
			 -1);
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(once_header_decode(h, 0, &st, &len), -1);
	assert_int_equal(once_header_decode(NULL, 0, &st, &len), -1);
}

static void once_header_decode__garbage__rejected_with_ebadmsg(void **state)
{
	unsigned char h[ONCE_HDR_SIZE];
	uint64_t len;
	int st;

	(void)state;
	memset(h, 'x', sizeof(h));
	errno = 0;
	assert_int_equal(once_header_decode(h, sizeof(h), &st, &len), -1);
	assert_int_equal(errno, EBADMSG);

	once_header_encode(h, 0, 0);
	h[8] = ONCE_VERSION + 1; /* a future format */
	assert_int_equal(once_header_decode(h, sizeof(h), &st, &len), -1);

	once_header_encode(h, 0, UINT64_MAX);
	assert_int_equal(once_header_decode(h, sizeof(h), &st, &len), -1);
}

/* once_run on a private run directory. */

struct fixture {
	char dir[64];
	char once[96];
};

static int setup(void **state)
{
	static struct fixture f;
	const char *tmp = getenv("TMPDIR");

	snprintf(f.dir, sizeof(f.dir), "%s/test_once.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(f.dir))
		return -1;
	snprintf(f.once, sizeof(f.once), "%s/once", f.dir);
	*state = &f;
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

static int teardown(void **state)
{
	struct fixture *f = *state;

	return nftw(f->dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

struct work {
	int runs;
	int status;
	const char *output;
	int out_fd_cloexec;
};

static int work_fn(void *arg, int out_fd)
{
	struct work *w = arg;

	w->runs++;
	w->out_fd_cloexec = (fcntl(out_fd, F_GETFD) & FD_CLOEXEC) != 0;
	if (w->output && write(out_fd, w->output, strlen(w->output)) !=
				 (ssize_t)strlen(w->output))
		return -100;
	errno = EIO; /* must not leak to the caller */
	return w->status;
}

static void expect_output(struct once_record *rec, const char *want)
{
	char buf[256];
	ssize_t n;

	assert_true(rec->fd >= 0);
	assert_true(fcntl(rec->fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(rec->len, strlen(want));
	n = read(rec->fd, buf, sizeof(buf));
	assert_int_equal(n, (ssize_t)strlen(want));
	assert_memory_equal(buf, want, strlen(want));
}

static void state_path(const struct fixture *f, const char *key,
		       const char *suffix, char *out, size_t size)
{
	char name[ONCE_NAME_MAX];

	once_key_name(key, name, sizeof(name));
	snprintf(out, size, "%s/%s%s", f->once, name, suffix);
}

static void once_run__first_caller__runs_work_and_saves_record(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 3, "hello\n", 0};
	struct once_record rec;
	struct stat st;
	char path[256];

	once_record_init(&rec);
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, &rec), 1);
	assert_int_equal(w.runs, 1);
	assert_true(w.out_fd_cloexec);
	assert_int_equal(rec.status, 3);
	assert_int_equal(rec.save_errno, 0);
	expect_output(&rec, "hello\n");
	once_record_release(&rec);
	assert_int_equal(rec.fd, -1);

	assert_int_equal(stat(f->once, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	state_path(f, "k", ".rec", path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, ONCE_HDR_SIZE + 6);
	state_path(f, "k", ".tmp", path, sizeof(path));
	assert_int_equal(stat(path, &st), -1);
}

static void
once_run__later_caller__replays_record_without_running_work(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 7, "out", 0};
	struct work w2 = {0, 99, "other", 0};
	struct once_record rec;

	once_record_init(&rec);
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, &rec), 1);
	once_record_release(&rec);
	assert_int_equal(once_run(f->dir, "k", work_fn, &w2, &rec), 0);
	assert_int_equal(w2.runs, 0);
	assert_int_equal(rec.status, 7);
	expect_output(&rec, "out");
	once_record_release(&rec);
	assert_int_equal(once_run(f->dir, "k", work_fn, &w2, &rec), 0);
	assert_int_equal(w2.runs, 0);
	once_record_release(&rec);
}

static void once_run__distinct_keys__each_run_once(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;

	once_record_init(&rec);
	assert_int_equal(once_run(f->dir, "a", work_fn, &w, &rec), 1);
	once_record_release(&rec);
	assert_int_equal(once_run(f->dir, "b", work_fn, &w, &rec), 1);
	assert_int_equal(rec.len, 0);
	once_record_release(&rec);
	assert_int_equal(once_run(f->dir, "a", work_fn, &w, &rec), 0);
	once_record_release(&rec);
	assert_int_equal(w.runs, 2);
}

static void once_run__holder_died_mid_work__next_caller_runs_it(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 5, "fresh", 0};
	struct once_record rec;
	char path[256];
	struct stat st;
	FILE *fp;

	/* What a SIGKILLed holder leaves: the lock file and a partial tmp. */
	assert_int_equal(mkdir(f->once, 0700), 0);
	state_path(f, "k", ".lock", path, sizeof(path));
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	state_path(f, "k", ".tmp", path, sizeof(path));
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("stale partial output of the dead holder", fp);
	fclose(fp);

	once_record_init(&rec);
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, &rec), 1);
	assert_int_equal(w.runs, 1);
	assert_int_equal(rec.status, 5);
	expect_output(&rec, "fresh");
	once_record_release(&rec);
	assert_int_equal(stat(path, &st), -1);
}

static void
once_run__damaged_record__fails_with_ebadmsg_without_running(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;
	unsigned char h[ONCE_HDR_SIZE];
	char path[256];
	FILE *fp;

	assert_int_equal(mkdir(f->once, 0700), 0);
	state_path(f, "garbage", ".rec", path, sizeof(path));
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not a record, not even a header", fp);
	fclose(fp);
	/* A header promising more output than the file holds. */
	state_path(f, "short", ".rec", path, sizeof(path));
	once_header_encode(h, 0, 100);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fwrite(h, 1, sizeof(h), fp);
	fputs("only this", fp);
	fclose(fp);

	once_record_init(&rec);
	errno = 0;
	assert_int_equal(once_run(f->dir, "garbage", work_fn, &w, &rec), -1);
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(rec.fd, -1);
	errno = 0;
	assert_int_equal(once_run(f->dir, "short", work_fn, &w, &rec), -1);
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(w.runs, 0);
}

static void once_run__missing_run_dir__fails_without_running(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;
	char path[128];

	snprintf(path, sizeof(path), "%s/not-there", f->dir);
	errno = 0;
	assert_int_equal(once_run(path, "k", work_fn, &w, &rec), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rec.fd, -1);
	assert_int_equal(w.runs, 0);
}

static void once_run__once_is_a_symlink__refused(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;

	assert_int_equal(symlink("/tmp", f->once), 0);
	errno = 0;
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, &rec), -1);
	assert_true(errno == ELOOP || errno == ENOTDIR);
	assert_int_equal(w.runs, 0);
}

static void once_run__null_arguments__fail_with_einval(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;

	errno = 0;
	assert_int_equal(once_run(NULL, "k", work_fn, &w, &rec), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(once_run(f->dir, NULL, work_fn, &w, &rec), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(once_run(f->dir, "k", NULL, &w, &rec), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, NULL), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(w.runs, 0);
}

static void once_run__success__preserves_errno(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;

	errno = 1234;
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, &rec), 1);
	assert_int_equal(errno, 1234);
	once_record_release(&rec);
	assert_int_equal(errno, 1234);
	assert_int_equal(once_run(f->dir, "k", work_fn, &w, &rec), 0);
	assert_int_equal(errno, 1234);
	once_record_release(&rec);
}

static void once_run__key_with_slashes__stays_inside_once_dir(void **state)
{
	struct fixture *f = *state;
	struct work w = {0, 0, NULL, 0};
	struct once_record rec;
	char path[256];
	struct stat st;

	assert_int_equal(once_run(f->dir, "../escape", work_fn, &w, &rec), 1);
	once_record_release(&rec);
	snprintf(path, sizeof(path), "%s/escape.rec", f->dir);
	assert_int_equal(stat(path, &st), -1);
	state_path(f, "../escape", ".rec", path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			once_key_name__plain_key__keeps_key_then_fnv_hash),
		cmocka_unit_test(once_key_name__slash_in_key__never_in_name),
		cmocka_unit_test(
			once_key_name__leading_dot_or_dash__never_starts_the_name),
		cmocka_unit_test(
			once_key_name__control_space_and_utf8__replaced),
		cmocka_unit_test(once_key_name__empty_key__underscore_and_hash),
		cmocka_unit_test(once_key_name__very_long_key__bounded_name),
		cmocka_unit_test(
			once_key_name__keys_differing_past_the_prefix__distinct_names),
		cmocka_unit_test(once_key_name__same_key__same_name),
		cmocka_unit_test(
			once_key_name__buffer_too_small__fails_with_erange),
		cmocka_unit_test(once_fnv1a64__reference_vectors__match),
		cmocka_unit_test(once_header__encode_then_decode__round_trips),
		cmocka_unit_test(
			once_header_decode__truncated__rejected_with_ebadmsg),
		cmocka_unit_test(
			once_header_decode__garbage__rejected_with_ebadmsg),
		T(once_run__first_caller__runs_work_and_saves_record),
		T(once_run__later_caller__replays_record_without_running_work),
		T(once_run__distinct_keys__each_run_once),
		T(once_run__holder_died_mid_work__next_caller_runs_it),
		T(once_run__damaged_record__fails_with_ebadmsg_without_running),
		T(once_run__missing_run_dir__fails_without_running),
		T(once_run__once_is_a_symlink__refused),
		T(once_run__null_arguments__fail_with_einval),
		T(once_run__success__preserves_errno),
		T(once_run__key_with_slashes__stays_inside_once_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
