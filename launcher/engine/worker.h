/*
 * worker: the process behind one worker slot (gwN).  Speaks the proto.h
 * protocol on its stdin (commands) and stdout (events); runs one test at a
 * time in a process group of its own, capturing its output to an unnamed
 * file in its worker directory.  Its stderr is the controller's, for
 * diagnostics only.
 */
#ifndef XDIST_WORKER_H
#define XDIST_WORKER_H

/* `xdist-exec worker`: returns the process exit status. */
int worker_main(void);

#endif
