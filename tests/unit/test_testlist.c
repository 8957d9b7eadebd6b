/*
 * Unit tests for launcher/core/testlist.[ch]: tests from arguments and list
 * files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlist.h"

struct parsed {
	struct testlist l;
	struct buf err;
	int rc;
};

static void parse_bytes(struct parsed *p, const char *data, size_t len)
{
	testlist_init(&p->l);
	buf_init(&p->err);
	p->rc = testlist_parse(&p->l, "list", data, len, &p->err);
}

/* Parse a C string (the NUL terminator is not part of the data). */
static void parse(struct parsed *p, const char *text)
{
	parse_bytes(p, text, strlen(text));
}

static void parsed_release(struct parsed *p)
{
	testlist_release(&p->l);
	buf_release(&p->err);
}

static const char *err_text(const struct parsed *p)
{
	return p->err.data ? p->err.data : "";
}

static size_t argv_len(char *const *argv)
{
	size_t n = 0;

	while (argv[n])
		n++;
	return n;
}

/* A direct test: id as given, argv split as listed (NULL-terminated). */
static void assert_direct(const struct test *t, const char *id,
			  const char *const *want)
{
	char **argv = test_argv(t);
	size_t i, n = 0;

	while (want[n])
		n++;
	assert_string_equal(t->id, id);
	assert_int_equal(t->shell, 0);
	assert_int_equal(argv_len(argv), n);
	for (i = 0; i < n; i++)
		assert_string_equal(argv[i], want[i]);
	free(argv);
}

#define ASSERT_DIRECT(t, id, ...) \
	assert_direct((t), (id), (const char *const[]){__VA_ARGS__, NULL})

/* A shell test: argv is { line, NULL } for /bin/sh -c, id is the line. */
static void assert_shell(const struct test *t, const char *line)
{
	char **argv = test_argv(t);

	assert_string_equal(t->id, line);
	assert_int_equal(t->shell, 1);
	assert_int_equal(argv_len(argv), 1);
	assert_string_equal(argv[0], line);
	free(argv);
}

/* The one line "line\n" parses to one shell test. */
static void assert_line_is_shell(const char *line)
{
	struct parsed p;
	char *text = xasprintf("%s\n", line);

	parse(&p, text);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1);
	assert_shell(&p.l.v[0], line);
	assert_int_equal(testlist_needs_shell(line), 1);
	parsed_release(&p);
	free(text);
}

/* ---- skipping and trimming --------------------------------------------- */

static void testlist_parse__empty_data__gives_no_tests(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 0);
	assert_int_equal(p.err.len, 0);
	parsed_release(&p);
}

static void testlist_parse__blank_and_comment_lines__are_skipped(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "\n"
		  "   \n"
		  "\t \t\n"
		  "# a comment\n"
		  "./t1\n"
		  "   # an indented comment\n"
		  "\t#tab-indented\n"
		  "\r\n"
		  " \t\r\n"
		  "./t2\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 2);
	ASSERT_DIRECT(&p.l.v[0], "./t1", "./t1");
	ASSERT_DIRECT(&p.l.v[1], "./t2", "./t2");
	parsed_release(&p);
}

static void testlist_parse__crlf_line_ends__drop_the_cr(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./a\r\n./b x\r\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 2);
	ASSERT_DIRECT(&p.l.v[0], "./a", "./a");
	ASSERT_DIRECT(&p.l.v[1], "./b x", "./b", "x");
	parsed_release(&p);
}

static void
testlist_parse__leading_and_trailing_blanks__are_trimmed_from_id(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "  \t./t  arg \t\n\t./u\t\r\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 2);
	ASSERT_DIRECT(&p.l.v[0], "./t  arg", "./t", "arg");
	ASSERT_DIRECT(&p.l.v[1], "./u", "./u");
	parsed_release(&p);
}

static void testlist_parse__last_line_without_newline__is_a_test(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./a\n./b --flag");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 2);
	ASSERT_DIRECT(&p.l.v[0], "./a", "./a");
	ASSERT_DIRECT(&p.l.v[1], "./b --flag", "./b", "--flag");
	parsed_release(&p);
}

static void testlist_parse__two_lists__append_in_order(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./a\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(
		testlist_parse(&p.l, "second", "./b\n./c\n", 8, &p.err), 0);
	assert_int_equal(p.l.n, 3);
	assert_string_equal(p.l.v[0].id, "./a");
	assert_string_equal(p.l.v[1].id, "./b");
	assert_string_equal(p.l.v[2].id, "./c");
	parsed_release(&p);
}

static void testlist_parse__many_lines__are_all_kept_in_order(void **state)
{
	struct buf text = BUF_INIT;
	struct parsed p;
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++)
		buf_addf(&text, "./t%zu arg%zu\n", i, i);
	parse_bytes(&p, text.data, text.len);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1000);
	for (i = 0; i < 1000; i++) {
		char id[64], arg[32], **argv = test_argv(&p.l.v[i]);

		snprintf(id, sizeof(id), "./t%zu arg%zu", i, i);
		snprintf(arg, sizeof(arg), "arg%zu", i);
		assert_string_equal(p.l.v[i].id, id);
		assert_string_equal(argv[1], arg);
		free(argv);
	}
	parsed_release(&p);
	buf_release(&text);
}

/* ---- direct tests: split on blanks ------------------------------------- */

static void testlist_parse__plain_line__splits_on_blanks_and_tabs(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./t\t-a   --b\t \tc\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1);
	ASSERT_DIRECT(&p.l.v[0], "./t\t-a   --b\t \tc", "./t", "-a", "--b",
		      "c");
	parsed_release(&p);
}

static void
testlist_parse__option_with_equals__is_not_a_shell_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./t --opt=val\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1);
	ASSERT_DIRECT(&p.l.v[0], "./t --opt=val", "./t", "--opt=val");
	assert_int_equal(testlist_needs_shell("./t --opt=val"), 0);
	parsed_release(&p);
}

static void testlist_parse__plain_punctuation__is_not_a_shell_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "/usr/bin/env -u X ./t_a-b.sh +x @y %z ,w :v\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1);
	ASSERT_DIRECT(&p.l.v[0], "/usr/bin/env -u X ./t_a-b.sh +x @y %z ,w :v",
		      "/usr/bin/env", "-u", "X", "./t_a-b.sh", "+x", "@y", "%z",
		      ",w", ":v");
	parsed_release(&p);
}

/* ---- shell tests ------------------------------------------------------- */

static void testlist_parse__dollar__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t $HOME");
}

static void testlist_parse__pipe__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t | grep ok");
}

static void testlist_parse__redirection__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t >out");
	assert_line_is_shell("./t < in");
}

static void testlist_parse__single_quotes__make_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t 'a b'");
}

static void testlist_parse__double_quotes__make_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t \"a b\"");
}

static void testlist_parse__glob__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t *.txt");
	assert_line_is_shell("./t file?");
	assert_line_is_shell("./t [ab]");
}

static void testlist_parse__semicolon__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./a; ./b");
}

static void testlist_parse__ampersand__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./a && ./b");
	assert_line_is_shell("./a &");
}

static void testlist_parse__backslash__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t a\\ b");
}

static void testlist_parse__backquote__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("./t `date`");
}

static void
testlist_parse__env_assignment_prefix__makes_a_shell_test(void **state)
{
	(void)state;
	assert_line_is_shell("NAME=value ./t");
	assert_line_is_shell("A=1 B=2 ./t --x=y");
}

static void
testlist_parse__shell_line_with_blanks_around__keeps_trimmed_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "  ./a | ./b \t\r\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1);
	assert_shell(&p.l.v[0], "./a | ./b");
	parsed_release(&p);
}

static void testlist_needs_shell__plain_command__is_0(void **state)
{
	(void)state;
	assert_int_equal(testlist_needs_shell("./t -v --x=1 a/b.c"), 0);
	assert_int_equal(testlist_needs_shell(""), 0);
}

/* ---- errors ------------------------------------------------------------ */

static void
testlist_parse__nul_byte__is_an_error_naming_file_and_line(void **state)
{
	static const char data[] = "./a\n# comment\n./b\0c\n./d\n";
	struct parsed p;

	(void)state;
	parse_bytes(&p, data, sizeof(data) - 1);
	assert_int_equal(p.rc, -1);
	assert_string_equal(err_text(&p), "list:3: line contains a NUL byte");
	parsed_release(&p);
}

static void testlist_parse__nul_byte_in_last_line__is_an_error(void **state)
{
	static const char data[] = "./a\n\0";
	struct parsed p;

	(void)state;
	parse_bytes(&p, data, sizeof(data) - 1);
	assert_int_equal(p.rc, -1);
	assert_string_equal(err_text(&p), "list:2: line contains a NUL byte");
	parsed_release(&p);
}

static void
testlist_parse__over_long_line__is_an_error_naming_file_and_line(void **state)
{
	size_t n = TESTLIST_MAX_LINE + 1;
	char *data = xmalloc(4 + n + 8);
	char want[128];
	struct parsed p;

	(void)state;
	memcpy(data, "\n\n./", 4);
	memset(data + 4, 'a', n - 2);
	memcpy(data + 4 + n - 2, "\n./b\n", 5);
	parse_bytes(&p, data, 4 + n - 2 + 5);
	/* Line 3 is "./" + n - 2 letters: exactly n bytes. */
	assert_int_equal(p.rc, -1);
	snprintf(want, sizeof(want), "list:3: line longer than %u bytes",
		 TESTLIST_MAX_LINE);
	assert_string_equal(err_text(&p), want);
	parsed_release(&p);
	free(data);
}

static void testlist_parse__line_of_exactly_max_bytes__is_accepted(void **state)
{
	size_t n = TESTLIST_MAX_LINE;
	char *data = xmalloc(n + 1);
	struct parsed p;

	(void)state;
	memcpy(data, "./", 2);
	memset(data + 2, 'a', n - 2);
	data[n] = '\n';
	parse_bytes(&p, data, n + 1);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 1);
	assert_int_equal(strlen(p.l.v[0].id), n);
	parsed_release(&p);
	free(data);
}

/* ---- testlist_add_arg -------------------------------------------------- */

static void
testlist_add_arg__argument_with_spaces__is_one_argv_element(void **state)
{
	struct testlist l;

	(void)state;
	testlist_init(&l);
	testlist_add_arg(&l, "./my test --x");
	assert_int_equal(l.n, 1);
	ASSERT_DIRECT(&l.v[0], "./my test --x", "./my test --x");
	testlist_release(&l);
}

static void
testlist_add_arg__shell_characters__are_not_a_shell_line(void **state)
{
	struct testlist l;

	(void)state;
	testlist_init(&l);
	testlist_add_arg(&l, "./t $HOME | x");
	assert_int_equal(l.n, 1);
	ASSERT_DIRECT(&l.v[0], "./t $HOME | x", "./t $HOME | x");
	testlist_release(&l);
}

static void testlist_add_arg__after_a_list__appends_in_order(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./a\n./b\n");
	testlist_add_arg(&p.l, "./c");
	assert_int_equal(p.l.n, 3);
	assert_string_equal(p.l.v[0].id, "./a");
	assert_string_equal(p.l.v[1].id, "./b");
	assert_string_equal(p.l.v[2].id, "./c");
	parsed_release(&p);
}

/* ---- attributes, names and what runs ----------------------------------- */

static void testlist_parse__line_without_attributes__has_none(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./t1 -v\n");
	assert_int_equal(p.rc, 0);
	assert_null(p.l.v[0].attrs);
	assert_null(p.l.v[0].cmd);
	assert_int_equal(test_attrs_of(&p.l.v[0])->timeout_ms, -1);
	assert_null(test_attrs_of(&p.l.v[0])->lock);
	assert_int_equal(test_attrs_of(&p.l.v[0])->exclusive, 0);
	parsed_release(&p);
}

static void testlist_parse__tap_attribute__is_on_off_or_unset(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./t1 #@ tap\n./t2 #@ tap=1\n./t3 #@ tap=no\n./t4\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(test_attrs_of(&p.l.v[0])->tap, 1);
	assert_int_equal(test_attrs_of(&p.l.v[1])->tap, 1);
	assert_int_equal(test_attrs_of(&p.l.v[2])->tap, -1);
	assert_int_equal(test_attrs_of(&p.l.v[3])->tap, 0);
	parsed_release(&p);
	parse(&p, "./t1 #@ tap=maybe\n");
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.err.data, "attribute tap: 'maybe' is not"));
	parsed_release(&p);
}

static void testlist_parse__attributes__are_kept_with_the_test(void **state)
{
	struct parsed p;
	const struct test_attrs *a;

	(void)state;
	parse(&p, "./t1 -v #@ group=g scope=s lock=db timeout=2.5 exclusive\n"
		  "./t2 #@ timeout=1\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.l.n, 2);
	a = test_attrs_of(&p.l.v[0]);
	assert_string_equal(a->group, "g");
	assert_string_equal(a->scope, "s");
	assert_string_equal(a->lock, "db");
	assert_int_equal(a->timeout_ms, 2500);
	assert_int_equal(a->exclusive, 1);
	ASSERT_DIRECT(&p.l.v[0], "./t1 -v", "./t1", "-v");
	a = test_attrs_of(&p.l.v[1]);
	assert_null(a->group);
	assert_int_equal(a->timeout_ms, 1000);
	parsed_release(&p);
}

static void
testlist_parse__name_attribute__is_the_id_not_the_command(void **state)
{
	struct parsed p;
	char *exe;

	(void)state;
	parse(&p, "  ./t_login --fast  #@ name=login\n"
		  "./t $X #@ name=env\n");
	assert_int_equal(p.rc, 0);
	ASSERT_DIRECT(&p.l.v[0], "login", "./t_login", "--fast");
	assert_string_equal(test_cmd(&p.l.v[0]), "./t_login --fast");
	exe = test_file(&p.l.v[0]);
	assert_string_equal(exe, "./t_login");
	free(exe);
	assert_string_equal(p.l.v[1].id, "env");
	assert_int_equal(p.l.v[1].shell, 1);
	assert_string_equal(test_cmd(&p.l.v[1]), "./t $X");
	exe = test_file(&p.l.v[1]);
	assert_string_equal(exe, "./t");
	free(exe);
	parsed_release(&p);
}

static void testlist_parse__marks_and_xfail__are_attributes(void **state)
{
	struct parsed p;
	const struct test_attrs *a;

	(void)state;
	parse(&p, "./t1 #@ marks=slow,network mark=db marks=slow\n"
		  "./t2 #@ xfail\n"
		  "./t3 #@ xfail=\"known bug #12\" name=\"t three\"\n"
		  "./t4 #@ mark=xfail\n");
	assert_int_equal(p.rc, 0);
	a = test_attrs_of(&p.l.v[0]);
	assert_string_equal(a->marks, "slow,network,db");
	assert_null(a->xfail);
	a = test_attrs_of(&p.l.v[1]);
	assert_null(a->marks);
	assert_string_equal(a->xfail, "");
	a = test_attrs_of(&p.l.v[2]);
	assert_string_equal(a->xfail, "known bug #12");
	assert_string_equal(p.l.v[2].id, "t three");
	/* The built-in mark xfail is the attribute. */
	a = test_attrs_of(&p.l.v[3]);
	assert_string_equal(a->marks, "xfail");
	assert_string_equal(a->xfail, "");
	/* Without attributes: no marks, not expected to fail. */
	parsed_release(&p);
	parse(&p, "./t5\n");
	assert_null(test_attrs_of(&p.l.v[0])->marks);
	assert_null(test_attrs_of(&p.l.v[0])->xfail);
	parsed_release(&p);
}

static void assert_bad_line(const char *line, const char *why)
{
	struct parsed p;

	parse(&p, line);
	assert_int_equal(p.rc, -1);
	assert_string_equal(err_text(&p), why);
	parsed_release(&p);
}

static void testlist_parse__bad_marks_or_quotes__name_the_line(void **state)
{
	(void)state;
	assert_bad_line("./t #@ marks=a,,b\n",
			"list:1: attribute marks: no mark named");
	assert_bad_line("./t\n./t #@ mark=\"a b\"\n",
			"list:2: attribute mark: 'a b' is not a mark name "
			"(letters, digits, '_', '-', '.'; not and, or, not)");
	assert_bad_line("./t #@ marks\n", "list:1: attribute marks needs a "
					  "value (marks=NAME,...)");
	assert_bad_line("./t #@ xfail=\n",
			"list:1: attribute xfail needs a value (xfail=VALUE)");
	assert_bad_line("./t #@ xfail=\"open\n",
			"list:1: unterminated quote in 'xfail=open'");
}

static void testlist_parse__strict_marks__refuse_undeclared_ones(void **state)
{
	struct marks_decl d;
	struct testlist l;
	struct buf err = BUF_INIT;
	static const char ok[] = "./t #@ marks=slow,xfail\n";
	static const char bad[] = "./t\n./u #@ marks=slow,flaky\n";

	(void)state;
	marks_decl_init(&d);
	assert_int_equal(marks_declare(&d, "slow: takes long", &err), 0);
	testlist_init(&l);
	l.strict_marks = &d;
	assert_int_equal(testlist_parse(&l, "f.list", ok, sizeof(ok) - 1, &err),
			 0);
	assert_int_equal(
		testlist_parse(&l, "f.list", bad, sizeof(bad) - 1, &err), -1);
	assert_string_equal(err.data, "f.list:2: 'flaky' not found in "
				      "`markers` configuration option");
	testlist_release(&l);
	marks_decl_release(&d);
	buf_release(&err);
}

static void test_argv__runs_of_blanks__give_no_empty_words(void **state)
{
	struct testlist l;
	char *exe;

	(void)state;
	testlist_init(&l);
	testlist_add_line(&l, " \t./t  a\t\tb ", strlen(" \t./t  a\t\tb "));
	ASSERT_DIRECT(&l.v[0], " \t./t  a\t\tb ", "./t", "a", "b");
	exe = test_file(&l.v[0]);
	assert_string_equal(exe, "./t");
	free(exe);
	testlist_release(&l);
}

/* testlist_is_file_fn over a NULL-terminated list of names. */
static int in_names(void *ctx, const char *path)
{
	const char *const *v = ctx;

	for (; *v; v++)
		if (!strcmp(*v, path))
			return 1;
	return 0;
}

static const char *const files[] = {"test/a.bats", "x.t", "t.py", "tests/a.sh",
				    "my test",	   "./t", "-x",	  NULL};

/* The file of `line` (an argument when arg), with files[] existing. */
static void assert_file(const char *line, int arg, const char *want,
			int in_path)
{
	struct testlist l;
	char *file;

	testlist_init(&l);
	if (arg)
		testlist_add_arg(&l, line);
	else
		testlist_add_line(&l, line, strlen(line));
	test_locate_file(&l.v[0], in_names, (void *)files);
	file = test_file(&l.v[0]);
	assert_string_equal(file, want);
	assert_int_equal(test_file_in_path(&l.v[0]), in_path);
	free(file);
	testlist_release(&l);
}

static void test_locate_file__first_argument_naming_a_file__wins(void **state)
{
	(void)state;
	/* Whatever the program: a driver, a runner, an interpreter. */
	assert_file("bin/bats test/a.bats", 0, "test/a.bats", 0);
	assert_file("./runner x.t", 0, "x.t", 0);
	assert_file("sh tests/a.sh arg", 0, "tests/a.sh", 0);
	assert_file("python3 -u t.py x.t", 0, "t.py", 0);
	assert_file("env A=1 ./t x.t", 0, "./t", 0);
	/* A shell line's words too. */
	assert_file("cd . && exec ./runner x.t | tee log", 0, "x.t", 0);
	/* Options are not files, even when one names a file. */
	assert_file("./runner -x", 0, "./runner", 0);
}

static void
test_locate_file__no_argument_is_a_file__is_the_program(void **state)
{
	(void)state;
	assert_file("./runner a b", 0, "./runner", 0);
	assert_file("bats missing.bats", 0, "bats", 1);
	assert_file("sh", 0, "sh", 1);
	assert_file("  /usr/bin/true  x", 0, "/usr/bin/true", 0);
	/* An argument is its own file, blanks and all. */
	assert_file("my test", 1, "my test", 1);
	assert_file("true", 1, "true", 1);
	assert_file("./true", 1, "./true", 0);
}

static void testlist_is_interpreter__by_last_component(void **state)
{
	(void)state;
	assert_int_equal(testlist_is_interpreter("/bin/sh", 7), 1);
	assert_int_equal(testlist_is_interpreter("/bin/sh", 6), 0);
	assert_int_equal(testlist_is_interpreter("tclsh", 5), 1);
	assert_int_equal(testlist_is_interpreter("python3.11", 10), 1);
	assert_int_equal(testlist_is_interpreter("pythonic", 8), 0);
	assert_int_equal(testlist_is_interpreter("./shell", 7), 0);
	assert_int_equal(testlist_is_interpreter("", 0), 0);
}

/* test_bare_interpreter of a list line. */
static int bare_line(const char *line)
{
	struct testlist l;
	int r;

	testlist_init(&l);
	testlist_add_line(&l, line, strlen(line));
	r = test_bare_interpreter(&l.v[0]);
	testlist_release(&l);
	return r;
}

static void test_bare_interpreter__no_script__is_1(void **state)
{
	(void)state;
	assert_int_equal(bare_line("python3"), 1);
	assert_int_equal(bare_line("/bin/sh -e"), 1);
	assert_int_equal(bare_line("bash -x -"), 1);
	assert_int_equal(bare_line("perl\t-w "), 1);
	assert_int_equal(bare_line("sh t.sh"), 0);
	assert_int_equal(bare_line("python3 -m pytest"), 0);
	assert_int_equal(bare_line("sh -c true"), 0);
	/* A shell line may feed it: sh <script. */
	assert_int_equal(bare_line("sh <t.sh"), 0);
	assert_int_equal(bare_line("./t"), 0);
}

static void testlist_parse__bare_interpreter__is_an_error(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./t\n\npython3 -u\n./u\n");
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.err.data, "list:3: 'python3 -u' is an "
					"interpreter with no script: it would "
					"read an empty stdin and pass");
	assert_int_equal(p.l.n, 1);
	parsed_release(&p);
}

static int check_arg(const char *arg, struct buf *err)
{
	buf_reset(err);
	return testlist_check_arg(arg, in_names, (void *)files, err);
}

static void testlist_check_arg__mistakes__are_refused(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(check_arg("./t", &err), 0);
	assert_int_equal(check_arg("my test", &err), 0);
	assert_int_equal(check_arg("python3.11", &err), -1);
	assert_non_null(strstr(err.data, "argument 'python3.11' is an "
					 "interpreter with no script"));
	assert_int_equal(check_arg("sleep 3", &err), -1);
	assert_non_null(strstr(err.data, "argument 'sleep 3' is not a file"));
	assert_non_null(strstr(err.data, "-f FILE"));
	assert_non_null(strstr(err.data, "-f - <<EOF"));
	assert_null(strchr(err.data, '\n'));
	buf_release(&err);
}

/* testlist_format_line of the words, NULL-terminated. */
static void assert_format(const char *want, const char *const *argv)
{
	struct buf b = BUF_INIT;
	int argc = 0;

	while (argv[argc])
		argc++;
	testlist_format_line(&b, argc, argv);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void testlist_format_line__plain_words__stay_a_direct_line(void **state)
{
	struct testlist l;
	const char *const argv[] = {"/bin/bash", "-e",		"../t/a_b.sh",
				    "x=1",	 "a,b:c+d@e%f", NULL};
	struct buf b = BUF_INIT;

	(void)state;
	assert_format("/bin/bash -e ../t/a_b.sh x=1 a,b:c+d@e%f", argv);
	/* ...which reads back as the same argv, without a shell. */
	testlist_format_line(&b, 5, argv);
	testlist_init(&l);
	testlist_add_line(&l, b.data, b.len);
	ASSERT_DIRECT(&l.v[0], b.data, "/bin/bash", "-e", "../t/a_b.sh", "x=1",
		      "a,b:c+d@e%f");
	testlist_release(&l);
	buf_release(&b);
}

static void testlist_format_line__other_words__are_single_quoted(void **state)
{
	(void)state;
	assert_format("'./my test' '' 'it'\\''s' '$HOME' '#@'",
		      (const char *const[]){"./my test", "", "it's", "$HOME",
					    "#@", NULL});
	/* '=' in the first word would read as an assignment. */
	assert_format("'A=1' ./t", (const char *const[]){"A=1", "./t", NULL});
	assert_int_equal(testlist_needs_shell("'./my test' x"), 1);
}

static void testlist_drop_duplicates__keeps_the_first_of_each_id(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./a\n./b\n./a\n./c #@ name=x\n./c #@ name=y\n./b\n"
		  "./d #@ name=x\n./a\n");
	assert_int_equal(p.rc, 0);
	testlist_add_arg(&p.l, "./c");
	testlist_add_arg(&p.l, "./b");
	assert_int_equal(testlist_drop_duplicates(&p.l), 5);
	assert_int_equal(p.l.n, 5);
	assert_string_equal(p.l.v[0].id, "./a");
	assert_string_equal(p.l.v[1].id, "./b");
	assert_string_equal(p.l.v[2].id, "x");
	assert_string_equal(test_cmd(&p.l.v[2]), "./c");
	assert_string_equal(p.l.v[3].id, "y");
	assert_string_equal(p.l.v[4].id, "./c");
	assert_int_equal(testlist_drop_duplicates(&p.l), 0);
	parsed_release(&p);
}

static void testlist_trim__keeps_every_test(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "./a\n./b\n./c\n");
	assert_true(p.l.cap > p.l.n);
	testlist_trim(&p.l);
	assert_int_equal(p.l.cap, 3);
	assert_int_equal(p.l.n, 3);
	assert_string_equal(p.l.v[2].id, "./c");
	testlist_add_arg(&p.l, "./d");
	assert_int_equal(p.l.n, 4);
	assert_string_equal(p.l.v[3].id, "./d");
	parsed_release(&p);
}

static void testlist_release__twice__leaves_an_empty_list(void **state)
{
	struct testlist l;

	(void)state;
	testlist_init(&l);
	testlist_add_arg(&l, "./a");
	testlist_release(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	testlist_release(&l);
	assert_int_equal(l.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(testlist_parse__empty_data__gives_no_tests),
		cmocka_unit_test(
			testlist_parse__blank_and_comment_lines__are_skipped),
		cmocka_unit_test(testlist_parse__crlf_line_ends__drop_the_cr),
		cmocka_unit_test(
			testlist_parse__leading_and_trailing_blanks__are_trimmed_from_id),
		cmocka_unit_test(
			testlist_parse__last_line_without_newline__is_a_test),
		cmocka_unit_test(testlist_parse__two_lists__append_in_order),
		cmocka_unit_test(
			testlist_parse__many_lines__are_all_kept_in_order),
		cmocka_unit_test(
			testlist_parse__plain_line__splits_on_blanks_and_tabs),
		cmocka_unit_test(
			testlist_parse__option_with_equals__is_not_a_shell_line),
		cmocka_unit_test(
			testlist_parse__plain_punctuation__is_not_a_shell_line),
		cmocka_unit_test(testlist_parse__dollar__makes_a_shell_test),
		cmocka_unit_test(testlist_parse__pipe__makes_a_shell_test),
		cmocka_unit_test(
			testlist_parse__redirection__makes_a_shell_test),
		cmocka_unit_test(
			testlist_parse__single_quotes__make_a_shell_test),
		cmocka_unit_test(
			testlist_parse__double_quotes__make_a_shell_test),
		cmocka_unit_test(testlist_parse__glob__makes_a_shell_test),
		cmocka_unit_test(testlist_parse__semicolon__makes_a_shell_test),
		cmocka_unit_test(testlist_parse__ampersand__makes_a_shell_test),
		cmocka_unit_test(testlist_parse__backslash__makes_a_shell_test),
		cmocka_unit_test(testlist_parse__backquote__makes_a_shell_test),
		cmocka_unit_test(
			testlist_parse__env_assignment_prefix__makes_a_shell_test),
		cmocka_unit_test(
			testlist_parse__shell_line_with_blanks_around__keeps_trimmed_line),
		cmocka_unit_test(testlist_needs_shell__plain_command__is_0),
		cmocka_unit_test(
			testlist_parse__nul_byte__is_an_error_naming_file_and_line),
		cmocka_unit_test(
			testlist_parse__nul_byte_in_last_line__is_an_error),
		cmocka_unit_test(
			testlist_parse__over_long_line__is_an_error_naming_file_and_line),
		cmocka_unit_test(
			testlist_parse__line_of_exactly_max_bytes__is_accepted),
		cmocka_unit_test(
			testlist_add_arg__argument_with_spaces__is_one_argv_element),
		cmocka_unit_test(
			testlist_add_arg__shell_characters__are_not_a_shell_line),
		cmocka_unit_test(
			testlist_add_arg__after_a_list__appends_in_order),
		cmocka_unit_test(
			testlist_parse__line_without_attributes__has_none),
		cmocka_unit_test(
			testlist_parse__attributes__are_kept_with_the_test),
		cmocka_unit_test(
			testlist_parse__tap_attribute__is_on_off_or_unset),
		cmocka_unit_test(
			testlist_parse__name_attribute__is_the_id_not_the_command),
		cmocka_unit_test(
			testlist_parse__marks_and_xfail__are_attributes),
		cmocka_unit_test(
			testlist_parse__bad_marks_or_quotes__name_the_line),
		cmocka_unit_test(
			testlist_parse__strict_marks__refuse_undeclared_ones),
		cmocka_unit_test(
			test_argv__runs_of_blanks__give_no_empty_words),
		cmocka_unit_test(
			test_locate_file__first_argument_naming_a_file__wins),
		cmocka_unit_test(
			test_locate_file__no_argument_is_a_file__is_the_program),
		cmocka_unit_test(testlist_is_interpreter__by_last_component),
		cmocka_unit_test(test_bare_interpreter__no_script__is_1),
		cmocka_unit_test(testlist_parse__bare_interpreter__is_an_error),
		cmocka_unit_test(testlist_check_arg__mistakes__are_refused),
		cmocka_unit_test(
			testlist_drop_duplicates__keeps_the_first_of_each_id),
		cmocka_unit_test(
			testlist_format_line__plain_words__stay_a_direct_line),
		cmocka_unit_test(
			testlist_format_line__other_words__are_single_quoted),
		cmocka_unit_test(testlist_trim__keeps_every_test),
		cmocka_unit_test(testlist_release__twice__leaves_an_empty_list),
	};

	return cmocka_run_group_tests_name("testlist", tests, NULL, NULL);
}
