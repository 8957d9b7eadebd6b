/*
 * namespaces: a worker's own view of the machine (--isolate), set up once
 * by the worker itself when its HELLO asks for it, before it runs
 * anything; every test it starts inherits it.  See design.md, "Isolation".
 *
 * Not async-signal-safe; call from the worker's main loop only.
 */
#ifndef XDIST_NAMESPACES_H
#define XDIST_NAMESPACES_H

#include "buf.h"

/*
 * Move the calling process into new namespaces for isolate (ISOLATE_*,
 * core/isolation.h): a network namespace with loopback up (net), a mount
 * namespace with worker_dir/tmp and worker_dir/var-tmp bound on /tmp and
 * /var/tmp and run_dir still reachable at its own path (tmp), a pid
 * namespace whose init goes on as the worker, with its own /proc (pid:
 * the calling process stays behind, waiting for it, and never returns).
 * Not root: a user namespace first, mapping our uid and gid to
 * themselves.
 *
 * Returns 0, 1 in a new pid namespace's init (whose event loop must be
 * made again: worker_loop_init), or -1 with one line in err saying what
 * the kernel refused, its errno and the setting that governs it.
 */
int ns_enter(unsigned isolate, const char *run_dir, const char *worker_dir,
	     struct buf *err);

#endif
