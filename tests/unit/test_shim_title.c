/*
 * Unit tests for preload/shim_title.[ch]: formatting the title and
 * rewriting a fake argv + environ string area laid out as the kernel does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "shim_title.h"

/* A fake process image: strings back to back, as execve lays them out. */
struct image {
	char mem[512];
	char *argv[8];
	char *envp[8];
	int argc;
	size_t used;
};

static char *put_string(struct image *im, const char *s)
{
	char *p = im->mem + im->used;

	strcpy(p, s);
	im->used += strlen(s) + 1;
	return p;
}

static void image_init(struct image *im, const char *const *args,
		       const char *const *envs)
{
	int i;

	memset(im, 0, sizeof(*im));
	memset(im->mem, '#', sizeof(im->mem)); /* beyond the area: untouched */
	for (i = 0; args[i]; i++)
		im->argv[i] = put_string(im, args[i]);
	im->argc = i;
	for (i = 0; envs[i]; i++)
		im->envp[i] = put_string(im, envs[i]);
}

/* What /proc/PID/cmdline would read for this image (get_mm_cmdline). */
static size_t kernel_cmdline(const struct shim_title_area *a, char *out)
{
	size_t argv_len = (size_t)(a->argv_end - a->start);

	if (a->argv_end[-1] == '\0') {
		memcpy(out, a->start, argv_len);
		return argv_len;
	}
	strcpy(out, a->start);
	return strlen(out) + 1;
}

/* Retitle im the way shim.c does; the copy buffer is the caller's. */
static size_t retitle(struct image *im, struct shim_title_area *a,
		      const char *title, char *copy)
{
	size_t len, cover;
	char buf[SHIM_TITLE_MAX];
	int i;

	assert_int_equal(shim_title_find_area(a, im->argc, im->argv, im->envp),
			 0);
	len = shim_title_format(buf, shim_title_room(a), "gw3", title);
	cover = shim_title_cover(a, len);
	shim_title_apply(a, cover, copy, buf, len);
	for (i = 0; i < im->argc; i++)
		shim_title_relocate(a, cover, copy, &im->argv[i]);
	for (i = 0; im->envp[i]; i++)
		shim_title_relocate(a, cover, copy, &im->envp[i]);
	return cover;
}

static void
shim_title_format__worker_and_id__reads_like_a_launcher_title(void **state)
{
	char buf[64];
	size_t n;

	(void)state;
	n = shim_title_format(buf, sizeof(buf), "gw3", "./t_db --fast");
	assert_string_equal(buf, "[xdist-exec gw3] ./t_db --fast");
	assert_int_equal(n, strlen(buf));
}

static void
shim_title_format__small_buffer__truncates_and_terminates(void **state)
{
	char buf[16];
	size_t n;

	(void)state;
	n = shim_title_format(buf, sizeof(buf), "gw12", "a-long-test-id");
	assert_int_equal(n, 15);
	assert_string_equal(buf, "[xdist-exec gw1");
	assert_int_equal(shim_title_format(buf, 1, "gw0", "x"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(shim_title_format(buf, 0, "gw0", "x"), 0);
}

static void
shim_title_format__cut_inside_utf8__drops_the_partial_character(void **state)
{
	/* "[xdist-exec m] " is 15 bytes; then "é" (2 bytes) and "€" (3). */
	char buf[20];

	(void)state;
	assert_int_equal(
		shim_title_format(buf, 17, "m", "\xc3\xa9\xe2\x82\xac"), 15);
	assert_string_equal(buf, "[xdist-exec m] ");
	assert_int_equal(
		shim_title_format(buf, 18, "m", "\xc3\xa9\xe2\x82\xac"), 17);
	assert_string_equal(buf, "[xdist-exec m] \xc3\xa9");
	assert_int_equal(
		shim_title_format(buf, 20, "m", "\xc3\xa9\xe2\x82\xac"), 17);
	/* Only a cut is repaired: a bad sequence in the id is kept. */
	assert_int_equal(shim_title_format(buf, 20, "m", "\xc3\xa9\xe2"), 18);
}

static void shim_title_format__null_parts__read_as_empty(void **state)
{
	char buf[32];

	(void)state;
	shim_title_format(buf, sizeof(buf), NULL, NULL);
	assert_string_equal(buf, "[xdist-exec ] ");
}

static void shim_title_parse_pid__digits__parsed(void **state)
{
	(void)state;
	assert_int_equal(shim_title_parse_pid("4242"), 4242);
	assert_int_equal(shim_title_parse_pid("2147483647"), 2147483647L);
}

static void shim_title_parse_pid__blank_sign_or_junk__rejected(void **state)
{
	(void)state;
	assert_int_equal(shim_title_parse_pid(NULL), -1);
	assert_int_equal(shim_title_parse_pid(""), -1);
	assert_int_equal(shim_title_parse_pid("          "), -1);
	assert_int_equal(shim_title_parse_pid("12 "), -1);
	assert_int_equal(shim_title_parse_pid("-1"), -1);
	assert_int_equal(shim_title_parse_pid("+1"), -1);
	assert_int_equal(shim_title_parse_pid("2147483648"), -1);
	assert_int_equal(shim_title_parse_pid("99999999999999999999999"), -1);
}

/* /proc/self/stat with the given comm and fields 48..52 = 100..104. */
static size_t fake_stat(char *buf, size_t size, const char *comm)
{
	int n, i;

	n = snprintf(buf, size, "77 (%s) S", comm);
	for (i = 4; i <= 47; i++)
		n += snprintf(buf + n, size - (size_t)n, " %d",
			      i == 19 ? -5 : i);
	for (i = 48; i <= 52; i++)
		n += snprintf(buf + n, size - (size_t)n, " %d", 52 + i);
	n += snprintf(buf + n, size - (size_t)n, "\n");
	return (size_t)n;
}

static void
shim_title_parse_stat__comm_with_parens_and_spaces__fields_found(void **state)
{
	char buf[1024];
	unsigned long f[4];
	size_t n;

	(void)state;
	n = fake_stat(buf, sizeof(buf), "a) b (c");
	assert_int_equal(shim_title_parse_stat(buf, n, f), 0);
	assert_int_equal(f[0], 100);
	assert_int_equal(f[1], 101);
	assert_int_equal(f[2], 102);
	assert_int_equal(f[3], 103);
}

static void
shim_title_parse_stat__old_kernel_or_truncated__rejected(void **state)
{
	char buf[1024];
	unsigned long f[4];
	size_t n;

	(void)state;
	n = fake_stat(buf, sizeof(buf), "x");
	/* Cut before field 51, then before field 49. */
	assert_int_equal(shim_title_parse_stat(buf, n - 9, f), -1);
	assert_int_equal(shim_title_parse_stat(buf, n - 17, f), -1);
	assert_int_equal(shim_title_parse_stat("1 (x) S 1 2", 11, f), -1);
	assert_int_equal(shim_title_parse_stat("no paren", 8, f), -1);
}

static void
shim_title_find_area__contiguous__spans_argv_and_environ(void **state)
{
	static const char *const args[] = {"./prog", "a", "bb", NULL};
	static const char *const envs[] = {"X=1", "Y=22", NULL};
	struct image im;
	struct shim_title_area a;

	(void)state;
	image_init(&im, args, envs);
	assert_int_equal(shim_title_find_area(&a, im.argc, im.argv, im.envp),
			 0);
	assert_ptr_equal(a.start, im.mem);
	assert_ptr_equal(a.argv_end, im.mem + 7 + 2 + 3);
	assert_ptr_equal(a.end, im.mem + 12 + 4 + 5);
	assert_int_equal(shim_title_room(&a), 21);
}

static void shim_title_find_area__argv_already_moved__refused(void **state)
{
	static const char *const args[] = {"./prog", "a", NULL};
	static const char *const envs[] = {NULL};
	static char elsewhere[] = "a";
	struct image im;
	struct shim_title_area a;

	(void)state;
	image_init(&im, args, envs);
	im.argv[1] = elsewhere;
	assert_int_equal(shim_title_find_area(&a, im.argc, im.argv, im.envp),
			 -1);
	assert_int_equal(shim_title_find_area(&a, 0, im.argv, im.envp), -1);
}

static void
shim_title_find_area__environ_out_of_order__stops_at_the_gap(void **state)
{
	static const char *const args[] = {"p", NULL};
	static const char *const envs[] = {"A=1", "B=2", NULL};
	struct image im;
	struct shim_title_area a;
	char *t;

	(void)state;
	image_init(&im, args, envs);
	t = im.envp[0];
	im.envp[0] = im.envp[1];
	im.envp[1] = t;
	assert_int_equal(shim_title_find_area(&a, im.argc, im.argv, im.envp),
			 0);
	assert_ptr_equal(a.end, a.argv_end);
}

static void
shim_title_apply__short_title__argv_intact_and_cmdline_exact(void **state)
{
	static const char *const args[] = {"/usr/bin/some-long-program-name",
					   "--first-option", "--second-option",
					   "value", NULL};
	static const char *const envs[] = {"HOME=/root", "XDIST_TEST_ID=t1",
					   NULL};
	struct image im;
	struct shim_title_area a;
	char copy[256], cmd[512];
	size_t cover, n;
	int i;

	(void)state;
	image_init(&im, args, envs);
	cover = retitle(&im, &a, "t1", copy);
	assert_int_equal(cover, (size_t)(a.argv_end - a.start));
	for (i = 0; args[i]; i++) {
		assert_string_equal(im.argv[i], args[i]);
		assert_true(im.argv[i] >= copy && im.argv[i] < copy + cover);
	}
	/* The environment was not in the way: left where it was. */
	assert_ptr_equal(im.envp[0], a.argv_end);
	assert_string_equal(im.envp[0], "HOME=/root");
	assert_string_equal(im.envp[1], "XDIST_TEST_ID=t1");
	n = kernel_cmdline(&a, cmd);
	assert_int_equal(n, strlen("[xdist-exec gw3] t1") + 1);
	assert_string_equal(cmd, "[xdist-exec gw3] t1");
	/* The rest of the argv area is cleared, bar the marker byte. */
	for (i = (int)n; i < (int)cover - 1; i++)
		assert_int_equal(a.start[i], 0);
}

static void
shim_title_apply__title_exactly_fills_argv__no_marker_needed(void **state)
{
	/* "[xdist-exec gw3] " + 3 = 20 bytes + NUL = argv area of 21. */
	static const char *const args[] = {"0123456789", "012345678", NULL};
	static const char *const envs[] = {"E=1", NULL};
	struct image im;
	struct shim_title_area a;
	char copy[64], cmd[64];

	(void)state;
	image_init(&im, args, envs);
	retitle(&im, &a, "abc", copy);
	assert_int_equal(a.argv_end[-1], '\0');
	assert_int_equal(kernel_cmdline(&a, cmd), 21);
	assert_string_equal(cmd, "[xdist-exec gw3] abc");
	assert_string_equal(im.argv[0], "0123456789");
	assert_string_equal(im.argv[1], "012345678");
	assert_string_equal(im.envp[0], "E=1");
	assert_ptr_equal(im.envp[0], a.argv_end);
}

static void
shim_title_apply__long_title__spills_into_environ_which_is_moved(void **state)
{
	static const char *const args[] = {"./t", NULL};
	static const char *const envs[] = {"A=aaaaaaaa", "B=bbbbbbbbbbbb",
					   "C=cccc", NULL};
	struct image im;
	struct shim_title_area a;
	char copy[128], cmd[128];
	size_t cover;

	(void)state;
	image_init(&im, args, envs);
	/* 17 + 5 = 22 bytes + NUL: past "./t" (4) and "A=..." (11), into B. */
	cover = retitle(&im, &a, "id-xy", copy);
	assert_int_equal(cover, 4 + 11 + 15);
	assert_int_equal(kernel_cmdline(&a, cmd), 23);
	assert_string_equal(cmd, "[xdist-exec gw3] id-xy");
	assert_string_equal(im.argv[0], "./t");
	assert_string_equal(im.envp[0], "A=aaaaaaaa");
	assert_string_equal(im.envp[1], "B=bbbbbbbbbbbb");
	assert_true(im.envp[0] >= copy && im.envp[1] < copy + cover);
	/* C was past the title: same string, same place. */
	assert_ptr_equal(im.envp[2], a.start + cover);
	assert_string_equal(im.envp[2], "C=cccc");
	/* The overwritten string's tail is cleared up to C. */
	assert_int_equal(a.start[cover - 1], 0);
	assert_int_equal(a.start[23], 0);
}

static void
shim_title_apply__title_longer_than_area__truncated_to_fit(void **state)
{
	static const char *const args[] = {"p", NULL};
	static const char *const envs[] = {"E=1", NULL};
	struct image im;
	struct shim_title_area a;
	char copy[64], cmd[64];

	(void)state;
	image_init(&im, args, envs);
	retitle(&im, &a, "a-test-id-much-longer-than-the-area", copy);
	assert_int_equal(shim_title_room(&a), 6);
	kernel_cmdline(&a, cmd);
	assert_string_equal(cmd, "[xdis");
	assert_string_equal(im.argv[0], "p");
	assert_string_equal(im.envp[0], "E=1");
	/* Nothing past the area was touched. */
	assert_int_equal(im.mem[6], '#');
}

static void
shim_title_relocate__pointer_into_middle_of_argv0__follows_copy(void **state)
{
	static const char *const args[] = {"/usr/bin/prog", "x", NULL};
	static const char *const envs[] = {NULL};
	struct image im;
	struct shim_title_area a;
	char copy[64];
	char *short_name, *outside = im.mem + 300, *null = NULL;
	size_t cover;

	(void)state;
	image_init(&im, args, envs);
	short_name = im.argv[0] + 9;
	cover = retitle(&im, &a, "t", copy);
	shim_title_relocate(&a, cover, copy, &short_name);
	assert_string_equal(short_name, "prog");
	shim_title_relocate(&a, cover, copy, &short_name);
	assert_string_equal(short_name, "prog");
	shim_title_relocate(&a, cover, copy, &outside);
	assert_ptr_equal(outside, im.mem + 300);
	shim_title_relocate(&a, cover, copy, &null);
	shim_title_relocate(&a, cover, copy, NULL);
	assert_null(null);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			shim_title_format__worker_and_id__reads_like_a_launcher_title),
		cmocka_unit_test(
			shim_title_format__small_buffer__truncates_and_terminates),
		cmocka_unit_test(
			shim_title_format__cut_inside_utf8__drops_the_partial_character),
		cmocka_unit_test(shim_title_format__null_parts__read_as_empty),
		cmocka_unit_test(shim_title_parse_pid__digits__parsed),
		cmocka_unit_test(
			shim_title_parse_pid__blank_sign_or_junk__rejected),
		cmocka_unit_test(
			shim_title_parse_stat__comm_with_parens_and_spaces__fields_found),
		cmocka_unit_test(
			shim_title_parse_stat__old_kernel_or_truncated__rejected),
		cmocka_unit_test(
			shim_title_find_area__contiguous__spans_argv_and_environ),
		cmocka_unit_test(
			shim_title_find_area__argv_already_moved__refused),
		cmocka_unit_test(
			shim_title_find_area__environ_out_of_order__stops_at_the_gap),
		cmocka_unit_test(
			shim_title_apply__short_title__argv_intact_and_cmdline_exact),
		cmocka_unit_test(
			shim_title_apply__title_exactly_fills_argv__no_marker_needed),
		cmocka_unit_test(
			shim_title_apply__long_title__spills_into_environ_which_is_moved),
		cmocka_unit_test(
			shim_title_apply__title_longer_than_area__truncated_to_fit),
		cmocka_unit_test(
			shim_title_relocate__pointer_into_middle_of_argv0__follows_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
