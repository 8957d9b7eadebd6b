/*
 * filter: libseccomp at its edge (negative errno converted here), loaded
 * on first use.  See filter.h.
 */
#include "filter.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynlib.h"
#include "xio.h"

static struct {
	void *handle;
	__typeof__(seccomp_init) *init;
	__typeof__(seccomp_release) *release;
	__typeof__(seccomp_rule_add_array) *rule_add_array;
	__typeof__(seccomp_export_bpf) *export_bpf;
	__typeof__(seccomp_syscall_resolve_name) *resolve_name;
	__typeof__(seccomp_attr_set) *attr_set;
} sc;

static int load(struct buf *err)
{
	const struct dynlib_sym syms[] = {
		{"seccomp_init", &sc.init},
		{"seccomp_release", &sc.release},
		{"seccomp_rule_add_array", &sc.rule_add_array},
		{"seccomp_export_bpf", &sc.export_bpf},
		{"seccomp_syscall_resolve_name", &sc.resolve_name},
		{"seccomp_attr_set", &sc.attr_set},
	};

	if (sc.handle)
		return 0;
	sc.handle = dynlib_load("libseccomp.so.2", "libseccomp2", syms,
				sizeof(syms) / sizeof(syms[0]), err);
	return sc.handle ? 0 : -1;
}

int filter_check_names(const char *list, struct buf *err)
{
	const char *p = list, *end;
	char name[128];

	if (!list || !*list)
		return 0;
	if (load(err) < 0)
		return -1;
	for (;; p = end + 1) {
		size_t n;

		end = strchrnul(p, ',');
		n = (size_t)(end - p);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, p, n);
		name[n] = '\0';
		if (sc.resolve_name(name) == __NR_SCMP_ERROR) {
			buf_addf(err, "unknown system call '%s'", name);
			return -1;
		}
		if (!*end)
			return 0;
	}
}

/* The exported program, read back from the unnamed file it went to. */
static int read_back(int fd, struct sock_fprog *prog, struct buf *err)
{
	struct stat st;
	size_t len;
	void *p;

	if (fstat(fd, &st) < 0) {
		buf_addf(err, "cannot read the seccomp filter back: %s",
			 strerror(errno));
		return -1;
	}
	len = (size_t)st.st_size;
	if (len == 0 || len % sizeof(struct sock_filter) ||
	    len / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		buf_addf(err, "the seccomp filter has a bad size (%zu bytes)",
			 len);
		return -1;
	}
	p = xmalloc(len);
	if (xio_pread_full(fd, p, len, 0) != (ssize_t)len) {
		free(p);
		buf_addf(err, "cannot read the seccomp filter back: %s",
			 strerror(errno ? errno : EIO));
		return -1;
	}
	prog->filter = p;
	prog->len = (unsigned short)(len / sizeof(struct sock_filter));
	return 0;
}

int filter_build(const struct sandbox_rule *rules, size_t n,
		 struct sock_fprog *prog, struct buf *err)
{
	scmp_filter_ctx ctx;
	size_t i;
	int r, fd = -1, ret = -1;

	memset(prog, 0, sizeof(*prog));
	if (load(err) < 0)
		return -1;
	ctx = sc.init(SCMP_ACT_ALLOW);
	if (!ctx) {
		buf_addf(err, "seccomp_init failed");
		return -1;
	}
	/* The spawn child sets PR_SET_NO_NEW_PRIVS itself, right before
	   loading the program. */
	r = sc.attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (i = 0; r == 0 && i < n; i++) {
		struct scmp_arg_cmp cmp;
		int nr = sc.resolve_name(rules[i].name);

		if (nr == __NR_SCMP_ERROR) {
			buf_addf(err, "unknown system call '%s'",
				 rules[i].name);
			goto out;
		}
		memset(&cmp, 0, sizeof(cmp));
		cmp.arg = 0;
		/* An int argument: compare the low 32 bits only. */
		cmp.op = SCMP_CMP_MASKED_EQ;
		cmp.datum_a = 0xffffffffu;
		cmp.datum_b = (scmp_datum_t)(unsigned)rules[i].arg0;
		r = sc.rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM), nr,
				      rules[i].has_arg0 ? 1 : 0, &cmp);
		if (r < 0) {
			buf_addf(err, "cannot add a seccomp rule for %s: %s",
				 rules[i].name, strerror(-r));
			goto out;
		}
	}
	if (r < 0) {
		buf_addf(err, "seccomp_attr_set: %s", strerror(-r));
		goto out;
	}
	fd = memfd_create("xdist-exec-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		buf_addf(err, "memfd_create: %s", strerror(errno));
		goto out;
	}
	r = sc.export_bpf(ctx, fd);
	if (r < 0) {
		buf_addf(err, "seccomp_export_bpf: %s", strerror(-r));
		goto out;
	}
	ret = read_back(fd, prog, err);
out:
	if (fd >= 0)
		close(fd);
	sc.release(ctx);
	return ret;
}

void filter_release(struct sock_fprog *prog)
{
	free(prog->filter);
	prog->filter = NULL;
	prog->len = 0;
}
