#include "env.h"

#include <stdlib.h>
#include <string.h>

static const char *const contract_names[] = {
	"PYTEST_XDIST_WORKER",	   "PYTEST_XDIST_WORKER_COUNT",
	"PYTEST_XDIST_TESTRUNUID", "XDIST_WORKER",
	"XDIST_WORKER_INDEX",	   "XDIST_WORKER_COUNT",
	"XDIST_TESTRUNUID",	   "XDIST_TEST_ID",
	"XDIST_RUN_DIR",	   "XDIST_WORKER_DIR",
	"XDIST_MAINARGV",	   NULL,
};

int env_is_contract_name(const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t n = eq ? (size_t)(eq - entry) : strlen(entry);
	const char *const *p;

	for (p = contract_names; *p; p++)
		if (strlen(*p) == n && !memcmp(*p, entry, n))
			return 1;
	return 0;
}

static void add(struct env *e, size_t cap, char *s)
{
	if (e->n + 1 >= cap)
		BUG("env: too many variables");
	e->v[e->n++] = s;
	e->v[e->n] = NULL;
}

void env_init(struct env *e, char *const *base, const struct env_contract *c)
{
	size_t nb = 0, cap;
	char *const *p;

	for (p = base; p && *p; p++)
		nb++;
	cap = nb + 16;
	e->v = xcalloc(cap, sizeof(char *));
	e->n = 0;
	for (p = base; p && *p; p++)
		if (strchr(*p, '=') && !env_is_contract_name(*p))
			e->v[e->n++] = *p;
	e->nbase = e->n;
	if (!c->master) {
		add(e, cap, xasprintf("PYTEST_XDIST_WORKER=%s", c->worker));
		add(e, cap, xasprintf("PYTEST_XDIST_WORKER_COUNT=%d", c->count));
		add(e, cap,
		    xasprintf("PYTEST_XDIST_TESTRUNUID=%s", c->testrunuid));
	}
	add(e, cap, xasprintf("XDIST_WORKER=%s", c->worker));
	add(e, cap, xasprintf("XDIST_WORKER_INDEX=%d", c->index));
	add(e, cap, xasprintf("XDIST_WORKER_COUNT=%d", c->count));
	add(e, cap, xasprintf("XDIST_TESTRUNUID=%s", c->testrunuid));
	add(e, cap, xasprintf("XDIST_RUN_DIR=%s", c->run_dir));
	add(e, cap, xasprintf("XDIST_WORKER_DIR=%s", c->worker_dir));
	add(e, cap, xasprintf("XDIST_MAINARGV=%s", c->mainargv));
	e->id_slot = e->n;
	add(e, cap, xstrdup("XDIST_TEST_ID="));
}

void env_set_test_id(struct env *e, const char *id)
{
	free(e->v[e->id_slot]);
	e->v[e->id_slot] = xasprintf("XDIST_TEST_ID=%s", id);
}

void env_release(struct env *e)
{
	size_t i;

	if (!e->v)
		return;
	for (i = e->nbase; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	e->v = NULL;
	e->n = 0;
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
