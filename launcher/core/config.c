#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynlib.h"
#include "gtest.h"
#include "gtest_batch.h"
#include "isolation.h"
#include "sched.h"
#include "txspec.h"
#include "xio.h"

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	buf_init(&cfg->warnings);
	marks_decl_init(&cfg->markers);
	cfg->xfail_strict = cfg->strict_markers = cfg->tap = -1;
}

void config_release(struct config *cfg)
{
	free(cfg->path);
	free(cfg->dir);
	words_release(&cfg->addopts);
	words_release(&cfg->tests);
	words_release(&cfg->rsyncdirs);
	words_release(&cfg->rsyncignore);
	words_release(&cfg->tx);
	words_release(&cfg->expanded);
	free(cfg->timeout);
	free(cfg->dist);
	free(cfg->cache_dir);
	marks_decl_release(&cfg->markers);
	free(cfg->keep_duplicates);
	free(cfg->trace);
	free(cfg->html);
	free(cfg->isolate);
	free(cfg->split);
	free(cfg->gtest_batch);
	buf_release(&cfg->warnings);
	config_init(cfg);
}

char *config_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	/* "/x.ini" lives in "/", "a//x.ini" in "a". */
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *config_join(const char *dir, const char *word)
{
	size_t n = strlen(dir);

	if (word[0] == '/' || !n || !strcmp(dir, "."))
		return xstrdup(word);
	if (dir[n - 1] == '/')
		return xasprintf("%s%s", dir, word);
	return xasprintf("%s/%s", dir, word);
}

/* ---- the file, through libinih ---- */

enum key {
	KEY_ADDOPTS,
	KEY_TESTS,
	KEY_TIMEOUT,
	KEY_DIST,
	KEY_CACHE_DIR,
	KEY_TRACE,
	KEY_HTML,
	KEY_RSYNCDIRS,
	KEY_RSYNCIGNORE,
	KEY_MARKERS,
	KEY_XFAIL_STRICT,
	KEY_STRICT_MARKERS,
	KEY_TAP,
	KEY_KEEP_DUPLICATES,
	KEY_TX,
	KEY_ISOLATE,
	KEY_SPLIT,
	KEY_GTEST_BATCH,
	KEY_MAX,
};

static const struct {
	const char *name;
	enum key key;
	int list; /* may continue on indented lines */
} keys[] = {
	{"addopts", KEY_ADDOPTS, 1},
	{"testpaths", KEY_TESTS, 1},
	{"tests", KEY_TESTS, 1},
	{"timeout", KEY_TIMEOUT, 0},
	{"dist", KEY_DIST, 0},
	{"cache_dir", KEY_CACHE_DIR, 0},
	{"rsyncdirs", KEY_RSYNCDIRS, 1},
	{"rsyncignore", KEY_RSYNCIGNORE, 1},
	{"markers", KEY_MARKERS, 1},
	{"xfail_strict", KEY_XFAIL_STRICT, 0},
	{"strict_markers", KEY_STRICT_MARKERS, 0},
	{"tap", KEY_TAP, 0},
	{"keep_duplicates", KEY_KEEP_DUPLICATES, 0},
	{"trace", KEY_TRACE, 0},
	{"html", KEY_HTML, 0},
	{"tx", KEY_TX, 1},
	{"isolate", KEY_ISOLATE, 0},
	{"split", KEY_SPLIT, 0},
	{"gtest_batch", KEY_GTEST_BATCH, 0},
};

/*
 * What the reader and the handler share.  libinih counts one line per
 * reader call, and our reader hands over exactly one line per call, so
 * `line` is the line the handler is called for; whether that line is a
 * continuation is ours to tell, since the handler is called the same way
 * for both (see ini_line_is_continuation).
 */
struct parse_state {
	struct config *cfg;
	const char *data;
	size_t len, pos;
	int line;
	int indented;	/* this line starts with a blank */
	int after_pair; /* a key = value line since the last [section] */
	struct buf raw[KEY_MAX];
	int key_line[KEY_MAX];
	const char *key_name[KEY_MAX]; /* as first written (static) */
	int err_line;
	struct buf err;
};

static void parse_error(struct parse_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void parse_error(struct parse_state *st, const char *fmt, ...)
{
	va_list ap;

	if (st->err_line)
		return;
	st->err_line = st->line;
	va_start(ap, fmt);
	{
		char *msg;

		if (vasprintf(&msg, fmt, ap) < 0)
			BUG("vasprintf");
		buf_adds(&st->err, msg);
		free(msg);
	}
	va_end(ap);
}

static char *ini_read_line(char *str, int num, void *stream)
{
	struct parse_state *st = stream;
	const char *p = st->data + st->pos, *nl;
	size_t n, left = st->len - st->pos;
	const char *q;

	if (st->pos >= st->len || st->err_line)
		return NULL;
	nl = memchr(p, '\n', left);
	n = nl ? (size_t)(nl - p) + 1 : left;
	st->line++;
	/* libinih would cut a long line in two and read the rest as a line
	   of its own: refuse it instead. */
	if (num < 4 || n > (size_t)num - 1) {
		parse_error(st,
			    "line longer than %d characters (continue a long "
			    "value on indented lines)",
			    num - 3);
		return NULL;
	}
	if (memchr(p, '\0', n)) {
		parse_error(st, "NUL byte in the file");
		return NULL;
	}
	memcpy(str, p, n);
	str[n] = '\0';
	st->pos += n;
	st->indented = str[0] == ' ' || str[0] == '\t';
	/* libinih: a line whose first non-blank is '[' is a section header,
	   unless indented after a pair, when it continues a value. */
	for (q = str; *q == ' ' || *q == '\t'; q++)
		;
	if (*q == '[' && !(st->indented && st->after_pair))
		st->after_pair = 0;
	return str;
}

/* libinih calls the handler for "key = value" and for each indented line
   after one (configparser's multi-line values) the same way. */
static int ini_line_is_continuation(const struct parse_state *st)
{
	return st->indented && st->after_pair;
}

static int ini_handle(void *user, const char *section, const char *name,
		      const char *value)
{
	struct parse_state *st = user;
	int cont = ini_line_is_continuation(st);
	size_t i;

	st->after_pair = 1;
	if (strcmp(section, CONFIG_SECTION))
		return 1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].name, name))
			break;
	if (i == sizeof(keys) / sizeof(keys[0])) {
		if (!cont)
			buf_addf(&st->cfg->warnings,
				 "xdist-exec: warning: %s:%d: unknown key "
				 "'%s' in [%s] (ignored)\n",
				 st->cfg->path, st->line, name, CONFIG_SECTION);
		return 1;
	}
	if (cont) {
		if (!keys[i].list) {
			parse_error(st,
				    "'%s' takes one value, not several lines",
				    name);
			return 0;
		}
		buf_addch(&st->raw[keys[i].key], '\n');
		buf_adds(&st->raw[keys[i].key], value);
		return 1;
	}
	if (st->key_line[keys[i].key]) {
		enum key k = keys[i].key;

		if (strcmp(st->key_name[k], name))
			parse_error(st,
				    "key '%s' given twice (as '%s' on line %d; "
				    "they are one key)",
				    name, st->key_name[k], st->key_line[k]);
		else
			parse_error(st,
				    "key '%s' given twice (first on line %d)",
				    name, st->key_line[k]);
		return 0;
	}
	st->key_line[keys[i].key] = st->line;
	st->key_name[keys[i].key] = keys[i].name;
	buf_reset(&st->raw[keys[i].key]);
	buf_adds(&st->raw[keys[i].key], value);
	return 1;
}

static int split_key(struct parse_state *st, enum key k, struct words *out,
		     int *line)
{
	struct buf why = BUF_INIT;

	*line = st->key_line[k];
	if (!*line)
		return 0;
	if (words_split(st->raw[k].data ? st->raw[k].data : "", out, &why) <
	    0) {
		st->err_line = *line;
		buf_addf(&st->err, "%s: %s", st->key_name[k], why.data);
		buf_release(&why);
		return -1;
	}
	return 0;
}

/* tx: one spec a line (a spec holds blanks: ssh=-p 22 host), each
   checked here so that an error names its line. */
static int lines_key(struct parse_state *st, enum key k, struct words *out,
		     int *line)
{
	const char *p = st->raw[k].data ? st->raw[k].data : "";
	struct buf why = BUF_INIT;
	struct txspec t;

	*line = st->key_line[k];
	while (*line && *p) {
		size_t n = strcspn(p, "\n");
		char *spec;

		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		spec = xstrndup(p, n);
		p += strcspn(p, "\n");
		if (*p)
			p++;
		if (!*spec) {
			free(spec);
			continue;
		}
		if (txspec_parse(spec, &t, &why) < 0) {
			st->err_line = *line;
			buf_addf(&st->err, "%s: %s", st->key_name[k],
				 why.data + strlen("--tx "));
			buf_release(&why);
			free(spec);
			return -1;
		}
		txspec_release(&t);
		words_add(out, spec);
		free(spec);
	}
	return 0;
}

/* A one-value key: validate it, keep a copy. */
static int single_key(struct parse_state *st, enum key k, char **out, int *line)
{
	const char *v = st->raw[k].data ? st->raw[k].data : "";
	long long ms;
	enum sched_mode m;
	enum split_mode split;
	int yes;

	*line = st->key_line[k];
	if (!*line)
		return 0;
	st->err_line = *line;
	if (k == KEY_TIMEOUT && options_parse_seconds(v, &ms) < 0) {
		buf_addf(&st->err,
			 "timeout: '%s' is not a number of seconds from 0 to "
			 "86400 (0: none)",
			 v);
		return -1;
	}
	if (k == KEY_DIST && sched_mode_parse(v, &m) < 0) {
		buf_addf(&st->err,
			 "dist: '%s' is not one of load, loadscope, loadfile, "
			 "loadgroup, worksteal, each, no",
			 v);
		return -1;
	}
	if (k == KEY_ISOLATE) {
		unsigned f = 0;
		struct buf why = BUF_INIT;

		if (isolate_parse(v, &f, &why) < 0) {
			buf_addf(&st->err, "isolate: %s", why.data);
			buf_release(&why);
			return -1;
		}
	}
	if (k == KEY_GTEST_BATCH && options_parse_gtest_batch(v, &yes) < 0) {
		buf_addf(&st->err,
			 "gtest_batch: '%s' is not auto or a number of cases "
			 "from 1 to %d",
			 v, GTEST_BATCH_MAX);
		return -1;
	}
	if (k == KEY_SPLIT && gtest_split_parse(v, &split) < 0) {
		buf_addf(&st->err, "split: '%s' is not one of no, gtest", v);
		return -1;
	}
	if (k == KEY_KEEP_DUPLICATES && options_parse_bool(v, &yes) < 0) {
		buf_addf(&st->err,
			 "keep_duplicates: '%s' is not one of true, false, "
			 "yes, no, 1, 0",
			 v);
		return -1;
	}
	if ((k == KEY_CACHE_DIR || k == KEY_TRACE || k == KEY_HTML) && !*v) {
		buf_addf(&st->err, "%s: the path is empty",
			 k == KEY_CACHE_DIR ? "cache_dir"
			 : k == KEY_TRACE   ? "trace"
					    : "html");
		return -1;
	}
	st->err_line = 0;
	*out = xstrdup(v);
	return 0;
}

/* pytest's ini booleans. */
static int parse_bool(const char *v)
{
	static const char *const yes[] = {"y",	"yes", "t", "true",
					  "on", "1",   NULL};
	static const char *const no[] = {"n",	"no", "f", "false",
					 "off", "0",  NULL};
	int i;

	for (i = 0; yes[i]; i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

/* xfail_strict, strict_markers: *out 1 or 0, or left -1 when absent. */
static int bool_key(struct parse_state *st, enum key k, int *out)
{
	const char *v = st->raw[k].data ? st->raw[k].data : "";

	if (!st->key_line[k])
		return 0;
	*out = parse_bool(v);
	if (*out >= 0)
		return 0;
	st->err_line = st->key_line[k];
	buf_addf(&st->err,
		 "%s: '%s' is not one of true, false (yes, no, on, off, 1, 0)",
		 st->key_name[k], v);
	return -1;
}

/* markers: one declaration a line (marks.h). */
static int markers_key(struct parse_state *st, struct marks_decl *d)
{
	const char *p = st->raw[KEY_MARKERS].data;
	struct buf why = BUF_INIT;

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		int r = marks_declare(d, line, &why);

		free(line);
		if (r < 0) {
			st->err_line = st->key_line[KEY_MARKERS];
			buf_addf(&st->err, "markers: %s", why.data);
			buf_release(&why);
			return -1;
		}
		p += n + (p[n] == '\n');
	}
	return 0;
}

/* libinih, loaded when a configuration file is read (dynlib.h). */
static struct {
	__typeof__(ini_parse_stream) *parse_stream;
} inih;

static int ini_load(struct buf *err, const char *path)
{
	const struct dynlib_sym syms[] = {
		{"ini_parse_stream", &inih.parse_stream}};
	static void *h;
	size_t keep = err->len;

	if (h)
		return 0;
	buf_addf(err, "%s: ", path);
	h = dynlib_load("libinih.so.1", "libinih1", syms, 1, err);
	if (!h)
		return -1;
	/* Only the failure says something. */
	err->len = keep;
	err->data[keep] = '\0';
	return 0;
}

int config_parse(struct config *cfg, const char *path, const char *data,
		 size_t len, struct buf *err)
{
	struct parse_state st;
	struct config *c = cfg;
	int rc, i, ret = -1;

	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	st.data = data;
	st.len = len;
	for (i = 0; i < KEY_MAX; i++)
		buf_init(&st.raw[i]);
	buf_init(&st.err);
	free(cfg->path);
	free(cfg->dir);
	cfg->path = xstrdup(path);
	cfg->dir = config_dir_of(path);

	if (ini_load(err, path) < 0)
		goto out;
	rc = inih.parse_stream(ini_read_line, &st, ini_handle, &st);
	if (rc < 0) {
		/* Only with a heap line buffer: out of memory. */
		buf_addf(err, "%s: cannot parse: out of memory", path);
		goto out;
	}
	/* libinih reports the first bad line, ours included; a reader error
	   stops it, so a line of ours before its report comes first. */
	if (rc > 0 && (!st.err_line || rc < st.err_line)) {
		buf_addf(err,
			 "%s:%d: malformed line (expected '[section]', "
			 "'key = value' or a comment)",
			 path, rc);
		goto out;
	}
	if (st.err_line)
		goto fail;
	if (split_key(&st, KEY_ADDOPTS, &c->addopts, &c->addopts_line) < 0 ||
	    split_key(&st, KEY_TESTS, &c->tests, &c->tests_line) < 0 ||
	    split_key(&st, KEY_RSYNCDIRS, &c->rsyncdirs, &c->rsyncdirs_line) <
		    0 ||
	    split_key(&st, KEY_RSYNCIGNORE, &c->rsyncignore,
		      &c->rsyncignore_line) < 0 ||
	    lines_key(&st, KEY_TX, &c->tx, &c->tx_line) < 0 ||
	    single_key(&st, KEY_TIMEOUT, &c->timeout, &c->timeout_line) < 0 ||
	    single_key(&st, KEY_DIST, &c->dist, &c->dist_line) < 0 ||
	    single_key(&st, KEY_CACHE_DIR, &c->cache_dir, &c->cache_dir_line) <
		    0 ||
	    bool_key(&st, KEY_XFAIL_STRICT, &c->xfail_strict) < 0 ||
	    bool_key(&st, KEY_STRICT_MARKERS, &c->strict_markers) < 0 ||
	    bool_key(&st, KEY_TAP, &c->tap) < 0 ||
	    markers_key(&st, &c->markers) < 0 ||
	    single_key(&st, KEY_KEEP_DUPLICATES, &c->keep_duplicates,
		       &c->keep_duplicates_line) < 0 ||
	    single_key(&st, KEY_TRACE, &c->trace, &c->trace_line) < 0 ||
	    single_key(&st, KEY_HTML, &c->html, &c->html_line) < 0 ||
	    single_key(&st, KEY_ISOLATE, &c->isolate, &c->isolate_line) < 0 ||
	    single_key(&st, KEY_SPLIT, &c->split, &c->split_line) < 0 ||
	    single_key(&st, KEY_GTEST_BATCH, &c->gtest_batch,
		       &c->gtest_batch_line) < 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	buf_addf(err, "%s:%d: %s", path, st.err_line,
		 st.err.data ? st.err.data : "error");
out:
	for (i = 0; i < KEY_MAX; i++)
		buf_release(&st.raw[i]);
	buf_release(&st.err);
	return ret;
}

/* ---- -c before getopt ---- */

static int prescan_word(char **words, size_t n, size_t *i, const char **file,
			int *found, struct buf *err)
{
	const char *a = words[*i];
	const char *next = *i + 1 < n ? words[*i + 1] : NULL;

	if (a[0] != '-' || !a[1])
		return 0;
	if (a[1] == '-') {
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);

		/* getopt_long takes any unambiguous prefix: --con, --conf... */
		if (len < 3 || len > 6 || strncmp(name, "config", len)) {
			/* Another option's value is no option: --setup -c. */
			if (!eq && next && options_long_takes_value(name, len))
				++*i;
			return 0;
		}
		if (eq) {
			*file = eq + 1;
		} else if (next) {
			*file = next;
			++*i;
		} else {
			buf_addf(err, "option '%s' needs a value", a);
			return -1;
		}
		*found = 1;
		return 0;
	}
	for (a++; *a; a++) {
		if (*a == 'c') {
			if (a[1]) {
				*file = a[1] == '=' ? a + 2 : a + 1;
			} else if (next) {
				*file = next;
				++*i;
			} else {
				buf_adds(err, "option '-c' needs a value");
				return -1;
			}
			*found = 1;
			return 0;
		}
		if (options_short_takes_value(*a)) {
			/* The value is the rest, or the next word. */
			if (!a[1] && next)
				++*i;
			return 0;
		}
	}
	return 0;
}

static int prescan_list(char **words, size_t n, const char **file, int *found,
			struct buf *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(words[i], "--"))
			break;
		if (prescan_word(words, n, &i, file, found, err) < 0)
			return -1;
	}
	return 0;
}

int config_prescan(int argc, char **argv, const struct words *env,
		   const char **file, struct buf *err)
{
	int found = 0;

	*file = NULL;
	if (env && env->n &&
	    prescan_list(env->v, env->n, file, &found, err) < 0)
		return -1;
	if (argc > 1 &&
	    prescan_list(argv + 1, (size_t)argc - 1, file, &found, err) < 0)
		return -1;
	if (found && !**file) {
		buf_adds(err, "-c: the path is empty");
		return -1;
	}
	return found;
}

/* ---- the edge: find and read ---- */

static int read_config(const char *open_path, const char *shown,
		       struct buf *data, struct buf *err)
{
	char chunk[16384];
	ssize_t n;
	int fd = open(open_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		buf_addf(err, "cannot read config file '%s': %s", shown,
			 strerror(errno));
		return -1;
	}
	while ((n = xio_read(fd, chunk, sizeof(chunk))) > 0) {
		if (data->len + (size_t)n > CONFIG_MAX_SIZE) {
			buf_addf(err,
				 "config file '%s' is larger than %u bytes",
				 shown, CONFIG_MAX_SIZE);
			close(fd);
			return -1;
		}
		buf_add(data, chunk, (size_t)n);
	}
	if (n < 0) {
		buf_addf(err, "cannot read config file '%s': %s", shown,
			 strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * The nearest CONFIG_FILE_NAME from cwd up.  Returns 1 with *open_path
 * (absolute) and *shown (relative to cwd: "../" per level), or 0.  cwd is what
 * getcwd() gives, without symlinks, so "../" is each parent in turn.
 */
static int find_upwards(const char *cwd, char **open_path, char **shown)
{
	char *dir = xstrdup(cwd);
	struct buf rel = BUF_INIT;
	size_t n = strlen(dir);
	int found = 0;

	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	for (;;) {
		struct stat sb;
		char *cand = config_join(dir, CONFIG_FILE_NAME);
		char *slash;

		if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode)) {
			*open_path = cand;
			buf_adds(&rel, CONFIG_FILE_NAME);
			*shown = buf_release_take(&rel);
			found = 1;
			break;
		}
		free(cand);
		if (!strcmp(dir, "/"))
			break;
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		buf_adds(&rel, "../");
	}
	buf_release(&rel);
	free(dir);
	return found;
}

int config_find_and_load(int argc, char **argv, const char *env_addopts,
			 const char *cwd, struct config *cfg, struct buf *err)
{
	struct words env = {NULL, 0};
	struct buf why = BUF_INIT, data = BUF_INIT;
	const char *given = NULL;
	char *open_path = NULL, *shown = NULL;
	int r, rc = -1;

	if (env_addopts && words_split(env_addopts, &env, &why) < 0) {
		buf_addf(err, "%s: %s", CONFIG_ENV_ADDOPTS, why.data);
		goto out;
	}
	r = config_prescan(argc, argv, &env, &given, err);
	if (r < 0)
		goto out;
	if (r) {
		open_path = xstrdup(given);
		shown = xstrdup(given);
	} else if (!cwd || cwd[0] != '/' ||
		   !find_upwards(cwd, &open_path, &shown)) {
		rc = 0;
		goto out;
	}
	if (read_config(open_path, shown, &data, err) < 0)
		goto out;
	if (config_parse(cfg, shown, data.data ? data.data : "", data.len,
			 err) < 0)
		goto out;
	rc = 0;
out:
	words_release(&env);
	buf_release(&why);
	buf_release(&data);
	free(open_path);
	free(shown);
	return rc;
}

/* ---- the command line ---- */

static void add_arg(char ***v, int *n, const char *s)
{
	*v = xrealloc(*v, ((size_t)*n + 2) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
}

static int no_double_dash(const struct words *w, const char *where,
			  struct buf *err)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (!strcmp(w->v[i], "--")) {
			buf_addf(err,
				 "%s: '--' is not allowed (it would make the "
				 "command line's options tests)",
				 where);
			return -1;
		}
	return 0;
}

char **config_argv(const struct config *cfg, int argc, char **argv,
		   const char *env_addopts, int *new_argc, struct buf *err)
{
	struct words env = {NULL, 0};
	struct buf why = BUF_INIT;
	char **v = NULL, *s;
	int n = 0, i, yes;
	size_t k;

	if (env_addopts && words_split(env_addopts, &env, &why) < 0) {
		buf_addf(err, "%s: %s", CONFIG_ENV_ADDOPTS, why.data);
		goto fail;
	}
	if (cfg->addopts.n) {
		char *where = xasprintf("%s:%d: addopts", cfg->path,
					cfg->addopts_line);
		int r = no_double_dash(&cfg->addopts, where, err);

		free(where);
		if (r < 0)
			goto fail;
	}
	if (no_double_dash(&env, CONFIG_ENV_ADDOPTS, err) < 0)
		goto fail;

	add_arg(&v, &n, argc > 0 ? argv[0] : "xdist-exec");
	if (cfg->timeout) {
		s = xasprintf("--timeout=%s", cfg->timeout);
		add_arg(&v, &n, s);
		free(s);
	}
	if (cfg->dist) {
		s = xasprintf("--dist=%s", cfg->dist);
		add_arg(&v, &n, s);
		free(s);
	}
	if (cfg->xfail_strict == 1)
		add_arg(&v, &n, "--xfail-strict");
	if (cfg->strict_markers == 1)
		add_arg(&v, &n, "--strict-markers");
	if (cfg->tap == 1)
		add_arg(&v, &n, "--tap");
	if (cfg->split) {
		s = xasprintf("--split=%s", cfg->split);
		add_arg(&v, &n, s);
		free(s);
	}
	if (cfg->gtest_batch) {
		s = xasprintf("--gtest-batch=%s", cfg->gtest_batch);
		add_arg(&v, &n, s);
		free(s);
	}
	if (cfg->isolate) {
		s = xasprintf("--isolate=%s", cfg->isolate);
		add_arg(&v, &n, s);
		free(s);
	}
	if (cfg->cache_dir) {
		char *dir =
			config_join(cfg->dir ? cfg->dir : ".", cfg->cache_dir);

		s = xasprintf("--cache-dir=%s", dir);
		add_arg(&v, &n, s);
		free(s);
		free(dir);
	}
	if (cfg->keep_duplicates &&
	    options_parse_bool(cfg->keep_duplicates, &yes) == 0 && yes)
		add_arg(&v, &n, "--keep-duplicates");
	if (cfg->trace) {
		char *path = config_join(cfg->dir ? cfg->dir : ".", cfg->trace);

		s = xasprintf("--trace=%s", path);
		add_arg(&v, &n, s);
		free(s);
		free(path);
	}
	if (cfg->html) {
		char *path = config_join(cfg->dir ? cfg->dir : ".", cfg->html);

		s = xasprintf("--html=%s", path);
		add_arg(&v, &n, s);
		free(s);
		free(path);
	}
	for (k = 0; k < cfg->tx.n; k++) {
		s = xasprintf("--tx=%s", cfg->tx.v[k]);
		add_arg(&v, &n, s);
		free(s);
	}
	for (k = 0; k < cfg->rsyncdirs.n; k++) {
		char *dir = config_join(cfg->dir ? cfg->dir : ".",
					cfg->rsyncdirs.v[k]);

		s = xasprintf("--rsyncdir=%s", dir);
		add_arg(&v, &n, s);
		free(s);
		free(dir);
	}
	for (k = 0; k < cfg->rsyncignore.n; k++) {
		s = xasprintf("--rsyncignore=%s", cfg->rsyncignore.v[k]);
		add_arg(&v, &n, s);
		free(s);
	}
	for (k = 0; k < cfg->addopts.n; k++)
		add_arg(&v, &n, cfg->addopts.v[k]);
	for (k = 0; k < env.n; k++)
		add_arg(&v, &n, env.v[k]);
	for (i = 1; i < argc; i++)
		add_arg(&v, &n, argv[i]);
	*new_argc = n;
	words_release(&env);
	buf_release(&why);
	return v;
fail:
	words_release(&env);
	buf_release(&why);
	return NULL;
}

void config_argv_free(char **v)
{
	char **p;

	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

/* ---- testpaths (expanded in testpaths.c) ---- */

int config_has_tests(const struct config *cfg)
{
	return cfg->tests_line > 0;
}
