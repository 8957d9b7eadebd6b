/*
 * ctest_load: --from-ctest.  See ctest_load.h.
 */
#include "ctest_load.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctest.h"
#include "cache.h"
#include "ctest_json.h"
#include "exitcode.h"
#include "oneshot.h"
#include "words.h"
#include "xio.h"

/* A listing longer than this is not read further (nor believed). */
#define CTEST_LISTING_MAX (256u << 20)
/* What is read of a CTest configuration file (a few KiB in practice). */
#define CTEST_CONFIG_MAX (4u << 20)

/*
 * The default timeout of the tests in dir, in ms (0: none), where ctest
 * finds it: dir/CTestConfiguration.ini when it exists, else
 * dir/DartConfiguration.tcl (include(CTest) writes it; enable_testing()
 * alone, none).  A file that cannot be read gives none, as in ctest.
 */
static long long config_timeout_ms(const char *dir)
{
	struct buf text = BUF_INIT;
	char *file = xasprintf("%s/CTestConfiguration.ini", dir);
	struct stat st;
	long long ms = 0;
	ssize_t n;
	int fd;

	if (stat(file, &st) < 0) {
		free(file);
		file = xasprintf("%s/DartConfiguration.tcl", dir);
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	free(file);
	if (fd < 0)
		return 0;
	buf_grow(&text, 65536);
	while (text.len < CTEST_CONFIG_MAX &&
	       (n = xio_read(fd, text.data + text.len,
			     text.cap - text.len - 1)) > 0) {
		text.len += (size_t)n;
		text.data[text.len] = '\0';
		if (text.cap - text.len < 4096)
			buf_grow(&text, text.cap);
	}
	close(fd);
	ms = ctest_config_timeout_ms(text.data, text.len);
	buf_release(&text);
	return ms;
}

static const char *env_of(const char *name)
{
	return getenv(name);
}

int ctest_load(struct ctl *c, struct buf *err)
{
	const char *dir = c->o.from_ctest;
	struct words argv = {NULL, 0};
	struct buf out = BUF_INIT, why = BUF_INIT, warn = BUF_INIT;
	struct stat st;
	char *file;
	int rc = EXIT_USAGE;
	const char *p, *nl;
	long long dflt;
	size_t i;

	if (c->o.dist != SCHED_LOAD && c->o.dist != SCHED_NO) {
		buf_adds(err, "--from-ctest runs with --dist=load or "
			      "--dist=no only (DEPENDS and fixtures keep their "
			      "order in those)");
		return EXIT_USAGE;
	}
	file = xasprintf("%s/CTestTestfile.cmake", dir);
	if (stat(file, &st) < 0) {
		buf_addf(err,
			 "--from-ctest: '%s' is not a CTest build directory "
			 "(no CTestTestfile.cmake: %s)",
			 dir, strerror(errno));
		free(file);
		return EXIT_USAGE;
	}
	free(file);
	words_add(&argv, "ctest");
	words_add(&argv, "--test-dir");
	words_add(&argv, dir);
	words_add(&argv, "--show-only=json-v1");
	if (c->o.ctest_args && words_split(c->o.ctest_args, &argv, &why) < 0) {
		buf_addf(err, "--ctest-args: %s", why.data);
		goto out;
	}
	/* ctest's --timeout reaches the listing, which shows it on the
	   tests with TIMEOUT 0 only: the run's own is --timeout. */
	for (i = 4; i < argv.n; i++)
		if (!strcmp(argv.v[i], "--timeout")) {
			buf_adds(&warn, "--ctest-args: ctest's --timeout does "
					"not reach the tests without TIMEOUT; "
					"give xdist-exec --timeout\n");
			break;
		}
	if (oneshot_check(
		    &(const struct oneshot){
			    .argv = argv.v,
			    .name = "ctest --show-only",
			    .own_group = 1,
			    .pdeathsig = SIGKILL,
			    .timeout_ms =
				    oneshot_listing_timeout_ms(c->o.timeout_ms),
			    .max_out = CTEST_LISTING_MAX,
		    },
		    &out, &why) < 0) {
		buf_addf(err, "--from-ctest: %s", why.data);
		goto out;
	}
	if (ctest_json_read(&c->tests, out.data ? out.data : "", out.len, &warn,
			    err) < 0)
		goto out;
	dflt = config_timeout_ms(dir);
	for (i = 0; i < c->tests.n; i++) {
		struct test_attrs *a = c->tests.v[i].attrs;
		struct ctest_props *q = a ? a->ctest : NULL;

		/* TIMEOUT, --timeout and the directory's default, as
		   ctest weighs them. */
		if (q)
			a->timeout_ms =
				ctest_timeout_ms(q, c->o.timeout_ms, dflt);

		/* With --tx too, the values ENVIRONMENT_MODIFICATION starts
		   from are the controller's. */
		if (q && q->envmod.n)
			ctest_env_modify(q, c->tests.v[i].id, env_of, &warn);
		if (q && (q->pass_re.n || q->fail_re.n || q->skip_re.n))
			c->ctest_output = 1;
	}
	for (p = warn.data; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(stderr, "xdist-exec: warning: %.*s\n", (int)(nl - p),
			p);
	}
	rc = 0;
out:
	words_release(&argv);
	buf_release(&out);
	buf_release(&why);
	buf_release(&warn);
	return rc;
}

enum outcome ctest_judge(const struct test *t, const struct proto_result *m,
			 struct run_record *st, enum outcome o)
{
	const struct ctest_props *p = test_attrs_of(t)->ctest;
	struct buf text = BUF_INIT, why = BUF_INIT;
	enum outcome v;

	if (!p || m->kind != KIND_EXITED ||
	    (m->flags & (RESULT_TIMEOUT | RESULT_TERMINATED)))
		return o;
	if (m->data.p)
		buf_add(&text, m->data.p, m->data.len);
	if (m->tail.p)
		buf_add(&text, m->tail.p, m->tail.len);
	v = ctest_verdict(p, (int)m->code, text.data, text.len, &why);
	/* A case split out of the test (--split=gtest) that GTEST_SKIP
	   skipped stays skipped where ctest would only see a pass. */
	if (!(v == OUTCOME_PASSED && o == OUTCOME_SKIPPED &&
	      (m->flags & RESULT_GTEST_SKIPPED))) {
		o = v;
		free(st->reason);
		st->reason = why.len ? buf_release_take(&why) : NULL;
	}
	buf_release(&why);
	buf_release(&text);
	return o;
}

static const char *test_name(void *ctx, size_t i)
{
	return ((struct ctl *)ctx)->tests.v[i].id;
}

static struct ctest_props *test_props(void *ctx, size_t i)
{
	const struct test *t = &((struct ctl *)ctx)->tests.v[i];

	return t->attrs ? t->attrs->ctest : NULL;
}

/*
 * With --tx hosts of their own, a test runs in its WORKING_DIRECTORY as
 * ctest wrote it, a path on this host (so is its command): it must be
 * the same path there (a shared file system, a container mounting the
 * build directory where it is here, --rsyncdir into a //chdir= that puts
 * the copy there).  Not mapped, since the command and its arguments
 * name this host's paths too; said once, naming the first selected test
 * that has one.
 */
static void remote_paths_note(const struct ctl *c)
{
	const struct txspec *remote = NULL;
	size_t i;

	for (i = 0; i < c->o.ntx && !remote; i++)
		if (c->o.tx[i].kind != TX_POPEN)
			remote = &c->o.tx[i];
	for (i = 0; remote && i < c->nsel; i++) {
		const struct test *t = &c->tests.v[c->sel[i]];
		const struct ctest_props *p = test_attrs_of(t)->ctest;

		if (p && p->workdir) {
			fprintf(stderr,
				"xdist-exec: warning: ctest: test '%s': "
				"WORKING_DIRECTORY '%s' is a path on this "
				"host: --tx '%s' runs the test in it as it is "
				"(and its command), so it must exist there "
				"too\n",
				t->id, p->workdir, remote->target);
			return;
		}
	}
}

int ctest_arrange_selection(struct ctl *c, struct buf *err)
{
	long pulled = ctest_arrange(c->sel, &c->nsel, c->tests.n, test_name,
				    test_props, c, err);

	if (pulled < 0)
		return -1;
	remote_paths_note(c);
	c->deselected = c->tests.n - c->nsel;
	if (pulled)
		buf_addf(
			&c->notes,
			"ctest: %ld fixture test%s added (FIXTURES_REQUIRED)\n",
			pulled, pulled == 1 ? "" : "s");
	return 0;
}

static const char *selected_name(const void *arg, size_t i)
{
	const struct ctl *c = arg;

	return c->tests.v[c->sel[i]].id;
}

void ctest_items_after(struct ctl *c)
{
	size_t count = (size_t)c->o.count, i, j, k, n;
	struct cache_index ix;

	c->ctest_after = xcalloc(c->nitems ? c->nitems : 1, sizeof(size_t *));
	cache_index_build(&ix, c->nsel, selected_name, c);
	for (i = 0; i < c->nitems; i++) {
		const struct ctest_props *p =
			test_attrs_of(&c->tests.v[c->sel[i / count]])->ctest;
		struct sched_test *it = &c->items[i];

		if (p)
			it->slots = p->processors;
		if (!p || !p->depends.n)
			continue;
		c->ctest_after[i] =
			xcalloc(p->depends.n * count, sizeof(size_t));
		for (n = 0, j = 0; j < p->depends.n; j++) {
			size_t s = cache_index_find(&ix, p->depends.v[j]);

			if (s == CACHE_NONE || s == i / count)
				continue;
			for (k = 0; k < count; k++)
				c->ctest_after[i][n++] = s * count + k;
		}
		it->after = c->ctest_after[i];
		it->nafter = n;
		if (n && it->lock >= 0)
			c->ctest_keep_order = 1;
	}
	cache_index_release(&ix);
}

void ctest_items_after_release(struct ctl *c)
{
	size_t i;

	if (!c->ctest_after)
		return;
	for (i = 0; i < c->nitems; i++)
		free(c->ctest_after[i]);
	free(c->ctest_after);
	c->ctest_after = NULL;
}
