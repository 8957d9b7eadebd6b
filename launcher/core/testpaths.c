/*
 * testpaths: config_test_sources (config.h), the ini's testpaths expanded
 * into tests and list files: globs, directories, @FILE.  The edge: stat,
 * glob and opendir.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* dir with the characters glob(3) would read as a pattern escaped. */
static char *glob_join(const char *dir, const char *pattern)
{
	struct buf b = BUF_INIT;
	char *joined;
	const char *p;

	if (pattern[0] == '/' || !*dir || !strcmp(dir, "."))
		return xstrdup(pattern);
	for (p = dir; *p; p++) {
		if (strchr("*?[\\", *p))
			buf_addch(&b, '\\');
		buf_addch(&b, *p);
	}
	joined = config_join(b.data, pattern);
	buf_release(&b);
	return joined;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_source(struct config *cfg, struct test_source **sources,
		       size_t *n, int is_file, const char *path)
{
	if (!is_file && !strchr(path, '/')) {
		char *p = xasprintf("./%s", path);

		words_add(&cfg->expanded, p);
		free(p);
	} else {
		words_add(&cfg->expanded, path);
	}
	*sources = xrealloc(*sources, (*n + 1) * sizeof(**sources));
	(*sources)[*n].is_file = is_file;
	(*sources)[*n].value = cfg->expanded.v[cfg->expanded.n - 1];
	++*n;
}

static int is_executable_file(const struct stat *sb)
{
	return S_ISREG(sb->st_mode) && (sb->st_mode & 0111);
}

/* The executable regular files in dir, in byte order.  0 or -1 (errno). */
static int list_executables(const char *dir, struct words *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = strlen(dir);

	if (!d)
		return -1;
	while ((errno = 0, de = readdir(d))) {
		struct stat sb;
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = n && dir[n - 1] == '/'
			    ? xasprintf("%s%s", dir, de->d_name)
			    : xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &sb) == 0 && is_executable_file(&sb))
			words_add(out, p);
		free(p);
	}
	if (errno) {
		int e = errno;

		closedir(d);
		errno = e;
		return -1;
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}

/* A directory's tests: 1 added, 0 none there, -1 error in err. */
static int add_directory(struct config *cfg, struct test_source **sources,
			 size_t *n, const char *dir, struct buf *err)
{
	struct words found = {NULL, 0};
	size_t i;

	if (list_executables(dir, &found) < 0) {
		buf_addf(err, "cannot read directory '%s': %s", dir,
			 strerror(errno));
		words_release(&found);
		return -1;
	}
	for (i = 0; i < found.n; i++)
		add_source(cfg, sources, n, 0, found.v[i]);
	words_release(&found);
	return i > 0;
}

/* glob(3), in byte order.  The matches go to out; 0, or -1 (errno). */
static int glob_sorted(const char *pattern, struct words *out)
{
	glob_t g;
	size_t i;
	int r;

	memset(&g, 0, sizeof(g));
	r = glob(pattern, GLOB_NOSORT, NULL, &g);
	if (r && r != GLOB_NOMATCH) {
		globfree(&g);
		errno = r == GLOB_NOSPACE ? ENOMEM : EIO;
		return -1;
	}
	for (i = 0; !r && i < g.gl_pathc; i++)
		words_add(out, g.gl_pathv[i]);
	globfree(&g);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}

/* One testpaths word.  0, or -1 with the reason in err. */
static int expand_word(struct config *cfg, const char *word,
		       struct test_source **sources, size_t *n, struct buf *err)
{
	struct words m = {NULL, 0};
	const char *dir = cfg->dir ? cfg->dir : ".";
	int is_file = word[0] == '@', kept = 0, rc = -1;
	const char *w = word + is_file;
	struct stat sb;
	size_t i;

	if (is_file && (!*w || !strcmp(w, "-"))) {
		buf_addf(err, "'%s' names no list file", word);
		return -1;
	}
	if (!has_glob_chars(w)) {
		char *p = config_join(dir, w);

		if (!is_file && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			rc = add_directory(cfg, sources, n, p, err);
			if (rc == 0)
				buf_addf(err,
					 "directory '%s' holds no executable "
					 "file",
					 p);
			free(p);
			return rc > 0 ? 0 : -1;
		}
		add_source(cfg, sources, n, is_file, p);
		free(p);
		return 0;
	}
	{
		char *pat = glob_join(dir, w);
		int r = glob_sorted(pat, &m);

		free(pat);
		if (r < 0) {
			buf_addf(err, "'%s': %s", word, strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < m.n; i++) {
		if (stat(m.v[i], &sb) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			int r;

			if (is_file)
				continue;
			r = add_directory(cfg, sources, n, m.v[i], err);
			if (r < 0)
				goto out;
			kept += r;
		} else if (is_file || is_executable_file(&sb)) {
			add_source(cfg, sources, n, is_file, m.v[i]);
			kept++;
		}
	}
	if (!kept) {
		buf_addf(err, "'%s' matches no %s", word,
			 is_file ? "file" : "executable file");
		goto out;
	}
	rc = 0;
out:
	words_release(&m);
	return rc;
}

int config_test_sources(struct config *cfg, struct test_source **sources,
			size_t *n, struct buf *err)
{
	struct buf why = BUF_INIT;
	size_t i;

	for (i = 0; i < cfg->tests.n; i++) {
		if (expand_word(cfg, cfg->tests.v[i], sources, n, &why) < 0) {
			buf_addf(err, "%s:%d: testpaths: %s",
				 cfg->path ? cfg->path : CONFIG_FILE_NAME,
				 cfg->tests_line, why.data);
			buf_release(&why);
			return -1;
		}
	}
	buf_release(&why);
	return 0;
}
