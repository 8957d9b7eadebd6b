/*
 * Unit tests for the file-system edge of launcher/core/config.[ch]:
 * config_find_and_load (the nearest xdist-exec.ini, -c, reading it) and
 * config_test_sources (testpaths.c: testpaths expanded into tests and list
 * files).  They work in a directory of their own under $TMPDIR; nothing
 * forks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "xio.h"
#include "config_support.h"
#include "options.h"

static const char *text(const struct buf *b)
{
	return b->data ? b->data : "";
}

static void make_dir(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);

	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
}

static char *temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/xdist-config-test.XXXXXX",
			       tmp && *tmp ? tmp : "/tmp");

	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

/* The directory, gone (xio.h), and its name freed. */
static void remove_tree(char *dir)
{
	xio_remove_tree(dir);
	free(dir);
}

/* Create dir/rel with contents and mode (parents made as needed). */
static void put_file(const char *dir, const char *rel, const char *contents,
		     mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, rel);
	char *p;
	int fd;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, contents, strlen(contents)),
			 (ssize_t)strlen(contents));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

/* A config in dir with testpaths = tests; its sources. */
struct expanded {
	struct config cfg;
	struct test_source *src;
	size_t n;
	struct buf err;
	int rc;
};

static void expand(struct expanded *e, const char *dir, const char *tests)
{
	char *ini = xasprintf("[xdist-exec]\ntestpaths = %s\n", tests);
	char *path = xasprintf("%s/xdist-exec.ini", dir);

	config_init(&e->cfg);
	buf_init(&e->err);
	e->src = NULL;
	e->n = 0;
	assert_int_equal(config_parse(&e->cfg, path, ini, strlen(ini), &e->err),
			 0);
	e->rc = config_test_sources(&e->cfg, &e->src, &e->n, &e->err);
	free(ini);
	free(path);
}

static void expanded_release(struct expanded *e)
{
	free(e->src);
	config_release(&e->cfg);
	buf_release(&e->err);
}

/* Source i is {is_file, dir/rel}. */
static void assert_source(const struct expanded *e, size_t i, const char *dir,
			  int is_file, const char *rel)
{
	char *want = xasprintf("%s/%s", dir, rel);

	assert_true(i < e->n);
	assert_int_equal(e->src[i].is_file, is_file);
	assert_string_equal(e->src[i].value, want);
	free(want);
}

static void test_sources__glob__sorted_executables_only(void **state)
{
	char *d = temp_dir();
	struct expanded e;

	(void)state;
	put_file(d, "build/t_b", "", 0755);
	put_file(d, "build/t_a", "", 0755);
	put_file(d, "build/t_a.o", "", 0644);
	put_file(d, "build/t_C", "", 0700);
	put_file(d, "build/.t_hidden", "", 0755);
	expand(&e, d, "build/t_*");
	assert_int_equal(e.rc, 0);
	assert_int_equal(e.n, 3);
	assert_source(&e, 0, d, 0, "build/t_C");
	assert_source(&e, 1, d, 0, "build/t_a");
	assert_source(&e, 2, d, 0, "build/t_b");
	expanded_release(&e);
	remove_tree(d);
}

static void test_sources__glob_matching_nothing__names_the_pattern(void **state)
{
	char *d = temp_dir();
	struct expanded e;
	char *want;

	(void)state;
	put_file(d, "build/t_a.o", "", 0644);
	expand(&e, d, "t/x build/t_*");
	assert_int_equal(e.rc, -1);
	want = xasprintf("%s/xdist-exec.ini:2: testpaths: 'build/t_*' matches "
			 "no executable file",
			 d);
	assert_string_equal(text(&e.err), want);
	free(want);
	expanded_release(&e);
	remove_tree(d);
}

static void
test_sources__directory__its_executables_sorted_not_recursive(void **state)
{
	char *d = temp_dir();
	struct expanded e;

	(void)state;
	put_file(d, "tests/t_2", "", 0755);
	put_file(d, "tests/t_1", "", 0755);
	put_file(d, "tests/README", "", 0644);
	put_file(d, "tests/sub/t_deep", "", 0755);
	expand(&e, d, "tests");
	assert_int_equal(e.rc, 0);
	assert_int_equal(e.n, 2);
	assert_source(&e, 0, d, 0, "tests/t_1");
	assert_source(&e, 1, d, 0, "tests/t_2");
	expanded_release(&e);

	put_file(d, "empty/README", "", 0644);
	expand(&e, d, "empty/");
	assert_int_equal(e.rc, -1);
	assert_non_null(strstr(text(&e.err), "holds no executable file"));
	expanded_release(&e);
	remove_tree(d);
}

static void
test_sources__at_word__is_a_list_file_under_the_ini_dir(void **state)
{
	char *d = temp_dir();
	struct expanded e;

	(void)state;
	put_file(d, "lists/b.list", "", 0644);
	put_file(d, "lists/a.list", "", 0644);
	expand(&e, d, "@main.list @lists/*.list t_x /abs/t_y");
	assert_int_equal(e.rc, 0);
	assert_int_equal(e.n, 5);
	assert_source(&e, 0, d, 1, "main.list");
	assert_source(&e, 1, d, 1, "lists/a.list");
	assert_source(&e, 2, d, 1, "lists/b.list");
	assert_source(&e, 3, d, 0, "t_x"); /* missing: kept as written */
	assert_int_equal(e.src[4].is_file, 0);
	assert_string_equal(e.src[4].value, "/abs/t_y");
	expanded_release(&e);

	expand(&e, d, "@");
	assert_int_equal(e.rc, -1);
	assert_non_null(strstr(text(&e.err), "'@' names no list file"));
	expanded_release(&e);
	remove_tree(d);
}

static void
test_sources__dir_is_dot__paths_stay_relative_and_run_as_files(void **state)
{
	struct config cfg;
	struct test_source *src = NULL;
	size_t n = 0;
	struct buf err = BUF_INIT;
	static const char ini[] = "[xdist-exec]\ntests = t_none sub/t @l\n";

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse(&cfg, "xdist-exec.ini", ini,
				      sizeof(ini) - 1, &err),
			 0);
	assert_int_equal(config_test_sources(&cfg, &src, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(src[0].value, "./t_none");
	assert_string_equal(src[1].value, "sub/t");
	assert_int_equal(src[2].is_file, 1);
	assert_string_equal(src[2].value, "l");
	free(src);
	config_release(&cfg);
	buf_release(&err);
}

static void test_sources__glob_chars_in_the_dir__are_not_a_pattern(void **state)
{
	char *top = temp_dir(), *d;
	struct expanded e;

	(void)state;
	d = xasprintf("%s/[p]*", top);
	assert_int_equal(mkdir(d, 0755), 0);
	put_file(d, "t_1", "", 0755);
	expand(&e, d, "t_*");
	assert_int_equal(e.rc, 0);
	assert_int_equal(e.n, 1);
	assert_source(&e, 0, d, 0, "t_1");
	expanded_release(&e);
	free(d);
	remove_tree(top);
}

/* ---- config_find_and_load ---- */

static int load(const char *cwd, const char *const *args, const char *env,
		struct config *cfg, struct buf *err)
{
	char **argv;
	int argc, r;

	argv = make_argv(args, &argc);
	config_init(cfg);
	r = config_find_and_load(argc, argv, env, cwd, cfg, err);
	argv_free(argv);
	return r;
}

static void find__from_a_subdirectory__finds_the_nearest_parent(void **state)
{
	char *d = temp_dir(), *cwd;
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	put_file(d, "xdist-exec.ini", "[xdist-exec]\naddopts = -n3\n", 0644);
	put_file(d, "a/b/c/keep", "", 0644);
	make_dir(d, "a/b/c/xdist-exec.ini"); /* a directory: not a file */
	cwd = xasprintf("%s/a/b/c", d);
	assert_int_equal(
		load(cwd, (const char *const[]){"xe", NULL}, NULL, &cfg, &err),
		0);
	assert_string_equal(cfg.path, "../../../xdist-exec.ini");
	assert_string_equal(cfg.dir, "../../..");
	assert_words(&cfg.addopts, (const char *const[]){"-n3", NULL});
	config_release(&cfg);

	put_file(d, "a/xdist-exec.ini", "", 0644);
	assert_int_equal(
		load(cwd, (const char *const[]){"xe", NULL}, NULL, &cfg, &err),
		0);
	assert_string_equal(cfg.path, "../../xdist-exec.ini");
	assert_int_equal(cfg.addopts.n, 0);
	config_release(&cfg);

	free(cwd);
	cwd = xasprintf("%s/", d);
	assert_int_equal(
		load(cwd, (const char *const[]){"xe", NULL}, NULL, &cfg, &err),
		0);
	assert_string_equal(cfg.path, "xdist-exec.ini");
	assert_string_equal(cfg.dir, ".");
	config_release(&cfg);
	free(cwd);
	buf_release(&err);
	remove_tree(d);
}

static void find__no_file_anywhere__leaves_the_config_empty(void **state)
{
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	/* Whether some parent of a temporary directory holds a stray
	   xdist-exec.ini is not ours to know: check that no cwd, or a
	   relative one, means no walk. */
	assert_int_equal(
		load(NULL, (const char *const[]){"xe", NULL}, NULL, &cfg, &err),
		0);
	assert_null(cfg.path);
	config_release(&cfg);
	assert_int_equal(load("relative/dir", (const char *const[]){"xe", NULL},
			      NULL, &cfg, &err),
			 0);
	assert_null(cfg.path);
	config_release(&cfg);
	buf_release(&err);
}

static void find__c_option__beats_the_walk(void **state)
{
	char *d = temp_dir(), *other;
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	put_file(d, "xdist-exec.ini", "[xdist-exec]\naddopts = -n3\n", 0644);
	put_file(d, "conf/other.ini", "[xdist-exec]\naddopts = -n5\n", 0644);
	other = xasprintf("%s/conf/other.ini", d);
	assert_int_equal(load(d, (const char *const[]){"xe", "-c", other, NULL},
			      NULL, &cfg, &err),
			 0);
	assert_string_equal(cfg.path, other);
	assert_words(&cfg.addopts, (const char *const[]){"-n5", NULL});
	config_release(&cfg);
	/* ... and from XDIST_EXEC_ADDOPTS */
	{
		char *env = xasprintf("-c '%s'", other);

		assert_int_equal(load(d, (const char *const[]){"xe", NULL}, env,
				      &cfg, &err),
				 0);
		assert_words(&cfg.addopts, (const char *const[]){"-n5", NULL});
		config_release(&cfg);
		free(env);
	}
	/* /dev/null: an empty config, no walk */
	assert_int_equal(load(d,
			      (const char *const[]){"xe", "-c/dev/null", NULL},
			      NULL, &cfg, &err),
			 0);
	assert_string_equal(cfg.path, "/dev/null");
	assert_int_equal(cfg.addopts.n, 0);
	config_release(&cfg);
	free(other);
	buf_release(&err);
	remove_tree(d);
}

static void find__missing_c_file__is_an_error(void **state)
{
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(load("/",
			      (const char *const[]){"xe", "--config",
						    "/nonexistent/x.ini", NULL},
			      NULL, &cfg, &err),
			 -1);
	assert_string_equal(text(&err),
			    "cannot read config file '/nonexistent/x.ini': No "
			    "such file or directory");
	config_release(&cfg);
	buf_release(&err);
}

static void find__malformed_file__is_an_error_naming_it(void **state)
{
	char *d = temp_dir(), *cwd;
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	put_file(d, "xdist-exec.ini", "[xdist-exec]\nnonsense\n", 0644);
	make_dir(d, "sub");
	cwd = xasprintf("%s/sub", d);
	assert_int_equal(
		load(cwd, (const char *const[]){"xe", NULL}, NULL, &cfg, &err),
		-1);
	assert_string_equal(text(&err),
			    "../xdist-exec.ini:2: malformed line (expected "
			    "'[section]', 'key = value' or a comment)");
	config_release(&cfg);
	free(cwd);
	buf_release(&err);
	remove_tree(d);
}

static void find__bad_env__is_an_error_naming_the_variable(void **state)
{
	struct config cfg;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(load(NULL, (const char *const[]){"xe", NULL}, "-k \"x",
			      &cfg, &err),
			 -1);
	assert_string_equal(text(&err),
			    "XDIST_EXEC_ADDOPTS: unterminated double quote");
	config_release(&cfg);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			find__from_a_subdirectory__finds_the_nearest_parent),
		cmocka_unit_test(
			find__no_file_anywhere__leaves_the_config_empty),
		cmocka_unit_test(find__c_option__beats_the_walk),
		cmocka_unit_test(find__missing_c_file__is_an_error),
		cmocka_unit_test(find__malformed_file__is_an_error_naming_it),
		cmocka_unit_test(
			find__bad_env__is_an_error_naming_the_variable),
		cmocka_unit_test(test_sources__glob__sorted_executables_only),
		cmocka_unit_test(
			test_sources__glob_matching_nothing__names_the_pattern),
		cmocka_unit_test(
			test_sources__directory__its_executables_sorted_not_recursive),
		cmocka_unit_test(
			test_sources__at_word__is_a_list_file_under_the_ini_dir),
		cmocka_unit_test(
			test_sources__dir_is_dot__paths_stay_relative_and_run_as_files),
		cmocka_unit_test(
			test_sources__glob_chars_in_the_dir__are_not_a_pattern),
	};

	return cmocka_run_group_tests_name("config_files", tests, NULL, NULL);
}
