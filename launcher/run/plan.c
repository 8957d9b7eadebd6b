/*
 * plan: from the command line to the list of runs the scheduler hands out.
 * Load the lists, select (-k, -m, --deselect, --partition, --lf, --sw),
 * order (--ff, --nf, --shuffle), expand (--count), and remember durations,
 * failures and the --sw position in the cache for the next run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctest_load.h"
#include "ctl.h"
#include "exitcode.h"
#include "proto.h"
#include "select.h"
#include "xio.h"

/* Ends a usage error's line, as the controller's own. */
#define SEE_HELP " (see xdist-exec --help)"

/*
 * Read a list file ("-": stdin) into c->tests a piece at a time: only whole
 * lines are parsed, so memory holds one piece and one line, never the whole
 * file.  0, or an exit status with what went wrong in err.
 */
static int load_list(struct ctl *c, const char *path, struct buf *err)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	struct buf data = BUF_INIT;
	size_t lineno = 0;
	int fd, rc = 0;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
			       : 0;
	if (fd < 0) {
		buf_addf(err, "cannot read test list '%s': %s" SEE_HELP, path,
			 strerror(errno));
		return EXIT_USAGE;
	}
	for (;;) {
		ssize_t n;
		size_t whole;
		const char *nl;

		buf_grow(&data, 65536);
		n = xio_read(fd, data.data + data.len, 65536);
		if (n < 0) {
			buf_addf(err, "cannot read test list '%s': %s" SEE_HELP,
				 path, strerror(errno));
			rc = EXIT_USAGE;
			break;
		}
		data.len += (size_t)n;
		data.data[data.len] = '\0';
		nl = data.len ? memrchr(data.data, '\n', data.len) : NULL;
		whole = nl ? (size_t)(nl - data.data) + 1 : 0;
		/* At the end, or a line already past the longest allowed:
		   parse it all, the parser says what is wrong with it. */
		if (!n || (!whole && data.len > TESTLIST_MAX_LINE + 1))
			whole = data.len;
		if (whole && testlist_parse_more(&c->tests, name, data.data,
						 whole, &lineno, err) < 0) {
			rc = EXIT_USAGE;
			break;
		}
		buf_consume(&data, whole);
		if (!n)
			break;
	}
	if (fd)
		close(fd);
	buf_release(&data);
	return rc;
}

/* testlist_is_file_fn: an existing regular file, symlinks followed. */
static int is_regular_file(void *ctx, const char *path)
{
	struct stat st;

	(void)ctx;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int plan_load(struct ctl *c, struct buf *err)
{
	size_t i, dups;

	if (c->o.from_ctest) {
		int r = c->o.nsources ? EXIT_USAGE : ctest_load(c, err);

		if (c->o.nsources)
			buf_adds(err,
				 "--from-ctest takes its tests from ctest: "
				 "name no others" SEE_HELP);
		if (r)
			return r;
	} else if (!c->o.nsources) {
		buf_adds(err, "no tests given: name test commands after '--' "
			      "or a list file with -f FILE" SEE_HELP);
		return EXIT_USAGE;
	}
	for (i = 0; i < c->o.nsources; i++) {
		const struct test_source *s = &c->o.sources[i];
		int r;

		if (!s->is_file) {
			if (testlist_check_arg(s->value, is_regular_file, NULL,
					       err) < 0)
				return EXIT_USAGE;
			testlist_add_arg(&c->tests, s->value);
			continue;
		}
		r = load_list(c, s->value, err);
		if (r)
			return r;
	}
	gtest_split_expand(c);
	if (!c->o.keep_duplicates &&
	    (dups = testlist_drop_duplicates(&c->tests)) != 0)
		buf_addf(&c->notes,
			 "%zu duplicate test%s ignored; --keep-duplicates "
			 "runs them\n",
			 dups, dups == 1 ? "" : "s");
	testlist_trim(&c->tests);
	return 0;
}

static int deselected_by_id(const struct ctl *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->o.ndeselect; i++)
		if (!strcmp(c->o.deselect[i], id))
			return 1;
	return 0;
}

static int failed_before(const struct ctl *c, size_t test)
{
	return c->cached_failed[test];
}

/* --nf: the cache knows nothing of the test (neither a duration nor a
   failure). */
static int new_test(const struct ctl *c, size_t test)
{
	return c->cached_ns[test] < 0 && !c->cached_failed[test];
}

/* -k, -m and --deselect: every expression must keep the test. */
static int selected(const struct ctl *c, const struct test *t)
{
	const struct test_attrs *a = test_attrs_of(t);
	struct select_names n = {t->id, t->cmd, a->marks, a->xfail != NULL};
	size_t i;

	for (i = 0; i < c->o.nkeywords; i++)
		if (!select_keyword(&c->o.keywords[i], &n))
			return 0;
	for (i = 0; i < c->o.nmarkexprs; i++)
		if (!select_mark(&c->o.markexprs[i], &n))
			return 0;
	return !deselected_by_id(c, t->id);
}

static const char *test_id(const void *arg, size_t i)
{
	return ((const struct testlist *)arg)->v[i].id;
}

static int intern_lock(struct ctl *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nlocks; i++)
		if (!strcmp(c->lock_names[i], name))
			return (int)i;
	c->lock_names =
		xrealloc(c->lock_names, (c->nlocks + 1) * sizeof(char *));
	c->lock_names[c->nlocks] = xstrdup(name);
	return (int)c->nlocks++;
}

static unsigned long long random_seed(void)
{
	unsigned long long seed = 0;

	if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		seed = (unsigned long long)xio_now_ns() ^
		       ((unsigned long long)getpid() << 32);
	/* Short enough to type back in. */
	return seed % 100000000ULL;
}

static const char *unit_of(const void *arg, size_t i)
{
	const char *u = ((char *const *)arg)[i];

	return u ? u : "";
}

static void count_units(struct ctl *c)
{
	struct cache_index seen;
	size_t i;

	cache_index_build(&seen, c->nitems, unit_of, c->units);
	c->nunits = 0;
	for (i = 0; i < c->nitems; i++)
		if (!c->units[i] || cache_index_find(&seen, c->units[i]) == i)
			c->nunits++;
	cache_index_release(&seen);
}

/* --from-ctest: item i's RESOURCE_LOCKs after the first, its lock. */
static void more_locks(struct ctl *c, size_t i, const struct ctest_props *p)
{
	size_t j;

	if (!c->ctest_locks)
		c->ctest_locks = xcalloc(c->nitems, sizeof(int *));
	c->ctest_locks[i] = xcalloc(p->locks.n, sizeof(int));
	for (j = 0; j < p->locks.n; j++)
		c->ctest_locks[i][j] = intern_lock(c, p->locks.v[j]);
	c->items[i].more_locks = c->ctest_locks[i];
	c->items[i].nmore_locks = p->locks.n;
}

static void describe_items(struct ctl *c)
{
	struct buf key = BUF_INIT;
	size_t i;

	c->nitems = c->nsel * (size_t)c->o.count;
	c->items = xcalloc(c->nitems, sizeof(*c->items));
	c->units = xcalloc(c->nitems, sizeof(*c->units));
	for (i = 0; i < c->nitems; i++) {
		size_t test = c->sel[i / (size_t)c->o.count];
		const struct test *t = &c->tests.v[test];
		struct sched_test *it = &c->items[i];
		const struct test_attrs *a = test_attrs_of(t);
		char *file = test_file(t);

		it->duration_ns = c->cached_ns[test];
		buf_reset(&key);
		if (sched_unit_key((enum sched_mode)c->o.dist, t->id, file,
				   a->scope, a->group, &key))
			c->units[i] = xstrdup(key.data ? key.data : "");
		it->unit = c->units[i];
		it->lock = a->lock ? intern_lock(c, a->lock) : -1;
		if (a->ctest && a->ctest->locks.n && a->lock)
			more_locks(c, i, a->ctest);
		it->exclusive = a->exclusive;
		it->first = (c->o.failed_first && failed_before(c, test)) ||
			    (c->o.new_first && new_test(c, test));
		free(file);
	}
	buf_release(&key);
	count_units(c);
}

static const char *selected_id(const void *arg, size_t i)
{
	const struct ctl *c = arg;

	return c->tests.v[c->sel[i]].id;
}

/* --sw: skip the tests before the one the last stepwise run stopped at,
   as pytest says it.  Returns how many are kept. */
static size_t stepwise_from(struct ctl *c, size_t kept)
{
	char *last = cache_stepwise_get(&c->cache);
	size_t from;
	int found;

	from = select_stepwise_from(selected_id, c, kept, last, &found);
	if (!last)
		buf_adds(&c->notes, "stepwise: no previously failed tests, "
				    "not skipping.\n");
	else if (!found)
		buf_adds(&c->notes, "stepwise: previously failed test not "
				    "found, not skipping.\n");
	else
		buf_addf(&c->notes,
			 "stepwise: skipping %zu already passed items.\n",
			 from);
	free(last);
	memmove(c->sel, c->sel + from, (kept - from) * sizeof(*c->sel));
	return kept - from;
}

int plan_select(struct ctl *c, struct buf *warn)
{
	size_t i, kept = 0, failed = 0;

	c->sel = xcalloc(c->tests.n ? c->tests.n : 1, sizeof(*c->sel));
	for (i = 0; i < c->tests.n; i++)
		if (selected(c, &c->tests.v[i]))
			c->sel[kept++] = i;
	if (c->o.partition_n) {
		size_t before = kept, j = 0;

		for (i = 0; i < before; i++)
			if (select_partition(c->o.partition_k, c->o.partition_n,
					     c->o.partition_hash, i,
					     c->tests.v[c->sel[i]].id))
				c->sel[j++] = c->sel[i];
		kept = j;
		buf_addf(&c->notes, "partition %d/%d%s: %zu of %zu tests\n",
			 c->o.partition_k, c->o.partition_n,
			 c->o.partition_hash ? " (by id hash)" : "", kept,
			 before);
	}

	if (cache_open(&c->cache, c->o.cache_dir, c->o.cache_clear) < 0)
		buf_addf(warn, "warning: cannot clear the cache in '%s': %s",
			 c->cache.dir, strerror(errno));
	c->use_cache = 1;
	c->cached_ns = xcalloc(c->tests.n + 1, sizeof(*c->cached_ns));
	c->cached_failed = xcalloc(c->tests.n + 1, 1);
	cache_lookup(&c->cache, c->tests.n, test_id, &c->tests, c->cached_ns,
		     c->cached_failed);

	if (c->o.last_failed || c->o.failed_first) {
		for (i = 0; i < kept; i++)
			failed += failed_before(c, c->sel[i]);
		if (!failed) {
			buf_addf(&c->notes, "run-last-failure: no previously "
					    "failed tests, not deselecting "
					    "items.\n");
		} else if (c->o.last_failed) {
			size_t j = 0;

			for (i = 0; i < kept; i++)
				if (failed_before(c, c->sel[i]))
					c->sel[j++] = c->sel[i];
			kept = j;
			buf_addf(&c->notes,
				 "run-last-failure: rerun previous %zu "
				 "failure%s\n",
				 failed, failed == 1 ? "" : "s");
		} else {
			buf_addf(&c->notes,
				 "run-last-failure: rerun previous %zu "
				 "failure%s first\n",
				 failed, failed == 1 ? "" : "s");
		}
	}
	if (c->o.stepwise)
		kept = stepwise_from(c, kept);
	c->nsel = kept;
	c->deselected = c->tests.n - kept;
	c->sw_skip_left = c->o.stepwise_skip;
	c->sw_ignored = (size_t)-1;

	if (c->o.shuffle) {
		if (!c->o.shuffle_seed_given)
			c->o.shuffle_seed = random_seed();
		select_shuffle(c->sel, c->nsel, c->o.shuffle_seed);
		buf_addf(&c->notes, "Using --shuffle=%llu\n",
			 c->o.shuffle_seed);
	}
	if (c->o.from_ctest && ctest_arrange_selection(c, warn) < 0)
		return EXIT_USAGE;
	/* A test's file: what loadfile groups by and the report files'
	   classnames are made of; a stat or a few per test, so only when
	   something reads it. */
	if (c->o.dist == SCHED_LOADFILE || c->o.dist == SCHED_LOADSCOPE ||
	    c->o.junitxml || c->o.report_log)
		for (i = 0; i < c->nsel; i++)
			test_locate_file(&c->tests.v[c->sel[i]],
					 is_regular_file, NULL);
	describe_items(c);
	c->runs.tests = &c->tests;
	c->runs.sel = c->sel;
	c->runs.nsel = c->nsel;
	c->runs.nitems = c->nitems;
	c->runs.count = (size_t)c->o.count;
	/* Planning is over: the cache is read again, fresh, when it is
	   saved, so what it said need not stay for the whole run. */
	free(c->cached_ns);
	free(c->cached_failed);
	c->cached_ns = NULL;
	c->cached_failed = NULL;
	return 0;
}

void plan_start(struct ctl *c)
{
	int each = c->o.dist == SCHED_EACH;
	size_t i;

	/* --sw keeps list order, so that what ran before a failure is what
	   comes before it in the list. */
	if (c->o.from_ctest)
		ctest_items_after(c);
	sched_init(&c->sched, (enum sched_mode)c->o.dist, c->nworkers, c->items,
		   c->nitems,
		   c->o.shuffle || c->o.stepwise || c->ctest_keep_order);
	ctest_items_after_release(c);
	for (i = 0; c->ctest_locks && i < c->nitems; i++)
		free(c->ctest_locks[i]);
	free(c->ctest_locks);
	c->ctest_locks = NULL;
	/* sched_init copied what it needs: only the durations stay, for the
	   live ETA. */
	c->expect_ns = xcalloc(c->nitems ? c->nitems : 1, sizeof(long long));
	for (i = 0; i < c->nitems; i++) {
		c->expect_ns[i] = c->items[i].duration_ns;
		free(c->units[i]);
	}
	free(c->units);
	c->units = NULL;
	free(c->items);
	c->items = NULL;
	if (c->o.count > 1) {
		c->labels = xcalloc(c->nitems, sizeof(char *));
		for (i = 0; i < c->nitems; i++)
			c->labels[i] = xasprintf(
				"%s [%d/%d]",
				c->tests.v[c->sel[i / (size_t)c->o.count]].id,
				(int)(i % (size_t)c->o.count) + 1, c->o.count);
	}
	c->nruns = c->nitems * (each ? (size_t)c->nworkers : 1);
	c->runs.labels = (const char *const *)c->labels;
	c->runs.nruns = c->nruns;
	tally_init(&c->tally, c->nruns, c->deselected);
}

static void print_attrs(struct buf *out, const struct test *t)
{
	const struct test_attrs *a = test_attrs_of(t);

	if (!a->group && (!a->scope || t->gtest == TEST_GTEST_CASE) &&
	    !a->lock && a->timeout_ms <= 0 && !a->exclusive && !a->marks &&
	    !a->xfail)
		return;
	buf_adds(out, "  #@");
	if (a->group)
		buf_addf(out, " group=%s", a->group);
	/* A GoogleTest case's scope is its suite, said by its id. */
	if (a->scope && t->gtest != TEST_GTEST_CASE)
		buf_addf(out, " scope=%s", a->scope);
	if (a->lock)
		buf_addf(out, " lock=%s", a->lock);
	/* 0: none, whatever --timeout says (--from-ctest's TIMEOUT). */
	if (a->timeout_ms > 0)
		buf_addf(out, " timeout=%lld.%03lld", a->timeout_ms / 1000,
			 a->timeout_ms % 1000);
	if (a->exclusive)
		buf_adds(out, " exclusive");
	if (a->marks)
		buf_addf(out, " marks=%s", a->marks);
	if (a->xfail && !*a->xfail)
		buf_adds(out, " xfail");
	else if (a->xfail)
		buf_addf(out,
			 strpbrk(a->xfail, " \t") ? " xfail=\"%s\""
						  : " xfail=%s",
			 a->xfail);
}

int plan_collect_only(struct ctl *c, view_flush_fn *flush)
{
	struct buf line = BUF_INIT;
	size_t i, errors = 0;

	for (i = 0; i < c->nsel; i++) {
		const struct test *t = &c->tests.v[c->sel[i]];

		/* A binary --split=gtest could not list: a collection error. */
		if (t->gtest == TEST_GTEST_LISTING)
			errors++;
		buf_adds(&c->out, t->id);
		print_attrs(&c->out, t);
		buf_addch(&c->out, '\n');
		flush(c);
	}
	if (c->deselected)
		buf_addf(&line, "%zu/%zu test%s collected (%zu deselected)",
			 c->nsel, c->tests.n, c->tests.n == 1 ? "" : "s",
			 c->deselected);
	else
		buf_addf(&line, "%zu test%s collected", c->nsel,
			 c->nsel == 1 ? "" : "s");
	if (errors)
		buf_addf(&line, ", %zu error%s", errors,
			 errors == 1 ? "" : "s");
	buf_adds(&line, " in ");
	report_duration(&line, (double)(xio_now_ns() - c->start_ns) / 1e9);
	if (c->rep.verbosity >= 0)
		report_sep(&c->out, c->rep.width, '=', line.data);
	buf_release(&line);
	flush(c);
	/* pytest: "Interrupted: 1 error during collection", status 2. */
	if (errors)
		return EXIT_INTERRUPTED;
	return c->nsel ? EXIT_OK : EXIT_NO_TESTS;
}

/* A run that --sw need not run again. */
static int stepwise_passed(enum outcome o)
{
	return o == OUTCOME_PASSED || o == OUTCOME_SKIPPED ||
	       o == OUTCOME_FLAKY || o == OUTCOME_XFAILED ||
	       o == OUTCOME_XPASSED;
}

/*
 * Where the next --sw run starts: the first test in list order that did
 * not pass (failed, or never ran to its end), but the failure --sw-skip
 * let pass; NULL when every one passed.  Without --sw: NULL, as pytest
 * forgets the position.
 */
static const char *stepwise_next(const struct ctl *c)
{
	size_t r, first = (size_t)-1;

	if (!c->o.stepwise)
		return NULL;
	for (r = 0; r < c->nruns; r++) {
		size_t t = c->sel[runs_selected(&c->runs, r)];

		if (!stepwise_passed(c->tally.runs[r].outcome) &&
		    t != c->sw_ignored && t < first)
			first = t;
	}
	return first == (size_t)-1 ? NULL : c->tests.v[first].id;
}

void plan_save_cache(struct ctl *c, struct buf *warn)
{
	struct cache_result *res;
	size_t r, i;

	if (!c->use_cache || !c->nsel)
		return;
	res = xcalloc(c->nsel, sizeof(*res));
	/* sel[i] are distinct tests: one result each, the runs merged. */
	for (i = 0; i < c->nsel; i++) {
		res[i].id = c->tests.v[c->sel[i]].id;
		res[i].duration_ns = -1;
		res[i].failed = -1;
	}
	for (r = 0; r < c->nruns; r++) {
		struct cache_result *x = &res[runs_selected(&c->runs, r)];
		const struct run_record *st = &c->tally.runs[r];

		if (run_record_ran(st)) {
			if (st->outcome != OUTCOME_INTERRUPTED &&
			    st->duration_ns > x->duration_ns)
				x->duration_ns = st->duration_ns;
		}
		switch (st->outcome) {
		case OUTCOME_FAILED:
		case OUTCOME_TIMEOUT:
		case OUTCOME_ERROR:
			x->failed = 1;
			break;
		case OUTCOME_PASSED:
		case OUTCOME_SKIPPED:
		case OUTCOME_FLAKY:
		case OUTCOME_XFAILED:
		case OUTCOME_XPASSED:
			if (x->failed < 0)
				x->failed = 0;
			break;
		default:
			break;
		}
	}
	if (cache_save(&c->cache, res, c->nsel) < 0 ||
	    cache_stepwise_set(&c->cache, stepwise_next(c)) < 0)
		buf_addf(warn, "warning: cannot save the cache in '%s': %s",
			 c->cache.dir, strerror(errno));
	free(res);
}
