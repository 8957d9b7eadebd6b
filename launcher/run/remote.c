/*
 * remote: probe, bootstrap and sync the --tx targets.  See remote.h.
 */
#include "remote.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hostdir.h"
#include "oneshot.h"
#include "spawn.h"
#include "terminal.h"
#include "xio.h"

#ifndef XDIST_VERSION
#define XDIST_VERSION "0.0.0"
#endif

extern char **environ;

static void read_back(int fd, struct buf *out)
{
	char chunk[4096];
	off_t off = 0;
	ssize_t n;

	while ((n = xio_pread_full(fd, chunk, sizeof(chunk), off)) > 0) {
		buf_add(out, chunk, (size_t)n);
		off += n;
	}
	buf_addch(out, '\0');
	out->len--;
}

char *remote_last_words(int fd)
{
	struct buf b = BUF_INIT;
	char *line;

	if (fd < 0)
		return NULL;
	read_back(fd, &b);
	line = b.data ? oneshot_last_line(b.data) : NULL;
	buf_release(&b);
	return line;
}

/*
 * Run argv (searched in PATH) with stdin in_fd (-1: /dev/null), extra
 * (NAME=VALUE or NULL) added to our environment, and wait for it.  0 with
 * its stdout in out; -1 with a one-line reason in why (its last stderr
 * line, else how it ended).
 */
static int remote_run_helper(char **argv, const char *extra, int in_fd,
			     struct buf *out, struct buf *why)
{
	/* No time limit of ours: ssh's own bound a target that does not
	   answer, and an rsync may rightly take long. */
	const struct oneshot o = {
		.argv = argv,
		.name = argv[0],
		.extra_env = extra,
		.in_fd = in_fd,
		.pdeathsig = SIGTERM,
	};

	return oneshot_check(&o, out, why);
}

/* Run a shell script on t's target. */
static int on_target(const struct txspec *t, const char *script, int in_fd,
		     struct buf *out, struct buf *why)
{
	const char *remote[] = {"sh", "-c", script, NULL};
	char **argv = txspec_argv(t, remote);
	int r = remote_run_helper(argv, NULL, in_fd, out, why);

	txspec_argv_free(argv);
	return r;
}

/* FNV-1a 64 of a file's bytes, folded into h. */
static int hash_file(const char *path, unsigned long long *h)
{
	unsigned char chunk[65536];
	ssize_t n, i;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = xio_read(fd, chunk, sizeof(chunk))) > 0)
		for (i = 0; i < n; i++) {
			*h ^= chunk[i];
			*h *= 1099511628211ULL;
		}
	close(fd);
	return n < 0 ? -1 : 0;
}

/* The bootstrap cache's name: our version and our files' hash. */
static char *cache_key(const struct ctl *c)
{
	unsigned long long h = 14695981039346656037ULL;

	if (hash_file("/proc/self/exe", &h) < 0 ||
	    (c->preload && hash_file(c->preload, &h) < 0))
		return NULL;
	return xasprintf("%s-%016llx", XDIST_VERSION, h);
}

/* Copy the file at local to dir/name on t's target. */
static int copy_to(const struct txspec *t, const char *local, const char *dir,
		   const char *name, struct buf *why)
{
	struct buf out = BUF_INIT;
	char *script = txspec_copy_script(dir, name);
	int fd = open(local, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0) {
		buf_addf(why, "cannot read '%s': %s", local, strerror(errno));
		free(script);
		return -1;
	}
	r = on_target(t, script, fd, &out, why);
	close(fd);
	free(script);
	buf_release(&out);
	return r;
}

/*
 * Probe t's target; bootstrap ours there when it has none.  0 with the
 * executable's path there in *exe, or -1 with the reason in why.
 */
static int probe(struct ctl *c, const struct txspec *t, char **exe,
		 struct buf *why)
{
	struct buf out = BUF_INIT;
	struct utsname u;
	char *key = cache_key(c), *script, *machine, *line, *nl;
	int r = -1;

	if (!key) {
		buf_addf(why, "cannot read our own executable: %s",
			 strerror(errno));
		return -1;
	}
	script = txspec_probe_script(t, key, PROTO_VERSION);
	if (on_target(t, script, -1, &out, why) < 0)
		goto out;
	/* Line 1: the machine; line 2: what to do. */
	buf_addch(&out, '\0');
	machine = out.data;
	nl = strchr(machine, '\n');
	if (!nl) {
		buf_addf(why, "the target's shell said nothing useful");
		goto out;
	}
	*nl = '\0';
	line = nl + 1;
	line[strcspn(line, "\n")] = '\0';
	if (!strncmp(line, "use ", 4)) {
		*exe = xstrdup(line + 4);
		r = 0;
	} else if (!strncmp(line, "bad ", 4)) {
		buf_addf(why,
			 "//xdist-exec=%s is not an xdist-exec whose "
			 "worker speaks protocol %d",
			 line + 4, PROTO_VERSION);
	} else if (!strncmp(line, "need ", 5)) {
		const char *dir = line + 5;

		if (uname(&u) < 0 || strcmp(u.machine, machine)) {
			buf_addf(why,
				 "no xdist-exec there, and the target is %s "
				 "while this one is built for %s: install it "
				 "there and give //xdist-exec=PATH",
				 machine, u.machine);
			goto out;
		}
		/* The library first: the executable's arrival is what
		   marks the cache complete. */
		if ((c->preload && copy_to(t, c->preload, dir,
					   "preload/libxdist.so.0", why) < 0) ||
		    copy_to(t, "/proc/self/exe", dir, "xdist-exec", why) < 0)
			goto out;
		*exe = xasprintf("%s/xdist-exec", dir);
		r = 0;
	} else {
		buf_addf(why, "the target's shell said nothing useful");
	}
out:
	free(script);
	free(key);
	buf_release(&out);
	return r;
}

/*
 * ssh: leave out those of our defaults that the user's ssh configuration
 * for t's target sets (ssh -G prints it, the spec's OPTS and -F
 * included, without connecting).  When it fails or says nothing, all of
 * them stay: the probe that follows tells what is wrong.
 */
static void ssh_defaults(struct txspec *t)
{
	char **argv = txspec_ssh_config_argv(t);
	struct buf out = BUF_INIT, why = BUF_INIT;
	/* A Match exec may run a command: bounded, and its output too. */
	const struct oneshot o = {
		.argv = argv,
		.name = "ssh -G",
		.in_fd = -1,
		.pdeathsig = SIGTERM,
		.timeout_ms = 60000,
		.max_out = 1 << 20,
	};

	if (oneshot_check(&o, &out, &why) == 0 && out.data)
		t->ssh_defaults = txspec_ssh_unset(out.data);
	buf_release(&out);
	buf_release(&why);
	txspec_argv_free(argv);
}

/* --rsyncdir: each directory to t's target (its chdir). */
static int sync_dirs(struct ctl *c, const struct txspec *t, struct buf *why)
{
	char *rsh = NULL, *extra = NULL;
	struct buf out = BUF_INIT;
	size_t i;
	int r = 0;

	if (t->kind != TX_POPEN) {
		rsh = txspec_rsh(t);
		extra = xasprintf("%s=%s", TXSPEC_RSH_ENV, rsh);
	} else if (t->chdir && hostdir_mkdirs(t->chdir, why) < 0) {
		/* popen: rsync here, into the workers' directory. */
		return -1;
	}
	for (i = 0; i < c->o.nrsyncdirs && r == 0; i++) {
		char **argv =
			txspec_rsync_argv(t, c->o.rsyncdirs[i],
					  c->o.rsyncignore, c->o.nrsyncignore);
		struct buf msg = BUF_INIT;

		r = remote_run_helper(argv, extra, -1, &out, &msg);
		if (r < 0)
			buf_addf(why, "rsync of '%s' failed: %s",
				 c->o.rsyncdirs[i], msg.data);
		buf_release(&msg);
		txspec_argv_free(argv);
	}
	buf_release(&out);
	free(rsh);
	free(extra);
	return r;
}

static void set_transport(struct target *g)
{
	const char *remote[] = {g->exe, "worker", NULL};
	char path[PATH_MAX];

	g->argv = txspec_argv(g->spec, remote);
	/* Found when probed, so found now. */
	g->path = xstrdup(spawn_resolve(g->argv[0], getenv("PATH"), path,
					sizeof(path)) == 0
				  ? path
				  : g->argv[0]);
	g->tx.kind = g->spec->kind == TX_SSH ? "ssh" : "exec";
	g->tx.path = g->path;
	g->tx.exec_fd = -1;
	g->tx.argv = g->argv;
	g->tx.own_group = 1;
	g->tx.remote = 1;
}

size_t remote_prepare(struct ctl *c)
{
	struct buf why = BUF_INIT;
	size_t i, j, ready = 0;

	c->targets = xcalloc(c->o.ntx, sizeof(*c->targets));
	c->ntargets = c->o.ntx;
	for (i = 0; i < c->o.ntx; i++) {
		struct target *g = &c->targets[i];
		struct txspec *t = &c->o.tx[i];

		g->spec = t;
		/* Prepared once per distinct target. */
		for (j = 0; j < i; j++)
			if (!strcmp(c->targets[j].spec->target, t->target) &&
			    (!t->xdist_exec) ==
				    (!c->targets[j].spec->xdist_exec) &&
			    (!t->xdist_exec ||
			     !strcmp(t->xdist_exec,
				     c->targets[j].spec->xdist_exec)))
				break;
		if (j < i) {
			t->ssh_defaults = c->targets[j].spec->ssh_defaults;
			g->ready = c->targets[j].ready;
			if (g->ready && t->kind != TX_POPEN) {
				g->exe = xstrdup(c->targets[j].exe);
				set_transport(g);
			}
			ready += (size_t)g->ready;
			continue;
		}
		buf_reset(&why);
		if (t->kind == TX_SSH)
			ssh_defaults(t);
		if (t->kind == TX_POPEN) {
			/* Started as -n starts workers (c->local). */
			g->ready = !t->chdir || !c->o.nrsyncdirs ||
				   sync_dirs(c, t, &why) == 0;
		} else if (probe(c, t, &g->exe, &why) == 0 &&
			   sync_dirs(c, t, &why) == 0) {
			set_transport(g);
			g->ready = 1;
		}
		if (!g->ready)
			fprintf(stderr, "xdist-exec: --tx '%s': %s\n", t->spec,
				why.data ? why.data : "cannot prepare it");
		ready += (size_t)g->ready;
	}
	buf_release(&why);
	return ready;
}

void remote_release(struct ctl *c)
{
	size_t i;

	for (i = 0; i < c->ntargets; i++) {
		txspec_argv_free(c->targets[i].argv);
		free(c->targets[i].exe);
		free(c->targets[i].path);
	}
	free(c->targets);
	c->targets = NULL;
	c->ntargets = 0;
}
