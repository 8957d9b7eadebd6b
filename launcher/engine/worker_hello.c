/*
 * worker_hello: what a worker does with HELLO, before any test: its
 * directory (the controller's run directory, or its host's own), the
 * environment every test gets, and the isolation asked for: namespaces
 * entered once, seccomp filters built once.  See worker_int.h.
 */
#include "worker_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter.h"
#include "hostdir.h"
#include "isolation.h"
#include "namespaces.h"
#include "title.h"

extern char **environ;

/* An error the run ends with status 4: what was asked cannot be had. */
static void send_refusal(struct worker *w, const char *text)
{
	struct proto_error m;

	memset(&m, 0, sizeof(m));
	m.text = proto_str(text);
	m.has_code = 1;
	m.code = 4;
	proto_put_error(&w->msg_out, &m);
	worker_send_msg(w);
}

/* The seccomp program for the HELLO's profiles plus extra (a test's
   sandbox= attribute), built the first time; NULL when none applies. */
const struct sock_fprog *worker_filter_for(struct worker *w, unsigned extra,
					   struct buf *err)
{
	struct sandbox_rule rules[SANDBOX_MAX_RULES];
	unsigned p = (w->sandbox | extra) & 7;
	struct sock_fprog *f = &w->filters[p];
	char *deny;
	size_t n;
	int r;

	if (!p && !w->deny)
		return NULL;
	if (f->filter)
		return f;
	deny = w->deny ? xstrdup(w->deny) : NULL;
	n = sandbox_rules(p, deny, w->isolate, rules, SANDBOX_MAX_RULES);
	if (n > SANDBOX_MAX_RULES) {
		buf_addf(err, "too many seccomp rules (%zu, at most %d)", n,
			 SANDBOX_MAX_RULES);
		free(deny);
		return NULL;
	}
	r = filter_build(rules, n, f, err);
	free(deny);
	return r < 0 ? NULL : f;
}

/* HELLO's namespaces, entered now for every test to come, and its
   seccomp filter, built now so that a refusal comes before any test. */
static int setup_isolation(struct worker *w, const struct proto_hello *h)
{
	struct buf err = BUF_INIT;
	char *s;

	if (h->flags & HELLO_ISOLATE_NET)
		w->isolate |= ISOLATE_NET;
	if (h->flags & HELLO_ISOLATE_TMP)
		w->isolate |= ISOLATE_TMP;
	if (h->flags & HELLO_ISOLATE_PID)
		w->isolate |= ISOLATE_PID;
	switch (ns_enter(w->isolate, w->run_dir, w->worker_dir, &err)) {
	case -1:
		goto refused;
	case 1:
		/* The init of our pid namespace: our own loop. */
		loop_release(&w->loop);
		if (worker_loop_init(w) < 0) {
			buf_addf(&err, "--isolate=pid: epoll/signalfd: %s",
				 strerror(errno));
			goto refused;
		}
		break;
	default:
		break;
	}
	s = proto_str_dup(h->sandbox);
	if (s && sandbox_parse(s, &w->sandbox, &err) < 0) {
		free(s);
		goto refused;
	}
	free(s);
	w->deny = proto_str_dup(h->deny);
	if ((w->sandbox || w->deny) && !worker_filter_for(w, 0, &err))
		goto refused;
	buf_release(&err);
	return 0;
refused:
	send_refusal(w, err.data ? err.data : "isolation refused");
	buf_release(&err);
	return -1;
}

int worker_handle_hello(struct worker *w, const struct proto_msg *m)
{
	struct env_contract c;
	struct proto_hello h;
	struct proto_ready ready;
	uint64_t version = 0;
	const char *why;
	struct buf err = BUF_INIT;

	/* The version first: another version's HELLO may well lack one
	   of this version's fields. */
	if (proto_take_version(m, &version) < 0 || version != PROTO_VERSION) {
		worker_send_error(
			w, "protocol version %llu, this worker speaks %d",
			(unsigned long long)version, PROTO_VERSION);
		return -1;
	}
	if (proto_take_hello(m, &h, &why) < 0) {
		worker_send_error(w, "HELLO %s", why);
		return -1;
	}
	w->name = proto_str_dup(h.worker);
	w->uid = proto_str_dup(h.uid);
	w->mainargv = proto_str_dup(h.mainargv);
	w->host = proto_str_dup(h.host);
	w->flags = (int)h.flags;
	capture_init(&w->capture, (size_t)h.max_output);
	w->grace_ns = (long long)h.grace_ms * 1000000;
	if (h.chdir.p) {
		char *dir = proto_str_dup(h.chdir);
		int r = hostdir_enter(dir, &err);

		free(dir);
		if (r < 0)
			goto fail;
	}
	if (h.flags & HELLO_REMOTE) {
		/* The controller's paths are on its host, not ours. */
		w->remote = 1;
		w->run_dir = hostdir_run_dir(w->uid, &w->run_lock, &err);
		if (!w->run_dir)
			goto fail;
		w->worker_dir = xasprintf("%s/%s", w->run_dir, w->name);
		w->preload = h.preload.p ? hostdir_preload() : NULL;
	} else {
		w->run_dir = proto_str_dup(h.run_dir);
		w->worker_dir = proto_str_dup(h.worker_dir);
		w->preload = proto_str_dup(h.preload);
		/* Held until we exit: see die_with_test(). */
		w->run_lock = open(w->run_dir, O_RDONLY | O_DIRECTORY |
						       O_CLOEXEC | O_NOFOLLOW);
		if (w->run_lock >= 0 && flock(w->run_lock, LOCK_SH) < 0) {
			close(w->run_lock);
			w->run_lock = -1;
		}
	}
	if (mkdir(w->worker_dir, 0700) < 0 && errno != EEXIST) {
		worker_send_error(w, "cannot create '%s': %s", w->worker_dir,
				  strerror(errno));
		return -1;
	}
	if (setup_isolation(w, &h) < 0)
		return -1;
	if (capture_open(&w->capture, w->worker_dir) < 0) {
		worker_send_error(w, "cannot create a capture file in '%s': %s",
				  w->worker_dir, strerror(errno));
		return -1;
	}

	c.worker = w->name;
	c.index = (int)h.index;
	c.count = (int)h.count;
	c.master = !!(h.flags & HELLO_MASTER);
	c.testrunuid = w->uid;
	c.run_dir = w->run_dir;
	c.worker_dir = w->worker_dir;
	c.mainargv = w->mainargv;
	c.preload = w->preload;
	c.host = w->host;
	env_init(&w->env, environ, &c);
	if (h.flags & HELLO_NO_TITLE)
		env_unset(&w->env, "XDIST_TEST_PID");
	if (scratch_init(&w->scratch,
			 h.flags & HELLO_TMPDIR_TEST	 ? SCRATCH_PER_TEST
			 : h.flags & HELLO_TMPDIR_WORKER ? SCRATCH_PER_WORKER
							 : SCRATCH_OFF,
			 h.flags & HELLO_HOME_TEST     ? SCRATCH_PER_TEST
			 : h.flags & HELLO_HOME_WORKER ? SCRATCH_PER_WORKER
						       : SCRATCH_OFF,
			 !!(h.flags & HELLO_KEEP_FAILED), w->worker_dir,
			 &w->env, &err) < 0)
		goto fail;
	w->env_file = xasprintf("%s/fixture.env", w->worker_dir);
	w->hello = 1;
	worker_title_idle(w);

	ready.version = PROTO_VERSION;
	ready.pid = (uint64_t)getpid();
	proto_put_ready(&w->msg_out, &ready);
	worker_send_msg(w);
	return 0;
fail:
	worker_send_error(w, "%s", err.data ? err.data : "HELLO failed");
	buf_release(&err);
	return -1;
}
