#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char options_help[] =
	"usage: xdist-exec [options] [--] TEST...\n"
	"       xdist-exec [options] -f FILE [TEST...]\n"
	"       xdist-exec once [--key KEY] -- CMD [ARG...]\n"
	"\n"
	"Run test commands in parallel on worker processes gw0..gwN-1 and\n"
	"report like pytest.  Every argument is one test, run directly\n"
	"(searched in PATH like execvp, no shell).\n"
	"\n"
	"test list:\n"
	"  -f, --file=FILE         read tests from FILE, one command line per line\n"
	"                          ('-' reads stdin); blank lines and '#' lines are\n"
	"                          skipped; lines with shell syntax run under sh -c\n"
	"\n"
	"general:\n"
	"  -x, --exitfirst         stop after the first failure or error\n"
	"  --maxfail=N             stop after N failures or errors\n"
	"  -v, --verbose           one line per test\n"
	"  -q, --quiet             less output\n"
	"  -s                      shortcut for --capture=no\n"
	"  --capture=fd|no         capture each test's output (fd, the default) or\n"
	"                          stream it live, each line prefixed with [gwN]\n"
	"  --max-output=SIZE       output kept per test, head and tail (default 1M)\n"
	"  --color=auto|yes|no     colour the report (auto: on a terminal, unless\n"
	"                          NO_COLOR is set)\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n"
	"\n"
	"distributed and subprocess testing:\n"
	"  -n, --numprocesses=N    number of workers: a count, 'auto' (CPUs this\n"
	"                          process may use, cgroup quota included) or\n"
	"                          'logical' (online CPUs); 0 runs the tests one at\n"
	"                          a time as 'master'.  Default: auto\n"
	"  --maxprocesses=N        start at most N workers\n"
	"  --max-worker-restart=N  replace at most N crashed workers (default 4 per\n"
	"                          worker; 0 disables)\n"
	"  --testrunuid=UID        the run id given to every test (default random)\n"
	"  --timeout-grace=SECONDS time between SIGTERM and SIGKILL when tests are\n"
	"                          stopped (default 5)\n"
	"  --keep-run-dir          keep XDIST_RUN_DIR after the run and print it\n"
	"\n"
	"fixtures and the preload shim:\n"
	"  --setup=CMD             run CMD once before any test; NAME=VALUE lines\n"
	"                          it writes to $XDIST_ENV_FILE reach every test\n"
	"  --teardown=CMD          run CMD once after the last test, whatever\n"
	"                          happened (failures, -x, Ctrl-C)\n"
	"  --worker-setup=CMD      run CMD on each worker before its first test\n"
	"  --worker-teardown=CMD   run CMD on each worker after its last test\n"
	"  --no-preload            do not put libxdist.so in the tests' LD_PRELOAD\n"
	"\n"
	"exit status: 0 all passed, 1 tests failed, 2 interrupted, 3 internal\n"
	"error, 4 usage error, 5 no tests.  See xdist-exec(1).\n";
/* clang-format on */

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
};

static const struct option longopts[] = {
	{"file", required_argument, NULL, 'f'},
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
	{NULL, 0, NULL, 0},
};

void options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->numproc_mode = NUMPROC_AUTO;
	o->capture = 1;
	o->color = COLOR_AUTO;
	o->max_output = 1u << 20;
	o->timeout_grace_ms = 5000;
	o->max_worker_restart = -1;
}

void options_release(struct options *o)
{
	free(o->sources);
	o->sources = NULL;
	o->nsources = 0;
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

static int valid_uid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' &&
		    *s != '.')
			return 0;
	return n > 0 && n <= 128;
}

int options_parse(struct options *o, int argc, char **argv, struct buf *err)
{
	int c, lidx;
	long v;

	/* '-': non-options come back in order as arg 1, so that tests and -f
	   lists keep the order they were given in. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-:f:xvqshVn:", longopts, &lidx)) !=
	       -1) {
		switch (c) {
		case 1:
			add_source(o, 0, optarg);
			break;
		case 'f':
			add_source(o, 1, optarg);
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
			    o->max_output < 1024) {
				buf_addf(err,
					 "--max-output: '%s' is not a size of "
					 "at least 1k (such as 512k, 4M)",
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
		case OPT_NO_PRELOAD:
			o->no_preload = 1;
			break;
		case OPT_SETUP:
		case OPT_TEARDOWN:
		case OPT_WORKER_SETUP:
		case OPT_WORKER_TEARDOWN:
			if (!*optarg) {
				buf_addf(err, "%s: the command is empty",
					 argv[optind - 1]);
				return -1;
			}
			if (c == OPT_SETUP)
				o->setup = optarg;
			else if (c == OPT_TEARDOWN)
				o->teardown = optarg;
			else if (c == OPT_WORKER_SETUP)
				o->worker_setup = optarg;
			else
				o->worker_teardown = optarg;
			break;
		case ':':
			buf_addf(err, "option '%s' needs a value",
				 argv[optind - 1]);
			return -1;
		case '?':
		default:
			if (optopt)
				buf_addf(err, "unknown option '-%c'", optopt);
			else
				buf_addf(err, "unknown option '%s'",
					 argv[optind - 1]);
			return -1;
		}
	}
	for (; optind < argc; optind++)
		add_source(o, 0, argv[optind]);
	return 0;
}
