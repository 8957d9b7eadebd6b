/*
 * namespaces: unshare, uid maps, loopback, private /tmp.  See namespaces.h.
 */
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolation.h"
#include "xio.h"

/* Why the kernel may have said no, for the one-line refusal. */
static const char *unshare_hint(int err, int userns)
{
	if (err == ENOSPC)
		return "a namespace limit is reached: see sysctl "
		       "user.max_user_namespaces, user.max_net_namespaces and "
		       "user.max_mnt_namespaces";
	if (userns && (err == EPERM || err == EACCES || err == EINVAL))
		return "unprivileged user namespaces are refused: see sysctl "
		       "kernel.unprivileged_userns_clone, "
		       "user.max_user_namespaces and "
		       "kernel.apparmor_restrict_unprivileged_userns";
	if (err == EPERM)
		return "no CAP_SYS_ADMIN, or unshare refused by a seccomp "
		       "filter or a security module";
	return "see unshare(2)";
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), e;

	if (fd < 0)
		return -1;
	if (xio_write_all(fd, text, strlen(text)) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Map our own ids to themselves, the only mapping an ordinary user may
   write; setgroups must be denied first for the gid map. */
static int map_ids(uid_t uid, gid_t gid, struct buf *err)
{
	char line[64];

	if (write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
		goto fail;
	snprintf(line, sizeof(line), "%lu %lu 1\n", (unsigned long)uid,
		 (unsigned long)uid);
	if (write_file("/proc/self/uid_map", line) < 0)
		goto fail;
	snprintf(line, sizeof(line), "%lu %lu 1\n", (unsigned long)gid,
		 (unsigned long)gid);
	if (write_file("/proc/self/gid_map", line) < 0)
		goto fail;
	return 0;
fail:
	buf_addf(err, "cannot map uid %lu in the new user namespace: %s",
		 (unsigned long)uid, strerror(errno));
	return -1;
}

/* A new network namespace has only lo, and it is down. */
static int loopback_up(struct buf *err)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), e;

	if (fd < 0)
		goto fail;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto fail_fd;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		goto fail_fd;
	close(fd);
	return 0;
fail_fd:
	e = errno;
	close(fd);
	errno = e;
fail:
	buf_addf(err, "cannot bring up lo in the new network namespace: %s",
		 strerror(errno));
	return -1;
}

/* mkdir -p of an absolute path, each new directory 0700. */
static int make_path(const char *path)
{
	char p[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return -1;
		p[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* Bind a fresh world-writable sticky dir under worker_dir on top. */
static int private_dir(const char *worker_dir, const char *name,
		       const char *top, struct buf *err)
{
	char dir[4096];
	struct stat st;

	if (stat(top, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* no /var/tmp here: nothing to hide */
	snprintf(dir, sizeof(dir), "%s/%s", worker_dir, name);
	if ((mkdir(dir, 0700) < 0 && errno != EEXIST) ||
	    chmod(dir, 01777) < 0) {
		buf_addf(err, "cannot create '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (mount(dir, top, NULL, MS_BIND, NULL) < 0) {
		buf_addf(err, "cannot bind '%s' on %s: %s", dir, top,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* A directory the run needs at its path: held open before /tmp is
   covered, put back if covering hid it. */
struct kept {
	const char *path;
	int fd;
	struct stat was;
};

static void hold(struct kept *k, const char *path)
{
	k->path = path;
	k->fd = path ? open(path, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	if (k->fd >= 0 && fstat(k->fd, &k->was) < 0) {
		close(k->fd);
		k->fd = -1;
	}
}

/* If covering a directory hid k, put it back at its path (bound from the
   fd held since before): a test still finds XDIST_RUN_DIR, shared with
   every worker, and what it runs under the current directory. */
static int keep(const struct kept *k, struct buf *err)
{
	char self[64];
	struct stat now;

	if (k->fd < 0 ||
	    (stat(k->path, &now) == 0 && now.st_dev == k->was.st_dev &&
	     now.st_ino == k->was.st_ino))
		return 0;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", k->fd);
	if (make_path(k->path) < 0 ||
	    mount(self, k->path, NULL, MS_BIND | MS_REC, NULL) < 0) {
		buf_addf(err, "cannot bind '%s' back on its path: %s", k->path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Not a covered directory itself (nor one above): keeping it would undo
   the covering. */
static int keepable(const char *path)
{
	static const char *const no[] = {"",	 "/",	     "/tmp",
					 "/var", "/var/tmp", NULL};
	int i;

	for (i = 0; no[i]; i++)
		if (!strcmp(path, no[i]))
			return 0;
	return path[0] == '/';
}

static int keep_all(const struct kept *k, int n, struct buf *err)
{
	int i;

	for (i = 0; i < n; i++)
		if (keep(&k[i], err) < 0)
			return -1;
	return 0;
}

/*
 * Why / could not be made private: EINVAL when / is no mount point, as
 * in a plain chroot into a directory.
 */
static void root_private_failed(struct buf *err)
{
	int e = errno;

	buf_addf(err, "cannot make / private in the new mount namespace: %s%s",
		 strerror(e),
		 e == EINVAL ? " (/ is not a mount point: a chroot into a "
			       "directory?)"
			     : "");
}

static int private_tmp(const char *run_dir, const char *worker_dir,
		       struct buf *err)
{
	/* The run directory is usually under /tmp itself, and a project
	   may be there too (a CI checkout): the current directory and the
	   one xdist-exec runs from (a build tree, with libxdist and the
	   test helpers in it) stay at their paths. */
	struct kept k[3];
	char cwd[4096], exe[4096];
	ssize_t n;
	int r = -1, i;

	/* Our mounts must not leak back into the parent namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		root_private_failed(err);
		return -1;
	}
	hold(&k[0], run_dir);
	if (k[0].fd < 0) {
		buf_addf(err, "cannot open '%s': %s", run_dir, strerror(errno));
		return -1;
	}
	hold(&k[1], getcwd(cwd, sizeof(cwd)) && keepable(cwd) ? cwd : NULL);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	if (strrchr(exe, '/'))
		*strrchr(exe, '/') = '\0';
	hold(&k[2], keepable(exe) ? exe : NULL);
	if (private_dir(worker_dir, "tmp", "/tmp", err) < 0 ||
	    keep_all(k, 3, err) < 0 ||
	    private_dir(worker_dir, "var-tmp", "/var/tmp", err) < 0 ||
	    keep_all(k, 3, err) < 0)
		goto out;
	r = 0;
out:
	for (i = 0; i < 3; i++)
		if (k[i].fd >= 0)
			close(k[i].fd);
	return r;
}

/*
 * After unshare(CLONE_NEWPID) our next child is the namespace's pid 1.
 * That child goes on as the worker: it is the init of its tests, which
 * see and reach only one another (kill -9 -1 spares init), and when it
 * goes the kernel kills whatever is left in the namespace.  We stay
 * behind as the process the controller knows, doing nothing but waiting
 * for it and leaving with its status; our death (the controller's
 * SIGKILL, or its own death's SIGTERM) is the child's SIGKILL.  The
 * child mounts a /proc of the namespace (private_root: make the mount
 * tree private first, when private_tmp has not).  Returns 1 in the
 * child; never in the parent.
 */
static int become_init(int private_root, struct buf *err)
{
	sigset_t none;
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		buf_addf(err,
			 "--isolate=pid: cannot start the namespace's init: %s",
			 strerror(errno));
		return -1;
	}
	if (pid > 0) {
		/* Not a writer of the worker's pipe: its EOF is the child's. */
		close(0);
		close(1);
		signal(SIGTERM, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				_exit(3);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 3);
	}
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
		buf_addf(err, "--isolate=pid: prctl: %s", strerror(errno));
		return -1;
	}
	if (private_root &&
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		root_private_failed(err);
		return -1;
	}
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0) {
		buf_addf(err, "--isolate=pid: cannot mount /proc: %s",
			 strerror(errno));
		return -1;
	}
	return 1;
}

int ns_enter(unsigned isolate, const char *run_dir, const char *worker_dir,
	     struct buf *err)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int flags = 0, userns = uid != 0;

	if (isolate & ISOLATE_NET)
		flags |= CLONE_NEWNET;
	if (isolate & (ISOLATE_TMP | ISOLATE_PID))
		flags |= CLONE_NEWNS;
	if (isolate & ISOLATE_PID)
		flags |= CLONE_NEWPID;
	if (!flags)
		return 0;
	if (userns)
		flags |= CLONE_NEWUSER;
	if (unshare(flags) < 0) {
		int e = errno;
		struct buf what = BUF_INIT;

		isolate_describe(isolate, &what);
		buf_addf(err,
			 "--isolate=%s: the kernel refused unshare(%s%s%s%s): "
			 "%s (%s)",
			 what.data, userns ? "CLONE_NEWUSER|" : "",
			 flags & CLONE_NEWNET ? "CLONE_NEWNET" : "",
			 flags & CLONE_NEWNS
				 ? (flags & CLONE_NEWNET ? "|CLONE_NEWNS"
							 : "CLONE_NEWNS")
				 : "",
			 flags & CLONE_NEWPID ? "|CLONE_NEWPID" : "",
			 strerror(e), unshare_hint(e, userns));
		buf_release(&what);
		return -1;
	}
	if (userns && map_ids(uid, gid, err) < 0)
		return -1;
	if ((isolate & ISOLATE_NET) && loopback_up(err) < 0)
		return -1;
	if ((isolate & ISOLATE_TMP) &&
	    private_tmp(run_dir, worker_dir, err) < 0)
		return -1;
	if (isolate & ISOLATE_PID)
		return become_init(!(isolate & ISOLATE_TMP), err);
	return 0;
}
