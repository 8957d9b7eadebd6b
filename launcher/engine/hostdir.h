/*
 * hostdir: what a worker on another host finds for itself (HELLO_REMOTE):
 * its directory, its host's run directory and the preload shim.  The
 * controller's paths mean nothing there.  (The controller uses
 * hostdir_mkdirs for a local //chdir.)
 */
#ifndef XDIST_HOSTDIR_H
#define XDIST_HOSTDIR_H

#include "buf.h"

/* mkdir -p dir (mode 0777 & ~umask).  0, or -1 with errno set and one
   line in err. */
int hostdir_mkdirs(const char *dir, struct buf *err);

/*
 * hostdir_mkdirs(dir), then chdir into it (relative: to the
 * current directory, the remote home over ssh).  0, or -1 with errno set
 * and one line in err.
 */
int hostdir_enter(const char *dir, struct buf *err);

/*
 * The run directory of run uid on this host, shared by its workers here:
 * ${TMPDIR:-/tmp}/xdist-exec-host-UID (the first 32 characters of uid),
 * mode 0700, created if missing; an existing one must be a directory of
 * ours that no one else may enter (else -1: a planted name).  It is
 * opened and flock()ed LOCK_SH in *lock_fd (close-on-exec): its last
 * holder removes it (see worker.c), and a directory removed by the last
 * holder of a moment ago is made again.  Returns the path (caller frees),
 * or NULL with one line in err.
 */
char *hostdir_run_dir(const char *uid, int *lock_fd, struct buf *err);

/*
 * libxdist.so.0 next to our own executable: DIR/preload/libxdist.so.0
 * (a build tree, or the bootstrap cache), else DIR/../lib/libxdist.so.0
 * (an installed tree).  NULL when neither is readable.  Caller frees.
 */
char *hostdir_preload(void);

#endif
