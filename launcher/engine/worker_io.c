/*
 * worker_io: what every part of the worker says to the controller, and
 * how a worker leaves when it cannot go on.  See worker_int.h.
 */
#include "worker_int.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "title.h"
#include "xio.h"

void worker_send_msg(struct worker *w)
{
	/* The controller is gone: nobody to report to. */
	if (xio_write_all(1, w->msg_out.data, w->msg_out.len) < 0)
		worker_die(w, 3);
	buf_reset(&w->msg_out);
}

void worker_send_error(struct worker *w, const char *fmt, ...)
{
	char text[512];
	struct proto_error m;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	memset(&m, 0, sizeof(m));
	m.text = proto_str(text);
	proto_put_error(&w->msg_out, &m);
	worker_send_msg(w);
}

void worker_title_idle(struct worker *w)
{
	title_set("[xdist-exec idle] %s", w->name);
}

void worker_die(struct worker *w, int code)
{
	long long until = xio_now_ns() + DRAIN_NS;

	if (test_state_unreaped(w->cur.state))
		kill(-w->cur.pid, SIGKILL);
	/* And whatever fixtures left running: nothing outlives a run. */
	leftovers_sweep_all(&w->leftovers, until);
	/*
	 * Leaving without BYE: the controller may be dead.  It and every
	 * worker hold a shared lock on the run directory; whoever gets it
	 * exclusively holds the last one: the controller died without
	 * removing the directory (SIGKILL), and no other worker is left to,
	 * so this one does.  (A failed conversion drops our shared lock,
	 * which is as well: we are leaving.)
	 */
	/* On another host the controller never removes this host's
	   directory: its last worker does, told BYE or not. */
	if ((!w->bye || w->remote) && w->run_lock >= 0 &&
	    !(w->flags & HELLO_KEEP_RUN_DIR) &&
	    flock(w->run_lock, LOCK_EX | LOCK_NB) == 0)
		xio_remove_tree(w->run_dir);
	_exit(code);
}

int worker_loop_init(struct worker *w)
{
	sigset_t sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGTSTP);
	sigaddset(&sigs, SIGCONT);
	if (loop_init(&w->loop, &sigs) < 0)
		return -1;
	return loop_add(&w->loop, 0, TAG_IN, EPOLLIN);
}
