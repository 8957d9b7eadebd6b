/*
 * txspec: --tx specs and the command lines that reach a target.  See
 * txspec.h.
 */
#include "txspec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "words.h"

void txspec_release(struct txspec *t)
{
	free(t->spec);
	free(t->target);
	txspec_argv_free(t->ssh_opts);
	free(t->host);
	free(t->chdir);
	free(t->xdist_exec);
	memset(t, 0, sizeof(*t));
}

void txspec_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

void txspec_quote(struct buf *out, const char *s)
{
	buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addch(out, *s);
	}
	buf_addch(out, '\'');
}

/* A growing argv. */
struct argv {
	char **v;
	size_t n;
};

static void push(struct argv *a, const char *s)
{
	a->v = xrealloc(a->v, (a->n + 2) * sizeof(*a->v));
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

static void push_take(struct argv *a, char *s)
{
	push(a, s);
	free(s);
}

/* "N*": 1 and the count, 0 when s has none, -1 when it is not 1..max. */
static int take_count(const char **s, int *count)
{
	const char *p = *s;
	long v = 0;

	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p - '0');
		if (v > TXSPEC_MAX_COUNT)
			v = TXSPEC_MAX_COUNT + 1;
		p++;
	}
	if (*p != '*')
		return 0;
	if (v < 1 || v > TXSPEC_MAX_COUNT)
		return -1;
	*count = (int)v;
	*s = p + 1;
	return 1;
}

static int set_key(struct txspec *t, const char *whole, const char *kv,
		   size_t len, struct buf *err)
{
	const char *eq = memchr(kv, '=', len);
	size_t klen = eq ? (size_t)(eq - kv) : len;
	char **slot;

	if (klen == 5 && !strncmp(kv, "chdir", 5))
		slot = &t->chdir;
	else if (klen == 10 && !strncmp(kv, "xdist-exec", 10))
		slot = &t->xdist_exec;
	else {
		buf_addf(err,
			 "--tx '%s': unknown key '%.*s' (chdir=DIR, "
			 "xdist-exec=PATH)",
			 whole, (int)klen, kv);
		return -1;
	}
	if (*slot) {
		buf_addf(err, "--tx '%s': key '%.*s' given twice", whole,
			 (int)klen, kv);
		return -1;
	}
	if (!eq || eq + 1 == kv + len) {
		buf_addf(err, "--tx '%s': key '%.*s' needs a value", whole,
			 (int)klen, kv);
		return -1;
	}
	*slot = xstrndup(eq + 1, len - klen - 1);
	return 0;
}

static int parse_type(struct txspec *t, const char *whole, const char *s,
		      size_t len, struct buf *err)
{
	struct words w = {NULL, 0};
	struct buf why = BUF_INIT;
	char *val;
	size_t i;

	if (len == 5 && !strncmp(s, "popen", 5)) {
		t->kind = TX_POPEN;
		t->host = xstrdup("localhost");
		return 0;
	}
	if (len >= 5 && !strncmp(s, "exec=", 5)) {
		t->kind = TX_EXEC;
		t->host = xstrndup(s + 5, len - 5);
		if (!t->host[strspn(t->host, " \t")]) {
			buf_addf(err, "--tx '%s': exec= needs a command",
				 whole);
			return -1;
		}
		return 0;
	}
	if (len < 4 || strncmp(s, "ssh=", 4)) {
		buf_addf(err,
			 "--tx '%s': unknown gateway type '%.*s' (popen, "
			 "ssh=HOST, exec=COMMAND)",
			 whole,
			 (int)(memchr(s, '=', len) ? strcspn(s, "=") : len), s);
		return -1;
	}
	t->kind = TX_SSH;
	val = xstrndup(s + 4, len - 4);
	if (words_split(val, &w, &why) < 0) {
		buf_addf(err, "--tx '%s': %s", whole, why.data);
		goto fail;
	}
	if (!w.n || !*w.v[w.n - 1]) {
		buf_addf(err, "--tx '%s': ssh= needs a host", whole);
		goto fail;
	}
	if (w.v[w.n - 1][0] == '-') {
		buf_addf(err, "--tx '%s': ssh= ends with an option, not a host",
			 whole);
		goto fail;
	}
	t->host = xstrdup(w.v[w.n - 1]);
	t->ssh_opts = xcalloc(w.n, sizeof(*t->ssh_opts));
	for (i = 0; i + 1 < w.n; i++)
		t->ssh_opts[i] = xstrdup(w.v[i]);
	free(val);
	buf_release(&why);
	words_release(&w);
	return 0;
fail:
	free(val);
	buf_release(&why);
	words_release(&w);
	return -1;
}

int txspec_parse(const char *s, struct txspec *t, struct buf *err)
{
	const char *p, *sep;
	struct buf target = BUF_INIT;
	int r;

	memset(t, 0, sizeof(*t));
	t->count = 1;
	t->ssh_defaults = TXSPEC_SSH_DEFAULTS;
	r = take_count(&s, &t->count);
	if (r < 0) {
		buf_addf(err,
			 "--tx '%s': the count before '*' must be from 1 "
			 "to %d",
			 s, TXSPEC_MAX_COUNT);
		return -1;
	}
	t->spec = xstrdup(s);
	sep = strstr(s, "//");
	if (parse_type(t, t->spec, s, sep ? (size_t)(sep - s) : strlen(s),
		       err) < 0)
		goto fail;
	buf_add(&target, s, sep ? (size_t)(sep - s) : strlen(s));
	while (sep) {
		p = sep + 2;
		sep = strstr(p, "//");
		if (set_key(t, t->spec, p, sep ? (size_t)(sep - p) : strlen(p),
			    err) < 0)
			goto fail;
	}
	if (t->chdir)
		buf_addf(&target, "//chdir=%s", t->chdir);
	t->target = buf_release_take(&target);
	return 0;
fail:
	buf_release(&target);
	txspec_release(t);
	return -1;
}

/* The argv quoted as one shell command line. */
static void quote_argv(struct buf *out, const char *const *argv)
{
	size_t i;

	for (i = 0; argv[i]; i++) {
		if (i)
			buf_addch(out, ' ');
		txspec_quote(out, argv[i]);
	}
}

static void push_ssh(struct argv *a, const struct txspec *t)
{
	size_t i;

	push(a, "ssh");
	push(a, "-o");
	push(a, "BatchMode=yes");
	for (i = 0; t->ssh_opts && t->ssh_opts[i]; i++)
		push(a, t->ssh_opts[i]);
	/* Defaults, after the user's OPTS (ssh keeps an option's first
	   value, and reads its config files after the command line), and
	   only those the user's ssh configuration leaves unset: a target
	   that goes silent (network cut, frozen host) is lost 45 to 60 s
	   after its last word, as ssh gives up after CountMax + 1
	   unanswered intervals; one that never answers fails to start
	   within 30 s, where the banner would otherwise be awaited
	   forever. */
	if (t->ssh_defaults & TXSPEC_SSH_ALIVE_INTERVAL) {
		push(a, "-o");
		push(a, "ServerAliveInterval=15");
	}
	if (t->ssh_defaults & TXSPEC_SSH_ALIVE_COUNT) {
		push(a, "-o");
		push(a, "ServerAliveCountMax=3");
	}
	if (t->ssh_defaults & TXSPEC_SSH_CONNECT_TIMEOUT) {
		push(a, "-o");
		push(a, "ConnectTimeout=30");
	}
}

char **txspec_ssh_config_argv(const struct txspec *t)
{
	struct argv a = {NULL, 0};
	size_t i;

	push(&a, "ssh");
	push(&a, "-G");
	for (i = 0; t->ssh_opts && t->ssh_opts[i]; i++)
		push(&a, t->ssh_opts[i]);
	push(&a, "--");
	push(&a, t->host);
	return a.v;
}

/* The value of line's option key (ssh -G's "key value"), when line is
   that option's: its value as a number from 0 up, or -1 when it is not a
   number ("none"); -2 when line is another option's. */
static long long config_value(const char *line, size_t len, const char *key)
{
	size_t n = strlen(key), i;
	long long v = 0;

	if (len <= n || strncasecmp(line, key, n) || line[n] != ' ')
		return -2;
	for (i = n + 1; i < len && line[i] == ' '; i++)
		;
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (line[i] < '0' || line[i] > '9' || v > 1000000000LL)
			return -1;
		v = v * 10 + (line[i] - '0');
	}
	return v;
}

unsigned txspec_ssh_unset(const char *config)
{
	unsigned keep = TXSPEC_SSH_DEFAULTS;
	const char *line, *end;
	long long v;
	size_t len;

	for (line = config; line && *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		len = (size_t)(end - line);
		if (len && line[len - 1] == '\r')
			len--;
		/* ssh's defaults: an interval of 0 (no keep-alives), a count
		   of 3, no connect timeout ("none"). */
		if ((v = config_value(line, len, "serveraliveinterval")) > 0)
			keep &= ~TXSPEC_SSH_ALIVE_INTERVAL;
		if ((v = config_value(line, len, "serveralivecountmax")) >= 0 &&
		    v != 3)
			keep &= ~TXSPEC_SSH_ALIVE_COUNT;
		if ((v = config_value(line, len, "connecttimeout")) > 0)
			keep &= ~TXSPEC_SSH_CONNECT_TIMEOUT;
	}
	return keep;
}

static char *exec_script(const struct txspec *t)
{
	return xasprintf("%s \"$@\"", t->host);
}

char **txspec_argv(const struct txspec *t, const char *const *remote)
{
	struct argv a = {NULL, 0};
	struct buf cmd = BUF_INIT;
	size_t i;

	if (t->kind == TX_SSH) {
		push_ssh(&a, t);
		push(&a, "--");
		push(&a, t->host);
		quote_argv(&cmd, remote);
		push_take(&a, buf_release_take(&cmd));
	} else if (t->kind == TX_EXEC) {
		push(&a, "/bin/sh");
		push(&a, "-c");
		push_take(&a, exec_script(t));
		push(&a, "sh");
		for (i = 0; remote[i]; i++)
			push(&a, remote[i]);
	} else {
		BUG("txspec_argv: a popen spec has no command");
	}
	return a.v;
}

char *txspec_rsh(const struct txspec *t)
{
	struct argv a = {NULL, 0};
	struct buf out = BUF_INIT;

	if (t->kind == TX_EXEC)
		return exec_script(t);
	push_ssh(&a, t);
	quote_argv(&out, (const char *const *)a.v);
	buf_adds(&out, " \"$@\"");
	txspec_argv_free(a.v);
	return buf_release_take(&out);
}

/* An absolute path, or one going up: it cannot keep its place under the
   destination. */
static int outside(const char *dir)
{
	const char *p = dir;

	if (*dir == '/')
		return 1;
	while ((p = strstr(p, "..")) != NULL) {
		if ((p == dir || p[-1] == '/') && (p[2] == '/' || !p[2]))
			return 1;
		p += 2;
	}
	return 0;
}

char **txspec_rsync_argv(const struct txspec *t, const char *dir,
			 const char *const *ignores, size_t nignores)
{
	struct argv a = {NULL, 0};
	size_t i, n = strlen(dir);
	char *src, *dest;

	push(&a, "rsync");
	/* -R keeps the path as given after a "/./" (or all of it). */
	push(&a, "-aR");
	push(&a, "--delete");
	for (i = 0; i < nignores; i++)
		push_take(&a, xasprintf("--exclude=%s", ignores[i]));
	if (t->kind != TX_POPEN) {
		/* The same words that start a worker there: txspec_rsh,
		   through the environment, so that no quoting of ours meets
		   rsync's own splitting of -e. */
		push(&a, "--blocking-io");
		push(&a, "-e");
		push(&a, "sh -c 'eval \"$" TXSPEC_RSH_ENV "\"' sh");
	}
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (outside(dir)) {
		const char *base = dir + n;

		while (base > dir && base[-1] != '/')
			base--;
		if (base > dir && base < dir + n)
			src = xasprintf("%.*s/./%.*s", (int)(base - dir - 1),
					dir, (int)(dir + n - base), base);
		else
			src = xstrndup(dir, n);
	} else {
		src = xstrndup(dir, n);
	}
	push_take(&a, src);
	if (t->kind == TX_POPEN)
		dest = xasprintf("%s/", t->chdir ? t->chdir : ".");
	else
		dest = xasprintf("%s:%s%s", t->kind == TX_SSH ? t->host : "env",
				 t->chdir ? t->chdir : "", t->chdir ? "/" : "");
	push_take(&a, dest);
	return a.v;
}

char *txspec_probe_script(const struct txspec *t, const char *key,
			  unsigned proto)
{
	struct buf s = BUF_INIT;

	buf_adds(&s, "set -u; uname -m || exit 1; ");
	if (t->chdir) {
		buf_adds(&s, "mkdir -p -- ");
		txspec_quote(&s, t->chdir);
		buf_adds(&s, " || exit 1; ");
	}
	buf_addf(&s,
		 "ok() { [ \"$(\"$1\" worker --protocol 2>/dev/null)\" = %u ]; "
		 "}; ",
		 proto);
	buf_adds(&s, "x=");
	if (t->xdist_exec) {
		txspec_quote(&s, t->xdist_exec);
		buf_adds(&s, "; case $x in /*) ;; *) x=$PWD/$x;; esac; "
			     "if ok \"$x\"; then echo \"use $x\"; "
			     "else echo \"bad $x\"; fi; exit 0; ");
	} else {
		buf_adds(&s, "$(command -v xdist-exec 2>/dev/null) && "
			     "ok \"$x\" && { echo \"use $x\"; exit 0; }; ");
	}
	buf_adds(&s, "c=${XDG_CACHE_HOME:-$HOME/.cache}/xdist-exec/");
	txspec_quote(&s, key);
	buf_adds(&s, "; if ok \"$c/xdist-exec\"; then echo \"use "
		     "$c/xdist-exec\"; else echo \"need $c\"; fi");
	return buf_release_take(&s);
}

char *txspec_copy_script(const char *dir, const char *name)
{
	struct buf s = BUF_INIT;

	buf_adds(&s, "set -e; d=");
	txspec_quote(&s, dir);
	buf_adds(&s, "; n=");
	txspec_quote(&s, name);
	buf_adds(&s, "; mkdir -p \"$(dirname \"$d/$n\")\"; "
		     "t=\"$d/$n.tmp.$$\"; cat >\"$t\"; chmod 755 \"$t\"; "
		     "mv -f \"$t\" \"$d/$n\"");
	return buf_release_take(&s);
}
