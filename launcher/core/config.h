/*
 * config: xdist-exec.ini and XDIST_EXEC_ADDOPTS, the defaults a project
 * keeps next to its tests (pytest.ini's [pytest] and PYTEST_ADDOPTS, for
 * xdist-exec).
 *
 * The file.  `-c FILE` (also -cFILE, -c=FILE, --config FILE, --config=FILE
 * and the abbreviations getopt_long accepts, --con...) names it; otherwise
 * it is the nearest xdist-exec.ini (a regular file) in the current
 * directory or a parent, up to /.  A found file is used even when it has no
 * [xdist-exec] section, as pytest uses any pytest.ini; `-c /dev/null` runs
 * with no defaults at all.  The file is read with libinih: `key = value`
 * (or `key: value`) lines; `#` and `;` start a comment line; ` ;` starts an
 * inline comment; an indented line continues the previous key's value
 * (blank and comment lines in between allowed); lines are at most
 * CONFIG_MAX_LINE characters, so a long value goes on continuation lines.
 * Only the [xdist-exec] section is read; other sections and keys before the
 * first section are ignored.  Keys (case-sensitive), each given at most
 * once:
 *
 *   addopts      options, split like a shell would (words_split)
 *   testpaths    the tests when the command line names none; `tests` is
 *                the same key (config_test_sources says how it expands)
 *   timeout      --timeout=VALUE     } put before addopts, so addopts and
 *   dist         --dist=VALUE        } the command line override them
 *   split        --split=VALUE       }
 *   cache_dir    --cache-dir=DIR     } (DIR relative to the file's dir)
 *   xfail_strict   --xfail-strict     } when true (pytest's booleans:
 *   strict_markers --strict-markers   } true/false, yes/no, on/off, 1/0)
 *   tap            --tap              }
 *   markers      the marks tests may have, one declaration a line
 *                ("slow: what it means"; marks.h), for --strict-markers
 *                and --markers
 *   keep_duplicates  --keep-duplicates when true, yes or 1 (false, no, 0:
 *                nothing), also before addopts
 *   trace        --trace=PATH        } (PATH relative to the file's dir)
 *   html         --html=PATH         } (PATH relative to the file's dir)
 *   rsyncdirs    --rsyncdir=DIR each (DIR relative to the file's dir)
 *   rsyncignore  --rsyncignore=GLOB each
 *   tx           --tx=SPEC each: one spec a line (a spec may hold
 *                blanks), checked here (txspec.h)
 *
 * An unknown key is a warning (cfg->warnings); anything else wrong is an
 * error: a malformed line, a key given twice, a continued one-value key, a
 * bad timeout, dist, split or boolean, a bad marker name, an unterminated
 * quote. Messages read "PATH:LINE: reason", PATH as in cfg->path.
 *
 * The command line.  config_argv() builds
 *
 *   argv[0]  key options  tx/rsync options  ini addopts  XDIST_EXEC_ADDOPTS
 * words  argv[1..]
 *
 * and getopt reads it left to right, so the later of two settings wins:
 * ini < XDIST_EXEC_ADDOPTS < command line.  Words that are not options
 * (tests) in addopts come before the command line's tests.
 *
 * Everything here is pure except config_find_and_load() (stat, open, read)
 * and config_test_sources() (stat, glob, opendir); none of it prints.
 */
#ifndef XDIST_CONFIG_H
#define XDIST_CONFIG_H

#include <stddef.h>

#include "buf.h"
#include "words.h"
#include "marks.h"
#include "options.h"

#define CONFIG_FILE_NAME "xdist-exec.ini"
#define CONFIG_SECTION "xdist-exec"
#define CONFIG_ENV_ADDOPTS "XDIST_EXEC_ADDOPTS"
/* A config file larger than this is refused. */
#define CONFIG_MAX_SIZE (1u << 20)
/* libinih's line buffer is 200 bytes: text, CR, LF and NUL. */
#define CONFIG_MAX_LINE 197

struct config {
	/* The file used, relative to the current directory as found
	   ("xdist-exec.ini", "../xdist-exec.ini", ...) or as -c gave it;
	   NULL when there is none.  Owned; messages and the header use it. */
	char *path;
	/* Its directory, spelled the same way (".", "..", "/etc", "conf"):
	   what relative testpaths and cache_dir are joined to.  Owned. */
	char *dir;
	struct words addopts;
	struct words tests; /* testpaths / tests, as written */
	struct words rsyncdirs;
	struct words rsyncignore;
	struct words tx; /* one spec each */
	char *timeout;	 /* owned values as written (validated), or NULL */
	char *dist;
	char *cache_dir;
	int xfail_strict;	   /* 1, 0, or -1 when absent */
	int strict_markers;	   /* 1, 0, or -1 when absent */
	int tap;		   /* 1, 0, or -1 when absent */
	struct marks_decl markers; /* declared markers, in order */
	char *keep_duplicates;
	char *trace;
	char *html;
	char *isolate;	   /* --isolate's value */
	char *split;	   /* --split's value */
	char *gtest_batch; /* --gtest-batch's value */
	/* Line of each key in the file, for messages; 0 when absent. */
	int addopts_line, tests_line, timeout_line, dist_line, cache_dir_line;
	int keep_duplicates_line, trace_line, html_line, isolate_line,
		split_line, gtest_batch_line;
	int rsyncdirs_line, rsyncignore_line, tx_line;
	/* "xdist-exec: warning: ...\n" lines for the caller to print. */
	struct buf warnings;
	/* Paths config_test_sources() produced (the sources point here). */
	struct words expanded;
};

void config_init(struct config *cfg);
void config_release(struct config *cfg);

/* The directory part of path, spelled as in path ("." when it has none). */
char *config_dir_of(const char *path);

/*
 * word relative to dir: word itself when it is absolute or dir is "." or
 * "", else "dir/word".  Owned by the caller.
 */
char *config_join(const char *dir, const char *word);

/*
 * Parse the contents of a config file (data, len bytes) into cfg, which
 * must be fresh from config_init.  path names the file in messages and in
 * cfg->path; cfg->dir is derived from it.  Unknown keys append warnings.
 * Returns 0, or -1 with "PATH:LINE: reason" in err.
 */
int config_parse(struct config *cfg, const char *path, const char *data,
		 size_t len, struct buf *err);

/*
 * Find -c in env's words, then in argv[1..argc), the way getopt will read
 * them (see the top of this file): scanning stops at "--"; in a cluster of
 * short options (-xc FILE, -xcFILE) c takes the rest of the word or the
 * next word, as do the value-taking -f, -n, -k, -m and -r (-kc is -k "c").  A
 * separate value of a long option (--setup -c) is not skipped: such a
 * value spelt like -c or --config is misread.  The last one given wins.
 * Returns 1 with *file pointing into argv or env (a leading '=' dropped),
 * 0 when there is none, -1 with the reason in err (no value, or empty).
 */
int config_prescan(int argc, char **argv, const struct words *env,
		   const char **file, struct buf *err);

/*
 * The edge: split env_addopts (XDIST_EXEC_ADDOPTS, may be NULL), find the
 * file (config_prescan, else the walk from cwd up; cwd NULL or relative:
 * no walk), read it and config_parse it into cfg (fresh from config_init).
 * Returns 0 (cfg->path NULL when no file is used), or -1 for a usage error
 * with one line in err: a bad XDIST_EXEC_ADDOPTS, a -c without a value, a
 * file that cannot be read ("cannot read config file 'x': reason") or is
 * over CONFIG_MAX_SIZE, or any config_parse error.
 */
int config_find_and_load(int argc, char **argv, const char *env_addopts,
			 const char *cwd, struct config *cfg, struct buf *err);

/*
 * The argv options_parse() should read (see the top of this file); the
 * key options are --timeout=T, --dist=D, --xfail-strict, --strict-markers,
 * --cache-dir=config_join(dir, C), --keep-duplicates, in that order.  cfg
 * may have no file (only env_addopts is added). Returns the new
 * NULL-terminated vector, every string in it a copy owned with it (free
 * with config_argv_free), *new_argc set; or NULL with the reason in err:
 * an unterminated quote in env_addopts, or a "--" word in addopts or
 * env_addopts (it would turn the command line's options into
 * tests).
 */
char **config_argv(const struct config *cfg, int argc, char **argv,
		   const char *env_addopts, int *new_argc, struct buf *err);
void config_argv_free(char **v);

/* 1 when the file has testpaths / tests (even when empty). */
int config_has_tests(const struct config *cfg);

/*
 * The tests of testpaths (testpaths.c), for a run whose command line
 * names none.  Each
 * word, in order:
 *
 *   @FILE   a list file: a source {is_file = 1} for config_join(dir, FILE);
 *           FILE may be a glob: each match that is not a directory, in
 *           byte order; none is an error ("@" and "@-" are errors)
 *   a glob  (a word with * ? or [): glob(3) on config_join(dir, word),
 *           matches in byte order (strcmp, whatever the locale; hidden
 *           names only when the pattern says so); a matching directory
 *           expands as below, a regular file is kept when executable by
 *           someone (mode & 0111), anything else is skipped; when nothing
 *           is kept that is an error naming the pattern
 *   a directory  the executable regular files directly in it (symlinks
 *           followed, names starting with '.' skipped, not recursive), in
 *           byte order; none is an error
 *   else    the path config_join(dir, word), kept as written even when
 *           missing (the run reports it, as for a command-line argument)
 *
 * A test path without a '/' gets "./" in front, so it runs as that file
 * rather than a command looked up in PATH.  Appends {is_file = 0 or 1,
 * value} to *sources / *n (an xrealloc'd array, as options.sources); the
 * values are owned by cfg (cfg->expanded) and live until config_release.
 * Returns 0, or -1 with "PATH:LINE: testpaths: reason" in err.
 */
int config_test_sources(struct config *cfg, struct test_source **sources,
			size_t *n, struct buf *err);

#endif
