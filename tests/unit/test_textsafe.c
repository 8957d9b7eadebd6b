/*
 * Unit tests for launcher/base/textsafe.[ch]: bytes made safe for JSON, XML,
 * one log line and a file name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "textsafe.h"

#define FFFD "\xef\xbf\xbd"

/* textsafe_repair of n bytes of s, as a string (NUL-free results only). */
static char *repair(const char *s, size_t n, unsigned flags)
{
	return textsafe_dup(s, n, flags);
}

static void expect_repair(const char *s, size_t n, unsigned flags,
			  const char *want)
{
	char *got = repair(s, n, flags);

	assert_string_equal(got, want);
	/* What repair returns is clean by the same rules. */
	assert_int_equal(textsafe_clean(got, strlen(got), flags), 1);
	free(got);
}

static void textsafe_repair__valid_utf8__is_copied_unchanged(void **state)
{
	static const char s[] = "plain ASCII, caf\xc3\xa9, \xe2\x82\xac, "
				"\xf0\x9f\x98\x80, tab\tnl\ncr\r";

	(void)state;
	assert_int_equal(textsafe_clean(s, sizeof(s) - 1, 0), 1);
	assert_int_equal(textsafe_clean(s, sizeof(s) - 1, TEXTSAFE_XML), 1);
	expect_repair(s, sizeof(s) - 1, TEXTSAFE_XML, s);
}

static void textsafe_repair__stray_bytes__become_one_fffd_each(void **state)
{
	(void)state;
	assert_int_equal(textsafe_clean("a\xff", 2, 0), 0);
	expect_repair("a\xff"
		      "b",
		      3, 0, "a" FFFD "b");
	expect_repair("\x80\xbf", 2, 0, FFFD FFFD);
	expect_repair("\xc0\xaf", 2, 0, FFFD FFFD); /* overlong '/' */
	expect_repair("\xf5\x80", 2, 0, FFFD FFFD);
}

static void textsafe_repair__truncated_sequence__becomes_one_fffd(void **state)
{
	(void)state;
	/* Maximal subparts: E2 82 is the start of a valid sequence. */
	expect_repair("\xe2\x82"
		      "x",
		      3, 0, FFFD "x");
	expect_repair("\xf0\x9f\x98", 3, 0, FFFD);
	expect_repair("x\xc3", 2, 0, "x" FFFD);
}

static void textsafe_repair__surrogates_and_overlongs__are_invalid(void **state)
{
	(void)state;
	/* ED A0 80 would be U+D800: ED's second byte must be 80..9F. */
	expect_repair("\xed\xa0\x80", 3, 0, FFFD FFFD FFFD);
	/* E0 80 80 would be an overlong NUL. */
	expect_repair("\xe0\x80\x80", 3, 0, FFFD FFFD FFFD);
	/* F4 90 80 80 would be past U+10FFFF. */
	expect_repair("\xf4\x90\x80\x80", 4, 0, FFFD FFFD FFFD FFFD);
	/* The largest code points that are valid stay. */
	expect_repair("\xf4\x8f\xbf\xbf", 4, 0, "\xf4\x8f\xbf\xbf");
	expect_repair("\xed\x9f\xbf", 3, 0, "\xed\x9f\xbf");
}

static void textsafe_repair__xml__escapes_control_bytes(void **state)
{
	static const char s[] = "a\x01"
				"b\x1b[31m\x00z\t\n\r\x7f";

	(void)state;
	assert_int_equal(textsafe_clean(s, sizeof(s) - 1, 0), 1);
	assert_int_equal(textsafe_clean(s, sizeof(s) - 1, TEXTSAFE_XML), 0);
	expect_repair(s, sizeof(s) - 1, TEXTSAFE_XML,
		      "a\\x01b\\x1b[31m\\x00z\t\n\r\x7f");
}

static void textsafe_repair__xml__replaces_fffe_and_ffff(void **state)
{
	(void)state;
	expect_repair("\xef\xbf\xbe\xef\xbf\xbf", 6, TEXTSAFE_XML, FFFD FFFD);
	/* Allowed in JSON. */
	expect_repair("\xef\xbf\xbe", 3, 0, "\xef\xbf\xbe");
}

static void textsafe_repair__line__escapes_newlines_and_tabs(void **state)
{
	(void)state;
	expect_repair("a\nb\tc\rd\x7f", 8, TEXTSAFE_LINE,
		      "a\\x0ab\\x09c\\x0dd\\x7f");
}

static void textsafe_repair__appends_to_what_the_buf_holds(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "id: ");
	textsafe_repair(&b, "t\xff", 2, 0);
	assert_string_equal(b.data, "id: t" FFFD);
	textsafe_repair(&b, "", 0, 0);
	assert_string_equal(b.data, "id: t" FFFD);
	buf_release(&b);
}

/* Random bytes, biased towards the ones UTF-8 decoding turns on. */
static void
textsafe_repair__any_bytes__give_clean_text_repair_keeps(void **state)
{
	static const unsigned char pick[] = {
		0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x20, 0x41, 0x7f,
		0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf,
		0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xfe, 0xff};
	unsigned long long x = 88172645463325252ULL;
	unsigned flags[] = {0, TEXTSAFE_XML, TEXTSAFE_LINE};
	char s[24];
	int i, k, f;

	(void)state;
	for (i = 0; i < 20000; i++) {
		int n = i % (int)sizeof(s);

		for (k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[k] = (char)pick[x % sizeof(pick)];
		}
		for (f = 0; f < 3; f++) {
			char *once = textsafe_dup(s, (size_t)n, flags[f]);
			char *twice =
				textsafe_dup(once, strlen(once), flags[f]);

			assert_int_equal(
				textsafe_clean(once, strlen(once), flags[f]),
				1);
			assert_string_equal(once, twice);
			if (textsafe_clean(s, (size_t)n, flags[f]))
				assert_memory_equal(once, s, (size_t)n);
			free(once);
			free(twice);
		}
	}
}

static void textsafe_hash__is_fnv1a_64(void **state)
{
	(void)state;
	assert_true(textsafe_hash("", 0) == 0xcbf29ce484222325ULL);
	assert_true(textsafe_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
}

static char *file_name(const char *id, size_t run)
{
	struct buf b = BUF_INIT;

	textsafe_file_name(&b, id, strlen(id), run);
	return buf_release_take(&b);
}

/* The name without its "-<8 hex>" hash (and any run suffix). */
static void expect_stem(const char *id, const char *stem)
{
	char *name = file_name(id, TEXTSAFE_NO_RUN);
	size_t n = strlen(name);

	assert_true(n == strlen(stem) + 9);
	assert_memory_equal(name, stem, strlen(stem));
	assert_int_equal(name[strlen(stem)], '-');
	assert_int_equal(strspn(name + strlen(stem) + 1, "0123456789abcdef"),
			 8);
	free(name);
}

static void textsafe_file_name__keeps_safe_characters(void **state)
{
	(void)state;
	expect_stem("t_login-2.sh", "t_login-2.sh");
	expect_stem("./tests/t_login --fast", "tests_t_login_--fast");
	expect_stem("a::b c", "a_b_c");
}

static void textsafe_file_name__drops_leading_dots_and_dashes(void **state)
{
	(void)state;
	expect_stem("../x", "x");
	expect_stem("--help", "help");
	expect_stem(".hidden", "hidden");
}

static void textsafe_file_name__with_nothing_safe__says_test(void **state)
{
	(void)state;
	expect_stem("", "test");
	expect_stem("/// \xff\x01", "test");
	expect_stem("...", "test");
}

static void textsafe_file_name__caps_the_length(void **state)
{
	char id[1000];
	char *a, *b;

	(void)state;
	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	a = file_name(id, TEXTSAFE_NO_RUN);
	assert_int_equal(strlen(a), TEXTSAFE_NAME_MAX + 9);
	/* Same stem, different id: the hash tells them apart. */
	id[sizeof(id) - 2] = 'y';
	b = file_name(id, TEXTSAFE_NO_RUN);
	assert_int_equal(strlen(b), TEXTSAFE_NAME_MAX + 9);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
	a = file_name(id, (size_t)-2);
	assert_true(strlen(a) <= TEXTSAFE_NAME_MAX + 31);
	free(a);
}

static void textsafe_file_name__ids_that_sanitise_alike__differ(void **state)
{
	char *a, *b;

	(void)state;
	a = file_name("t a", TEXTSAFE_NO_RUN);
	b = file_name("t/a", TEXTSAFE_NO_RUN);
	assert_memory_equal(a, "t_a-", 4);
	assert_memory_equal(b, "t_a-", 4);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

static void textsafe_file_name__with_a_run__ends_in_its_index(void **state)
{
	char *plain, *with;

	(void)state;
	plain = file_name("./t_a", TEXTSAFE_NO_RUN);
	with = file_name("./t_a", 12);
	assert_int_equal(strlen(with), strlen(plain) + 4);
	assert_memory_equal(with, plain, strlen(plain));
	assert_string_equal(with + strlen(plain), "-r12");
	free(plain);
	free(with);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			textsafe_repair__valid_utf8__is_copied_unchanged),
		cmocka_unit_test(
			textsafe_repair__stray_bytes__become_one_fffd_each),
		cmocka_unit_test(
			textsafe_repair__truncated_sequence__becomes_one_fffd),
		cmocka_unit_test(
			textsafe_repair__surrogates_and_overlongs__are_invalid),
		cmocka_unit_test(textsafe_repair__xml__escapes_control_bytes),
		cmocka_unit_test(textsafe_repair__xml__replaces_fffe_and_ffff),
		cmocka_unit_test(
			textsafe_repair__line__escapes_newlines_and_tabs),
		cmocka_unit_test(
			textsafe_repair__appends_to_what_the_buf_holds),
		cmocka_unit_test(
			textsafe_repair__any_bytes__give_clean_text_repair_keeps),
		cmocka_unit_test(textsafe_hash__is_fnv1a_64),
		cmocka_unit_test(textsafe_file_name__keeps_safe_characters),
		cmocka_unit_test(
			textsafe_file_name__drops_leading_dots_and_dashes),
		cmocka_unit_test(
			textsafe_file_name__with_nothing_safe__says_test),
		cmocka_unit_test(textsafe_file_name__caps_the_length),
		cmocka_unit_test(
			textsafe_file_name__ids_that_sanitise_alike__differ),
		cmocka_unit_test(
			textsafe_file_name__with_a_run__ends_in_its_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
