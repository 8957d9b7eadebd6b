#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "gtest.h"
#include "gtest_batch.h"
#include "isolation.h"
#include "sched.h"
#include "txspec.h"

enum {
	OPT_MAXFAIL = 256,
	OPT_CAPTURE,
	OPT_COLOR,
	OPT_MAXPROCESSES,
	OPT_MAX_WORKER_RESTART,
	OPT_TESTRUNUID,
	OPT_KEEP_RUN_DIR,
	OPT_MAX_OUTPUT,
	OPT_TIMEOUT_GRACE,
	OPT_NO_PRELOAD,
	OPT_SETUP,
	OPT_TEARDOWN,
	OPT_WORKER_SETUP,
	OPT_WORKER_TEARDOWN,
	OPT_DIST,
	OPT_CACHE_DIR,
	OPT_CACHE_CLEAR,
	OPT_DESELECT,
	OPT_LF,
	OPT_FF,
	OPT_COLLECT_ONLY,
	OPT_KEEP_DUPLICATES,
	OPT_SPLIT,
	OPT_GTEST_BATCH,
	OPT_GTEST_ALSO_RUN_DISABLED,
	OPT_DURATIONS,
	OPT_PARTITION,
	OPT_SHUFFLE,
	OPT_RERUNS,
	OPT_RERUNS_DELAY,
	OPT_COUNT,
	OPT_TIMEOUT,
	OPT_SLOW,
	OPT_SESSION_TIMEOUT,
	OPT_LEAK,
	OPT_JUNITXML,
	OPT_REPORT_LOG,
	OPT_LOG_DIR,
	OPT_NF,
	OPT_SW,
	OPT_SW_SKIP,
	OPT_STRICT_MARKERS,
	OPT_MARKERS,
	OPT_XFAIL_STRICT,
	OPT_TAP,
	OPT_TRACE,
	OPT_HTML,
	OPT_TX,
	OPT_RSYNCDIR,
	OPT_RSYNCIGNORE,
	OPT_ISOLATE,
	OPT_TMPDIR,
	OPT_HOME,
	OPT_SANDBOX,
	OPT_SECCOMP_DENY,
	OPT_FROM_CTEST,
	OPT_CTEST_ARGS,
};

static const struct option longopts[] = {
	{"file", required_argument, NULL, 'f'},
	{"config", required_argument, NULL, 'c'},
	{"exitfirst", no_argument, NULL, 'x'},
	{"maxfail", required_argument, NULL, OPT_MAXFAIL},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"capture", required_argument, NULL, OPT_CAPTURE},
	{"max-output", required_argument, NULL, OPT_MAX_OUTPUT},
	{"color", required_argument, NULL, OPT_COLOR},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"numprocesses", required_argument, NULL, 'n'},
	{"maxprocesses", required_argument, NULL, OPT_MAXPROCESSES},
	{"max-worker-restart", required_argument, NULL, OPT_MAX_WORKER_RESTART},
	{"testrunuid", required_argument, NULL, OPT_TESTRUNUID},
	{"timeout-grace", required_argument, NULL, OPT_TIMEOUT_GRACE},
	{"keep-run-dir", no_argument, NULL, OPT_KEEP_RUN_DIR},
	{"no-preload", no_argument, NULL, OPT_NO_PRELOAD},
	{"setup", required_argument, NULL, OPT_SETUP},
	{"teardown", required_argument, NULL, OPT_TEARDOWN},
	{"worker-setup", required_argument, NULL, OPT_WORKER_SETUP},
	{"worker-teardown", required_argument, NULL, OPT_WORKER_TEARDOWN},
	{"dist", required_argument, NULL, OPT_DIST},
	{"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
	{"cache-clear", no_argument, NULL, OPT_CACHE_CLEAR},
	{"deselect", required_argument, NULL, OPT_DESELECT},
	{"lf", no_argument, NULL, OPT_LF},
	{"last-failed", no_argument, NULL, OPT_LF},
	{"ff", no_argument, NULL, OPT_FF},
	{"failed-first", no_argument, NULL, OPT_FF},
	{"collect-only", no_argument, NULL, OPT_COLLECT_ONLY},
	{"co", no_argument, NULL, OPT_COLLECT_ONLY},
	{"keep-duplicates", no_argument, NULL, OPT_KEEP_DUPLICATES},
	{"split", required_argument, NULL, OPT_SPLIT},
	{"gtest-batch", required_argument, NULL, OPT_GTEST_BATCH},
	{"gtest-also-run-disabled", no_argument, NULL,
	 OPT_GTEST_ALSO_RUN_DISABLED},
	{"durations", required_argument, NULL, OPT_DURATIONS},
	{"partition", required_argument, NULL, OPT_PARTITION},
	{"shuffle", optional_argument, NULL, OPT_SHUFFLE},
	{"reruns", required_argument, NULL, OPT_RERUNS},
	{"reruns-delay", required_argument, NULL, OPT_RERUNS_DELAY},
	{"count", required_argument, NULL, OPT_COUNT},
	{"repeat", required_argument, NULL, OPT_COUNT},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"slow", required_argument, NULL, OPT_SLOW},
	{"session-timeout", required_argument, NULL, OPT_SESSION_TIMEOUT},
	{"leak", required_argument, NULL, OPT_LEAK},
	{"junitxml", required_argument, NULL, OPT_JUNITXML},
	{"junit-xml", required_argument, NULL, OPT_JUNITXML},
	{"report-log", required_argument, NULL, OPT_REPORT_LOG},
	{"log-dir", required_argument, NULL, OPT_LOG_DIR},
	{"nf", no_argument, NULL, OPT_NF},
	{"new-first", no_argument, NULL, OPT_NF},
	{"sw", no_argument, NULL, OPT_SW},
	{"stepwise", no_argument, NULL, OPT_SW},
	{"sw-skip", no_argument, NULL, OPT_SW_SKIP},
	{"stepwise-skip", no_argument, NULL, OPT_SW_SKIP},
	{"strict-markers", no_argument, NULL, OPT_STRICT_MARKERS},
	{"markers", no_argument, NULL, OPT_MARKERS},
	{"xfail-strict", no_argument, NULL, OPT_XFAIL_STRICT},
	{"tap", no_argument, NULL, OPT_TAP},
	{"trace", required_argument, NULL, OPT_TRACE},
	{"html", required_argument, NULL, OPT_HTML},
	{"tx", required_argument, NULL, OPT_TX},
	{"rsyncdir", required_argument, NULL, OPT_RSYNCDIR},
	{"rsyncignore", required_argument, NULL, OPT_RSYNCIGNORE},
	{"isolate", required_argument, NULL, OPT_ISOLATE},
	{"tmpdir", required_argument, NULL, OPT_TMPDIR},
	{"home", required_argument, NULL, OPT_HOME},
	{"sandbox", required_argument, NULL, OPT_SANDBOX},
	{"seccomp-deny", required_argument, NULL, OPT_SECCOMP_DENY},
	{"from-ctest", required_argument, NULL, OPT_FROM_CTEST},
	{"ctest-args", required_argument, NULL, OPT_CTEST_ARGS},
	{NULL, 0, NULL, 0},
};

/* getopt's: "-" keeps arguments in order, ":" reports a missing value. */
static const char shortopts[] = "-:f:xvqshVn:k:m:r:c:";

int options_short_takes_value(char c)
{
	const char *p = c && c != ':' && c != '-' ? strchr(shortopts, c) : NULL;

	return p && p[1] == ':';
}

int options_long_takes_value(const char *name, size_t len)
{
	const struct option *o, *match = NULL;

	for (o = longopts; o->name; o++) {
		if (strncmp(o->name, name, len))
			continue;
		if (strlen(o->name) == len)
			return o->has_arg == required_argument;
		/* Prefixes of two spellings of one option are not ambiguous. */
		if (match &&
		    (match->val != o->val || match->has_arg != o->has_arg))
			return 0;
		match = o;
	}
	return match && match->has_arg == required_argument;
}

void options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->numproc_mode = NUMPROC_AUTO;
	o->capture = 1;
	o->color = COLOR_AUTO;
	o->max_output = 4u << 20;
	o->timeout_grace_ms = 5000;
	o->max_worker_restart = -1;
	o->dist = SCHED_LOAD;
	o->durations = -1;
	o->count = 1;
	strcpy(o->reportchars, "fE");
}

static void free_exprs(struct expr **v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		expr_release(&(*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

void options_release(struct options *o)
{
	size_t i;

	free(o->sources);
	free_exprs(&o->keywords, &o->nkeywords);
	free_exprs(&o->markexprs, &o->nmarkexprs);
	free(o->deselect);
	for (i = 0; i < o->ntx; i++)
		txspec_release(&o->tx[i]);
	free(o->tx);
	free(o->rsyncdirs);
	free(o->rsyncignore);
	o->tx = NULL;
	o->rsyncdirs = o->rsyncignore = NULL;
	o->ntx = o->nrsyncdirs = o->nrsyncignore = 0;
	buf_release(&o->seccomp_deny);
	o->sources = NULL;
	o->nsources = 0;
	o->deselect = NULL;
	o->ndeselect = 0;
}

int options_parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"1", "yes", "true", NULL};
	static const char *const no[] = {"0", "no", "false", NULL};
	int i;

	for (i = 0; yes[i]; i++)
		if (!strcmp(v, yes[i]))
			return *out = 1, 0;
	for (i = 0; no[i]; i++)
		if (!strcmp(v, no[i]))
			return *out = 0, 0;
	return -1;
}

int options_parse_gtest_batch(const char *s, int *out)
{
	int v = 0;

	if (s && !strcmp(s, "auto")) {
		*out = 0;
		return 0;
	}
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > GTEST_BATCH_MAX)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < 1 || v > GTEST_BATCH_MAX)
		return -1;
	*out = v;
	return 0;
}

int options_parse_count(const char *s, long min, long max, long *out)
{
	long v = 0;
	const char *p = s;

	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	/* Leading zeros ("007") are refused: they read like octal. */
	if (s[0] == '0' && s[1])
		return -1;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int options_parse_seconds(const char *s, long long *ms)
{
	long long whole = 0, frac = 0, scale = 1000;
	const char *p = s;
	int digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 86400)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p || !digits)
		return -1;
	*ms = whole * 1000 + frac;
	if (*ms > 86400LL * 1000)
		return -1;
	return 0;
}

int options_parse_size(const char *s, size_t *out)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long long)(*p - '0');
		if (v > (1ULL << 40))
			return -1;
	}
	switch (tolower((unsigned char)*p)) {
	case '\0':
		break;
	case 'k':
		mul = 1ULL << 10;
		break;
	case 'm':
		mul = 1ULL << 20;
		break;
	case 'g':
		mul = 1ULL << 30;
		break;
	default:
		return -1;
	}
	if (*p && p[1] && !((p[1] == 'b' || p[1] == 'B') && !p[2]) &&
	    !((p[1] == 'i') && (p[2] == 'B' || p[2] == 'b') && !p[3]))
		return -1;
	if (v > (1ULL << 40) / mul)
		return -1;
	v *= mul;
	if (v > (1ULL << 40))
		return -1;
	*out = (size_t)v;
	return 0;
}

static void add_source(struct options *o, int is_file, const char *value)
{
	o->sources =
		xrealloc(o->sources, (o->nsources + 1) * sizeof(*o->sources));
	o->sources[o->nsources].is_file = is_file;
	o->sources[o->nsources].value = value;
	o->nsources++;
}

static void add_str(const char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

int options_parse_partition(struct options *o, const char *s)
{
	const char *slash;
	char kbuf[16];
	long k, n;
	int hash = 0;

	if (!strncmp(s, "hash:", 5)) {
		hash = 1;
		s += 5;
	}
	slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof(kbuf))
		return -1;
	memcpy(kbuf, s, (size_t)(slash - s));
	kbuf[slash - s] = '\0';
	if (options_parse_count(slash + 1, 1, 1000000, &n) < 0 ||
	    options_parse_count(kbuf, 1, n, &k) < 0)
		return -1;
	o->partition_k = (int)k;
	o->partition_n = (int)n;
	o->partition_hash = hash;
	return 0;
}

int options_parse_reportchars(const char *s, char out[OPTIONS_REPORTCHARS_MAX],
			      char *bad)
{
	size_t n = 0;

	for (; *s; s++) {
		char ch = *s == 'F' ? 'f' : *s == 'S' ? 's' : *s;

		if (ch == 'a' || ch == 'A') {
			strcpy(out, ch == 'a' ? "sxXEf" : "PpsxXEf");
			n = strlen(out);
		} else if (ch == 'N') {
			n = 0;
		} else if (!strchr("fEsxXpPw", ch)) {
			*bad = *s;
			return -1;
		} else if (!memchr(out, ch, n)) {
			out[n++] = ch;
		}
		out[n] = '\0';
	}
	out[n] = '\0';
	return 0;
}

/* -k and -m: parsed now, so that a bad one is a usage error. */
static int add_expr(struct expr **v, size_t *n, const char *opt, const char *s,
		    struct buf *err)
{
	struct buf why = BUF_INIT;
	struct expr e;

	/* pytest: an empty (or blank) expression selects everything. */
	if (!s[strspn(s, " \t")])
		return 0;
	if (expr_parse(&e, s, &why) < 0) {
		buf_addf(err, "Wrong expression passed to '%s': %s: %s", opt, s,
			 why.data);
		buf_release(&why);
		return -1;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = e;
	return 0;
}

static int valid_uid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' &&
		    *s != '.')
			return 0;
	return n > 0 && n <= 128;
}

/* The field a report path or fixture command option sets. */
static const char **string_field(struct options *o, int c)
{
	switch (c) {
	case OPT_JUNITXML:
		return &o->junitxml;
	case OPT_REPORT_LOG:
		return &o->report_log;
	case OPT_TRACE:
		return &o->trace;
	case OPT_HTML:
		return &o->html;
	case OPT_LOG_DIR:
		return &o->log_dir;
	case OPT_SETUP:
		return &o->setup;
	case OPT_TEARDOWN:
		return &o->teardown;
	case OPT_WORKER_SETUP:
		return &o->worker_setup;
	case OPT_WORKER_TEARDOWN:
		return &o->worker_teardown;
	}
	BUG("option sets no string");
}

/* Option c (--name) sets its string to optarg, which must not be empty:
   "--name: the WHAT is empty". */
static int set_string(struct options *o, int c, const char *name,
		      const char *what, struct buf *err)
{
	if (!*optarg) {
		buf_addf(err, "--%s: the %s is empty", name, what);
		return -1;
	}
	*string_field(o, c) = optarg;
	return 0;
}

int options_parse(struct options *o, int argc, char **argv, struct buf *err)
{
	int c, lidx;
	long v;

	/* '-': non-options come back in order as arg 1, so that tests and -f
	   lists keep the order they were given in. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, &lidx)) !=
	       -1) {
		switch (c) {
		case 1:
			add_source(o, 0, optarg);
			break;
		case 'f':
			add_source(o, 1, optarg);
			break;
		case 'c':
			/* Already read (config_find_and_load): a config
			   file applies to the whole command line. */
			o->config_file = optarg[0] == '=' ? optarg + 1 : optarg;
			break;
		case 'x':
			o->maxfail = 1;
			break;
		case OPT_MAXFAIL:
			if (options_parse_count(optarg, 1, INT_MAX, &v) < 0) {
				buf_addf(err,
					 "--maxfail: '%s' is not a positive "
					 "integer",
					 optarg);
				return -1;
			}
			o->maxfail = (int)v;
			break;
		case 'v':
			o->verbosity = o->verbosity < 0 ? 1 : o->verbosity + 1;
			break;
		case 'q':
			o->verbosity = o->verbosity > 0 ? -1 : o->verbosity - 1;
			break;
		case 's':
			o->capture = 0;
			break;
		case OPT_CAPTURE:
			if (!strcmp(optarg, "fd")) {
				o->capture = 1;
			} else if (!strcmp(optarg, "no")) {
				o->capture = 0;
			} else {
				buf_addf(err,
					 "--capture: '%s' is not one of fd, no",
					 optarg);
				return -1;
			}
			break;
		case OPT_MAX_OUTPUT:
			if (options_parse_size(optarg, &o->max_output) < 0 ||
			    o->max_output < 1024 ||
			    o->max_output > OPTIONS_MAX_OUTPUT) {
				buf_addf(err,
					 "--max-output: '%s' is not a size "
					 "from 1k to 32M (such as 512k, 4M)",
					 optarg);
				return -1;
			}
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "auto")) {
				o->color = COLOR_AUTO;
			} else if (!strcmp(optarg, "yes")) {
				o->color = COLOR_YES;
			} else if (!strcmp(optarg, "no")) {
				o->color = COLOR_NO;
			} else {
				buf_addf(err,
					 "--color: '%s' is not one of auto, "
					 "yes, no",
					 optarg);
				return -1;
			}
			break;
		case 'h':
			o->help = 1;
			break;
		case 'V':
			o->version = 1;
			break;
		case 'n':
			o->numproc_given = 1;
			if (!strcmp(optarg, "auto")) {
				o->numproc_mode = NUMPROC_AUTO;
			} else if (!strcmp(optarg, "logical")) {
				o->numproc_mode = NUMPROC_LOGICAL;
			} else if (options_parse_count(optarg, 0,
						       OPT_MAX_WORKERS,
						       &v) == 0) {
				o->numproc_mode = NUMPROC_COUNT;
				o->numprocesses = (int)v;
			} else {
				buf_addf(err,
					 "-n: '%s' is not a worker count from "
					 "0 to %d, 'auto' or 'logical'",
					 optarg, OPT_MAX_WORKERS);
				return -1;
			}
			break;
		case OPT_MAXPROCESSES:
			if (options_parse_count(optarg, 1, OPT_MAX_WORKERS,
						&v) < 0) {
				buf_addf(err,
					 "--maxprocesses: '%s' is not a count "
					 "from 1 to %d",
					 optarg, OPT_MAX_WORKERS);
				return -1;
			}
			o->maxprocesses = (int)v;
			break;
		case OPT_MAX_WORKER_RESTART:
			if (options_parse_count(optarg, 0, 1000000, &v) < 0) {
				buf_addf(err,
					 "--max-worker-restart: '%s' is not a "
					 "count from 0 to 1000000",
					 optarg);
				return -1;
			}
			o->max_worker_restart = (int)v;
			break;
		case OPT_TESTRUNUID:
			if (!valid_uid(optarg)) {
				buf_addf(err,
					 "--testrunuid: '%s' must be 1 to 128 "
					 "letters, digits, '.', '_' or '-'",
					 optarg);
				return -1;
			}
			o->testrunuid = optarg;
			break;
		case OPT_TIMEOUT_GRACE:
			if (options_parse_seconds(optarg,
						  &o->timeout_grace_ms) < 0) {
				buf_addf(err,
					 "--timeout-grace: '%s' is not a "
					 "number of seconds from 0 to 86400",
					 optarg);
				return -1;
			}
			break;
		case OPT_KEEP_RUN_DIR:
			o->keep_run_dir = 1;
			break;
		case OPT_JUNITXML:
		case OPT_REPORT_LOG:
		case OPT_LOG_DIR:
		case OPT_TRACE:
		case OPT_HTML:
			if (set_string(o, c, longopts[lidx].name, "path", err) <
			    0)
				return -1;
			break;
		case 'k':
			if (add_expr(&o->keywords, &o->nkeywords, "-k", optarg,
				     err) < 0)
				return -1;
			break;
		case 'm':
			if (add_expr(&o->markexprs, &o->nmarkexprs, "-m",
				     optarg, err) < 0)
				return -1;
			break;
		case 'r': {
			char bad = 0;

			if (options_parse_reportchars(optarg, o->reportchars,
						      &bad) < 0) {
				buf_addf(err,
					 "-r: '%c' is not one of f, E, s, x, "
					 "X, p, P, a, A, N, w",
					 bad);
				return -1;
			}
			break;
		}
		case OPT_NF:
			o->new_first = 1;
			break;
		case OPT_SW:
		case OPT_SW_SKIP:
			/* --sw-skip implies --sw, as in pytest. */
			o->stepwise = 1;
			if (c == OPT_SW_SKIP)
				o->stepwise_skip = 1;
			break;
		case OPT_STRICT_MARKERS:
			o->strict_markers = 1;
			break;
		case OPT_MARKERS:
			o->markers = 1;
			break;
		case OPT_XFAIL_STRICT:
			o->xfail_strict = 1;
			break;
		case OPT_TAP:
			o->tap = 1;
			break;
		case OPT_DESELECT:
			add_str(&o->deselect, &o->ndeselect, optarg);
			break;
		case OPT_DIST: {
			enum sched_mode m;

			if (sched_mode_parse(optarg, &m) < 0) {
				buf_addf(err,
					 "--dist: '%s' is not one of load, "
					 "loadscope, loadfile, loadgroup, "
					 "worksteal, each, no",
					 optarg);
				return -1;
			}
			o->dist = (int)m;
			break;
		}
		case OPT_CACHE_DIR:
			if (!*optarg) {
				buf_addf(err, "--cache-dir: the path is empty");
				return -1;
			}
			o->cache_dir = optarg;
			break;
		case OPT_CACHE_CLEAR:
			o->cache_clear = 1;
			break;
		case OPT_LF:
			o->last_failed = 1;
			break;
		case OPT_FF:
			o->failed_first = 1;
			break;
		case OPT_COLLECT_ONLY:
			o->collect_only = 1;
			break;
		case OPT_KEEP_DUPLICATES:
			o->keep_duplicates = 1;
			break;
		case OPT_SPLIT: {
			enum split_mode m;

			if (gtest_split_parse(optarg, &m) < 0) {
				buf_addf(err,
					 "--split: '%s' is not one of no, "
					 "gtest",
					 optarg);
				return -1;
			}
			o->split = (int)m;
			break;
		}
		case OPT_GTEST_BATCH:
			if (options_parse_gtest_batch(optarg, &o->gtest_batch) <
			    0) {
				buf_addf(err,
					 "--gtest-batch: '%s' is not auto or a "
					 "number of cases from 1 to %d",
					 optarg, GTEST_BATCH_MAX);
				return -1;
			}
			break;
		case OPT_GTEST_ALSO_RUN_DISABLED:
			o->gtest_also_run_disabled = 1;
			break;
		case OPT_DURATIONS:
			if (options_parse_count(optarg, 0, INT_MAX, &v) < 0) {
				buf_addf(err,
					 "--durations: '%s' is not a count (0 "
					 "shows all)",
					 optarg);
				return -1;
			}
			o->durations = (int)v;
			break;
		case OPT_PARTITION:
			if (options_parse_partition(o, optarg) < 0) {
				buf_addf(err,
					 "--partition: '%s' is not K/N or "
					 "hash:K/N with 1 <= K <= N",
					 optarg);
				return -1;
			}
			break;
		case OPT_SHUFFLE:
			o->shuffle = 1;
			if (optarg) {
				unsigned long long seed = 0;
				const char *p = optarg;

				for (; *p >= '0' && *p <= '9'; p++) {
					if (seed > (~0ULL - 9) / 10)
						break;
					seed = seed * 10 +
					       (unsigned long long)(*p - '0');
				}
				if (*p || !*optarg) {
					buf_addf(err,
						 "--shuffle: '%s' is not a "
						 "seed (a decimal number)",
						 optarg);
					return -1;
				}
				o->shuffle_seed = seed;
				o->shuffle_seed_given = 1;
			}
			break;
		case OPT_RERUNS:
			if (options_parse_count(optarg, 0, 1000, &v) < 0) {
				buf_addf(err,
					 "--reruns: '%s' is not a count from 0 "
					 "to 1000",
					 optarg);
				return -1;
			}
			o->reruns = (int)v;
			break;
		case OPT_RERUNS_DELAY:
			if (options_parse_seconds(optarg, &o->reruns_delay_ms) <
			    0) {
				buf_addf(err,
					 "--reruns-delay: '%s' is not a number "
					 "of seconds from 0 to 86400",
					 optarg);
				return -1;
			}
			break;
		case OPT_COUNT:
			if (options_parse_count(optarg, 1, 1000000, &v) < 0) {
				buf_addf(err,
					 "--count: '%s' is not a count from 1 "
					 "to 1000000",
					 optarg);
				return -1;
			}
			o->count = (int)v;
			break;
		case OPT_TIMEOUT:
		case OPT_SLOW:
		case OPT_SESSION_TIMEOUT: {
			long long ms;

			if (options_parse_seconds(optarg, &ms) < 0) {
				buf_addf(err,
					 "--%s: '%s' is not a number of "
					 "seconds from 0 to 86400 (0: none)",
					 longopts[lidx].name, optarg);
				return -1;
			}
			if (c == OPT_TIMEOUT)
				o->timeout_ms = ms;
			else if (c == OPT_SLOW)
				o->slow_ms = ms;
			else
				o->session_timeout_ms = ms;
			break;
		}
		case OPT_LEAK:
			if (!strcmp(optarg, "warn")) {
				o->leak = LEAK_WARN;
			} else if (!strcmp(optarg, "fail")) {
				o->leak = LEAK_FAIL;
			} else if (!strcmp(optarg, "ignore")) {
				o->leak = LEAK_IGNORE;
			} else {
				buf_addf(err,
					 "--leak: '%s' is not one of warn, "
					 "fail, ignore",
					 optarg);
				return -1;
			}
			break;
		case OPT_NO_PRELOAD:
			o->no_preload = 1;
			break;
		case OPT_TX:
			o->tx = xrealloc(o->tx, (o->ntx + 1) * sizeof(*o->tx));
			if (txspec_parse(optarg, &o->tx[o->ntx], err) < 0)
				return -1;
			o->ntx++;
			break;
		case OPT_RSYNCDIR:
		case OPT_RSYNCIGNORE:
			if (!*optarg) {
				buf_addf(err, "--%s: the value is empty",
					 longopts[lidx].name);
				return -1;
			}
			if (c == OPT_RSYNCDIR)
				add_str(&o->rsyncdirs, &o->nrsyncdirs, optarg);
			else
				add_str(&o->rsyncignore, &o->nrsyncignore,
					optarg);
			break;
		case OPT_TMPDIR:
		case OPT_HOME: {
			struct buf why = BUF_INIT;
			int r = scratch_scope_parse(
				optarg, c == OPT_TMPDIR ? &o->tmpdir : &o->home,
				&why);

			if (r < 0)
				buf_addf(err, "--%s: %s", longopts[lidx].name,
					 why.data);
			buf_release(&why);
			if (r < 0)
				return -1;
			break;
		}
		case OPT_ISOLATE:
		case OPT_SANDBOX:
		case OPT_SECCOMP_DENY: {
			struct buf why = BUF_INIT;
			int r = c == OPT_ISOLATE
					? isolate_parse(optarg, &o->isolate,
							&why)
				: c == OPT_SANDBOX
					? sandbox_parse(optarg, &o->sandbox,
							&why)
					: seccomp_names_add(optarg,
							    &o->seccomp_deny,
							    &why);

			if (r < 0)
				buf_addf(err, "--%s: %s", longopts[lidx].name,
					 why.data);
			buf_release(&why);
			if (r < 0)
				return -1;
			break;
		}
		case OPT_FROM_CTEST:
			o->from_ctest = optarg;
			break;
		case OPT_CTEST_ARGS:
			o->ctest_args = optarg;
			break;
		case OPT_SETUP:
		case OPT_TEARDOWN:
		case OPT_WORKER_SETUP:
		case OPT_WORKER_TEARDOWN:
			if (set_string(o, c, longopts[lidx].name, "command",
				       err) < 0)
				return -1;
			break;
		case ':':
			if (!strncmp(argv[optind - 1], "--", 2))
				buf_addf(err, "option '%s' needs a value",
					 argv[optind - 1]);
			else
				buf_addf(err, "option '-%c' needs a value",
					 optopt);
			return -1;
		case '?':
		default:
			if (!strncmp(argv[optind - 1], "--", 2)) {
				const char *a = argv[optind - 1];
				const char *eq = strchr(a, '=');

				/* A known flag given a value: getopt says
				   '?' with optopt set to the flag. */
				if (optopt && eq)
					buf_addf(err,
						 "option '%.*s' does not take "
						 "a value",
						 (int)(eq - a), a);
				else
					buf_addf(err, "unknown option '%s'", a);
			} else {
				buf_addf(err, "unknown option '-%c'", optopt);
			}
			return -1;
		}
	}
	for (; optind < argc; optind++)
		add_source(o, 0, argv[optind]);
	if (o->last_failed && o->failed_first) {
		buf_addf(err, "--lf and --ff cannot be used together");
		return -1;
	}
	return 0;
}
