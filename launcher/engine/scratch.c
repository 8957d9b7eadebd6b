/*
 * scratch: per-test and per-worker TMPDIR and HOME.  See scratch.h.
 */
#include "scratch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xio.h"

/* mkdir that takes an existing directory as done. */
static int make_dir(const char *path)
{
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* dir/name into out (PATH_MAX): 0, or -1 with errno ENAMETOOLONG. */
static int join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

	if (n < 0 || n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int scratch_init(struct scratch *s, enum scratch_scope tmp,
		 enum scratch_scope home, int keep_failed,
		 const char *worker_dir, const struct env *e, struct buf *err)
{
	static const char *const names[] = {"tmp", "home"};
	char path[PATH_MAX];
	int i;

	memset(s, 0, sizeof(*s));
	s->tmp = tmp;
	s->home = home;
	s->keep_failed = keep_failed;
	s->worker_dir = worker_dir;
	s->orig_tmp = dup_or_null(env_get(e, "TMPDIR"));
	s->orig_home = dup_or_null(env_get(e, "HOME"));
	for (i = 0; i < 2; i++) {
		if ((i ? home : tmp) != SCRATCH_PER_WORKER)
			continue;
		if (join(path, worker_dir, names[i]) < 0 ||
		    make_dir(path) < 0) {
			buf_addf(err, "cannot create '%s': %s", path,
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* name set to value, or back to the run's own (orig, maybe unset). */
static void set_or_restore(struct env *e, const char *name, const char *value,
			   const char *orig)
{
	if (value)
		env_set(e, name, value);
	else if (orig)
		env_set(e, name, orig);
	else
		env_unset(e, name);
}

int scratch_begin(struct scratch *s, struct env *e, uint64_t seq, int fixture)
{
	char tmp[PATH_MAX], home[PATH_MAX];
	const char *t = NULL, *h = NULL;

	s->test_dir[0] = '\0';
	if (!fixture &&
	    (s->tmp == SCRATCH_PER_TEST || s->home == SCRATCH_PER_TEST)) {
		int n = snprintf(s->test_dir, sizeof(s->test_dir),
				 "%s/t%llu.XXXXXX", s->worker_dir,
				 (unsigned long long)seq);

		if (n < 0 || (size_t)n >= sizeof(s->test_dir)) {
			s->test_dir[0] = '\0';
			errno = ENAMETOOLONG;
			return -1;
		}
		if (!mkdtemp(s->test_dir)) {
			s->test_dir[0] = '\0';
			return -1;
		}
	}
	if (!fixture && s->tmp != SCRATCH_OFF) {
		if (join(tmp,
			 s->tmp == SCRATCH_PER_TEST ? s->test_dir
						    : s->worker_dir,
			 "tmp") < 0 ||
		    (s->tmp == SCRATCH_PER_TEST && make_dir(tmp) < 0))
			return -1;
		t = tmp;
	}
	if (!fixture && s->home != SCRATCH_OFF) {
		if (join(home,
			 s->home == SCRATCH_PER_TEST ? s->test_dir
						     : s->worker_dir,
			 "home") < 0 ||
		    (s->home == SCRATCH_PER_TEST && make_dir(home) < 0))
			return -1;
		h = home;
	}
	if (s->tmp != SCRATCH_OFF) {
		set_or_restore(e, "TMPDIR", t, s->orig_tmp);
		set_or_restore(e, "XDIST_TEST_TMPDIR", t, NULL);
	}
	if (s->home != SCRATCH_OFF)
		set_or_restore(e, "HOME", h, s->orig_home);
	return 0;
}

void scratch_end(struct scratch *s, int failed)
{
	if (!s->test_dir[0])
		return;
	if (!(failed && s->keep_failed))
		xio_remove_tree(s->test_dir);
	s->test_dir[0] = '\0';
}

void scratch_release(struct scratch *s)
{
	free(s->orig_tmp);
	free(s->orig_home);
	s->orig_tmp = s->orig_home = NULL;
}
