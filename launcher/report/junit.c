#include "junit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "dynlib.h"
#include "textsafe.h"

/* The libxml2 functions junit_load resolves (dynlib.h). */
#define XML_FUNCS(X)                    \
	X(xmlSetGenericErrorFunc)       \
	X(xmlOutputBufferCreateIO)      \
	X(xmlOutputBufferClose)         \
	X(xmlNewTextWriter)             \
	X(xmlFreeTextWriter)            \
	X(xmlTextWriterSetIndent)       \
	X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument)   \
	X(xmlTextWriterEndDocument)     \
	X(xmlTextWriterFlush)           \
	X(xmlTextWriterStartElement)    \
	X(xmlTextWriterEndElement)      \
	X(xmlTextWriterWriteAttribute)  \
	X(xmlTextWriterWriteString)

static struct {
#define XML_FIELD(f) __typeof__(f) *f;
	XML_FUNCS(XML_FIELD)
#undef XML_FIELD
} xml;

int junit_load(struct buf *err)
{
#define XML_SYM(f) {#f, &xml.f},
	static const struct dynlib_sym syms[] = {XML_FUNCS(XML_SYM)};
#undef XML_SYM
	static void *h;

	if (!h)
		h = dynlib_load("libxml2.so.2", "libxml2", syms,
				sizeof(syms) / sizeof(syms[0]), err);
	return h ? 0 : -1;
}

#define W(j) ((xmlTextWriterPtr)(j)->writer)

int junit_write_buf(void *ctx, const char *p, size_t n)
{
	buf_add(ctx, p, n);
	return 0;
}

void junit_count(struct junit_suite *s, const struct junit_case *tc)
{
	s->tests++;
	switch (tc->outcome) {
	case OUTCOME_FAILED:
	case OUTCOME_TIMEOUT:
		s->failures++;
		break;
	case OUTCOME_ERROR:
		s->errors++;
		break;
	case OUTCOME_SKIPPED:
	case OUTCOME_INTERRUPTED:
	case OUTCOME_NOTRUN:
	case OUTCOME_XFAILED:
		s->skipped++;
		break;
	default:
		break;
	}
}

/* One part of a path: n bytes at p. */
struct part {
	const char *p;
	size_t n;
};

/*
 * Append the parts of path (n bytes) to v (*np of them so far, room for
 * n + 1), resolving "." and ".." as written.
 */
static void add_parts(struct part *v, size_t *np, const char *path, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *slash = memchr(path + i, '/', n - i);
		size_t len = slash ? (size_t)(slash - (path + i)) : n - i;

		if (len == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (*np)
				(*np)--;
		} else if (len && !(len == 1 && path[i] == '.')) {
			v[*np].p = path + i;
			v[(*np)++].n = len;
		}
		i += len + 1;
	}
}

/* Append parts v[0..n) joined with '.', the last without its extension. */
static void add_dotted_parts(struct buf *out, const struct part *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = v[i].n;

		if (i + 1 == n) {
			const char *dot = memrchr(v[i].p, '.', len);

			if (dot && dot > v[i].p)
				len = (size_t)(dot - v[i].p);
		}
		if (i)
			buf_addch(out, '.');
		buf_add(out, v[i].p, len);
	}
}

void junit_file_class(const char *file, int in_path, const char *cwd,
		      const char *rootdir, struct buf *out)
{
	size_t fl = file ? strlen(file) : 0, nr = 0, np = 0, i;
	size_t cl = cwd ? strlen(cwd) : 0, rl = rootdir ? strlen(rootdir) : 0;
	struct part *path = xcalloc(cl + fl + 2, sizeof(*path));
	struct part *root = xcalloc(rl + 1, sizeof(*root));
	size_t start = out->len;
	int absolute = 0;

	if (in_path || !fl) {
		add_parts(path, &np, fl ? file : "", fl);
	} else if (file[0] == '/') {
		add_parts(path, &np, file, fl);
		absolute = 1;
	} else if (cl && cwd[0] == '/') {
		add_parts(path, &np, cwd, cl);
		add_parts(path, &np, file, fl);
		absolute = 1;
	} else {
		add_parts(path, &np, file, fl);
	}
	if (absolute && rl && rootdir[0] == '/')
		add_parts(root, &nr, rootdir, rl);
	for (i = 0; i < nr && i < np; i++)
		if (root[i].n != path[i].n ||
		    memcmp(root[i].p, path[i].p, root[i].n))
			break;
	/* Inside the rootdir (and not the rootdir itself): relative to it. */
	if (nr && i == nr && np > nr)
		add_dotted_parts(out, path + nr, np - nr);
	else
		add_dotted_parts(out, path, np);
	if (out->len == start)
		buf_adds(out, "xdist-exec");
	free(path);
	free(root);
}

void junit_names(const char *id, const char *file_class, struct buf *classname,
		 struct buf *name)
{
	const char *first = strstr(id, "::"), *last = NULL, *p = id;

	while ((p = strstr(p, "::"))) {
		last = p;
		p += 2;
	}
	if (first && first > id && last[2]) {
		struct part *v = xcalloc((size_t)(first - id) + 1, sizeof(*v));
		size_t n = 0;

		add_parts(v, &n, id, (size_t)(first - id));
		add_dotted_parts(classname, v, n);
		free(v);
		for (p = first; p < last; p = strstr(p + 2, "::")) {
			const char *next = strstr(p + 2, "::");

			buf_addch(classname, '.');
			buf_add(classname, p + 2, (size_t)(next - (p + 2)));
		}
		buf_adds(name, last + 2);
		return;
	}
	buf_adds(classname, file_class);
	buf_adds(name, id);
}

void junit_gtest_names(struct buf *classname, struct buf *name)
{
	char *dot = name->data ? strchr(name->data, '.') : NULL;
	size_t suite;

	if (!dot)
		return;
	suite = (size_t)(dot - name->data);
	if (classname->len)
		buf_addch(classname, '.');
	buf_add(classname, name->data, suite);
	buf_consume(name, suite + 1);
}

void junit_gtest_case_names(const char *label, size_t id_len, size_t args_at,
			    const char *file_class, struct buf *classname,
			    struct buf *name)
{
	struct buf bare = BUF_INIT, tail = BUF_INIT;
	size_t after = strlen(label) - id_len; /* what follows the id */

	buf_add(&bare, label, args_at);
	buf_adds(&bare, label + id_len);
	junit_names(bare.data, file_class, classname, name);
	junit_gtest_names(classname, name);
	if (args_at < id_len && name->len >= after) {
		buf_add(&tail, name->data + name->len - after, after);
		name->len -= after;
		buf_add(name, label + args_at, id_len - args_at);
		buf_add(name, tail.data ? tail.data : "", tail.len);
	}
	buf_release(&bare);
	buf_release(&tail);
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int xml_write(void *ctx, const char *p, int len)
{
	struct junit *j = ctx;

	if (len <= 0)
		return 0;
	if (j->fn(j->ctx, p, (size_t)len) < 0) {
		if (!j->err)
			j->err = errno ? errno : EIO;
		return -1;
	}
	return len;
}

static int xml_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static int failed(struct junit *j)
{
	errno = j->err ? j->err : EIO;
	return -1;
}

/* n bytes of s, repaired, NUL-terminated, in j->tmp (valid until reused). */
static const xmlChar *safe(struct junit *j, const char *s, size_t n)
{
	buf_reset(&j->tmp);
	textsafe_repair(&j->tmp, s ? s : "", s ? n : 0, TEXTSAFE_XML);
	buf_addch(&j->tmp, '\0'); /* data is non-NULL from here on */
	return (const xmlChar *)j->tmp.data;
}

static int attr(struct junit *j, const char *key, const char *val)
{
	return xml.xmlTextWriterWriteAttribute(
		W(j), (const xmlChar *)key,
		safe(j, val, val ? strlen(val) : 0));
}

static int attrf(struct junit *j, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int attrf(struct junit *j, const char *key, const char *fmt, ...)
{
	char v[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	return xml.xmlTextWriterWriteAttribute(W(j), (const xmlChar *)key,
					       (const xmlChar *)v);
}

static int start(struct junit *j, const char *element)
{
	return xml.xmlTextWriterStartElement(W(j), (const xmlChar *)element);
}

static int end(struct junit *j)
{
	return xml.xmlTextWriterEndElement(W(j));
}

static int property(struct junit *j, const char *key, const char *val)
{
	if (start(j, "property") < 0 || attr(j, "name", key) < 0 ||
	    attr(j, "value", val) < 0 || end(j) < 0)
		return -1;
	return 0;
}

int junit_init(struct junit *j, junit_write_fn *fn, void *ctx,
	       const struct junit_suite *s)
{
	xmlOutputBufferPtr out;
	char n[32];

	memset(j, 0, sizeof(*j));
	j->fn = fn;
	j->ctx = ctx;
	/* libxml2 prints its errors on stderr by default; ours come back
	   as errno and the caller says it in one line. */
	xml.xmlSetGenericErrorFunc(NULL, silent);
	out = xml.xmlOutputBufferCreateIO(xml_write, xml_close, j, NULL);
	if (!out)
		return failed(j);
	j->writer = xml.xmlNewTextWriter(out);
	if (!j->writer) {
		xml.xmlOutputBufferClose(out);
		return failed(j);
	}
	if (xml.xmlTextWriterSetIndent(W(j), 1) < 0 ||
	    xml.xmlTextWriterSetIndentString(W(j), (const xmlChar *)"  ") < 0 ||
	    xml.xmlTextWriterStartDocument(W(j), "1.0", "UTF-8", NULL) < 0 ||
	    start(j, "testsuites") < 0 || start(j, "testsuite") < 0 ||
	    attr(j, "name", s->name) < 0 ||
	    attrf(j, "tests", "%zu", s->tests) < 0 ||
	    attrf(j, "failures", "%zu", s->failures) < 0 ||
	    attrf(j, "errors", "%zu", s->errors) < 0 ||
	    attrf(j, "skipped", "%zu", s->skipped) < 0 ||
	    attrf(j, "time", "%.3f", s->seconds > 0 ? s->seconds : 0.0) < 0 ||
	    attr(j, "timestamp", s->timestamp) < 0 ||
	    attr(j, "hostname", s->hostname) < 0)
		return failed(j);
	if (!s->testrunuid && s->workers < 0)
		return 0;
	snprintf(n, sizeof(n), "%d", s->workers);
	if (start(j, "properties") < 0 ||
	    (s->testrunuid && property(j, "testrunuid", s->testrunuid) < 0) ||
	    (s->workers >= 0 && property(j, "workers", n) < 0) || end(j) < 0)
		return failed(j);
	return 0;
}

/* The element a case's outcome gets, and its type attribute. */
static const char *result_element(const struct junit_case *tc,
				  const char **type, const char **msg)
{
	*type = NULL;
	*msg = tc->reason;
	switch (tc->outcome) {
	case OUTCOME_FAILED:
		*type = tc->crashed ? "crashed" : "failed";
		return "failure";
	case OUTCOME_TIMEOUT:
		*type = "timeout";
		return "failure";
	case OUTCOME_ERROR:
		*type = "error";
		return "error";
	case OUTCOME_SKIPPED:
		return "skipped";
	case OUTCOME_INTERRUPTED:
		*msg = "interrupted";
		return "skipped";
	case OUTCOME_NOTRUN:
		*msg = "not run";
		return "skipped";
	case OUTCOME_XFAILED:
		/* pytest's: a skip of type pytest.xfail with the reason. */
		*msg = tc->reason ? tc->reason : "";
		return "skipped";
	default:
		return NULL;
	}
}

int junit_add_case(struct junit *j, const struct junit_case *tc)
{
	const char *el, *type, *msg;
	char n[32];

	if (!j->writer)
		return failed(j);
	el = result_element(tc, &type, &msg);
	if (!msg)
		msg = type ? type : "";
	if (start(j, "testcase") < 0 ||
	    attr(j, "classname", tc->classname) < 0 ||
	    attr(j, "name", tc->name) < 0 ||
	    attrf(j, "time", "%.3f", tc->seconds > 0 ? tc->seconds : 0.0) < 0)
		return failed(j);
	if (tc->worker || tc->sandbox || tc->outcome == OUTCOME_FLAKY) {
		snprintf(n, sizeof(n), "%d", tc->attempts);
		if (start(j, "properties") < 0 ||
		    (tc->worker && property(j, "worker", tc->worker) < 0) ||
		    (tc->sandbox && property(j, "sandbox", tc->sandbox) < 0) ||
		    (tc->outcome == OUTCOME_FLAKY &&
		     property(j, "flaky", n) < 0) ||
		    end(j) < 0)
			return failed(j);
	}
	if (el) {
		if (start(j, el) < 0 || attr(j, "message", msg) < 0 ||
		    (type && attr(j, "type", type) < 0) ||
		    (tc->outcome == OUTCOME_XFAILED &&
		     attr(j, "type", "pytest.xfail") < 0))
			return failed(j);
		if (type && xml.xmlTextWriterWriteString(
				    W(j), safe(j, msg, strlen(msg))) < 0)
			return failed(j);
		if (end(j) < 0)
			return failed(j);
	}
	if (tc->out_len) {
		if (start(j, "system-out") < 0 ||
		    xml.xmlTextWriterWriteString(
			    W(j), safe(j, tc->out, tc->out_len)) < 0 ||
		    end(j) < 0)
			return failed(j);
		/* Captured output can be large: do not keep a copy. */
		if (j->tmp.cap > 65536)
			buf_release(&j->tmp);
	}
	if (end(j) < 0)
		return failed(j);
	return 0;
}

int junit_finish(struct junit *j)
{
	if (!j->writer || xml.xmlTextWriterEndDocument(W(j)) < 0 ||
	    xml.xmlTextWriterFlush(W(j)) < 0 || j->err)
		return failed(j);
	return 0;
}

void junit_release(struct junit *j)
{
	if (j->writer)
		xml.xmlFreeTextWriter(W(j));
	j->writer = NULL;
	buf_release(&j->tmp);
}
