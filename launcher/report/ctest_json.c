/*
 * ctest_json: ctest's json-v1 document into tests.  See ctest_json.h.
 */
#include "ctest_json.h"

#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "ctest.h"
#include "marks.h"

/* The member of object o named key, or NULL. */
static const cJSON *member(const cJSON *o, const char *key)
{
	const cJSON *it;

	if (!o || !(o->type & cJSON_Object))
		return NULL;
	for (it = o->child; it; it = it->next)
		if (it->string && !strcmp(it->string, key))
			return it;
	return NULL;
}

static const char *string_of(const cJSON *v)
{
	return v && (v->type & 0xff) == cJSON_String ? v->valuestring : NULL;
}

static int is_number(const cJSON *v)
{
	return v && (v->type & 0xff) == cJSON_Number;
}

static int truth_of(const cJSON *v)
{
	if (!v)
		return 0;
	if ((v->type & 0xff) == cJSON_True)
		return 1;
	if (is_number(v))
		return v->valuedouble != 0;
	return 0;
}

/* A property's value as strings: an array of them, or one. */
static void strings_of(const cJSON *v, struct words *out)
{
	const cJSON *it;

	if (string_of(v)) {
		words_add(out, string_of(v));
		return;
	}
	if (!v || !(v->type & cJSON_Array))
		return;
	for (it = v->child; it; it = it->next)
		if (string_of(it))
			words_add(out, string_of(it));
}

/* What one test is made of while it is read. */
struct reading {
	const char *name;
	struct test_attrs *a;
	struct ctest_props *p;
	struct buf *warn;
	struct words *respelled; /* the labels warned about, once each */
};

static void warn_prop(struct reading *r, const char *prop, const char *what)
{
	buf_addf(r->warn, "ctest: test '%s': %s %s\n", r->name, prop, what);
}

/* A label is a mark, spelled as one (marks_spell): -k and -m can name
   it, and --collect-only's marks= reads back.  A label spelled otherwise
   is said once per run. */
static void add_label(struct reading *r, const char *label)
{
	struct buf m = BUF_INIT, why = BUF_INIT;

	if (marks_spell(&m, label) && !words_has(r->respelled, label)) {
		words_add(r->respelled, label);
		buf_addf(r->warn,
			 "ctest: test '%s': LABELS '%s' is the mark '%s' (a "
			 "mark name is letters, digits, '_', '-' and '.', "
			 "not and, or, not)\n",
			 r->name, label, m.data);
	}
	if (marks_add(&r->a->marks, m.data, &why) < 0)
		BUG("a spelled label is not a mark name");
	buf_release(&m);
	buf_release(&why);
}

/* An expression cmsys cannot compile matches nothing, as in ctest: a
   warning names it (ctest's own complaint does not). */
static void take_regexes(struct reading *r, const char *prop, const cJSON *v,
			 struct words *res)
{
	struct words s = {NULL, 0};
	size_t i;

	strings_of(v, &s);
	for (i = 0; i < s.n; i++)
		if (ctest_add_regex(r->p, res, prop, s.v[i]))
			buf_addf(r->warn, "ctest: test '%s': %s, as in ctest\n",
				 r->name, r->p->bad_re.v[r->p->bad_re.n - 1]);
	words_release(&s);
}

/* One property of r's test. */
static void take_property(struct reading *r, const char *k, const cJSON *v)
{
	struct words s = {NULL, 0};
	size_t i;

	if (!strcmp(k, "WORKING_DIRECTORY")) {
		if (string_of(v)) {
			free(r->p->workdir);
			r->p->workdir = xstrdup(string_of(v));
		}
	} else if (!strcmp(k, "ENVIRONMENT")) {
		strings_of(v, &s);
		for (i = 0; i < s.n; i++)
			if (strchr(s.v[i], '=') && s.v[i][0] != '=')
				words_add(&r->p->env, s.v[i]);
			else
				warn_prop(r, "ENVIRONMENT",
					  "entry without NAME= ignored");
	} else if (!strcmp(k, "ENVIRONMENT_MODIFICATION")) {
		/* Applied at load time (ctest_env_modify): its values come
		   from the environment the run starts in. */
		strings_of(v, &r->p->envmod);
	} else if (!strcmp(k, "TIMEOUT")) {
		/* What it means, beside --timeout and the build
		   directory's default, is ctest_timeout_ms's to say. */
		if (is_number(v)) {
			r->p->has_timeout = 1;
			r->p->timeout_s = v->valuedouble;
			r->a->timeout_ms = ctest_timeout_ms(r->p, 0, 0);
		}
	} else if (!strcmp(k, "RUN_SERIAL")) {
		r->a->exclusive |= truth_of(v);
	} else if (!strcmp(k, "RESOURCE_LOCK")) {
		strings_of(v, &s);
		/* The first lock of the first RESOURCE_LOCK is the test's
		   own (a document may give the property twice). */
		for (i = 0; i < s.n; i++)
			if (!r->a->lock)
				r->a->lock = xstrdup(s.v[i]);
			else
				words_add(&r->p->locks, s.v[i]);
	} else if (!strcmp(k, "PROCESSORS")) {
		if (is_number(v) && v->valuedouble > 1)
			r->p->processors = v->valuedouble < 1e6
						   ? (int)v->valuedouble
						   : 1000000;
	} else if (!strcmp(k, "LABELS")) {
		strings_of(v, &s);
		for (i = 0; i < s.n; i++)
			add_label(r, s.v[i]);
	} else if (!strcmp(k, "WILL_FAIL")) {
		r->p->will_fail = truth_of(v);
	} else if (!strcmp(k, "DISABLED")) {
		r->p->disabled = truth_of(v);
	} else if (!strcmp(k, "SKIP_RETURN_CODE")) {
		if (is_number(v) && v->valuedouble >= 0 &&
		    v->valuedouble <= 255)
			r->p->skip_code = (int)v->valuedouble;
	} else if (!strcmp(k, "PASS_REGULAR_EXPRESSION")) {
		take_regexes(r, k, v, &r->p->pass_re);
	} else if (!strcmp(k, "FAIL_REGULAR_EXPRESSION")) {
		take_regexes(r, k, v, &r->p->fail_re);
	} else if (!strcmp(k, "SKIP_REGULAR_EXPRESSION")) {
		take_regexes(r, k, v, &r->p->skip_re);
	} else if (!strcmp(k, "DEPENDS")) {
		strings_of(v, &r->p->depends);
	} else if (!strcmp(k, "FIXTURES_SETUP")) {
		strings_of(v, &r->p->setup);
	} else if (!strcmp(k, "FIXTURES_CLEANUP")) {
		strings_of(v, &r->p->cleanup);
	} else if (!strcmp(k, "FIXTURES_REQUIRED")) {
		strings_of(v, &r->p->required);
	} else {
		warn_prop(r, k, "ignored");
	}
	words_release(&s);
}

/* The list line that runs the argv cmd. */
static void command_line(struct buf *line, const cJSON *cmd)
{
	const char **argv;
	const cJSON *it;
	size_t n = 0;

	for (it = cmd->child; it; it = it->next)
		n++;
	argv = xcalloc(n + 1, sizeof(*argv));
	n = 0;
	for (it = cmd->child; it; it = it->next)
		argv[n++] = string_of(it) ? string_of(it) : "";
	testlist_format_line(line, (int)n, argv);
	/* Quoted words need /bin/sh -c: it execs the command, so a signal
	   that kills it is the test's, not an exit status of 128 + N. */
	if (testlist_needs_shell(line->data)) {
		struct buf x = BUF_INIT;

		buf_adds(&x, "exec ");
		buf_add(&x, line->data, line->len);
		buf_reset(line);
		buf_add(line, x.data, x.len);
		buf_release(&x);
	}
	free(argv);
}

static int read_test(struct testlist *l, const cJSON *t, size_t idx,
		     struct words *respelled, struct buf *warn, struct buf *err)
{
	struct reading r;
	const cJSON *cmd = member(t, "command"),
		    *props = member(t, "properties");
	const cJSON *it;
	struct buf line = BUF_INIT;
	struct test *x;

	memset(&r, 0, sizeof(r));
	r.name = string_of(member(t, "name"));
	r.warn = warn;
	r.respelled = respelled;
	if (!r.name || !*r.name) {
		buf_addf(err, "ctest: test %zu has no name", idx + 1);
		return -1;
	}
	r.a = xcalloc(1, sizeof(*r.a));
	r.a->timeout_ms = -1;
	r.p = r.a->ctest = ctest_props_new();
	for (it = props && (props->type & cJSON_Array) ? props->child : NULL;
	     it; it = it->next) {
		const char *k = string_of(member(it, "name"));

		if (k)
			take_property(&r, k, member(it, "value"));
	}
	if (cmd && (cmd->type & cJSON_Array) && cmd->child)
		command_line(&line, cmd);
	else
		r.p->unavailable = 1;
	testlist_add_line(l, line.data ? line.data : "true",
			  line.data ? line.len : 4);
	x = &l->v[l->n - 1];
	x->cmd = x->id;
	x->id = xstrdup(r.name);
	x->attrs = r.a;
	buf_release(&line);
	return 0;
}

long ctest_json_read(struct testlist *l, const char *doc, size_t len,
		     struct buf *warn, struct buf *err)
{
	cJSON *root;
	const cJSON *tests, *version, *it;
	struct words respelled = {NULL, 0};
	const char *nl;
	long n = 0;

	if (cjson_load(err) < 0)
		return -1;
	/* ctest prints cmsys's complaints about an expression it cannot
	   compile ("RegularExpression::compile(): Nested *?+.") before the
	   document: skip to the line it starts on (our warning names the
	   expression and the test). */
	while (len && *doc != '{' && (nl = memchr(doc, '\n', len))) {
		len -= (size_t)(nl + 1 - doc);
		doc = nl + 1;
	}
	root = cj.cJSON_ParseWithLength(doc, len);
	if (!root) {
		buf_adds(err, "ctest: --show-only=json-v1 printed no JSON");
		return -1;
	}
	version = member(member(root, "version"), "major");
	tests = member(root, "tests");
	if (!version || !is_number(version) || version->valuedouble != 1 ||
	    !tests || !(tests->type & cJSON_Array)) {
		buf_adds(err, "ctest: not a json-v1 document (version 1 with "
			      "a \"tests\" array)");
		cj.cJSON_Delete(root);
		return -1;
	}
	for (it = tests->child; it; it = it->next, n++)
		if (read_test(l, it, (size_t)n, &respelled, warn, err) < 0) {
			n = -1;
			break;
		}
	cj.cJSON_Delete(root);
	words_release(&respelled);
	return n;
}
