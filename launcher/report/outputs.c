#include "outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exitcode.h"
#include "gtest_cases.h"
#include "cjson.h"
#include "isolation.h"
#include "jsonl.h"
#include "junit.h"
#include "proto.h"
#include "textsafe.h"
#include "xio.h"

#ifndef XDIST_VERSION
#define XDIST_VERSION "0.0.0"
#endif

#define MASTER_LOG "master.log"
#define TESTS_DIR "tests"

void outputs_init(struct outputs *o)
{
	memset(o, 0, sizeof(*o));
	o->log_fd = o->dir_fd = o->tests_fd = o->master_fd = -1;
	buf_init(&o->line);
	junit_cases_init(&o->cases);
}

int outputs_need_output(const struct outputs *o)
{
	return o->junitxml || o->log_dir;
}

static double now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* mkdir -p: 0, or -1 with errno set (ENOTDIR when a part is a file). */
static int mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	struct stat sb;
	int rc = 0, e = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/' || s[-1] == '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			e = errno;
			rc = -1;
		}
		*s = '/';
		if (rc < 0)
			break;
	}
	if (rc == 0 && mkdir(p, 0777) < 0 && errno != EEXIST) {
		e = errno;
		rc = -1;
	}
	if (rc == 0 && stat(p, &sb) < 0) {
		e = errno;
		rc = -1;
	} else if (rc == 0 && !S_ISDIR(sb.st_mode)) {
		e = ENOTDIR;
		rc = -1;
	}
	free(p);
	errno = e;
	return rc;
}

/* The directory part of path, or NULL when it has none ("x", "/x"). */
static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return NULL;
	return xstrndup(path, (size_t)(slash - path));
}

int outputs_make_parent(const char *path, struct buf *err)
{
	char *dir = parent_of(path);

	if (dir && mkdir_p(dir) < 0) {
		buf_addf(err, "cannot create directory '%s': %s", dir,
			 strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

int outputs_check_writable(const char *path, struct buf *err)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	struct stat sb;
	int fd, e;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		buf_addf(err, "cannot write '%s': %s", path, strerror(EISDIR));
		free(tmp);
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		buf_addf(err, "cannot write '%s': %s", path, strerror(e));
		free(tmp);
		return -1;
	}
	close(fd);
	unlink(tmp);
	free(tmp);
	return 0;
}

static int open_log_dir(struct outputs *o, struct buf *err)
{
	if (mkdir_p(o->log_dir) < 0) {
		buf_addf(err, "cannot create directory '%s': %s", o->log_dir,
			 strerror(errno));
		return -1;
	}
	o->dir_fd = open(o->log_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->dir_fd < 0) {
		buf_addf(err, "cannot open '%s': %s", o->log_dir,
			 strerror(errno));
		return -1;
	}
	if (mkdirat(o->dir_fd, TESTS_DIR, 0777) < 0 && errno != EEXIST) {
		buf_addf(err, "cannot create directory '%s/%s': %s", o->log_dir,
			 TESTS_DIR, strerror(errno));
		return -1;
	}
	o->tests_fd = openat(o->dir_fd, TESTS_DIR,
			     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->tests_fd < 0) {
		buf_addf(err, "cannot open '%s/%s': %s", o->log_dir, TESTS_DIR,
			 strerror(errno));
		return -1;
	}
	o->master_fd = openat(o->dir_fd, MASTER_LOG,
			      O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
				      O_NOFOLLOW | O_CLOEXEC,
			      0666);
	if (o->master_fd < 0) {
		buf_addf(err, "cannot open '%s/%s': %s", o->log_dir, MASTER_LOG,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int outputs_open(struct outputs *o, const char *junitxml,
		 const char *report_log, const char *log_dir, struct buf *err)
{
	o->junitxml = junitxml;
	o->report_log = report_log;
	o->log_dir = log_dir;
	/* Their libraries, before any file is made. */
	if ((report_log && cjson_load(err) < 0) ||
	    (junitxml && junit_load(err) < 0))
		return -1;
	if (report_log) {
		if (outputs_make_parent(report_log, err) < 0)
			return -1;
		o->log_fd =
			open(report_log,
			     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (o->log_fd < 0) {
			buf_addf(err, "cannot open '%s': %s", report_log,
				 strerror(errno));
			return -1;
		}
	}
	if (log_dir && open_log_dir(o, err) < 0)
		return -1;
	if (junitxml && (outputs_make_parent(junitxml, err) < 0 ||
			 outputs_check_writable(junitxml, err) < 0))
		return -1;
	return 0;
}

static void fail_log(struct outputs *o, int e)
{
	if (!o->log_error)
		o->log_error = xasprintf("cannot write '%s': %s", o->report_log,
					 strerror(e));
	close_fd(&o->log_fd);
}

/* --log-dir stops for good: msg (owned) says why, unless an earlier
   message does. */
static void dir_failed(struct outputs *o, char *msg)
{
	size_t i;

	if (!o->dir_error)
		o->dir_error = msg;
	else
		free(msg);
	close_fd(&o->master_fd);
	close_fd(&o->tests_fd);
	close_fd(&o->dir_fd);
	for (i = 0; i < o->nwfd; i++)
		close_fd(&o->wfd[i]);
	junit_cases_release(&o->cases);
}

static void fail_dir(struct outputs *o, const char *what, int e)
{
	dir_failed(o, xasprintf("cannot write '%s/%s': %s", o->log_dir, what,
				strerror(e)));
}

/* Write o->line to the report log as one event, and reset it. */
static void put_event(struct outputs *o)
{
	if (o->log_fd >= 0 &&
	    xio_write_all(o->log_fd, o->line.data, o->line.len) < 0)
		fail_log(o, errno);
	buf_reset(&o->line);
}

static int dir_on(const struct outputs *o)
{
	return o->dir_fd >= 0;
}

/* Write o->line to master.log, and reset it. */
static void put_master(struct outputs *o)
{
	if (dir_on(o) &&
	    xio_write_all(o->master_fd, o->line.data, o->line.len) < 0)
		fail_dir(o, MASTER_LOG, errno);
	buf_reset(&o->line);
}

static const char *worker_name(const struct run_view *v, int worker)
{
	if (worker < 0 || !v->slots || worker >= v->nslots)
		return NULL;
	return v->slots[worker].name;
}

static void outputs_run_start(struct outputs *o, const struct run_view *v)
{
	time_t t;
	struct tm tm;

	o->start_time = now_real();
	t = (time_t)o->start_time;
	if (!localtime_r(&t, &tm) ||
	    !strftime(o->timestamp, sizeof(o->timestamp), "%Y-%m-%dT%H:%M:%S",
		      &tm))
		snprintf(o->timestamp, sizeof(o->timestamp),
			 "1970-01-01T00:00:00");
	if (gethostname(o->hostname, sizeof(o->hostname)) < 0)
		snprintf(o->hostname, sizeof(o->hostname), "localhost");
	o->hostname[sizeof(o->hostname) - 1] = '\0';
	o->run_suffix = v->runs.nruns > v->runs.nsel;

	if (o->log_fd >= 0) {
		jsonl_run_start(&o->line, XDIST_VERSION, v->workers,
				v->uid[0] ? v->uid : NULL, v->runs.nruns,
				o->start_time);
		put_event(o);
	}
	if (dir_on(o)) {
		buf_addf(&o->line,
			 "==== xdist-exec %s: %d worker%s, %zu test%s, "
			 "testrunuid %s, started %s ====\n",
			 XDIST_VERSION, v->workers, v->workers == 1 ? "" : "s",
			 v->runs.nruns, v->runs.nruns == 1 ? "" : "s", v->uid,
			 o->timestamp);
		put_master(o);
	}
}

/*
 * The classname and name of run r whose id is shown as label: the class of
 * its test's file, relative to the rootdir (junit.h).
 */
static void run_names(const struct run_view *v, size_t r, const char *label,
		      struct buf *cls, struct buf *name)
{
	const struct test *t = runs_test(&v->runs, r);
	char *file = test_file(t);
	struct buf fc = BUF_INIT;

	junit_file_class(file, test_file_in_path(t), v->cwd, v->rootdir, &fc);
	if (t->gtest == TEST_GTEST_CASE &&
	    !strncmp(label, t->id, strlen(t->id))) {
		junit_gtest_case_names(label, strlen(t->id),
				       gtest_cases_args_at(t->id), fc.data, cls,
				       name);
	} else {
		junit_names(label, fc.data, cls, name);
		if (t->gtest == TEST_GTEST_CASE)
			junit_gtest_names(cls, name);
	}
	buf_release(&fc);
	free(file);
}

static void outputs_test_start(struct outputs *o, const struct run_view *v,
			       size_t run, int worker)
{
	const struct run_record *st = &v->tally->runs[run];
	const char *id = runs_test(&v->runs, run)->id;
	struct buf cls = BUF_INIT, name = BUF_INIT;

	if (o->log_fd < 0)
		return;
	run_names(v, run, id, &cls, &name);
	jsonl_test_start(&o->line, id, cls.data, name.data, run,
			 worker_name(v, worker),
			 st->attempt > 0 ? st->attempt : 1, now_real());
	buf_release(&cls);
	buf_release(&name);
	put_event(o);
}

int outputs_read_output(const struct run_view *v, const struct run_record *st,
			struct buf *out)
{
	size_t head = st->head_len;
	char *data;
	ssize_t n;

	if (!st->out_len || v->spool < 0)
		return 0;
	data = xmalloc(st->out_len);
	n = xio_pread_full(v->spool, data, st->out_len, st->out_off);
	if (n < 0) {
		int e = errno;

		free(data);
		errno = e;
		return -1;
	}
	if (st->truncated && (size_t)n >= head) {
		buf_add(out, data, head);
		if (head && data[head - 1] != '\n')
			buf_addch(out, '\n');
		buf_addf(out,
			 "[... xdist-exec: %llu bytes of output cut; the "
			 "first %zu and the last %zu bytes are shown ...]\n",
			 st->out_total - (unsigned long long)st->out_len, head,
			 (size_t)n - head);
		buf_add(out, data + head, (size_t)n - head);
	} else {
		buf_add(out, data, (size_t)n);
	}
	free(data);
	return 0;
}

/* "==== <label> [gw1] PASSED (0.12s) ====\n", the label on one line. */
static void add_header(struct buf *b, const char *label, const char *worker,
		       enum outcome oc, const struct run_record *st)
{
	buf_adds(b, "==== ");
	textsafe_repair(b, label, strlen(label), TEXTSAFE_LINE);
	if (worker)
		buf_addf(b, " [%s] %s (%.2fs) ====\n", worker,
			 report_outcome_word(oc),
			 (double)st->duration_ns / 1e9);
	else
		buf_addf(b, " %s ====\n", report_outcome_word(oc));
}

/* Header, output, and a newline if the output lacks its last one. */
static void add_section(struct buf *b, const char *label, const char *worker,
			enum outcome oc, const struct run_record *st,
			const struct buf *out)
{
	add_header(b, label, worker, oc, st);
	if (out->len) {
		buf_add(b, out->data, out->len);
		if (out->data[out->len - 1] != '\n')
			buf_addch(b, '\n');
	}
}

/* 1 when the name was free (and now is taken), 0 when taken already. */
static int take_name(struct outputs *o, const char *name, size_t n)
{
	uint64_t h = textsafe_hash(name, n);
	size_t i;

	if (!h)
		h = 1;
	if (2 * (o->nnames + 1) > o->names_cap) {
		size_t cap = o->names_cap ? 2 * o->names_cap : 64, j;
		uint64_t *v = xcalloc(cap, sizeof(*v));

		for (j = 0; j < o->names_cap; j++) {
			if (!o->names[j])
				continue;
			for (i = o->names[j] & (cap - 1); v[i];
			     i = (i + 1) & (cap - 1))
				;
			v[i] = o->names[j];
		}
		free(o->names);
		o->names = v;
		o->names_cap = cap;
	}
	for (i = h & (o->names_cap - 1); o->names[i];
	     i = (i + 1) & (o->names_cap - 1))
		if (o->names[i] == h)
			return 0; /* a hash collision only costs a suffix */
	o->names[i] = h;
	o->nnames++;
	return 1;
}

/* DIR/tests/<name>.log for run r: header and output. */
static void write_test_file(struct outputs *o, const struct run_view *v,
			    size_t r, const struct buf *section)
{
	const char *id = runs_test(&v->runs, r)->id;
	struct buf name = BUF_INIT;
	int fd;

	textsafe_file_name(&name, id, strlen(id),
			   o->run_suffix ? r : TEXTSAFE_NO_RUN);
	if (!o->run_suffix && !take_name(o, name.data, name.len)) {
		buf_reset(&name);
		textsafe_file_name(&name, id, strlen(id), r);
	}
	buf_adds(&name, ".log");
	fd = openat(o->tests_fd, name.data,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    0666);
	if (fd < 0 || xio_write_all(fd, section->data, section->len) < 0) {
		int e = errno;
		char *what = xasprintf("%s/%s", TESTS_DIR, name.data);

		fail_dir(o, what, e);
		free(what);
	}
	if (fd >= 0)
		close(fd);
	buf_release(&name);
}

/* The fd of DIR/<worker>.log, opened (truncated) on first use; -1 when
   the log dir has failed. */
static int worker_fd(struct outputs *o, const struct run_view *v, int worker)
{
	char *fn;

	if (v->slots[worker].master)
		return o->master_fd;
	if ((size_t)worker >= o->nwfd) {
		size_t n = (size_t)worker + 1, i;

		o->wfd = xrealloc(o->wfd, n * sizeof(*o->wfd));
		for (i = o->nwfd; i < n; i++)
			o->wfd[i] = -1;
		o->nwfd = n;
	}
	if (o->wfd[worker] >= 0)
		return o->wfd[worker];
	fn = xasprintf("%s.log", v->slots[worker].name);
	o->wfd[worker] = openat(o->dir_fd, fn,
				O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
					O_NOFOLLOW | O_CLOEXEC,
				0666);
	if (o->wfd[worker] < 0)
		fail_dir(o, fn, errno);
	free(fn);
	return dir_on(o) ? o->wfd[worker] : -1;
}

static void log_dir_result(struct outputs *o, const struct run_view *v,
			   size_t r, const struct buf *out)
{
	const struct run_record *st = &v->tally->runs[r];
	const char *label = runs_label(&v->runs, r);
	const char *wname = worker_name(v, st->worker);
	struct buf section = BUF_INIT;
	int fd;

	if (!wname) {
		/* Never ran: a line in master.log, no file. */
		add_header(&o->line, label, NULL, st->outcome, st);
		put_master(o);
		return;
	}
	add_section(&section, label, wname, st->outcome, st, out);
	fd = worker_fd(o, v, st->worker);
	if (fd >= 0 && xio_write_all(fd, section.data, section.len) < 0) {
		int e = errno;
		char *what = xasprintf("%s.log", wname);

		fail_dir(o, what, e);
		free(what);
	}
	if (dir_on(o) && !v->slots[st->worker].master) {
		add_header(&o->line, label, wname, st->outcome, st);
		put_master(o);
	}
	if (dir_on(o))
		write_test_file(o, v, r, &section);
	buf_release(&section);
}

/* --tap: a case, as it is read, to the report log (and the JUnit spool). */
static void outputs_case(struct outputs *o, const struct run_view *v,
			 size_t run, const struct tap_case *c)
{
	const struct run_record *st = &v->tally->runs[run];

	if (o->junitxml && !o->cases.err) {
		char *dir = xstrdup(o->junitxml), *slash = strrchr(dir, '/');

		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
		junit_cases_add(&o->cases, slash ? dir : ".", run,
				st->attempt > 0 ? st->attempt : 1, c);
		free(dir);
	}
	if (o->log_fd < 0)
		return;
	jsonl_case(&o->line, runs_test(&v->runs, run)->id, run,
		   st->attempt > 0 ? st->attempt : 1, c, now_real());
	put_event(o);
}

static void outputs_test_result(struct outputs *o, const struct run_view *v,
				size_t run)
{
	const struct run_record *st = &v->tally->runs[run];

	if (o->log_fd >= 0) {
		struct buf cls = BUF_INIT, name = BUF_INIT;
		struct jsonl_result jr;

		memset(&jr, 0, sizeof(jr));
		jr.id = runs_test(&v->runs, run)->id;
		run_names(v, run, jr.id, &cls, &name);
		jr.classname = cls.data;
		jr.name = name.data;
		jr.run = run;
		jr.outcome = st->outcome;
		jr.duration = (double)st->duration_ns / 1e9;
		jr.kind = st->kind;
		jr.code = st->code;
		jr.worker = worker_name(v, st->worker);
		jr.attempt = st->attempt > 0 ? st->attempt : 1;
		/* "exit status 0" says nothing a pass does not. */
		jr.reason = st->outcome == OUTCOME_PASSED ? NULL : st->reason;
		jr.time = now_real();
		jsonl_test_result(&o->line, &jr);
		buf_release(&cls);
		buf_release(&name);
		put_event(o);
	}
	if (dir_on(o)) {
		struct buf out = BUF_INIT;

		if (outputs_read_output(v, st, &out) < 0)
			dir_failed(o, xasprintf("cannot read the output "
						"spool: %s",
						strerror(errno)));
		else
			log_dir_result(o, v, run, &out);
		buf_release(&out);
	}
}

/* "setup: CMD": a failed fixture's name. */
static char *fixture_label(const struct run_view *v,
			   const struct run_record *st)
{
	return xasprintf("%s: %s", fixture_names[st->fixture],
			 v->fixtures[st->fixture]);
}

/*
 * Fill tc for run r (i < nruns) or fixture error i - nruns; names go in cls
 * and name.
 */
static void make_case(const struct run_view *v, size_t i, struct junit_case *tc,
		      struct buf *cls, struct buf *name, struct buf *sandbox)
{
	const struct run_record *st;

	buf_reset(cls);
	buf_reset(name);
	buf_reset(sandbox);
	memset(tc, 0, sizeof(*tc));
	if (i < v->runs.nruns) {
		st = &v->tally->runs[i];
		run_names(v, i, runs_label(&v->runs, i), cls, name);
		/* The filter it ran under, as its XDIST_SANDBOX said. */
		sandbox_env_value(
			v->o->sandbox |
				test_attrs_of(runs_test(&v->runs, i))->sandbox,
			v->o->seccomp_deny.data, sandbox);
		tc->sandbox = sandbox->len ? sandbox->data : NULL;
	} else {
		char *label;

		st = &v->tally->fxerr[i - v->runs.nruns];
		label = fixture_label(v, st);
		buf_adds(cls, "xdist-exec");
		buf_adds(name, label);
		free(label);
	}
	tc->classname = cls->data;
	tc->name = name->data;
	tc->seconds = (double)st->duration_ns / 1e9;
	tc->outcome =
		st->outcome == OUTCOME_NONE ? OUTCOME_NOTRUN : st->outcome;
	tc->crashed = st->kind == -1;
	tc->reason = st->reason;
	tc->worker = worker_name(v, st->worker);
	tc->attempts = st->attempt;
}

/* A TAP case's <testcase>, written or counted. */
struct case_walk {
	const struct run_view *v;
	struct junit_suite *s; /* counting, or NULL */
	struct junit *j;       /* writing */
	struct buf cls, name, text;
};

static const enum outcome case_outcomes[TAP_NSTATUS] = {
	[TAP_PASSED] = OUTCOME_PASSED,	 [TAP_FAILED] = OUTCOME_FAILED,
	[TAP_SKIPPED] = OUTCOME_SKIPPED, [TAP_TODO] = OUTCOME_XFAILED,
	[TAP_BONUS] = OUTCOME_XPASSED,
};

/* junit_cases_fn: the cases of each run's last attempt, "ID::12 - desc". */
static int case_testcase(void *arg, size_t run, int attempt,
			 const struct tap_case *c)
{
	struct case_walk *x = arg;
	const struct run_record *st = &x->v->tally->runs[run];
	struct junit_case tc;

	if (run >= x->v->runs.nruns ||
	    (st->attempt > 0 ? st->attempt : 1) != attempt ||
	    (unsigned)c->status >= TAP_NSTATUS)
		return 0;
	buf_reset(&x->cls);
	buf_reset(&x->name);
	buf_reset(&x->text);
	buf_addf(&x->text, "%s::%lu", runs_label(&x->v->runs, run), c->number);
	if (c->desc_len)
		buf_addf(&x->text, " - %.*s", (int)c->desc_len, c->desc);
	run_names(x->v, run, x->text.data, &x->cls, &x->name);
	memset(&tc, 0, sizeof(tc));
	tc.classname = x->cls.data;
	tc.name = x->name.data;
	tc.outcome = case_outcomes[c->status];
	tc.worker = worker_name(x->v, st->worker);
	tc.attempts = attempt;
	buf_reset(&x->text);
	if (c->reason)
		buf_add(&x->text, c->reason, c->reason_len);
	else if (c->status == TAP_FAILED)
		buf_adds(&x->text, "not ok");
	tc.reason = x->text.len ? x->text.data : NULL;
	tc.out = c->yaml;
	tc.out_len = c->yaml_len;
	if (x->s) {
		junit_count(x->s, &tc);
		return 0;
	}
	return junit_add_case(x->j, &tc) < 0 ? -1 : 0;
}

static int write_fd(void *ctx, const char *p, size_t n)
{
	return xio_write_all(*(int *)ctx, p, n);
}

/* Write the JUnit document to fd.  0, or -1 with errno set. */
static int junit_to(struct outputs *o, const struct run_view *v, int fd)
{
	struct junit_suite s;
	struct junit_case tc;
	struct junit j;
	struct buf cls = BUF_INIT, name = BUF_INIT, out = BUF_INIT;
	struct buf sandbox = BUF_INIT;
	struct case_walk walk;
	size_t i, n = v->runs.nruns + v->tally->nfxerr;
	int rc = -1, e = 0;

	memset(&s, 0, sizeof(s));
	s.name = "xdist-exec";
	s.seconds = (double)(xio_now_ns() - v->start_ns) / 1e9;
	s.timestamp = o->timestamp;
	s.hostname = o->hostname;
	s.testrunuid = v->uid[0] ? v->uid : NULL;
	s.workers = v->workers;
	for (i = 0; i < n; i++) {
		make_case(v, i, &tc, &cls, &name, &sandbox);
		junit_count(&s, &tc);
	}
	memset(&walk, 0, sizeof(walk));
	walk.v = v;
	walk.s = &s;
	walk.j = &j;
	if (junit_cases_each(&o->cases, case_testcase, &walk) < 0)
		goto out;
	walk.s = NULL;
	if (junit_init(&j, write_fd, &fd, &s) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		const struct run_record *st =
			i < v->runs.nruns ? &v->tally->runs[i]
					  : &v->tally->fxerr[i - v->runs.nruns];

		make_case(v, i, &tc, &cls, &name, &sandbox);
		buf_reset(&out);
		if (outputs_read_output(v, st, &out) < 0)
			goto out;
		tc.out = out.data;
		tc.out_len = out.len;
		if (junit_add_case(&j, &tc) < 0)
			goto out;
		if (out.cap > 65536)
			buf_release(&out);
	}
	if (junit_cases_each(&o->cases, case_testcase, &walk) < 0)
		goto out;
	if (junit_finish(&j) < 0)
		goto out;
	rc = 0;
out:
	e = errno;
	junit_release(&j);
	buf_release(&walk.cls);
	buf_release(&walk.name);
	buf_release(&walk.text);
	buf_release(&cls);
	buf_release(&name);
	buf_release(&sandbox);
	buf_release(&out);
	errno = e;
	return rc;
}

int outputs_replace(const char *path, outputs_fill_fn *fill, void *ctx)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	mode_t mask;
	int fd, e;

	/* Single-threaded: reading the umask back is safe here. */
	mask = umask(022);
	umask(mask);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, 0666 & ~mask) < 0 || fill(ctx, fd) < 0)
		goto fail;
	/* Some file systems cannot sync; the rename is what matters. */
	if (fsync(fd) < 0 && errno != EINVAL && errno != EROFS)
		goto fail;
	e = close(fd);
	fd = -1;
	if (e < 0 || rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = e;
	return -1;
}

struct junit_ctx {
	struct outputs *o;
	const struct run_view *v;
};

static int fill_junit(void *ctx, int fd)
{
	struct junit_ctx *x = ctx;

	return junit_to(x->o, x->v, fd);
}

/* PATH.tmp-XXXXXX, fsync, rename: a reader never sees half a file. */
static int write_junit(struct outputs *o, const struct run_view *v)
{
	struct junit_ctx x = {o, v};

	return outputs_replace(o->junitxml, fill_junit, &x);
}

static void log_dir_end(struct outputs *o, const struct run_view *v,
			int exit_status)
{
	struct report rep = *v->rep;
	struct buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < v->tally->nfxerr && dir_on(o); i++) {
		const struct run_record *st = &v->tally->fxerr[i];
		char *label = fixture_label(v, st);

		buf_reset(&out);
		if (outputs_read_output(v, st, &out) < 0)
			buf_reset(&out);
		add_section(&o->line, label, worker_name(v, st->worker),
			    OUTCOME_ERROR, st, &out);
		put_master(o);
		free(label);
	}
	buf_release(&out);
	if (!dir_on(o))
		return;
	buf_adds(&o->line, "==== ");
	report_counts(&rep, &o->line,
		      (double)(xio_now_ns() - v->start_ns) / 1e9);
	buf_addf(&o->line, ", exit status %d ====\n", exit_status);
	put_master(o);
}

/* Every report file closed (each fd -1 after). */
static void close_all(struct outputs *o)
{
	size_t i;

	close_fd(&o->log_fd);
	close_fd(&o->master_fd);
	close_fd(&o->tests_fd);
	close_fd(&o->dir_fd);
	for (i = 0; i < o->nwfd; i++)
		close_fd(&o->wfd[i]);
}

static int outputs_run_end(struct outputs *o, const struct run_view *v,
			   int exit_status, struct buf *err)
{
	int rc = exit_status;

	if (o->junitxml && write_junit(o, v) < 0) {
		buf_addf(err, "cannot write '%s': %s", o->junitxml,
			 strerror(errno));
		rc = EXIT_INTERNAL;
	} else if (o->junitxml && o->cases.err) {
		buf_addf(err, "cannot keep the TAP cases for '%s': %s",
			 o->junitxml, strerror(o->cases.err));
		rc = EXIT_INTERNAL;
	}
	if (o->dir_error || o->log_error)
		rc = EXIT_INTERNAL;
	log_dir_end(o, v, rc);
	if (o->dir_error) {
		rc = EXIT_INTERNAL;
		buf_addf(err, "%s%s", err->len ? "; " : "", o->dir_error);
	}
	if (o->log_fd >= 0) {
		jsonl_run_end(&o->line, rc, v->tally->counts,
			      v->tally->ncases ? v->tally->cases : NULL,
			      (double)(xio_now_ns() - v->start_ns) / 1e9,
			      now_real());
		put_event(o);
		if (o->log_error)
			rc = EXIT_INTERNAL;
	}
	if (o->log_error)
		buf_addf(err, "%s%s", err->len ? "; " : "", o->log_error);
	close_all(o);
	return rc;
}

void outputs_release(struct outputs *o)
{
	close_all(o);
	free(o->wfd);
	free(o->names);
	free(o->log_error);
	free(o->dir_error);
	buf_release(&o->line);
	outputs_init(o);
}

int outputs_event(void *self, const struct run_view *v,
		  const struct run_event *ev)
{
	struct outputs *o = self;

	switch (ev->kind) {
	case RUN_EV_START:
		outputs_run_start(o, v);
		break;
	case RUN_EV_TEST_START:
		outputs_test_start(o, v, ev->run, ev->slot);
		break;
	case RUN_EV_TEST_FINISH:
		outputs_test_result(o, v, ev->run);
		break;
	case RUN_EV_CASE:
		outputs_case(o, v, ev->run, ev->tcase);
		break;
	case RUN_EV_END:
		return outputs_run_end(o, v, ev->exit_status, ev->err);
	default:
		break;
	}
	return 0;
}
