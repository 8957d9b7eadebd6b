/*
 * env: the environment every test gets (the pytest-xdist contract and our
 * XDIST_* variables).  Pure: the caller passes the base environment in.
 */
#ifndef XDIST_ENV_H
#define XDIST_ENV_H

#include <stddef.h>

#include "buf.h"

struct env_contract {
	const char *worker;	/* "gw3", or "master" */
	int index;		/* stable 0..count-1 */
	int count;		/* workers in the run */
	int master;		/* -n 0: no PYTEST_XDIST_* worker variables */
	const char *testrunuid;
	const char *run_dir;
	const char *worker_dir;
	const char *mainargv;	/* the controller's argv, shell-quoted */
};

struct env {
	char **v;	/* NULL-terminated; owns the strings it added */
	size_t n;
	size_t nbase;	/* v[0..nbase) point into the caller's base */
	size_t id_slot; /* index of XDIST_TEST_ID=... */
};

/*
 * Build the environment from base (not copied: it must outlive env) minus
 * every variable the contract sets, plus the contract.  XDIST_TEST_ID is
 * empty until env_set_test_id.
 */
void env_init(struct env *e, char *const *base, const struct env_contract *c);
void env_set_test_id(struct env *e, const char *id);
void env_release(struct env *e);

/* 1 when NAME=... in entry is one of the names the contract sets. */
int env_is_contract_name(const char *entry);

/* Append argv to out as one POSIX-shell-quoted line. */
void env_quote_argv(struct buf *out, int argc, char *const *argv);

#endif
