/*
 * remote: the --tx targets made ready before any worker starts: each
 * distinct target is probed (reachable? its machine, an xdist-exec of our
 * protocol), given ours when it has none (the bootstrap), and sent the
 * --rsyncdir directories; then each target gets the transport its
 * workers are started with.  Runs before the event loop, one command at
 * a time, waiting for each (a target that does not answer is bounded by
 * ssh's own timeouts).
 */
#ifndef XDIST_REMOTE_H
#define XDIST_REMOTE_H

#include "ctl.h"

/*
 * Prepare every --tx spec of c->o into c->targets (same order).  A target
 * that cannot be prepared is one line on stderr naming its spec and the
 * reason, and gets no workers.  Returns the number of targets ready.
 */
size_t remote_prepare(struct ctl *c);

/* Free c->targets. */
void remote_release(struct ctl *c);

/*
 * The last line a remote worker's transport wrote to its stderr (ssh's
 * own message), or NULL; caller frees.  fd: the slot's stderr file.
 */
char *remote_last_words(int fd);

#endif
