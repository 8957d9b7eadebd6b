/*
 * ctest: what a CTest test's properties mean to a run.  See ctest.h.
 */
#include "ctest.h"

#include "cache.h"
#include "cmake_re.h"

#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ctest_props *ctest_props_new(void)
{
	struct ctest_props *p = xcalloc(1, sizeof(*p));

	p->skip_code = -1;
	return p;
}

void ctest_props_free(struct ctest_props *p)
{
	if (!p)
		return;
	words_release(&p->pass_re);
	words_release(&p->fail_re);
	words_release(&p->skip_re);
	words_release(&p->bad_re);
	words_release(&p->setup);
	words_release(&p->cleanup);
	words_release(&p->required);
	words_release(&p->depends);
	words_release(&p->locks);
	words_release(&p->env);
	words_release(&p->envmod);
	free(p->workdir);
	free(p);
}

static void strs_copy(struct words *to, const struct words *from)
{
	size_t i;

	to->v = NULL;
	to->n = 0;
	for (i = 0; i < from->n; i++)
		words_add(to, from->v[i]);
}

struct ctest_props *ctest_props_copy(const struct ctest_props *p)
{
	struct ctest_props *c;

	if (!p)
		return NULL;
	c = xmalloc(sizeof(*c));
	*c = *p;
	strs_copy(&c->pass_re, &p->pass_re);
	strs_copy(&c->fail_re, &p->fail_re);
	strs_copy(&c->skip_re, &p->skip_re);
	strs_copy(&c->bad_re, &p->bad_re);
	strs_copy(&c->setup, &p->setup);
	strs_copy(&c->cleanup, &p->cleanup);
	strs_copy(&c->required, &p->required);
	strs_copy(&c->depends, &p->depends);
	strs_copy(&c->locks, &p->locks);
	strs_copy(&c->env, &p->env);
	strs_copy(&c->envmod, &p->envmod);
	c->workdir = p->workdir ? xstrdup(p->workdir) : NULL;
	return c;
}

static int strs_same(const struct words *a, const struct words *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

int ctest_props_same_env(const struct ctest_props *a,
			 const struct ctest_props *b)
{
	static const struct ctest_props none;

	a = a ? a : &none;
	b = b ? b : &none;
	return strs_same(&a->env, &b->env) &&
	       strs_same(&a->envmod, &b->envmod) &&
	       !strcmp(a->workdir ? a->workdir : "",
		       b->workdir ? b->workdir : "");
}

/* The POSIX form of CMake expression re, compiled: 0, or -1 with
   cmsys's reason in err.  No REG_NEWLINE: '.' matches a newline, '^' and
   '$' the ends of the whole text, as in cmsys. */
static int compile(regex_t *r, const char *re, struct buf *err)
{
	struct buf ere = BUF_INIT;
	char msg[256];
	int rc;

	if (cmake_re_to_ere(re, &ere, err) < 0)
		return -1;
	rc = regcomp(r, ere.data ? ere.data : "", REG_EXTENDED | REG_NOSUB);
	if (rc) {
		/* Not reached: the translation is valid POSIX. */
		regerror(rc, r, msg, sizeof(msg));
		buf_adds(err, msg);
	}
	buf_release(&ere);
	return rc ? -1 : 0;
}

int ctest_regex_check(const char *re, struct buf *err)
{
	struct buf why = BUF_INIT;
	regex_t r;

	if (!compile(&r, re, &why)) {
		regfree(&r);
		return 0;
	}
	if (err)
		buf_addf(err, "bad regular expression '%s': %s", re, why.data);
	buf_release(&why);
	return -1;
}

int ctest_add_regex(struct ctest_props *p, struct words *res, const char *prop,
		    const char *re)
{
	struct buf why = BUF_INIT;
	regex_t r;
	char *note;

	words_add(res, re);
	if (!compile(&r, re, &why)) {
		regfree(&r);
		return 0;
	}
	note = xasprintf("%s '%s' matches nothing (bad regular expression: "
			 "%s)",
			 prop, re, why.data ? why.data : "");
	words_add(&p->bad_re, note);
	free(note);
	buf_release(&why);
	return 1;
}

/* The first of res that matches text (ctest's, no NUL in it), or NULL (a
   bad one matches nothing, as in ctest: ctest_add_regex noted it). */
static const char *first_match(const struct words *res, const char *text)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		regex_t r;
		int hit;

		if (compile(&r, res->v[i], NULL))
			continue;
		hit = !regexec(&r, text, 0, NULL, 0);
		regfree(&r);
		if (hit)
			return res->v[i];
	}
	return NULL;
}

static void add_regexes(struct buf *why, const struct words *res)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		buf_addf(why, "%s%s", i ? " " : "", res->v[i]);
}

static enum outcome verdict(const struct ctest_props *p, int code,
			    const char *out, size_t len, struct buf *why)
{
	struct buf text = BUF_INIT, reason = BUF_INIT;
	const char *m;
	int passed;

	if (p->skip_code >= 0 && code == p->skip_code) {
		buf_addf(why, "SKIP_RETURN_CODE=%d", code);
		return OUTCOME_SKIPPED;
	}
	cmake_re_output(out, out ? len : 0, &text);
	if (!text.data)
		buf_adds(&text, "");
	if (p->skip_re.n && (m = first_match(&p->skip_re, text.data))) {
		buf_addf(why,
			 "Skip regular expression found in output. "
			 "Regex=[%s]",
			 m);
		buf_release(&text);
		return OUTCOME_SKIPPED;
	}
	if (p->pass_re.n) {
		m = first_match(&p->pass_re, text.data);
		passed = m != NULL;
		if (!passed) {
			buf_adds(&reason, "Required regular expression not "
					  "found. Regex=[");
			add_regexes(&reason, &p->pass_re);
			buf_addch(&reason, ']');
		}
	} else {
		passed = code == 0;
		if (!passed)
			buf_addf(&reason, "exit status %d", code);
	}
	if (p->fail_re.n && (m = first_match(&p->fail_re, text.data))) {
		passed = 0;
		buf_reset(&reason);
		buf_addf(&reason,
			 "Error regular expression found in output. "
			 "Regex=[%s]",
			 m);
	}
	if (p->will_fail) {
		passed = !passed;
		buf_reset(&reason);
		if (!passed)
			buf_addf(&reason, "WILL_FAIL: exited %d", code);
	}
	if (!passed && reason.len)
		buf_add(why, reason.data, reason.len);
	buf_release(&text);
	buf_release(&reason);
	return passed ? OUTCOME_PASSED : OUTCOME_FAILED;
}

enum outcome ctest_verdict(const struct ctest_props *p, int code,
			   const char *out, size_t len, struct buf *why)
{
	size_t start = why->len, i;
	enum outcome o = verdict(p, code, out, len, why);

	for (i = 0; why->len > start && i < p->bad_re.n; i++)
		buf_addf(why, "; %s", p->bad_re.v[i]);
	return o;
}

/* ctest_arrange's names, for a cache_index over them. */
struct names {
	ctest_name_fn *name;
	void *ctx;
};

static const char *name_at(const void *arg, size_t i)
{
	const struct names *nm = arg;

	return nm->name(nm->ctx, i);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Add to the selection the setup and cleanup tests of the fixtures its
   tests require, until nothing more comes in. */
static long pull_fixtures(size_t *sel, size_t *nsel, size_t n,
			  ctest_props_fn *props, void *ctx, unsigned char *in)
{
	long pulled = 0;
	size_t k, i, j;
	int more = 1;

	while (more) {
		more = 0;
		for (k = 0; k < *nsel; k++) {
			const struct ctest_props *p = props(ctx, sel[k]);

			for (j = 0; p && j < p->required.n; j++)
				for (i = 0; i < n; i++) {
					const struct ctest_props *q =
						props(ctx, i);
					const char *fx = p->required.v[j];

					if (in[i] || !q ||
					    (!words_has(&q->setup, fx) &&
					     !words_has(&q->cleanup, fx)))
						continue;
					in[i] = 1;
					sel[(*nsel)++] = i;
					pulled++;
					more = 1;
				}
		}
	}
	return pulled;
}

long ctest_arrange(size_t *sel, size_t *nsel, size_t n, ctest_name_fn *name,
		   ctest_props_fn *props, void *ctx, struct buf *err)
{
	unsigned char *in = xcalloc(n + 1, 1), *done = xcalloc(n + 1, 1);
	size_t *out = xcalloc(n + 1, sizeof(*out));
	size_t k, i, j, nout = 0, m, *dstart, *dv, nd = 0;
	struct names nm = {name, ctx};
	struct cache_index x;
	long pulled;
	int progress;

	for (k = 0; k < *nsel; k++)
		in[sel[k]] = 1;
	pulled = pull_fixtures(sel, nsel, n, props, ctx, in);
	if (pulled)
		qsort(sel, *nsel, sizeof(*sel), cmp_size);
	m = *nsel;
	/* Each selected test's DEPENDS as test indices, found once (a
	   split test named in DEPENDS stands for thousands of cases):
	   dv[dstart[k] .. dstart[k + 1]), CACHE_NONE for a name that is
	   no test. */
	cache_index_build(&x, n, name_at, &nm);
	dstart = xcalloc(m + 1, sizeof(*dstart));
	for (k = 0; k < m; k++) {
		const struct ctest_props *p = props(ctx, sel[k]);

		dstart[k] = nd;
		nd += p ? p->depends.n : 0;
	}
	dstart[m] = nd;
	dv = xcalloc(nd + 1, sizeof(*dv));
	for (k = 0; k < m; k++) {
		const struct ctest_props *p = props(ctx, sel[k]);

		for (j = 0; p && j < p->depends.n; j++)
			dv[dstart[k] + j] =
				cache_index_find(&x, p->depends.v[j]);
	}
	cache_index_release(&x);
	/* Stable topological order: take, each round, the first test in
	   the current order whose dependencies are all taken. */
	while (nout < m) {
		progress = 0;
		for (k = 0; k < m; k++) {
			int ready = 1;

			if (done[sel[k]])
				continue;
			for (j = dstart[k]; j < dstart[k + 1] && ready; j++) {
				i = dv[j];
				if (i != CACHE_NONE && in[i] && !done[i] &&
				    i != sel[k])
					ready = 0;
			}
			if (!ready)
				continue;
			done[sel[k]] = 1;
			out[nout++] = sel[k];
			progress = 1;
		}
		if (!progress)
			break;
	}
	if (nout < m) {
		buf_adds(err, "a cycle exists in the test dependency graph "
			      "(DEPENDS, FIXTURES_*):");
		for (k = 0; k < m; k++)
			if (!done[sel[k]])
				buf_addf(err, " %s", name(ctx, sel[k]));
		pulled = -1;
	} else {
		memcpy(sel, out, m * sizeof(*sel));
	}
	free(in);
	free(done);
	free(out);
	free(dstart);
	free(dv);
	return pulled;
}

void ctest_failed_release(struct ctest_failed *f)
{
	words_release(&f->fixture);
	words_release(&f->by);
}

void ctest_failed_note(struct ctest_failed *f, const char *name,
		       const struct ctest_props *p, enum outcome o)
{
	size_t i;

	if (!p || (!outcome_is_failure(o) && o != OUTCOME_INTERRUPTED))
		return;
	for (i = 0; i < p->setup.n; i++)
		if (!words_has(&f->fixture, p->setup.v[i])) {
			words_add(&f->fixture, p->setup.v[i]);
			words_add(&f->by, name);
		}
}

char *ctest_not_run(const struct ctest_failed *f, const struct ctest_props *p,
		    int *skip)
{
	size_t i, j;

	*skip = 0;
	if (!p)
		return NULL;
	if (p->disabled) {
		*skip = 1;
		return xstrdup("disabled");
	}
	if (p->unavailable)
		return xstrdup("not run: could not find executable");
	for (i = 0; i < p->required.n; i++) {
		/* A setup test of the fixture is what failed, not a test
		   kept from running by it. */
		if (words_has(&p->setup, p->required.v[i]))
			continue;
		for (j = 0; j < f->fixture.n; j++)
			if (!strcmp(f->fixture.v[j], p->required.v[i]))
				return xasprintf("not run: fixture '%s' setup "
						 "'%s' failed",
						 f->fixture.v[j], f->by.v[j]);
	}
	return NULL;
}

/* One variable ENVIRONMENT_MODIFICATION touches. */
struct env_var {
	char *name;
	char *base; /* before the modifications, or NULL: unset */
	char *cur;  /* now, or NULL: unset */
};

static const char *const env_ops[] = {"reset",
				      "set",
				      "unset",
				      "string_append",
				      "string_prepend",
				      "path_list_append",
				      "path_list_prepend",
				      "cmake_list_append",
				      "cmake_list_prepend",
				      NULL};

/* The value ENVIRONMENT gives name (its last entry), else get's. */
static const char *env_base(const struct words *env, const char *name,
			    size_t len, ctest_getenv_fn *get)
{
	size_t i = env->n;

	while (i--)
		if (!strncmp(env->v[i], name, len) && env->v[i][len] == '=')
			return env->v[i] + len + 1;
	return get(name);
}

/* cur with v appended (or prepended: before), sep between when cur is
   not empty. */
static char *env_join(const char *cur, const char *v, const char *sep,
		      int before)
{
	if (!cur || !*cur)
		return xstrdup(v);
	return before ? xasprintf("%s%s%s", v, sep, cur)
		      : xasprintf("%s%s%s", cur, sep, v);
}

static void env_apply(struct env_var *e, int op, const char *v)
{
	static const char *const seps[] = {"", ":", ";"};
	char *next;

	if (op == 0) /* reset */
		next = e->base ? xstrdup(e->base) : NULL;
	else if (op == 1) /* set */
		next = xstrdup(v);
	else if (op == 2) /* unset */
		next = NULL;
	else /* 3..8: string, path_list, cmake_list; append, prepend */
		/* After unset, ctest appends to the value before the
		   modifications again. */
		next = env_join(e->cur ? e->cur : e->base, v,
				seps[(op - 3) / 2], (op - 3) % 2);
	free(e->cur);
	e->cur = next;
}

size_t ctest_env_modify(struct ctest_props *p, const char *test,
			ctest_getenv_fn *get, struct buf *warn)
{
	struct env_var *vars =
		xcalloc(p->envmod.n ? p->envmod.n : 1, sizeof(*vars));
	struct words env = {NULL, 0};
	size_t nv = 0, bad = 0, i, j;

	for (i = 0; i < p->envmod.n; i++) {
		const char *m = p->envmod.v[i], *eq = strchr(m, '='), *colon;
		size_t len;
		int op = -1;

		colon = eq ? strchr(eq + 1, ':') : NULL;
		if (eq && colon)
			for (op = 0; env_ops[op]; op++)
				if (strlen(env_ops[op]) ==
					    (size_t)(colon - eq - 1) &&
				    !strncmp(env_ops[op], eq + 1,
					     (size_t)(colon - eq - 1)))
					break;
		if (!eq || eq == m || !colon || !env_ops[op]) {
			buf_addf(warn,
				 "ctest: test '%s': ENVIRONMENT_MODIFICATION "
				 "entry '%s' ignored (%s)\n",
				 test, m,
				 !eq || eq == m ? "no NAME= before it"
				 : !colon	? "no ':' after the operation"
						: "unknown operation");
			bad++;
			continue;
		}
		len = (size_t)(eq - m);
		for (j = 0; j < nv && (strlen(vars[j].name) != len ||
				       strncmp(vars[j].name, m, len));
		     j++)
			;
		if (j == nv) {
			const char *b;

			vars[j].name = xcalloc(len + 1, 1);
			memcpy(vars[j].name, m, len);
			b = env_base(&p->env, vars[j].name, len, get);
			vars[j].base = b ? xstrdup(b) : NULL;
			vars[j].cur = b ? xstrdup(b) : NULL;
			nv++;
		}
		env_apply(&vars[j], op, colon + 1);
	}
	for (i = 0; i < p->env.n; i++) {
		for (j = 0; j < nv; j++) {
			size_t len = strlen(vars[j].name);

			if (!strncmp(p->env.v[i], vars[j].name, len) &&
			    p->env.v[i][len] == '=')
				break;
		}
		if (j == nv)
			words_add(&env, p->env.v[i]);
	}
	for (j = 0; j < nv; j++) {
		char *e = vars[j].cur ? xasprintf("%s=%s", vars[j].name,
						  vars[j].cur)
				      : xstrdup(vars[j].name);

		words_add(&env, e);
		free(e);
		free(vars[j].name);
		free(vars[j].base);
		free(vars[j].cur);
	}
	free(vars);
	words_release(&p->env);
	p->env = env;
	return bad;
}
