/*
 * gtest_split: --split=gtest at the edge.  Each GoogleTest binary of the
 * list is asked once for its tests (PROGRAM --gtest_list_tests ARGS...),
 * and replaced in c->tests by one test per case (core/gtest_cases.h).  A
 * binary whose listing fails stays, to be reported as an error with what
 * it printed, and the run goes on.  The listings run a few at once
 * (as many as the run has workers here), through run/oneshot.c.  With
 * --from-ctest, DEPENDS naming a split test then names all its cases
 * (core/gtest_ctest.h).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

#include "cpus.h"
#include "ctest.h"
#include "ctl.h"
#include "gtest_cases.h"
#include "gtest_ctest.h"
#include "oneshot.h"
#include "report.h"

/* A listing longer than this is not read further (nor believed). */
#define LISTING_MAX (64u << 20)

/* How many listings run at once: as many as the run has workers here
   (-n, its auto or logical count, --maxprocesses, --dist=no), at least
   one. */
static int listings_at_once(const struct ctl *c)
{
	int bad; /* the run's worker count warns of it */
	int n = cpus_local_workers(
		&c->o, getenv("PYTEST_XDIST_AUTO_NUM_WORKERS"), &bad);

	if (c->o.maxprocesses && n > c->o.maxprocesses)
		n = c->o.maxprocesses;
	if (c->o.dist == SCHED_NO)
		n = 1;
	return n < 1 ? 1 : n;
}

/* Our environment with p's ENVIRONMENT applied (after
   ctest_env_modify: NAME=VALUE set, NAME alone unset; the last of a name
   wins).  The array is the caller's to free, not the strings. */
static char **ctest_listing_env(const struct ctest_props *p)
{
	size_t n, i, k;
	char **v;

	for (n = 0; environ[n]; n++)
		;
	v = xcalloc(n + p->env.n + 1, sizeof(*v));
	memcpy(v, environ, n * sizeof(*v));
	for (i = 0; i < p->env.n; i++) {
		char *e = p->env.v[i], *eq = strchr(e, '=');
		size_t len = eq ? (size_t)(eq - e) : strlen(e);

		for (k = 0; k < n; k++)
			if (!strncmp(v[k], e, len) && v[k][len] == '=')
				break;
		if (k < n && eq)
			v[k] = e;
		else if (k < n)
			v[k] = v[--n];
		else if (eq)
			v[n++] = e;
		v[n] = NULL;
	}
	return v;
}

/* The listing of t, in j: PROGRAM --gtest_list_tests ARGS; a CTest
   test's in its WORKING_DIRECTORY and with its ENVIRONMENT, as it
   runs. */
static void listing_job(const struct ctl *c, const struct test *t, char **argv,
			struct oneshot_job *j)
{
	const struct ctest_props *p = test_attrs_of(t)->ctest;

	memset(j, 0, sizeof(*j));
	if (p && p->env.n)
		j->o.envp = ctest_listing_env(p);
	if (p)
		j->o.cwd = p->workdir;
	j->o.argv = gtest_cases_list_argv(argv);
	j->o.merge_stderr = 1;
	j->o.own_group = 1;
	j->o.pdeathsig = SIGKILL;
	j->o.timeout_ms = oneshot_listing_timeout_ms(c->o.timeout_ms);
	j->o.max_out = LISTING_MAX;
}

/*
 * Split one binary into out by its listing j.  A failed listing adds the
 * binary itself (TEST_GTEST_LISTING) and a note.
 */
static void split_one(struct ctl *c, const struct test *t, char **argv,
		      struct oneshot_job *j, int with_args,
		      struct testlist *out, size_t *disabled)
{
	struct gtest_list list;
	int status = j->status;

	gtest_list_init(&list);
	if (j->rc == 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			report_reason(
				&j->why,
				WIFEXITED(status) ? KIND_EXITED : KIND_SIGNALED,
				WIFEXITED(status) ? WEXITSTATUS(status)
						  : WTERMSIG(status),
				WIFSIGNALED(status) && WCOREDUMP(status), NULL);
		} else if (!gtest_parse_list(j->out.data ? j->out.data : "",
					     j->out.len, &list)) {
			buf_adds(&j->why, "none listed (not a GoogleTest "
					  "binary?)");
		}
	}
	if (j->why.len) {
		buf_addf(&c->notes,
			 "cannot list the tests of '%s' "
			 "(--gtest_list_tests): %s\n",
			 t->id, j->why.data);
		gtest_cases_listing_failed(out, t, argv);
	} else {
		gtest_cases_add(out, t, argv, &list,
				c->o.gtest_also_run_disabled, with_args,
				disabled);
	}
	gtest_list_release(&list);
}

/* Is t a binary to split?  A shell line is not one program and its
   arguments; an env line whose program cannot be told, and a CTest test
   whose properties judge the whole binary, are kept whole too: *why says
   why (NULL when t is not wanted split at all). */
static int to_split(const struct ctl *c, const struct test *t, const char **why)
{
	char **argv;
	long at;

	*why = NULL;
	if (!gtest_cases_wanted(t, (enum split_mode)c->o.split))
		return 0;
	if (t->shell) {
		*why = "runs under a shell";
		return 0;
	}
	if ((*why = gtest_ctest_not_split(test_attrs_of(t)->ctest)))
		return 0;
	argv = test_argv(t);
	at = gtest_cases_program_at(argv, why);
	free(argv);
	return at >= 0;
}

void gtest_split_expand(struct ctl *c)
{
	struct testlist out;
	struct oneshot_job *jobs;
	char ***argvs;
	const char **programs, *why;
	unsigned char *shared, *splits;
	struct gtest_ctest_group *groups;
	size_t i, k, n = 0, ng = 0, disabled = 0;

	for (i = 0; i < c->tests.n; i++)
		if (gtest_cases_wanted(&c->tests.v[i],
				       (enum split_mode)c->o.split))
			break;
	if (i == c->tests.n)
		return;
	/* Every listing first, a few at once; then the list in its order. */
	jobs = xcalloc(c->tests.n, sizeof(*jobs));
	argvs = xcalloc(c->tests.n, sizeof(*argvs));
	programs = xcalloc(c->tests.n, sizeof(*programs));
	splits = xcalloc(c->tests.n, 1);
	groups = xcalloc(c->tests.n, sizeof(*groups));
	for (i = 0; i < c->tests.n; i++)
		if ((splits[i] = (unsigned char)to_split(c, &c->tests.v[i],
							 &why))) {
			argvs[n] = test_argv(&c->tests.v[i]);
			programs[n] = c->tests.v[i].cmd
					      ? NULL
					      : argvs[n][gtest_cases_program_at(
							argvs[n], &why)];
			listing_job(c, &c->tests.v[i], argvs[n], &jobs[n]);
			n++;
		}
	/* Which lines' case ids carry their arguments: from the list
	   alone, before any listing ends. */
	shared = xmalloc(n ? n : 1);
	gtest_cases_shared(programs, n, shared);
	free(programs);
	oneshot_run_all(jobs, n, listings_at_once(c));
	testlist_init(&out);
	out.strict_marks = c->tests.strict_marks;
	for (i = k = 0; i < c->tests.n; i++) {
		struct test *t = &c->tests.v[i];

		if (!splits[i]) {
			if (to_split(c, t, &why), why)
				buf_addf(&c->notes, "not split: '%s' %s\n",
					 t->id, why);
			*testlist_push(&out) = *t;
			continue;
		}
		/* The cases of a CTest test: a group, for DEPENDS. */
		if (test_attrs_of(t)->ctest) {
			groups[ng].name = xstrdup(t->id);
			groups[ng].first = out.n;
		}
		split_one(c, t, argvs[k], &jobs[k], shared[k], &out, &disabled);
		if (test_attrs_of(t)->ctest)
			groups[ng].n = out.n - groups[ng].first, ng++;
		test_release(t);
		k++;
	}
	gtest_ctest_depends(&out, groups, ng);
	for (k = 0; k < ng; k++)
		free(groups[k].name);
	free(groups);
	free(splits);
	for (k = 0; k < n; k++) {
		free(jobs[k].o.argv);
		free((char **)jobs[k].o.envp);
		oneshot_job_release(&jobs[k]);
		free(argvs[k]);
	}
	free(jobs);
	free(argvs);
	free(shared);
	free(c->tests.v);
	c->tests = out;
	if (disabled)
		buf_addf(&c->notes,
			 "%zu disabled test%s not run; "
			 "--gtest-also-run-disabled runs them\n",
			 disabled, disabled == 1 ? "" : "s");
}
