/*
 * Unit tests for launcher/report/junit.[ch]: the --junitxml document, written
 * to memory and read back with libxml2's parser (and checked against
 * tests/junit.xsd when the source tree is at hand).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "junit.h"

#define FFFD "\xef\xbf\xbd"

static struct junit_suite suite(void)
{
	struct junit_suite s;

	memset(&s, 0, sizeof(s));
	s.name = "xdist-exec";
	s.seconds = 1.25;
	s.timestamp = "2024-05-01T12:34:56";
	s.hostname = "host";
	s.testrunuid = "0123abcd";
	s.workers = 2;
	return s;
}

static struct junit_case tcase(const char *name, enum outcome o)
{
	struct junit_case tc;

	memset(&tc, 0, sizeof(tc));
	tc.classname = "tests";
	tc.name = name;
	tc.seconds = 0.5;
	tc.outcome = o;
	tc.worker = "gw1";
	tc.attempts = 1;
	return tc;
}

/* The document for these cases, in memory (counted first). */
static void write_doc(struct buf *out, const struct junit_case *v, size_t n)
{
	struct junit_suite s = suite();
	struct junit j;
	size_t i;

	for (i = 0; i < n; i++)
		junit_count(&s, &v[i]);
	assert_int_equal(junit_init(&j, junit_write_buf, out, &s), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(junit_add_case(&j, &v[i]), 0);
	assert_int_equal(junit_finish(&j), 0);
	junit_release(&j);
}

/* Parse it: NULL would mean it is not well-formed XML. */
static xmlDocPtr parse(const struct buf *b)
{
	xmlDocPtr doc = xmlReadMemory(b->data, (int)b->len, "junit.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR |
					      XML_PARSE_NOWARNING);

	assert_non_null(doc);
	return doc;
}

static xmlDocPtr doc_of(const struct junit_case *v, size_t n)
{
	struct buf b = BUF_INIT;
	xmlDocPtr doc;

	write_doc(&b, v, n);
	doc = parse(&b);
	buf_release(&b);
	return doc;
}

/* The string value of an XPath expression. */
static char *xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;
	char *s;

	r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	assert_non_null(r);
	s = (char *)xmlXPathCastToString(r);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return s;
}

static void expect_xp(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp(doc, expr);

	if (strcmp(got, want))
		fail_msg("%s: got '%s', want '%s'", expr, got, want);
	xmlFree(got);
}

static void expect_count(xmlDocPtr doc, const char *expr, int n)
{
	char e[256], want[16];

	snprintf(e, sizeof(e), "count(%s)", expr);
	snprintf(want, sizeof(want), "%d", n);
	expect_xp(doc, e, want);
}

/* A case with one outcome: its result element. */
static xmlDocPtr one(const struct junit_case *tc)
{
	return doc_of(tc, 1);
}

static void names(const char *id, const char *file_class, const char *cls,
		  const char *name)
{
	struct buf c = BUF_INIT, n = BUF_INIT;

	junit_names(id, file_class, &c, &n);
	assert_string_equal(c.data, cls);
	assert_string_equal(n.data, name);
	buf_release(&c);
	buf_release(&n);
}

static void junit_names__id_with_colons__is_a_pytest_node_id(void **state)
{
	(void)state;
	names("tests/unit/t_sched::next::all_busy", "ignored",
	      "tests.unit.t_sched.next", "all_busy");
	names("a::b [2/3]", "ignored", "a", "b [2/3]");
	/* The file part loses its extension, as pytest's module does. */
	names("./suite/t_names.sh::group::case_one", "ignored",
	      "suite.t_names.group", "case_one");
}

static void junit_names__plain_id__takes_the_file_class(void **state)
{
	(void)state;
	names("bin/bats test/a.bats", "test.a", "test.a",
	      "bin/bats test/a.bats");
	names("::x", "c", "c", "::x");
	names("x::", "bin.x", "bin.x", "x::");
}

static void gtest_case(const char *label, size_t id_len, size_t args_at,
		       const char *cls, const char *name)
{
	struct buf c = BUF_INIT, n = BUF_INIT;

	junit_gtest_case_names(label, id_len, args_at, "x", &c, &n);
	assert_string_equal(c.data, cls);
	assert_string_equal(n.data, name);
	buf_release(&c);
	buf_release(&n);
}

static void junit_gtest_case_names__arguments__follow_the_name(void **state)
{
	static const char id[] = "./unit::S.N[--x=a::b --cfg=c.json]";

	(void)state;
	/* Its "::" and '.' are the arguments', not the id's. */
	gtest_case(id, strlen(id), strlen("./unit::S.N"), "unit.S",
		   "N[--x=a::b --cfg=c.json]");
	gtest_case("./unit::I/S.N/0[-v] [2/3]", strlen("./unit::I/S.N/0[-v]"),
		   strlen("./unit::I/S.N/0"), "unit.I/S", "N/0[-v] [2/3]");
	/* None: as junit_names and junit_gtest_names. */
	gtest_case("./unit::S.N [1/2]", 11, 11, "unit.S", "N [1/2]");
}

static void junit_gtest_names__suite__moves_to_the_classname(void **state)
{
	struct buf c = BUF_INIT, n = BUF_INIT;

	(void)state;
	junit_names("build/unit_tests::Inst/Parser.Empty/0 [1/2]", "x", &c, &n);
	junit_gtest_names(&c, &n);
	assert_string_equal(c.data, "build.unit_tests.Inst/Parser");
	assert_string_equal(n.data, "Empty/0 [1/2]");
	buf_reset(&c);
	buf_reset(&n);
	buf_adds(&n, "nodot");
	junit_gtest_names(&c, &n);
	assert_int_equal(c.len, 0);
	assert_string_equal(n.data, "nodot");
	buf_release(&c);
	buf_release(&n);
}

static void file_class(const char *file, int in_path, const char *cwd,
		       const char *rootdir, const char *want)
{
	struct buf b = BUF_INIT;

	junit_file_class(file, in_path, cwd, rootdir, &b);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void junit_file_class__relative_to_the_rootdir(void **state)
{
	(void)state;
	file_class("test/a.bats", 0, "/src/p", "/src/p", "test.a");
	file_class("./t0001-init.sh", 0, "/src/p/t", "/src/p", "t.t0001-init");
	file_class("./t0001-init.sh", 0, "/src/p", "/src/p", "t0001-init");
	file_class("/src/p/tests/unit/t_a", 0, "/elsewhere", "/src/p",
		   "tests.unit.t_a");
	file_class("../x/./y//z.tar.gz", 0, "/src/p/q", "/src/p", "x.y.z.tar");
	file_class(".hidden", 0, "/r", "/r", ".hidden");
}

static void junit_file_class__outside_the_rootdir__is_absolute(void **state)
{
	(void)state;
	file_class("/usr/bin/true", 0, "/src/p", "/src/p", "usr.bin.true");
	file_class("../q/t.sh", 0, "/src/p", "/src/p", "src.q.t");
	/* Not below the rootdir by name: /src/pp is not in /src/p. */
	file_class("/src/pp/t", 0, "/src/p", "/src/p", "src.pp.t");
}

static void junit_file_class__found_in_path__is_its_name(void **state)
{
	(void)state;
	file_class("true", 1, "/src/p", "/src/p", "true");
	file_class("python3.11", 1, "/src/p", "/src/p", "python3");
}

static void junit_file_class__nothing_known__takes_the_file_as_is(void **state)
{
	(void)state;
	file_class("tests/t_a.sh", 0, NULL, NULL, "tests.t_a");
	file_class("tests/t_a.sh", 0, "", "/r", "tests.t_a");
	file_class("", 0, "/r", "/r", "xdist-exec");
	file_class(NULL, 0, "/r", "/r", "xdist-exec");
	file_class("/r", 0, "/r", "/r", "r");
}

static void junit_count__counts_like_junit_readers(void **state)
{
	static const enum outcome v[] = {
		OUTCOME_PASSED, OUTCOME_FAILED,	 OUTCOME_TIMEOUT,
		OUTCOME_ERROR,	OUTCOME_SKIPPED, OUTCOME_INTERRUPTED,
		OUTCOME_NOTRUN, OUTCOME_FLAKY,	 OUTCOME_FAILED,
	};
	struct junit_suite s = suite();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct junit_case tc = tcase("t", v[i]);

		junit_count(&s, &tc);
	}
	assert_int_equal(s.tests, 9);
	assert_int_equal(s.failures, 3);
	assert_int_equal(s.errors, 1);
	assert_int_equal(s.skipped, 3);
}

static void junit_init__writes_the_suite_and_its_totals(void **state)
{
	struct junit_case v[2];
	xmlDocPtr doc;

	(void)state;
	v[0] = tcase("a", OUTCOME_PASSED);
	v[1] = tcase("b", OUTCOME_FAILED);
	doc = doc_of(v, 2);
	expect_count(doc, "/testsuites/testsuite", 1);
	expect_xp(doc, "string(/testsuites/testsuite/@name)", "xdist-exec");
	expect_xp(doc, "string(/testsuites/testsuite/@tests)", "2");
	expect_xp(doc, "string(/testsuites/testsuite/@failures)", "1");
	expect_xp(doc, "string(/testsuites/testsuite/@errors)", "0");
	expect_xp(doc, "string(/testsuites/testsuite/@skipped)", "0");
	expect_xp(doc, "string(/testsuites/testsuite/@time)", "1.250");
	expect_xp(doc, "string(/testsuites/testsuite/@timestamp)",
		  "2024-05-01T12:34:56");
	expect_xp(doc, "string(/testsuites/testsuite/@hostname)", "host");
	expect_xp(doc,
		  "string(//testsuite/properties/property[@name='workers']"
		  "/@value)",
		  "2");
	expect_xp(doc,
		  "string(//testsuite/properties/property[@name='testrunuid']"
		  "/@value)",
		  "0123abcd");
	expect_count(doc, "//testcase", 2);
	xmlFreeDoc(doc);
}

static void junit_add_case__passed__has_no_result_element(void **state)
{
	struct junit_case tc = tcase("./t_a", OUTCOME_PASSED);
	xmlDocPtr doc;

	(void)state;
	tc.seconds = 0.1234;
	doc = one(&tc);
	expect_xp(doc, "string(//testcase/@classname)", "tests");
	expect_xp(doc, "string(//testcase/@name)", "./t_a");
	expect_xp(doc, "string(//testcase/@time)", "0.123");
	expect_count(doc, "//testcase/*[name()!='properties']", 0);
	expect_xp(doc,
		  "string(//testcase/properties/property[@name='worker']/"
		  "@value)",
		  "gw1");
	xmlFreeDoc(doc);
}

static void junit_add_case__failed__writes_failure_of_type_failed(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_FAILED);
	xmlDocPtr doc;

	(void)state;
	tc.reason = "exit status 1";
	doc = one(&tc);
	expect_xp(doc, "string(//testcase/failure/@type)", "failed");
	expect_xp(doc, "string(//testcase/failure/@message)", "exit status 1");
	expect_xp(doc, "string(//testcase/failure)", "exit status 1");
	xmlFreeDoc(doc);
}

static void
junit_add_case__crashed_worker__is_failure_of_type_crashed(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_FAILED);
	xmlDocPtr doc;

	(void)state;
	tc.crashed = 1;
	tc.reason = "worker 'gw1' crashed while running 't'";
	doc = one(&tc);
	expect_xp(doc, "string(//testcase/failure/@type)", "crashed");
	expect_xp(doc, "string(//testcase/failure/@message)",
		  "worker 'gw1' crashed while running 't'");
	xmlFreeDoc(doc);
}

static void junit_add_case__timeout__is_failure_of_type_timeout(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_TIMEOUT);
	xmlDocPtr doc;

	(void)state;
	tc.reason = "timed out after 1.00s (limit 1s)";
	doc = one(&tc);
	expect_xp(doc, "string(//testcase/failure/@type)", "timeout");
	xmlFreeDoc(doc);
}

static void junit_add_case__error__writes_error(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_ERROR);
	xmlDocPtr doc;

	(void)state;
	tc.reason = "cannot execute: No such file or directory";
	doc = one(&tc);
	expect_count(doc, "//testcase/failure", 0);
	expect_xp(doc, "string(//testcase/error/@type)", "error");
	expect_xp(doc, "string(//testcase/error/@message)",
		  "cannot execute: No such file or directory");
	xmlFreeDoc(doc);
}

static void
junit_add_case__skipped_interrupted_not_run__write_skipped(void **state)
{
	struct junit_case v[3];
	xmlDocPtr doc;

	(void)state;
	v[0] = tcase("s", OUTCOME_SKIPPED);
	v[0].reason = "exit status 77";
	v[1] = tcase("i", OUTCOME_INTERRUPTED);
	v[1].reason = "stopped by xdist-exec";
	v[2] = tcase("n", OUTCOME_NOTRUN);
	v[2].worker = NULL;
	doc = doc_of(v, 3);
	expect_xp(doc, "string(//testcase[@name='s']/skipped/@message)",
		  "exit status 77");
	expect_xp(doc, "string(//testcase[@name='i']/skipped/@message)",
		  "interrupted");
	expect_xp(doc, "string(//testcase[@name='n']/skipped/@message)",
		  "not run");
	/* A run that never ran has no worker, and so no properties. */
	expect_count(doc, "//testcase[@name='n']/properties", 0);
	expect_xp(doc, "string(//testsuite/@skipped)", "3");
	xmlFreeDoc(doc);
}

static void junit_add_case__flaky__passes_with_a_flaky_property(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_FLAKY);
	xmlDocPtr doc;

	(void)state;
	tc.attempts = 3;
	tc.reason = "passed on attempt 3 of 3";
	doc = one(&tc);
	expect_count(doc,
		     "//testcase/failure|//testcase/error|"
		     "//testcase/skipped",
		     0);
	expect_xp(doc,
		  "string(//testcase/properties/property[@name='flaky']/"
		  "@value)",
		  "3");
	expect_xp(doc, "string(//testsuite/@failures)", "0");
	xmlFreeDoc(doc);
}

static void junit_add_case__xfailed__is_pytests_xfail_skip(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_XFAILED);
	struct junit_suite s;
	xmlDocPtr doc;

	(void)state;
	tc.reason = "known bug";
	doc = one(&tc);
	expect_xp(doc, "string(//testcase/skipped/@type)", "pytest.xfail");
	expect_xp(doc, "string(//testcase/skipped/@message)", "known bug");
	expect_count(doc, "//testcase/failure", 0);
	xmlFreeDoc(doc);
	memset(&s, 0, sizeof(s));
	junit_count(&s, &tc);
	assert_int_equal(s.skipped, 1);
	assert_int_equal(s.failures, 0);
}

static void junit_add_case__xpassed__is_a_pass_as_in_pytest(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_XPASSED);
	struct junit_suite s;
	xmlDocPtr doc;

	(void)state;
	tc.reason = "known bug";
	doc = one(&tc);
	expect_count(doc, "//testcase/*[name()!='properties']", 0);
	xmlFreeDoc(doc);
	memset(&s, 0, sizeof(s));
	junit_count(&s, &tc);
	assert_int_equal(s.tests, 1);
	assert_int_equal(s.skipped + s.failures + s.errors, 0);
}

static void junit_add_case__output__is_in_system_out_verbatim(void **state)
{
	static const char out[] = "line 1 <&> \"q\"\n\tline 2\r\nend";
	struct junit_case tc = tcase("t", OUTCOME_PASSED);
	xmlDocPtr doc;

	(void)state;
	tc.out = out;
	tc.out_len = sizeof(out) - 1;
	doc = one(&tc);
	/* CR survives the parser's newline normalisation: written &#13;. */
	expect_xp(doc, "string(//testcase/system-out)", out);
	xmlFreeDoc(doc);
}

static void junit_add_case__no_output__has_no_system_out(void **state)
{
	struct junit_case tc = tcase("t", OUTCOME_PASSED);
	xmlDocPtr doc;

	(void)state;
	doc = one(&tc);
	expect_count(doc, "//system-out", 0);
	xmlFreeDoc(doc);
}

static void junit_add_case__bad_bytes_anywhere__stay_well_formed(void **state)
{
	static const char out[] = "ok\x01\x1b[31mred\x00nul \xff\xfe "
				  "\xed\xa0\x80 \xef\xbf\xbf end";
	struct junit_case tc = tcase("id \xc3(\x02", OUTCOME_FAILED);
	xmlDocPtr doc;

	(void)state;
	tc.classname = "cls\x7f\xf8";
	tc.reason = "why\x03\xe2\x82";
	tc.worker = "gw\x01";
	tc.out = out;
	tc.out_len = sizeof(out) - 1;
	doc = one(&tc);
	expect_xp(doc, "string(//testcase/@name)", "id " FFFD "(\\x02");
	expect_xp(doc, "string(//testcase/@classname)", "cls\x7f" FFFD);
	expect_xp(doc, "string(//testcase/failure/@message)", "why\\x03" FFFD);
	expect_xp(doc, "string(//testcase/properties/property/@value)",
		  "gw\\x01");
	expect_xp(doc, "string(//testcase/system-out)",
		  "ok\\x01\\x1b[31mred\\x00nul " FFFD FFFD " " FFFD FFFD FFFD
		  " " FFFD " end");
	xmlFreeDoc(doc);
}

/* tests/junit.xsd, from $SRCDIR or the current directory. */
static char *schema_path(void)
{
	const char *src = getenv("SRCDIR");
	char *p;

	if (asprintf(&p, "%s/tests/junit.xsd", src && *src ? src : ".") < 0)
		return NULL;
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

static void junit__every_outcome__validates_against_the_schema(void **state)
{
	static const enum outcome v[] = {
		OUTCOME_PASSED,	     OUTCOME_FAILED,  OUTCOME_TIMEOUT,
		OUTCOME_ERROR,	     OUTCOME_SKIPPED, OUTCOME_FLAKY,
		OUTCOME_INTERRUPTED, OUTCOME_NOTRUN,  OUTCOME_XFAILED,
		OUTCOME_XPASSED,
	};
	struct junit_case tc[12];
	struct buf b = BUF_INIT;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaPtr schema;
	xmlDocPtr doc;
	char *path = schema_path();
	size_t i;

	(void)state;
	if (!path)
		skip();
	for (i = 0; i < 10; i++) {
		tc[i] = tcase("t", v[i]);
		tc[i].reason = "why\x01";
		tc[i].out = "out\x02\xff\n";
		tc[i].out_len = 7;
		tc[i].attempts = 2;
	}
	tc[10] = tcase("crashed", OUTCOME_FAILED);
	tc[10].crashed = 1;
	tc[11] = tcase("bare", OUTCOME_NOTRUN);
	tc[11].worker = NULL;
	write_doc(&b, tc, 12);
	doc = parse(&b);
	pc = xmlSchemaNewParserCtxt(path);
	schema = xmlSchemaParse(pc);
	assert_non_null(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	xmlFreeDoc(doc);
	buf_release(&b);
	free(path);
}

/* A sink that takes `room` bytes, then says the disk is full. */
struct full_disk {
	size_t room;
	size_t taken;
};

static int write_full(void *ctx, const char *p, size_t n)
{
	struct full_disk *d = ctx;

	(void)p;
	if (d->taken + n > d->room) {
		errno = ENOSPC;
		return -1;
	}
	d->taken += n;
	return 0;
}

static void junit__write_error__fails_with_its_errno(void **state)
{
	struct full_disk d = {100, 0};
	struct junit_suite s = suite();
	struct junit_case tc = tcase("t", OUTCOME_PASSED);
	struct junit j;
	char big[10000];
	int rc, i;

	(void)state;
	memset(big, 'x', sizeof(big));
	tc.out = big;
	tc.out_len = sizeof(big);
	rc = junit_init(&j, write_full, &d, &s);
	for (i = 0; i < 3 && rc == 0; i++)
		rc = junit_add_case(&j, &tc);
	if (rc == 0)
		rc = junit_finish(&j);
	assert_int_equal(rc, -1);
	assert_int_equal(errno, ENOSPC);
	junit_release(&j);
}

static void junit__small_document_to_a_full_disk__fails_at_finish(void **state)
{
	struct full_disk d = {10, 0};
	struct junit_suite s = suite();
	struct junit j;

	(void)state;
	/* libxml2 buffers: nothing reaches the sink before the flush. */
	assert_int_equal(junit_init(&j, write_full, &d, &s), 0);
	assert_int_equal(junit_finish(&j), -1);
	assert_int_equal(errno, ENOSPC);
	junit_release(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			junit_names__id_with_colons__is_a_pytest_node_id),
		cmocka_unit_test(junit_names__plain_id__takes_the_file_class),
		cmocka_unit_test(
			junit_gtest_names__suite__moves_to_the_classname),
		cmocka_unit_test(
			junit_gtest_case_names__arguments__follow_the_name),
		cmocka_unit_test(junit_file_class__relative_to_the_rootdir),
		cmocka_unit_test(
			junit_file_class__outside_the_rootdir__is_absolute),
		cmocka_unit_test(junit_file_class__found_in_path__is_its_name),
		cmocka_unit_test(
			junit_file_class__nothing_known__takes_the_file_as_is),
		cmocka_unit_test(junit_count__counts_like_junit_readers),
		cmocka_unit_test(junit_init__writes_the_suite_and_its_totals),
		cmocka_unit_test(junit_add_case__passed__has_no_result_element),
		cmocka_unit_test(
			junit_add_case__failed__writes_failure_of_type_failed),
		cmocka_unit_test(
			junit_add_case__crashed_worker__is_failure_of_type_crashed),
		cmocka_unit_test(
			junit_add_case__timeout__is_failure_of_type_timeout),
		cmocka_unit_test(junit_add_case__error__writes_error),
		cmocka_unit_test(
			junit_add_case__skipped_interrupted_not_run__write_skipped),
		cmocka_unit_test(
			junit_add_case__flaky__passes_with_a_flaky_property),
		cmocka_unit_test(
			junit_add_case__xfailed__is_pytests_xfail_skip),
		cmocka_unit_test(
			junit_add_case__xpassed__is_a_pass_as_in_pytest),
		cmocka_unit_test(
			junit_add_case__output__is_in_system_out_verbatim),
		cmocka_unit_test(junit_add_case__no_output__has_no_system_out),
		cmocka_unit_test(
			junit_add_case__bad_bytes_anywhere__stay_well_formed),
		cmocka_unit_test(
			junit__every_outcome__validates_against_the_schema),
		cmocka_unit_test(junit__write_error__fails_with_its_errno),
		cmocka_unit_test(
			junit__small_document_to_a_full_disk__fails_at_finish),
	};
	struct buf err = BUF_INIT;

	if (junit_load(&err) < 0) {
		fprintf(stderr, "%s\n", err.data);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
