/*
 * env: the environment every test gets (the pytest-xdist contract and our
 * XDIST_* variables).  Pure: the caller passes the base environment in.
 */
#ifndef XDIST_ENV_H
#define XDIST_ENV_H

#include <stddef.h>

#include "buf.h"

struct env_contract {
	const char *worker; /* "gw3", or "master" */
	int index;	    /* stable 0..count-1 */
	int count;	    /* workers in the run */
	int master;	    /* -n 0: no PYTEST_XDIST_* worker variables */
	const char *testrunuid;
	const char *run_dir;
	const char *worker_dir;
	const char *mainargv; /* the controller's argv, shell-quoted */
	const char *host;     /* XDIST_HOST: the target (--tx); NULL:
				 "localhost" */
	const char *preload;  /* libxdist.so to put first in LD_PRELOAD (and
				 verify_asan_link_order=0 in ASAN_OPTIONS),
				 or NULL */
};

/* Width of the XDIST_TEST_PID value, filled in by the child after fork. */
#define ENV_PID_WIDTH 10

struct env {
	char **v;	      /* NULL-terminated */
	unsigned char *owned; /* owned[i]: v[i] is ours to free */
	size_t n;
	size_t cap;
};

/*
 * Build the environment from base (not copied: it must outlive env) minus
 * every variable the contract sets, plus the contract.  XDIST_TEST_ID is
 * empty until env_set_test_id; XDIST_TEST_PID holds ENV_PID_WIDTH blanks
 * for env_pid_slot.
 */
void env_init(struct env *e, char *const *base, const struct env_contract *c);
void env_release(struct env *e);

/* Set "NAME=VALUE" (copied), replacing any variable of that name. */
void env_put(struct env *e, const char *entry);
void env_set(struct env *e, const char *name, const char *value);
void env_unset(struct env *e, const char *name);
/* The value of name, or NULL. */
const char *env_get(const struct env *e, const char *name);
void env_set_test_id(struct env *e, const char *id);

/*
 * Where the digits of XDIST_TEST_PID go (ENV_PID_WIDTH bytes then a NUL):
 * the child writes its pid there between fork and exec.
 */
char *env_pid_slot(struct env *e);

/*
 * Write pid as decimal into slot (ENV_PID_WIDTH + 1 bytes), NUL-terminated.
 * Async-signal-safe.
 */
void env_fill_pid(char *slot, long pid);

/* 1 when NAME=... in entry is one of the names the contract sets. */
int env_is_contract_name(const char *entry);

/*
 * Parse the NAME=VALUE lines a setup command wrote to $XDIST_ENV_FILE,
 * calling fn for each valid one (entry is NUL-terminated).  Blank lines
 * and '#' lines are skipped, a trailing CR is dropped.  Returns the number
 * of lines that are not NAME=VALUE with NAME a shell identifier (skipped).
 */
int env_parse_assignments(const char *data, size_t len,
			  void (*fn)(void *arg, const char *entry), void *arg);

/* Append argv to out as one POSIX-shell-quoted line. */
void env_quote_argv(struct buf *out, int argc, char *const *argv);

#endif
