#include "xdist-exec.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "once.h"

/* Unset and empty read alike: the launcher never sets an empty value. */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* A decimal int in [min, INT_MAX], else def.  No strtol: it sets errno. */
static int env_int(const char *name, int min, int def)
{
	const char *s = env(name);
	long v = 0;

	if (!s)
		return def;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return def;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return def;
	}
	return v < min ? def : (int)v;
}

const char *xdist_worker_id(void)
{
	const char *w = env("XDIST_WORKER");

	return w ? w : "master";
}

int xdist_worker_index(void)
{
	return env_int("XDIST_WORKER_INDEX", 0, 0);
}

int xdist_worker_count(void)
{
	return env_int("XDIST_WORKER_COUNT", 1, 1);
}

const char *xdist_testrun_uid(void)
{
	return env("XDIST_TESTRUNUID");
}

const char *xdist_run_dir(void)
{
	return env("XDIST_RUN_DIR");
}

struct once_call {
	xdist_once_fn fn;
	void *arg;
};

static int once_call_work(void *arg, int out_fd)
{
	struct once_call *c = arg;

	(void)out_fd; /* the C form records no output */
	return c->fn(c->arg);
}

int xdist_once(const char *key, xdist_once_fn fn, void *arg)
{
	struct once_call call = {fn, arg};
	struct once_record rec;
	const char *dir = xdist_run_dir();
	int saved = errno, r;

	if (!key || !fn) {
		errno = EINVAL;
		return -1;
	}
	if (!dir) {
		r = fn(arg);
		errno = saved;
		return r;
	}
	if (once_run(dir, key, once_call_work, &call, &rec) < 0)
		return -1;
	r = rec.status;
	once_record_release(&rec);
	errno = saved;
	return r;
}
