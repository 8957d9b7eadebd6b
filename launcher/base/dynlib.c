/*
 * dynlib: load a shared library on first use.  See dynlib.h.
 */
#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

void *dynlib_load(const char *soname, const char *package,
		  const struct dynlib_sym *syms, size_t n, struct buf *err)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		const char *why = dlerror();

		buf_addf(err, "cannot load %s (Debian package %s): %s", soname,
			 package, why ? why : "unknown error");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		void *p;

		dlerror();
		p = dlsym(h, syms[i].name);
		if (!p) {
			const char *why = dlerror();

			buf_addf(err, "%s has no %s: %s", soname, syms[i].name,
				 why ? why : "null symbol");
			dlclose(h);
			return NULL;
		}
		/* POSIX: a function's address comes back as a void *. */
		memcpy(syms[i].slot, &p, sizeof(p));
	}
	return h;
}
