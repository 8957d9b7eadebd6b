/*
 * Unit tests for launcher/core/config.[ch]: xdist-exec.ini's keys,
 * XDIST_EXEC_ADDOPTS, -c before getopt and the argv they make.  The
 * file-system edge (finding the file, testpaths) is in test_config_files.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_support.h"
#include "options.h"

/* ---- helpers ---- */

static const char *text(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* Split s; assert it works and gives exactly the NULL-terminated want. */
static void assert_split(const char *s, const char *const *want)
{
	struct words w = {NULL, 0};
	struct buf err = BUF_INIT;
	size_t i;

	assert_int_equal(words_split(s, &w, &err), 0);
	for (i = 0; want[i]; i++) {
		assert_true(i < w.n);
		assert_string_equal(w.v[i], want[i]);
	}
	assert_int_equal(w.n, i);
	if (w.n)
		assert_null(w.v[w.n]);
	words_release(&w);
	buf_release(&err);
}

static void assert_split_fails(const char *s, const char *reason)
{
	struct words w = {NULL, 0};
	struct buf err = BUF_INIT;

	assert_int_equal(words_split(s, &w, &err), -1);
	assert_string_equal(text(&err), reason);
	words_release(&w);
	buf_release(&err);
}

struct parsed {
	struct config cfg;
	struct buf err;
	int rc;
};

static void parse(struct parsed *p, const char *ini)
{
	config_init(&p->cfg);
	buf_init(&p->err);
	p->rc = config_parse(&p->cfg, "xdist-exec.ini", ini, strlen(ini),
			     &p->err);
}

static void parsed_release(struct parsed *p)
{
	config_release(&p->cfg);
	buf_release(&p->err);
}

static void assert_parse_error(const char *ini, const char *msg)
{
	struct parsed p;

	parse(&p, ini);
	assert_int_equal(p.rc, -1);
	assert_string_equal(text(&p.err), msg);
	parsed_release(&p);
}

static void assert_argv(char **v, int argc, const char *const *want)
{
	int i;

	for (i = 0; want[i]; i++) {
		assert_true(i < argc);
		assert_string_equal(v[i], want[i]);
	}
	assert_int_equal(argc, i);
	assert_null(v[argc]);
}

/* config_prescan on "xdist-exec ARGS" (and env words): its result. */
static int prescan(const char *const *args, const char *env, char *file,
		   size_t size, struct buf *err)
{
	struct words ew = {NULL, 0};
	const char *f = NULL;
	char **argv;
	int argc, r;

	argv = make_argv(args, &argc);
	if (env)
		assert_int_equal(words_split(env, &ew, err), 0);
	r = config_prescan(argc, argv, &ew, &f, err);
	snprintf(file, size, "%s", f ? f : "(none)");
	argv_free(argv);
	words_release(&ew);
	return r;
}

/* ---- words_split ---- */

static void split_words__blanks__separate_words(void **state)
{
	(void)state;
	assert_split(
		"  -n4   --timeout=5\t-v\n-x\r\n",
		(const char *const[]){"-n4", "--timeout=5", "-v", "-x", NULL});
}

static void split_words__empty_or_blank__gives_no_words(void **state)
{
	(void)state;
	assert_split("", (const char *const[]){NULL});
	assert_split(" \t\n ", (const char *const[]){NULL});
}

static void split_words__single_quotes__keep_everything_literally(void **state)
{
	(void)state;
	assert_split("-k 'a b' '\\n \"x\" $y'",
		     (const char *const[]){"-k", "a b", "\\n \"x\" $y", NULL});
}

static void
split_words__double_quotes__backslash_escapes_only_specials(void **state)
{
	(void)state;
	assert_split(
		"\"a b\" \"q\\\"q\" \"\\\\\" \"\\$\\`\" \"\\n\"",
		(const char *const[]){"a b", "q\"q", "\\", "$`", "\\n", NULL});
}

static void split_words__unquoted_backslash__takes_the_next_char(void **state)
{
	(void)state;
	assert_split("a\\ b \\'c \\\\",
		     (const char *const[]){"a b", "'c", "\\", NULL});
}

static void split_words__backslash_newline__joins_lines(void **state)
{
	(void)state;
	assert_split("ab\\\ncd \\\n x \"e\\\nf\"",
		     (const char *const[]){"abcd", "x", "ef", NULL});
}

static void split_words__adjacent_pieces__make_one_word(void **state)
{
	(void)state;
	assert_split(
		"--setup='sh -c \"x\"'y \"a\"'b'c",
		(const char *const[]){"--setup=sh -c \"x\"y", "abc", NULL});
}

static void split_words__empty_quotes__give_an_empty_word(void **state)
{
	(void)state;
	assert_split("a '' \"\" b",
		     (const char *const[]){"a", "", "", "b", NULL});
}

static void split_words__unterminated_quote__is_an_error(void **state)
{
	(void)state;
	assert_split_fails("-k 'abc", "unterminated single quote");
	assert_split_fails("-k \"abc\\\"", "unterminated double quote");
	assert_split_fails("-k abc\\", "ends with a backslash");
}

/* ---- paths ---- */

static void dir_of__paths__keep_their_spelling(void **state)
{
	static const char *const cases[][2] = {
		{"xdist-exec.ini", "."},
		{"../xdist-exec.ini", ".."},
		{"../../xdist-exec.ini", "../.."},
		{"/xdist-exec.ini", "/"},
		{"/etc/x.ini", "/etc"},
		{"conf//x.ini", "conf"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = config_dir_of(cases[i][0]);

		assert_string_equal(d, cases[i][1]);
		free(d);
	}
}

static void join__relative_word__goes_under_the_dir(void **state)
{
	static const char *const cases[][3] = {
		{".", "build/t_a", "build/t_a"},
		{"..", "build/t_a", "../build/t_a"},
		{"/", "t", "/t"},
		{"conf/", "t", "conf/t"},
		{"..", "/abs/t", "/abs/t"},
		{"", "t", "t"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *j = config_join(cases[i][0], cases[i][1]);

		assert_string_equal(j, cases[i][2]);
		free(j);
	}
}

/* ---- config_parse ---- */

static void parse__every_key__is_stored(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "# a comment\n"
		  "[xdist-exec]\n"
		  "addopts = -n4 -k 'a b'\n"
		  "testpaths = build/t_* @tests.list\n"
		  "timeout = 2.5\n"
		  "dist = loadfile\n"
		  "cache_dir = .cache/xe\n"
		  "rsyncdirs = . mypkg helperpkg\n"
		  "rsyncignore: .git build\n"
		  "keep_duplicates = yes\n"
		  "split = gtest\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.cfg.split, "gtest");
	assert_int_equal(p.cfg.split_line, 11);
	assert_string_equal(p.cfg.path, "xdist-exec.ini");
	assert_string_equal(p.cfg.dir, ".");
	assert_words(&p.cfg.addopts,
		     (const char *const[]){"-n4", "-k", "a b", NULL});
	assert_int_equal(p.cfg.addopts_line, 3);
	assert_words(&p.cfg.tests,
		     (const char *const[]){"build/t_*", "@tests.list", NULL});
	assert_int_equal(p.cfg.tests_line, 4);
	assert_true(config_has_tests(&p.cfg));
	assert_string_equal(p.cfg.timeout, "2.5");
	assert_string_equal(p.cfg.dist, "loadfile");
	assert_string_equal(p.cfg.cache_dir, ".cache/xe");
	assert_string_equal(p.cfg.keep_duplicates, "yes");
	assert_int_equal(p.cfg.keep_duplicates_line, 10);
	assert_words(&p.cfg.rsyncdirs,
		     (const char *const[]){".", "mypkg", "helperpkg", NULL});
	assert_words(&p.cfg.rsyncignore,
		     (const char *const[]){".git", "build", NULL});
	assert_int_equal(p.cfg.warnings.len, 0);
	parsed_release(&p);
}

static void parse__empty_file__is_a_config_without_keys(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.cfg.path, "xdist-exec.ini");
	assert_int_equal(p.cfg.addopts.n, 0);
	assert_false(config_has_tests(&p.cfg));
	assert_null(p.cfg.timeout);
	parsed_release(&p);
}

static void parse__unknown_key__warns_with_file_and_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\naddopts = -v\nfoo = 1\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(
		text(&p.cfg.warnings),
		"xdist-exec: warning: xdist-exec.ini:3: unknown key "
		"'foo' in [xdist-exec] (ignored)\n");
	parsed_release(&p);
}

static void parse__unknown_key_continued__warns_once(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\nfoo = 1\n  2\n  3\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(
		text(&p.cfg.warnings),
		"xdist-exec: warning: xdist-exec.ini:2: unknown key "
		"'foo' in [xdist-exec] (ignored)\n");
	parsed_release(&p);
}

static void parse__other_sections_and_keys_before_any__are_ignored(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "addopts = -x\n"
		  "[pytest]\naddopts = -n8\nfoo = bar\n"
		  "[xdist-exec]\naddopts = -n2\n"
		  "[other]\ntimeout = nonsense\n");
	assert_int_equal(p.rc, 0);
	assert_words(&p.cfg.addopts, (const char *const[]){"-n2", NULL});
	assert_null(p.cfg.timeout);
	assert_int_equal(p.cfg.warnings.len, 0);
	parsed_release(&p);
}

static void parse__continuation_lines__extend_a_list_value(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\n"
		  "addopts = -n4\n"
		  "    --timeout=3\n"
		  "\n"
		  "; a comment between\n"
		  "\t-k 'x y'\n"
		  "testpaths =\n"
		  "    a/t_1\n"
		  "    a/t_2\n");
	assert_int_equal(p.rc, 0);
	assert_words(&p.cfg.addopts, (const char *const[]){"-n4", "--timeout=3",
							   "-k", "x y", NULL});
	assert_words(&p.cfg.tests,
		     (const char *const[]){"a/t_1", "a/t_2", NULL});
	assert_int_equal(p.cfg.tests_line, 7);
	parsed_release(&p);
}

static void parse__quote_across_continuation__is_one_word(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\naddopts = --setup='echo a\n  b'\n");
	assert_int_equal(p.rc, 0);
	assert_words(&p.cfg.addopts,
		     (const char *const[]){"--setup=echo a\nb", NULL});
	parsed_release(&p);
}

static void parse__crlf_bom_colon_and_inline_comment__are_read(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "\xEF\xBB\xBF[xdist-exec]\r\n"
		  "addopts: -v ; verbose\r\n"
		  "timeout = 1\r\n");
	assert_int_equal(p.rc, 0);
	assert_words(&p.cfg.addopts, (const char *const[]){"-v", NULL});
	assert_string_equal(p.cfg.timeout, "1");
	parsed_release(&p);
}

static void parse__malformed_line__is_an_error_with_its_line(void **state)
{
	(void)state;
	assert_parse_error("[xdist-exec]\naddopts = -v\njust words\n",
			   "xdist-exec.ini:3: malformed line (expected "
			   "'[section]', 'key = value' or a comment)");
	assert_parse_error("[xdist-exec\n",
			   "xdist-exec.ini:1: malformed line (expected "
			   "'[section]', 'key = value' or a comment)");
}

static void parse__key_given_twice__is_an_error(void **state)
{
	(void)state;
	assert_parse_error("[xdist-exec]\ntimeout = 1\n\ntimeout = 2\n",
			   "xdist-exec.ini:4: key 'timeout' given twice "
			   "(first on line 2)");
	assert_parse_error("[xdist-exec]\ntestpaths = a\ntests = b\n",
			   "xdist-exec.ini:3: key 'tests' given twice (as "
			   "'testpaths' on line 2; they are one key)");
}

static void parse__section_given_twice__merges_its_keys(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\naddopts = -v\n[x]\n[xdist-exec]\ntimeout=1\n");
	assert_int_equal(p.rc, 0);
	assert_words(&p.cfg.addopts, (const char *const[]){"-v", NULL});
	assert_string_equal(p.cfg.timeout, "1");
	parsed_release(&p);
}

static void parse__continued_one_value_key__is_an_error(void **state)
{
	(void)state;
	assert_parse_error("[xdist-exec]\ntimeout = 1\n  2\n",
			   "xdist-exec.ini:3: 'timeout' takes one value, not "
			   "several lines");
}

static void parse__indented_key_after_a_section__is_a_key(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\n  timeout = 1\n[other]\nk = v\n[xdist-exec]\n"
		  "  dist = each\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.cfg.timeout, "1");
	assert_string_equal(p.cfg.dist, "each");
	parsed_release(&p);
}

static void parse__unterminated_quote__names_file_line_and_key(void **state)
{
	(void)state;
	assert_parse_error("[xdist-exec]\n\naddopts = -k 'abc\n",
			   "xdist-exec.ini:3: addopts: unterminated single "
			   "quote");
	assert_parse_error("[xdist-exec]\ntests = \"a\n",
			   "xdist-exec.ini:2: tests: unterminated double "
			   "quote");
}

static void parse__bad_values__are_errors(void **state)
{
	(void)state;
	assert_parse_error("[xdist-exec]\ntimeout = soon\n",
			   "xdist-exec.ini:2: timeout: 'soon' is not a number "
			   "of seconds from 0 to 86400 (0: none)");
	assert_parse_error("[xdist-exec]\ntimeout =\n",
			   "xdist-exec.ini:2: timeout: '' is not a number of "
			   "seconds from 0 to 86400 (0: none)");
	assert_parse_error("[xdist-exec]\ndist = sideways\n",
			   "xdist-exec.ini:2: dist: 'sideways' is not one of "
			   "load, loadscope, loadfile, loadgroup, worksteal, "
			   "each, no");
	assert_parse_error("[xdist-exec]\ncache_dir =\n",
			   "xdist-exec.ini:2: cache_dir: the path is empty");
	assert_parse_error("[xdist-exec]\nkeep_duplicates = maybe\n",
			   "xdist-exec.ini:2: keep_duplicates: 'maybe' is not "
			   "one of true, false, yes, no, 1, 0");
	assert_parse_error("[xdist-exec]\nsplit = tap\n",
			   "xdist-exec.ini:2: split: 'tap' is not one of no, "
			   "gtest");
}

static void parse__long_line__is_an_error_not_two_lines(void **state)
{
	struct buf ini = BUF_INIT;
	struct parsed p;
	int i;

	(void)state;
	buf_adds(&ini, "[xdist-exec]\naddopts = ");
	for (i = 0; i < 30; i++)
		buf_adds(&ini, "--verbose ");
	buf_adds(&ini, "\n");
	parse(&p, ini.data);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(text(&p.err), "xdist-exec.ini:2: line longer "
					     "than"));
	parsed_release(&p);
	buf_release(&ini);
}

static void parse__nul_byte__is_an_error(void **state)
{
	static const char ini[] = "[xdist-exec]\naddopts = -v\0x\n";
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	config_init(&cfg);
	assert_int_equal(
		config_parse(&cfg, "x.ini", ini, sizeof(ini) - 1, &err), -1);
	assert_string_equal(text(&err), "x.ini:2: NUL byte in the file");
	config_release(&cfg);
	buf_release(&err);
}

/* ---- config_prescan ---- */

static void prescan__every_spelling__is_found(void **state)
{
	static const char *const spellings[][3] = {
		{"-c", "a.ini", NULL},		{"-ca.ini", NULL, NULL},
		{"-c=a.ini", NULL, NULL},	{"--config", "a.ini", NULL},
		{"--config=a.ini", NULL, NULL}, {"--conf=a.ini", NULL, NULL},
		{"-xc", "a.ini", NULL},		{"-vxca.ini", NULL, NULL},
	};
	struct buf err = BUF_INIT;
	char file[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		const char *args[6] = {"xdist-exec", "-n2"};
		int n = 2;

		args[n++] = spellings[i][0];
		if (spellings[i][1])
			args[n++] = spellings[i][1];
		args[n++] = "./t_a";
		args[n] = NULL;
		assert_int_equal(prescan(args, NULL, file, sizeof(file), &err),
				 1);
		assert_string_equal(file, "a.ini");
	}
	buf_release(&err);
}

static void prescan__no_c__finds_nothing(void **state)
{
	struct buf err = BUF_INIT;
	char file[64];

	(void)state;
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "-v", "--co",
					      "--color=no", "./t", NULL},
			NULL, file, sizeof(file), &err),
		0);
	assert_string_equal(file, "(none)");
	buf_release(&err);
}

static void prescan__after_double_dash__c_is_a_test_argument(void **state)
{
	struct buf err = BUF_INIT;
	char file[64];

	(void)state;
	assert_int_equal(prescan((const char *const[]){"xdist-exec", "--", "sh",
						       "-c", "true", NULL},
				 NULL, file, sizeof(file), &err),
			 0);
	buf_release(&err);
}

static void prescan__values_of_f_n_k__are_not_options(void **state)
{
	struct buf err = BUF_INIT;
	char file[64];

	(void)state;
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "-k", "-c", "-f",
					      "-c", "-kc", "-n", "-c", NULL},
			NULL, file, sizeof(file), &err),
		0);
	buf_release(&err);
}

static void prescan__values_of_long_options__are_not_options(void **state)
{
	struct buf err = BUF_INIT;
	char file[64];

	(void)state;
	/* Full names and unambiguous prefixes, as getopt_long reads them. */
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "--setup", "-c",
					      "--desel", "-cx", "--timeout",
					      "--config", NULL},
			NULL, file, sizeof(file), &err),
		0);
	/* A flag takes no value: the -c after it is -c. */
	assert_int_equal(prescan((const char *const[]){"xdist-exec", "--lf",
						       "-c", "a.ini", NULL},
				 NULL, file, sizeof(file), &err),
			 1);
	assert_string_equal(file, "a.ini");
	/* With =VALUE the next word is the next option. */
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "--setup=./s", "-c",
					      "b.ini", NULL},
			NULL, file, sizeof(file), &err),
		1);
	assert_string_equal(file, "b.ini");
	buf_release(&err);
}

static void options_long_takes_value__as_getopt_long_reads_it(void **state)
{
	(void)state;
	assert_int_equal(options_long_takes_value("setup", 5), 1);
	assert_int_equal(options_long_takes_value("set", 3), 1);
	assert_int_equal(options_long_takes_value("lf", 2), 0);
	assert_int_equal(options_long_takes_value("shuffle", 7), 0);
	/* junitxml and junit-xml are one option: "junit" is no ambiguity. */
	assert_int_equal(options_long_takes_value("junit", 5), 1);
	/* timeout, timeout-grace: "timeout" is exact, "time" ambiguous. */
	assert_int_equal(options_long_takes_value("timeout", 7), 1);
	assert_int_equal(options_long_takes_value("time", 4), 0);
	assert_int_equal(options_long_takes_value("no-such", 7), 0);
}

static void prescan__env_and_command_line__command_line_wins(void **state)
{
	struct buf err = BUF_INIT;
	char file[64];

	(void)state;
	assert_int_equal(prescan((const char *const[]){"xdist-exec", NULL},
				 "-v -c env.ini", file, sizeof(file), &err),
			 1);
	assert_string_equal(file, "env.ini");
	assert_int_equal(prescan((const char *const[]){"xdist-exec", "-c",
						       "cmd.ini", NULL},
				 "-c env.ini", file, sizeof(file), &err),
			 1);
	assert_string_equal(file, "cmd.ini");
	buf_release(&err);
}

static void prescan__missing_or_empty_value__is_an_error(void **state)
{
	struct buf err = BUF_INIT;
	char file[64];

	(void)state;
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "-c", NULL}, NULL,
			file, sizeof(file), &err),
		-1);
	assert_string_equal(text(&err), "option '-c' needs a value");
	buf_reset(&err);
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "--config", NULL},
			NULL, file, sizeof(file), &err),
		-1);
	assert_string_equal(text(&err), "option '--config' needs a value");
	buf_reset(&err);
	assert_int_equal(
		prescan((const char *const[]){"xdist-exec", "--config=", NULL},
			NULL, file, sizeof(file), &err),
		-1);
	assert_string_equal(text(&err), "-c: the path is empty");
	buf_release(&err);
}

/* ---- config_argv ---- */

static void argv__order__is_keys_ini_env_then_command_line(void **state)
{
	struct parsed p;
	struct buf err = BUF_INIT;
	char **in, **out;
	int argc, n;

	(void)state;
	parse(&p, "[xdist-exec]\naddopts = -n4 -k 'a b'\ntimeout = 5\n"
		  "dist = each\ncache_dir = .c\nkeep_duplicates = true\n"
		  "split = gtest\n");
	assert_int_equal(p.rc, 0);
	in = make_argv((const char *const[]){"xe", "-n1", "--", "./t", NULL},
		       &argc);
	out = config_argv(&p.cfg, argc, in, "-v --setup='x y'", &n, &err);
	assert_non_null(out);
	assert_argv(out, n,
		    (const char *const[]){"xe", "--timeout=5", "--dist=each",
					  "--split=gtest", "--cache-dir=.c",
					  "--keep-duplicates", "-n4", "-k",
					  "a b", "-v", "--setup=x y", "-n1",
					  "--", "./t", NULL});
	config_argv_free(out);
	argv_free(in);
	parsed_release(&p);
	buf_release(&err);
}

static void parse__marker_keys__are_stored(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "[xdist-exec]\n"
		  "markers =\n"
		  "    slow: takes long (deselect with -m \"not slow\")\n"
		  "\n"
		  "    network(host)\n"
		  "xfail_strict = True\n"
		  "strict_markers = off\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.cfg.markers.n, 2);
	assert_string_equal(p.cfg.markers.names[0], "slow");
	assert_string_equal(p.cfg.markers.lines[0],
			    "slow: takes long (deselect with -m \"not slow\")");
	assert_string_equal(p.cfg.markers.names[1], "network");
	assert_int_equal(p.cfg.xfail_strict, 1);
	assert_int_equal(p.cfg.strict_markers, 0);
	parsed_release(&p);
	parse(&p, "[xdist-exec]\n");
	assert_int_equal(p.cfg.xfail_strict, -1);
	assert_int_equal(p.cfg.strict_markers, -1);
	assert_int_equal(p.cfg.markers.n, 0);
	parsed_release(&p);
}

static void parse__bad_marker_keys__are_errors(void **state)
{
	(void)state;
	assert_parse_error("[xdist-exec]\nxfail_strict = sometimes\n",
			   "xdist-exec.ini:2: xfail_strict: 'sometimes' is not "
			   "one of true, false (yes, no, on, off, 1, 0)");
	assert_parse_error("[xdist-exec]\nmarkers = slow\n  not: a keyword\n",
			   "xdist-exec.ini:2: markers: 'not' is not a mark "
			   "name (letters, digits, '_', '-', '.'; not and, or, "
			   "not)");
	assert_parse_error("[xdist-exec]\nstrict_markers = 1\n  2\n",
			   "xdist-exec.ini:3: 'strict_markers' takes one "
			   "value, not several lines");
}

/* True booleans become options before addopts, so that addopts and the
   command line come after them; false ones add nothing. */
static void argv__true_booleans__are_options_before_addopts(void **state)
{
	struct parsed p;
	struct buf err = BUF_INIT;
	char **in, **out;
	int argc, n;

	(void)state;
	parse(&p, "[xdist-exec]\naddopts = -rs\nxfail_strict = yes\n"
		  "strict_markers = 1\ntimeout = 5\n");
	assert_int_equal(p.rc, 0);
	in = make_argv((const char *const[]){"xe", "./t", NULL}, &argc);
	out = config_argv(&p.cfg, argc, in, NULL, &n, &err);
	assert_non_null(out);
	assert_argv(out, n,
		    (const char *const[]){"xe", "--timeout=5", "--xfail-strict",
					  "--strict-markers", "-rs", "./t",
					  NULL});
	config_argv_free(out);
	parsed_release(&p);
	parse(&p, "[xdist-exec]\nxfail_strict = false\n");
	out = config_argv(&p.cfg, argc, in, NULL, &n, &err);
	assert_argv(out, n, (const char *const[]){"xe", "./t", NULL});
	config_argv_free(out);
	argv_free(in);
	parsed_release(&p);
	buf_release(&err);
}

static void argv__no_file__adds_only_the_environment(void **state)
{
	struct config cfg;
	struct buf err = BUF_INIT;
	char **in, **out;
	int argc, n;

	(void)state;
	config_init(&cfg);
	in = make_argv((const char *const[]){"xe", "./t", NULL}, &argc);
	out = config_argv(&cfg, argc, in, NULL, &n, &err);
	assert_argv(out, n, (const char *const[]){"xe", "./t", NULL});
	config_argv_free(out);
	out = config_argv(&cfg, argc, in, "  ", &n, &err);
	assert_argv(out, n, (const char *const[]){"xe", "./t", NULL});
	config_argv_free(out);
	argv_free(in);
	config_release(&cfg);
	buf_release(&err);
}

static void argv__cache_dir__is_relative_to_the_file(void **state)
{
	static const char ini[] = "[xdist-exec]\ncache_dir = .c\n";
	struct config cfg;
	struct buf err = BUF_INIT;
	char **in, **out;
	int argc, n;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse(&cfg, "../../xdist-exec.ini", ini,
				      strlen(ini), &err),
			 0);
	in = make_argv((const char *const[]){"xe", NULL}, &argc);
	out = config_argv(&cfg, argc, in, NULL, &n, &err);
	assert_argv(out, n,
		    (const char *const[]){"xe", "--cache-dir=../../.c", NULL});
	config_argv_free(out);
	argv_free(in);
	config_release(&cfg);
	buf_release(&err);
}

static void argv__double_dash_in_addopts__is_an_error(void **state)
{
	struct parsed p;
	struct buf err = BUF_INIT;
	char **in;
	int argc, n;

	(void)state;
	parse(&p, "[xdist-exec]\n\naddopts = -v -- ./t\n");
	in = make_argv((const char *const[]){"xe", NULL}, &argc);
	assert_null(config_argv(&p.cfg, argc, in, NULL, &n, &err));
	assert_string_equal(
		text(&err),
		"xdist-exec.ini:3: addopts: '--' is not allowed (it "
		"would make the command line's options tests)");
	parsed_release(&p);
	buf_reset(&err);
	config_init(&p.cfg);
	assert_null(config_argv(&p.cfg, argc, in, "--", &n, &err));
	assert_string_equal(text(&err),
			    "XDIST_EXEC_ADDOPTS: '--' is not allowed (it would "
			    "make the command line's options tests)");
	buf_reset(&err);
	assert_null(config_argv(&p.cfg, argc, in, "-k 'x", &n, &err));
	assert_string_equal(text(&err),
			    "XDIST_EXEC_ADDOPTS: unterminated single quote");
	config_release(&p.cfg);
	argv_free(in);
	buf_release(&err);
}

/* Through options_parse: the later setting wins. */
static void argv__parsed__command_line_beats_env_beats_ini(void **state)
{
	struct parsed p;
	struct options o;
	struct buf err = BUF_INIT;
	char **in, **out;
	int argc, n;

	(void)state;
	parse(&p, "[xdist-exec]\naddopts = -n4 --timeout=7 --maxfail=3\n"
		  "timeout = 5\ndist = each\n");
	in = make_argv((const char *const[]){"xe", "-n", "1", "./t", NULL},
		       &argc);
	out = config_argv(&p.cfg, argc, in, "-n2 --maxfail=9", &n, &err);
	options_init(&o);
	assert_int_equal(options_parse(&o, n, out, &err), 0);
	assert_int_equal(o.numproc_mode, NUMPROC_COUNT);
	assert_int_equal(o.numprocesses, 1);
	assert_int_equal(o.maxfail, 9);
	assert_int_equal(o.timeout_ms, 7000);
	assert_int_equal(o.nsources, 1);
	assert_string_equal(o.sources[0].value, "./t");
	options_release(&o);
	config_argv_free(out);
	argv_free(in);
	parsed_release(&p);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_words__blanks__separate_words),
		cmocka_unit_test(split_words__empty_or_blank__gives_no_words),
		cmocka_unit_test(
			split_words__single_quotes__keep_everything_literally),
		cmocka_unit_test(
			split_words__double_quotes__backslash_escapes_only_specials),
		cmocka_unit_test(
			split_words__unquoted_backslash__takes_the_next_char),
		cmocka_unit_test(split_words__backslash_newline__joins_lines),
		cmocka_unit_test(split_words__adjacent_pieces__make_one_word),
		cmocka_unit_test(split_words__empty_quotes__give_an_empty_word),
		cmocka_unit_test(split_words__unterminated_quote__is_an_error),
		cmocka_unit_test(dir_of__paths__keep_their_spelling),
		cmocka_unit_test(join__relative_word__goes_under_the_dir),
		cmocka_unit_test(parse__every_key__is_stored),
		cmocka_unit_test(parse__empty_file__is_a_config_without_keys),
		cmocka_unit_test(parse__unknown_key__warns_with_file_and_line),
		cmocka_unit_test(parse__unknown_key_continued__warns_once),
		cmocka_unit_test(
			parse__other_sections_and_keys_before_any__are_ignored),
		cmocka_unit_test(
			parse__continuation_lines__extend_a_list_value),
		cmocka_unit_test(parse__quote_across_continuation__is_one_word),
		cmocka_unit_test(
			parse__crlf_bom_colon_and_inline_comment__are_read),
		cmocka_unit_test(
			parse__malformed_line__is_an_error_with_its_line),
		cmocka_unit_test(parse__key_given_twice__is_an_error),
		cmocka_unit_test(parse__section_given_twice__merges_its_keys),
		cmocka_unit_test(parse__continued_one_value_key__is_an_error),
		cmocka_unit_test(parse__indented_key_after_a_section__is_a_key),
		cmocka_unit_test(
			parse__unterminated_quote__names_file_line_and_key),
		cmocka_unit_test(parse__bad_values__are_errors),
		cmocka_unit_test(parse__marker_keys__are_stored),
		cmocka_unit_test(parse__bad_marker_keys__are_errors),
		cmocka_unit_test(
			argv__true_booleans__are_options_before_addopts),
		cmocka_unit_test(parse__long_line__is_an_error_not_two_lines),
		cmocka_unit_test(parse__nul_byte__is_an_error),
		cmocka_unit_test(prescan__every_spelling__is_found),
		cmocka_unit_test(
			prescan__values_of_long_options__are_not_options),
		cmocka_unit_test(
			options_long_takes_value__as_getopt_long_reads_it),
		cmocka_unit_test(prescan__no_c__finds_nothing),
		cmocka_unit_test(
			prescan__after_double_dash__c_is_a_test_argument),
		cmocka_unit_test(prescan__values_of_f_n_k__are_not_options),
		cmocka_unit_test(
			prescan__env_and_command_line__command_line_wins),
		cmocka_unit_test(prescan__missing_or_empty_value__is_an_error),
		cmocka_unit_test(
			argv__order__is_keys_ini_env_then_command_line),
		cmocka_unit_test(argv__no_file__adds_only_the_environment),
		cmocka_unit_test(argv__cache_dir__is_relative_to_the_file),
		cmocka_unit_test(argv__double_dash_in_addopts__is_an_error),
		cmocka_unit_test(
			argv__parsed__command_line_beats_env_beats_ini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
