/*
 * gateway: one worker connection, whatever carries it (execnet's word).
 *
 * A transport says how a worker is started: a command whose stdin and
 * stdout carry the protocol (proto.h).  Locally that command is our own
 * executable as "xdist-exec worker"; for a remote worker it is ssh, srun
 * or kubectl running the same thing there.  The controller sees only
 * messages: the gateway owns the local process that stands for the worker,
 * both pipes, the bytes queued on their way to it (never blocking us) and
 * the bytes read from it but not yet decoded.
 *
 * The controller decides (policy); the gateway moves bytes (mechanism).
 * Nothing here knows about tests, slots or states.
 */
#ifndef XDIST_GATEWAY_H
#define XDIST_GATEWAY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "loop.h"
#include "outq.h"
#include "proto.h"

struct transport {
	const char *kind;  /* "popen", "ssh", "exec": for messages */
	const char *path;  /* what to execve, already resolved */
	int exec_fd;	   /* > 2: fexecve this open file instead (our
			      own executable) */
	char *const *argv; /* the whole command, worker part included */
	int own_group;	   /* in a process group of its own: the terminal's
			      Ctrl-C and Ctrl-Z reach the worker as our
			      TERMINATE and SUSPEND, not as a dead ssh */
	int remote;	   /* the worker is on another host (HELLO_REMOTE) */
};

struct gateway {
	pid_t pid;	/* the local process: the worker, or its ssh;
			   0 once reaped */
	int to;		/* write end of its stdin, -1 when closed */
	struct outq oq; /* bytes on their way to `to` */
	int from;	/* read end of its stdout, -1 when closed */
	struct buf in;	/* read, not yet decoded */
};

/* A gateway with nothing open (both fds -1). */
void gateway_init(struct gateway *g);

/*
 * Start t's command with its stdin and stdout on new pipes and its stderr
 * on err_fd (> 2), sent SIGTERM when we die; watch its stdout in loop under
 * tag.  Both our ends are non-blocking.  0, or -1 with errno set (nothing
 * left open).
 */
int gateway_start(struct gateway *g, const struct transport *t, int err_fd,
		  struct loop *loop, uint64_t tag);

/*
 * Queue bytes for the worker and write what its pipe takes now.  A worker
 * that can no longer be written to has its stdin closed; its death is seen
 * as EOF by gateway_read.
 */
void gateway_send(struct gateway *g, const void *data, size_t len);

/* EPOLLOUT on its stdin: write what is queued, closing it on error. */
void gateway_flush(struct gateway *g);

/* Wait until what is queued is written, or deadline_ns; then close its
   stdin (the worker reads EOF). */
void gateway_drain_close(struct gateway *g, long long deadline_ns);

/* Close its stdin and drop what was queued for it. */
void gateway_close_to(struct gateway *g);

enum gateway_read {
	GATEWAY_OPEN,	 /* more may come */
	GATEWAY_EOF,	 /* the worker closed its stdout, or died */
	GATEWAY_GARBAGE, /* bytes that are not a message */
	GATEWAY_STOPPED, /* fn asked to stop */
};

/* Called with each whole message; nonzero stops the reading. */
typedef int gateway_msg_fn(void *arg, const struct proto_msg *m);

/*
 * Read what the worker sent, without blocking, and hand each whole message
 * to fn in order.  Messages stay queued when fn stops the reading.
 */
enum gateway_read gateway_read(struct gateway *g, gateway_msg_fn *fn,
			       void *arg);

/* Read and drop what the worker sends: 1 at EOF (then both pipes are
   closed), else 0.  For a worker told to go. */
int gateway_discard(struct gateway *g, struct loop *loop);

/* Close both pipes (its stdout leaves loop). */
void gateway_close(struct gateway *g, struct loop *loop);

/* Its process was reaped as pid: 1 if it was this gateway's. */
int gateway_reaped(struct gateway *g, pid_t pid);

/*
 * Wait for its process to exit, until deadline_ns (xio_now_ns), then
 * SIGKILL it; either way it is reaped here.  For a transport whose last
 * words (ssh's message on its stderr) are wanted after its stdout ended.
 */
void gateway_wait_exit(struct gateway *g, long long deadline_ns);

/* Send sig to its process, if not reaped yet. */
void gateway_kill(const struct gateway *g, int sig);

/* Free the buffers; the pipes must be closed. */
void gateway_release(struct gateway *g);

#endif
