/*
 * filter: seccomp filters, built with libseccomp and handed out as BPF.
 * The one place that includes <seccomp.h>; libseccomp.so.2 is loaded
 * (base/dynlib.h) the first time a function here is called, never by a
 * run without --sandbox, --seccomp-deny or a sandbox= attribute.
 *
 * The worker builds each filter once and keeps the program; the spawn
 * child installs it as its last step before exec (spawn_req.filter), so
 * that it binds the test and its descendants and never the worker.
 * Not async-signal-safe.
 */
#ifndef XDIST_FILTER_H
#define XDIST_FILTER_H

#include <linux/filter.h>
#include <stddef.h>

#include "buf.h"
#include "isolation.h"

/*
 * Check that libseccomp knows each name of list ("a,b").  Returns 0, or
 * -1 with one line in err: "unknown system call 'x'", or why libseccomp
 * could not be loaded.
 */
int filter_check_names(const char *list, struct buf *err);

/*
 * Build the filter of rules[n] (each refused with EPERM, every other
 * syscall allowed) and export it as BPF into *prog: prog->filter is
 * allocated, the caller's (filter_release).  Returns 0, or -1 with one
 * line in err.
 */
int filter_build(const struct sandbox_rule *rules, size_t n,
		 struct sock_fprog *prog, struct buf *err);

void filter_release(struct sock_fprog *prog);

#endif
