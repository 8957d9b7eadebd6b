/*
 * isolation: option words into flags, and the rules of the seccomp
 * profiles.  See isolation.h.
 */
#include "isolation.h"

#include <string.h>
#include <sys/socket.h>

struct word {
	const char *name;
	unsigned flag;
};

static const struct word isolate_words[] = {
	{"net", ISOLATE_NET},
	{"tmp", ISOLATE_TMP},
	{"pid", ISOLATE_PID},
	{NULL, 0},
};

static const struct word sandbox_words[] = {
	{"nonet", SANDBOX_NONET},
	{"guard", SANDBOX_GUARD},
	{"noptrace", SANDBOX_NOPTRACE},
	{NULL, 0},
};

static void known(const struct word *w, struct buf *err)
{
	for (; w->name; w++)
		buf_addf(err, "%s%s", w->name, w[1].name ? ", " : "");
}

static int parse_words(const char *s, const struct word *words, unsigned *flags,
		       struct buf *err)
{
	const char *p = s, *end;
	unsigned got = 0;

	if (!*s) {
		buf_adds(err, "the list is empty (one or more of ");
		known(words, err);
		buf_adds(err, ")");
		return -1;
	}
	for (;; p = end + 1) {
		const struct word *w;
		size_t n;

		end = strchrnul(p, ',');
		n = (size_t)(end - p);
		for (w = words; w->name; w++)
			if (strlen(w->name) == n && !strncmp(w->name, p, n))
				break;
		if (!w->name) {
			buf_addf(err, "'%.*s' is not one of ", (int)n, p);
			known(words, err);
			return -1;
		}
		got |= w->flag;
		if (!*end)
			break;
	}
	*flags |= got;
	return 0;
}

static void describe(const struct word *w, unsigned flags, struct buf *out)
{
	int first = 1;

	for (; w->name; w++)
		if (flags & w->flag) {
			buf_addf(out, "%s%s", first ? "" : ",", w->name);
			first = 0;
		}
}

int isolate_parse(const char *s, unsigned *flags, struct buf *err)
{
	return parse_words(s, isolate_words, flags, err);
}

void isolate_describe(unsigned flags, struct buf *out)
{
	describe(isolate_words, flags, out);
}

int sandbox_parse(const char *s, unsigned *profiles, struct buf *err)
{
	return parse_words(s, sandbox_words, profiles, err);
}

void sandbox_describe(unsigned profiles, struct buf *out)
{
	describe(sandbox_words, profiles, out);
}

static int valid_name(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return 0;
	return 1;
}

static int listed(const struct buf *list, const char *p, size_t n)
{
	const char *q = list->data, *end;

	if (!q || !*q)
		return 0;
	for (;; q = end + 1) {
		end = strchrnul(q, ',');
		if ((size_t)(end - q) == n && !strncmp(q, p, n))
			return 1;
		if (!*end)
			return 0;
	}
}

int seccomp_names_add(const char *s, struct buf *list, struct buf *err)
{
	const char *p = s, *end;

	for (;; p = end + 1) {
		size_t n;

		end = strchrnul(p, ',');
		n = (size_t)(end - p);
		if (!valid_name(p, n)) {
			buf_addf(err, "'%.*s' is not a system call name",
				 (int)n, p);
			return -1;
		}
		if (!listed(list, p, n)) {
			if (list->len)
				buf_addch(list, ',');
			buf_add(list, p, n);
		}
		if (!*end)
			return 0;
	}
}

/* What guard refuses; mount and umount2 only without ISOLATE_TMP. */
static const char *const guard_calls[] = {
	"reboot",	"kexec_load",	 "kexec_file_load",
	"init_module",	"finit_module",	 "delete_module",
	"swapon",	"swapoff",	 "acct",
	"settimeofday", "clock_settime", "clock_adjtime",
	"adjtimex",	"stime",	 NULL,
};

static const char *const noptrace_calls[] = {
	"ptrace",
	"process_vm_readv",
	"process_vm_writev",
	NULL,
};

static void add_rule(struct sandbox_rule *out, size_t cap, size_t *n,
		     const char *name, int has_arg0, long arg0)
{
	if (*n < cap) {
		out[*n].name = name;
		out[*n].has_arg0 = has_arg0;
		out[*n].arg0 = arg0;
	}
	(*n)++;
}

size_t sandbox_rules(unsigned profiles, char *deny, unsigned isolate,
		     struct sandbox_rule *out, size_t cap)
{
	size_t n = 0, i;

	if (profiles & SANDBOX_NONET) {
		add_rule(out, cap, &n, "socket", 1, AF_INET);
		add_rule(out, cap, &n, "socket", 1, AF_INET6);
		add_rule(out, cap, &n, "socket", 1, AF_PACKET);
	}
	if (profiles & SANDBOX_GUARD) {
		for (i = 0; guard_calls[i]; i++)
			add_rule(out, cap, &n, guard_calls[i], 0, 0);
		if (!(isolate & ISOLATE_TMP)) {
			add_rule(out, cap, &n, "mount", 0, 0);
			add_rule(out, cap, &n, "umount2", 0, 0);
		}
	}
	if (profiles & SANDBOX_NOPTRACE)
		for (i = 0; noptrace_calls[i]; i++)
			add_rule(out, cap, &n, noptrace_calls[i], 0, 0);
	if (deny && *deny) {
		char *p = deny, *end;

		for (;; p = end + 1) {
			int last;

			end = strchrnul(p, ',');
			last = !*end;
			*end = '\0';
			add_rule(out, cap, &n, p, 0, 0);
			if (last)
				break;
		}
	}
	return n;
}

void sandbox_env_value(unsigned profiles, const char *deny, struct buf *out)
{
	const char *p = deny, *end;

	sandbox_describe(profiles, out);
	if (!deny || !*deny)
		return;
	for (;; p = end + 1) {
		end = strchrnul(p, ',');
		buf_addf(out, "%sdeny:%.*s", out->len ? "," : "",
			 (int)(end - p), p);
		if (!*end)
			return;
	}
}

int scratch_scope_parse(const char *s, enum scratch_scope *out, struct buf *err)
{
	if (!strcmp(s, "per-test"))
		*out = SCRATCH_PER_TEST;
	else if (!strcmp(s, "per-worker"))
		*out = SCRATCH_PER_WORKER;
	else if (!strcmp(s, "off"))
		*out = SCRATCH_OFF;
	else {
		buf_addf(err, "'%s' is not one of per-test, per-worker, off",
			 s);
		return -1;
	}
	return 0;
}
