#include "env.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static const char *const contract_names[] = {
	"PYTEST_XDIST_WORKER",
	"PYTEST_XDIST_WORKER_COUNT",
	"PYTEST_XDIST_TESTRUNUID",
	"XDIST_WORKER",
	"XDIST_WORKER_INDEX",
	"XDIST_WORKER_COUNT",
	"XDIST_TESTRUNUID",
	"XDIST_TEST_ID",
	"XDIST_TEST_PID",
	"XDIST_RUN_DIR",
	"XDIST_WORKER_DIR",
	"XDIST_MAINARGV",
	"XDIST_ENV_FILE",
	"XDIST_ATTEMPT",
	"XDIST_ATTEMPTS",
	"XDIST_HOST",
	"XDIST_SANDBOX",
	"XDIST_TEST_TMPDIR",
	NULL,
};

static size_t name_len(const char *entry)
{
	const char *eq = strchr(entry, '=');

	return eq ? (size_t)(eq - entry) : strlen(entry);
}

int env_is_contract_name(const char *entry)
{
	size_t n = name_len(entry);
	const char *const *p;

	for (p = contract_names; *p; p++)
		if (strlen(*p) == n && !memcmp(*p, entry, n))
			return 1;
	return 0;
}

static void grow(struct env *e)
{
	if (e->n + 2 <= e->cap)
		return;
	e->cap = e->cap ? e->cap * 2 : 64;
	e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	e->owned = xrealloc(e->owned, e->cap);
}

static void append(struct env *e, char *s, int owned)
{
	grow(e);
	e->v[e->n] = s;
	e->owned[e->n] = (unsigned char)owned;
	e->n++;
	e->v[e->n] = NULL;
}

static ssize_t find(const struct env *e, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=')
			return (ssize_t)i;
	return -1;
}

void env_put(struct env *e, const char *entry)
{
	ssize_t i = find(e, entry, name_len(entry));

	if (i < 0) {
		append(e, xstrdup(entry), 1);
		return;
	}
	if (e->owned[i])
		free(e->v[i]);
	e->v[i] = xstrdup(entry);
	e->owned[i] = 1;
}

void env_set(struct env *e, const char *name, const char *value)
{
	char *s = xasprintf("%s=%s", name, value);

	env_put(e, s);
	free(s);
}

void env_unset(struct env *e, const char *name)
{
	ssize_t i = find(e, name, strlen(name));

	if (i < 0)
		return;
	if (e->owned[i])
		free(e->v[i]);
	memmove(&e->v[i], &e->v[i + 1], (e->n - (size_t)i) * sizeof(*e->v));
	memmove(&e->owned[i], &e->owned[i + 1], e->n - (size_t)i);
	e->n--;
}

const char *env_get(const struct env *e, const char *name)
{
	size_t len = strlen(name);
	ssize_t i = find(e, name, len);

	return i < 0 ? NULL : e->v[i] + len + 1;
}

void env_set_test_id(struct env *e, const char *id)
{
	env_set(e, "XDIST_TEST_ID", id);
}

char *env_pid_slot(struct env *e)
{
	ssize_t i = find(e, "XDIST_TEST_PID", 14);

	return i < 0 ? NULL : e->v[i] + 15;
}

void env_fill_pid(char *slot, long pid)
{
	char digits[24];
	int n = 0, i;

	do {
		digits[n++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid > 0 && n < ENV_PID_WIDTH);
	for (i = 0; i < n; i++)
		slot[i] = digits[n - 1 - i];
	slot[n] = '\0';
}

void env_init(struct env *e, char *const *base, const struct env_contract *c)
{
	char *const *p;
	char blanks[ENV_PID_WIDTH + 1];
	const char *old_preload = NULL;

	memset(e, 0, sizeof(*e));
	grow(e);
	e->v[0] = NULL;
	for (p = base; p && *p; p++) {
		if (!strchr(*p, '=') || env_is_contract_name(*p))
			continue;
		if (!strncmp(*p, "LD_PRELOAD=", 11))
			old_preload = *p + 11;
		append(e, *p, 0);
	}
	if (!c->master) {
		env_set(e, "PYTEST_XDIST_WORKER", c->worker);
		append(e, xasprintf("PYTEST_XDIST_WORKER_COUNT=%d", c->count),
		       1);
		env_set(e, "PYTEST_XDIST_TESTRUNUID", c->testrunuid);
	}
	env_set(e, "XDIST_WORKER", c->worker);
	append(e, xasprintf("XDIST_WORKER_INDEX=%d", c->index), 1);
	append(e, xasprintf("XDIST_WORKER_COUNT=%d", c->count), 1);
	env_set(e, "XDIST_TESTRUNUID", c->testrunuid);
	env_set(e, "XDIST_RUN_DIR", c->run_dir);
	env_set(e, "XDIST_WORKER_DIR", c->worker_dir);
	env_set(e, "XDIST_MAINARGV", c->mainargv);
	env_set(e, "XDIST_HOST", c->host ? c->host : "localhost");
	env_set(e, "XDIST_TEST_ID", "");
	memset(blanks, ' ', ENV_PID_WIDTH);
	blanks[ENV_PID_WIDTH] = '\0';
	env_set(e, "XDIST_TEST_PID", blanks);
	if (c->preload && *c->preload) {
		const char *asan = env_get(e, "ASAN_OPTIONS");

		/* ASan insists its runtime is loaded first and aborts a test
		   that has anything in LD_PRELOAD before it: let it be. */
		if (!asan || !*asan) {
			env_set(e, "ASAN_OPTIONS", "verify_asan_link_order=0");
		} else if (!strstr(asan, "verify_asan_link_order")) {
			char *v =
				xasprintf("%s:verify_asan_link_order=0", asan);

			env_set(e, "ASAN_OPTIONS", v);
			free(v);
		}
		if (old_preload && *old_preload) {
			char *v = xasprintf("%s:%s", c->preload, old_preload);

			env_set(e, "LD_PRELOAD", v);
			free(v);
		} else {
			env_set(e, "LD_PRELOAD", c->preload);
		}
	}
}

void env_release(struct env *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->owned[i])
			free(e->v[i]);
	free(e->v);
	free(e->owned);
	memset(e, 0, sizeof(*e));
}

static int valid_assignment(const char *s, size_t n)
{
	size_t i;

	if (!n || !((s[0] >= 'A' && s[0] <= 'Z') ||
		    (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (i = 1; i < n && s[i] != '='; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return i < n && s[i] == '=' && !memchr(s, '\0', n);
}

int env_parse_assignments(const char *data, size_t len,
			  void (*fn)(void *arg, const char *entry), void *arg)
{
	size_t pos = 0;
	int bad = 0;

	while (pos < len) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		char *entry;

		pos += n + (nl ? 1 : 0);
		if (n && line[n - 1] == '\r')
			n--;
		if (!n || line[0] == '#')
			continue;
		if (!valid_assignment(line, n)) {
			bad++;
			continue;
		}
		entry = xstrndup(line, n);
		fn(arg, entry);
		free(entry);
	}
	return bad;
}

static int shell_safe(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("@%+=:,./_-", c)))
			return 0;
	}
	return 1;
}

void env_quote_argv(struct buf *out, int argc, char *const *argv)
{
	int i;
	const char *s;

	for (i = 0; i < argc; i++) {
		if (i)
			buf_addch(out, ' ');
		if (shell_safe(argv[i])) {
			buf_adds(out, argv[i]);
			continue;
		}
		buf_addch(out, '\'');
		for (s = argv[i]; *s; s++) {
			if (*s == '\'')
				buf_adds(out, "'\\''");
			else
				buf_addch(out, *s);
		}
		buf_addch(out, '\'');
	}
}
