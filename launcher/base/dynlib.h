/*
 * dynlib: a shared library loaded when the feature that needs it is used,
 * not when xdist-exec starts.  The executable is compiled against the
 * library's headers but not linked with it: a run that writes no JUnit
 * never maps libxml2 (nor the ICU and C++ runtime it pulls in), and a
 * worker maps none of the report libraries at all.
 *
 * The caller keeps a table of the functions it calls, as pointers of the
 * header's own types, and has dynlib_load fill them in one go.
 */
#ifndef XDIST_DYNLIB_H
#define XDIST_DYNLIB_H

#include <stddef.h>

#include "buf.h"

/* A function to resolve: its name, and the address of the pointer (of
   the function's own type) that receives it. */
struct dynlib_sym {
	const char *name;
	void *slot;
};

/*
 * Open soname (RTLD_NOW | RTLD_LOCAL) and resolve every symbol of syms[n].
 * Returns the handle (kept open for the process's life), or NULL with one
 * line in err, to be printed after "xdist-exec: ": "cannot load
 * libxml2.so.2 (Debian package libxml2): REASON" or "libxml2.so.2 has no
 * xmlNewTextWriterDoc: REASON".  Not async-signal-safe.
 */
void *dynlib_load(const char *soname, const char *package,
		  const struct dynlib_sym *syms, size_t n, struct buf *err);

#endif
