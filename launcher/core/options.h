/*
 * options: the command line of the controller, parsed into plain data.
 * Pure: no syscalls, no output; errors come back as one line of text.
 */
#ifndef XDIST_OPTIONS_H
#define XDIST_OPTIONS_H

#include <stddef.h>

#include "buf.h"
#include "expr.h"
#include "isolation.h"
#include "txspec.h"

#define OPT_MAX_WORKERS 1024
/* Output excerpts travel in one protocol frame (PROTO_MAX_FRAME). */
#define OPTIONS_MAX_OUTPUT (32u << 20)
/* -r: every char pytest knows, each once, and a NUL. */
#define OPTIONS_REPORTCHARS_MAX 16

enum numproc_mode {
	NUMPROC_AUTO,	 /* -n auto, and the default */
	NUMPROC_LOGICAL, /* -n logical */
	NUMPROC_COUNT,	 /* -n N */
};

enum color_mode { COLOR_AUTO, COLOR_YES, COLOR_NO };

/* --leak: what a test that leaves processes behind gets. */
enum leak_mode { LEAK_WARN, LEAK_FAIL, LEAK_IGNORE };

/* Where a test comes from, in command-line order. */
struct test_source {
	int is_file;	   /* 1: -f value (a list file, "-" = stdin) */
	const char *value; /* points into argv */
};

struct options {
	enum numproc_mode numproc_mode;
	int numprocesses;  /* with NUMPROC_COUNT */
	int numproc_given; /* -n was given (beside --tx it adds workers) */
	int maxprocesses;  /* 0 = no cap */
	int maxfail;	   /* 0 = no limit; -x sets 1 */
	int capture;	   /* 1 = capture (default), 0 = -s */
	int verbosity;	   /* 0 default, >0 -v, <0 -q */
	enum color_mode color;
	const char *testrunuid; /* NULL = random */
	int keep_run_dir;
	size_t max_output;	    /* bytes of output kept per test */
	long long timeout_grace_ms; /* SIGTERM -> SIGKILL grace */
	int max_worker_restart;	    /* -1 = default (4 x workers) */
	int no_preload;		    /* --no-preload */
	const char *setup;	    /* command lines, run like list lines */
	const char *teardown;
	const char *worker_setup;
	const char *worker_teardown;
	/* --dist and selection (see select.h) */
	int dist;	       /* enum sched_mode */
	const char *cache_dir; /* NULL: .xdist-exec in the current directory */
	int cache_clear;
	struct expr *keywords; /* -k, in order, parsed; owned array */
	size_t nkeywords;
	struct expr *markexprs; /* -m, in order, parsed; owned array */
	size_t nmarkexprs;
	const char **deselect; /* --deselect IDs; owned array */
	size_t ndeselect;
	int last_failed;    /* --lf */
	int failed_first;   /* --ff */
	int new_first;	    /* --nf */
	int stepwise;	    /* --sw (--sw-skip sets it too) */
	int stepwise_skip;  /* --sw-skip */
	int strict_markers; /* --strict-markers */
	int markers;	    /* --markers: list them and exit */
	int xfail_strict;   /* --xfail-strict: XPASS fails */
	int tap;	    /* --tap: each test's output read as TAP */
	/* -r: the short summary's outcomes, as options_parse_reportchars
	   leaves them ("fE" by default) */
	char reportchars[OPTIONS_REPORTCHARS_MAX];
	int collect_only;
	int keep_duplicates; /* run tests whose id repeats an earlier one */
	int split;	     /* --split: enum split_mode (gtest.h) */
	int gtest_also_run_disabled; /* --gtest-also-run-disabled */
	int gtest_batch; /* --gtest-batch: cases a process, 0: auto */
	int durations;	 /* --durations=N; -1: not asked */
	int partition_k; /* --partition=K/N: 1..N, 0 when not given */
	int partition_n;
	int partition_hash; /* hash:K/N */
	int shuffle;
	unsigned long long shuffle_seed;
	int shuffle_seed_given;
	int reruns;
	long long reruns_delay_ms;
	int count;		      /* --count/--repeat; 1 by default */
	long long timeout_ms;	      /* --timeout; 0: none */
	long long slow_ms;	      /* --slow; 0: none */
	long long session_timeout_ms; /* --session-timeout; 0: none */
	int leak;		      /* enum leak_mode */
	const char *junitxml;	      /* --junitxml=PATH, or NULL */
	const char *from_ctest;	      /* --from-ctest BUILD_DIR, or NULL */
	const char *ctest_args; /* --ctest-args ARGS: more words for ctest */
	const char *report_log; /* --report-log=PATH, or NULL */
	const char *log_dir;	/* --log-dir=DIR, or NULL */
	const char *trace;	/* --trace=PATH, or NULL */
	const char *html;	/* --html=PATH, or NULL */
	struct txspec *tx;	/* --tx, in order; owned */
	size_t ntx;
	const char **rsyncdirs; /* --rsyncdir; owned array */
	size_t nrsyncdirs;
	const char **rsyncignore; /* --rsyncignore; owned array */
	size_t nrsyncignore;
	unsigned isolate;	   /* --isolate: ISOLATE_* (isolation.h) */
	unsigned sandbox;	   /* --sandbox: SANDBOX_* */
	enum scratch_scope tmpdir; /* --tmpdir (isolation.h) */
	enum scratch_scope home;   /* --home */
	struct buf seccomp_deny;   /* --seccomp-deny names, "a,b" */
	int help;
	int version;
	const char *config_file;     /* -c: read by config.c before parsing */
	struct test_source *sources; /* owned array; values point into argv */
	size_t nsources;
};

void options_init(struct options *o);
void options_release(struct options *o);

/*
 * Parse argv (argv[0] is the program name).  Returns 0, or -1 with a
 * one-line reason in err (without the "xdist-exec: " prefix) for a usage
 * error.  Not reentrant: uses getopt_long.
 */
int options_parse(struct options *o, int argc, char **argv, struct buf *err);

/*
 * Would options_parse take the word after this long option (name, len
 * bytes, without "--" or "=VALUE") as its value?  1 for an option that
 * requires one, named in full or by an unambiguous prefix, as
 * getopt_long(3) reads it; else 0.
 */
int options_long_takes_value(const char *name, size_t len);
/* 1 when short option c takes a value (-f FILE, -n N, ...), else 0. */
int options_short_takes_value(char c);

/*
 * Strict number parsers shared with the environment overrides.  Each
 * returns 0 with *out set, or -1 when s is not exactly what is documented.
 */
int options_parse_count(const char *s, long min, long max, long *out);
/*
 * Parse a --gtest-batch value: "auto" (*out 0: gtest_batch_auto's size)
 * or a number of cases from 1 (one process per case) to GTEST_BATCH_MAX,
 * decimal digits only.  0, or -1 (*out untouched).
 */
int options_parse_gtest_batch(const char *s, int *out);
/* "1", "yes", "true" (*out = 1); "0", "no", "false" (*out = 0). */
int options_parse_bool(const char *s, int *out);
/* "1.5", "2", "0.25": non-negative seconds, at most a day. */
int options_parse_seconds(const char *s, long long *ms);
/* "4096", "64k", "2M", "1G" (powers of 1024). */
int options_parse_size(const char *s, size_t *out);

/* "3/8" or "hash:3/8" into o->partition_*: 0 or -1. */
int options_parse_partition(struct options *o, const char *s);

/*
 * -r CHARS, as pytest reads them, into out: f failed, E error, s skipped,
 * x xfailed, X xpassed, p passed, P passed with output, w warnings (none
 * here; kept), each once in the order given; F and S are f and s; a
 * stands for sxXEf and A for PpsxXEf (each replacing what came before),
 * N for nothing.  Returns 0, or -1 with *bad the first char that is none
 * of these.
 */
int options_parse_reportchars(const char *s, char out[OPTIONS_REPORTCHARS_MAX],
			      char *bad);

/* The usage text printed by --help. */
extern const char options_help[];

#endif
