/*
 * hostdir: a remote worker's own places.  See hostdir.h.
 */
#include "hostdir.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int hostdir_mkdirs(const char *dir, struct buf *err)
{
	char *p = xstrdup(dir), *s;
	int e;

	/* Each parent first; one that exists is fine. */
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		goto fail;
	free(p);
	return 0;
fail:
	e = errno;
	buf_addf(err, "cannot create '%s': %s", p, strerror(e));
	free(p);
	errno = e;
	return -1;
}

int hostdir_enter(const char *dir, struct buf *err)
{
	if (hostdir_mkdirs(dir, err) < 0)
		return -1;
	if (chdir(dir) < 0) {
		int e = errno;

		buf_addf(err, "cannot change to '%s': %s", dir, strerror(e));
		errno = e;
		return -1;
	}
	return 0;
}

/* One try: 1 done, 0 removed under us (try again), -1 error. */
static int lock_run_dir(const char *path, int *lock_fd, struct buf *err)
{
	struct stat st, now;
	int fd;

	if (mkdir(path, 0700) < 0 && errno != EEXIST) {
		buf_addf(err, "cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		buf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 077)) {
		buf_addf(err,
			 "'%s' is not a directory of ours closed to others: "
			 "refusing it",
			 path);
		close(fd);
		return -1;
	}
	if (flock(fd, LOCK_SH) < 0) {
		buf_addf(err, "cannot lock '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* Its last holder may have removed it between our mkdir and our
	   lock: then the name is gone or names a new one. */
	if (stat(path, &now) < 0 || now.st_ino != st.st_ino ||
	    now.st_dev != st.st_dev) {
		close(fd);
		return 0;
	}
	*lock_fd = fd;
	return 1;
}

char *hostdir_run_dir(const char *uid, int *lock_fd, struct buf *err)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	int i, r = 0;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	path = xasprintf("%s/xdist-exec-host-%.32s", tmp, uid);
	for (i = 0; i < 100 && r == 0; i++)
		r = lock_run_dir(path, lock_fd, err);
	if (r <= 0) {
		if (r == 0)
			buf_addf(err, "'%s' keeps disappearing", path);
		free(path);
		return NULL;
	}
	return path;
}

char *hostdir_preload(void)
{
	char exe[PATH_MAX], *dir, *cand[2], *found = NULL;
	ssize_t n;
	int i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	dir = dirname(exe);
	cand[0] = xasprintf("%s/preload/libxdist.so.0", dir);
	cand[1] = xasprintf("%s/../lib/libxdist.so.0", dir);
	for (i = 0; i < 2; i++) {
		if (!found && access(cand[i], R_OK) == 0)
			found = realpath(cand[i], NULL);
		free(cand[i]);
	}
	return found;
}
