/*
 * Unit tests for launcher/report/jsonl.[ch]: the --report-log event lines, read
 * back with cJSON's parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cjson.h"
#include "jsonl.h"
#include "proto.h"

#define FFFD "\xef\xbf\xbd"

/* The buf holds exactly one line: parse it (NULL: not JSON). */
static cJSON *parse_line(const struct buf *b)
{
	cJSON *o;

	assert_non_null(b->data);
	assert_true(b->len > 1);
	assert_int_equal(b->data[b->len - 1], '\n');
	assert_null(memchr(b->data, '\n', b->len - 1));
	o = cJSON_ParseWithLength(b->data, b->len);
	assert_non_null(o);
	assert_true(cJSON_IsObject(o));
	return o;
}

static const cJSON *get(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v)
		fail_msg("no \"%s\" in the event", key);
	return v;
}

static void expect_str(const cJSON *o, const char *key, const char *want)
{
	const cJSON *v = get(o, key);

	assert_true(cJSON_IsString(v));
	assert_string_equal(v->valuestring, want);
}

static void expect_num(const cJSON *o, const char *key, double want)
{
	const cJSON *v = get(o, key);

	assert_true(cJSON_IsNumber(v));
	assert_true(v->valuedouble == want);
}

static void expect_null(const cJSON *o, const char *key)
{
	assert_true(cJSON_IsNull(get(o, key)));
}

static struct jsonl_result result(void)
{
	struct jsonl_result r;

	memset(&r, 0, sizeof(r));
	r.id = "./t_a";
	r.classname = "t_a";
	r.name = "./t_a";
	r.run = 3;
	r.outcome = OUTCOME_PASSED;
	r.duration = 0.25;
	r.kind = KIND_EXITED;
	r.code = 0;
	r.worker = "gw1";
	r.attempt = 1;
	r.time = 1700000000.5;
	return r;
}

static cJSON *result_line(const struct jsonl_result *r)
{
	struct buf b = BUF_INIT;
	cJSON *o;

	jsonl_test_result(&b, r);
	o = parse_line(&b);
	buf_release(&b);
	return o;
}

static void jsonl_outcome_name__names_every_outcome(void **state)
{
	(void)state;
	assert_string_equal(jsonl_outcome_name(OUTCOME_PASSED), "passed");
	assert_string_equal(jsonl_outcome_name(OUTCOME_FAILED), "failed");
	assert_string_equal(jsonl_outcome_name(OUTCOME_SKIPPED), "skipped");
	assert_string_equal(jsonl_outcome_name(OUTCOME_ERROR), "error");
	assert_string_equal(jsonl_outcome_name(OUTCOME_FLAKY), "flaky");
	assert_string_equal(jsonl_outcome_name(OUTCOME_TIMEOUT), "timeout");
	assert_string_equal(jsonl_outcome_name(OUTCOME_INTERRUPTED),
			    "interrupted");
	assert_string_equal(jsonl_outcome_name(OUTCOME_NOTRUN), "notrun");
}

static void jsonl_outcome_name__xfail_outcomes__are_pytests(void **state)
{
	(void)state;
	assert_string_equal(jsonl_outcome_name(OUTCOME_XFAILED), "xfailed");
	assert_string_equal(jsonl_outcome_name(OUTCOME_XPASSED), "xpassed");
}

static void jsonl_run_start__writes_one_line_with_the_run(void **state)
{
	struct buf b = BUF_INIT;
	cJSON *o;

	(void)state;
	jsonl_run_start(&b, "0.1.0", 4, "abc123", 120, 1700000000.25);
	o = parse_line(&b);
	expect_str(o, "event", "run_start");
	expect_str(o, "version", "0.1.0");
	expect_num(o, "workers", 4);
	expect_str(o, "testrunuid", "abc123");
	expect_num(o, "tests", 120);
	expect_num(o, "time", 1700000000.25);
	/* The event name comes first, for readers that grep. */
	assert_memory_equal(b.data, "{\"event\":\"run_start\"", 20);
	cJSON_Delete(o);
	buf_release(&b);
}

static void jsonl_test_start__names_the_run_and_worker(void **state)
{
	struct buf b = BUF_INIT;
	cJSON *o;

	(void)state;
	jsonl_test_start(&b, "./t_a --x", "t_a", "./t_a --x", 7, "gw2", 2, 5.5);
	o = parse_line(&b);
	expect_str(o, "event", "test_start");
	expect_str(o, "id", "./t_a --x");
	expect_str(o, "classname", "t_a");
	expect_str(o, "name", "./t_a --x");
	expect_num(o, "run", 7);
	expect_str(o, "worker", "gw2");
	expect_num(o, "attempt", 2);
	expect_num(o, "time", 5.5);
	cJSON_Delete(o);
	buf_release(&b);
}

static void
jsonl_test_result__passed__has_exit_status_and_null_signal(void **state)
{
	struct jsonl_result r = result();
	cJSON *o;

	(void)state;
	o = result_line(&r);
	expect_str(o, "event", "test_result");
	expect_str(o, "id", "./t_a");
	expect_str(o, "classname", "t_a");
	expect_str(o, "name", "./t_a");
	expect_num(o, "run", 3);
	expect_str(o, "outcome", "passed");
	expect_num(o, "duration", 0.25);
	expect_num(o, "exit_status", 0);
	expect_null(o, "signal");
	expect_str(o, "worker", "gw1");
	expect_num(o, "attempt", 1);
	expect_null(o, "reason");
	expect_num(o, "time", 1700000000.5);
	cJSON_Delete(o);
}

static void
jsonl_test_result__signaled__has_signal_name_and_null_status(void **state)
{
	struct jsonl_result r = result();
	cJSON *o;

	(void)state;
	r.outcome = OUTCOME_FAILED;
	r.kind = KIND_SIGNALED;
	r.code = SIGSEGV;
	r.reason = "killed by signal SIGSEGV (core dumped)";
	o = result_line(&r);
	expect_str(o, "outcome", "failed");
	expect_null(o, "exit_status");
	expect_str(o, "signal", "SIGSEGV");
	expect_str(o, "reason", "killed by signal SIGSEGV (core dumped)");
	cJSON_Delete(o);
}

static void jsonl_test_result__crashed_or_not_run__has_nulls(void **state)
{
	struct jsonl_result r = result();
	cJSON *o;

	(void)state;
	r.outcome = OUTCOME_NOTRUN;
	r.kind = 0;
	r.worker = NULL;
	o = result_line(&r);
	expect_str(o, "outcome", "notrun");
	expect_null(o, "exit_status");
	expect_null(o, "signal");
	expect_null(o, "worker");
	cJSON_Delete(o);
	r = result();
	r.outcome = OUTCOME_FAILED;
	r.kind = -1;
	r.code = 0;
	o = result_line(&r);
	expect_null(o, "exit_status");
	expect_null(o, "signal");
	cJSON_Delete(o);
}

static void jsonl_test_result__bad_bytes__still_make_valid_json(void **state)
{
	struct jsonl_result r = result();
	cJSON *o;

	(void)state;
	r.id = "t\xff\x01\"\\\n\xe2\x82";
	r.reason = "caf\xc3\xa9 \xc3";
	o = result_line(&r);
	/* Control bytes are JSON escapes; invalid UTF-8 is U+FFFD. */
	expect_str(o, "id", "t" FFFD "\x01\"\\\n" FFFD);
	expect_str(o, "reason", "caf\xc3\xa9 " FFFD);
	cJSON_Delete(o);
}

static void jsonl_run_end__writes_every_count(void **state)
{
	size_t counts[OUTCOME_MAX] = {0};
	struct buf b = BUF_INIT;
	const cJSON *n;
	cJSON *o;
	int k;

	(void)state;
	for (k = 0; k < OUTCOME_MAX; k++)
		counts[k] = (size_t)k * 10;
	jsonl_run_end(&b, 2, counts, NULL, 4.5, 9.0);
	o = parse_line(&b);
	expect_str(o, "event", "run_end");
	expect_num(o, "exit_status", 2);
	expect_num(o, "duration", 4.5);
	expect_num(o, "time", 9.0);
	n = get(o, "counts");
	assert_true(cJSON_IsObject(n));
	assert_int_equal(cJSON_GetArraySize(n), OUTCOME_MAX - 1);
	for (k = OUTCOME_PASSED; k < OUTCOME_MAX; k++)
		expect_num(n, jsonl_outcome_name((enum outcome)k), k * 10);
	cJSON_Delete(o);
	buf_release(&b);
}

static void jsonl_case__a_tap_case__has_its_fields(void **state)
{
	struct buf b = BUF_INIT;
	struct tap_case c;
	size_t counts[OUTCOME_MAX] = {0};
	unsigned long long cases[TAP_NSTATUS] = {5, 1, 2, 0, 0};
	cJSON *o;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.number = 12;
	c.status = TAP_SKIPPED;
	c.desc = "init with template and more";
	c.desc_len = 18;
	c.reason = "no db";
	c.reason_len = 5;
	jsonl_case(&b, "t/t0001-init.sh", 3, 2, &c, 9.0);
	o = parse_line(&b);
	expect_str(o, "event", "case");
	expect_str(o, "id", "t/t0001-init.sh");
	expect_num(o, "run", 3);
	expect_num(o, "attempt", 2);
	expect_num(o, "number", 12);
	expect_str(o, "status", "skipped");
	expect_str(o, "description", "init with template");
	expect_str(o, "reason", "no db");
	assert_true(cJSON_IsNull(get(o, "yaml")));
	cJSON_Delete(o);
	buf_reset(&b);
	jsonl_run_end(&b, 1, counts, cases, 1.0, 2.0);
	o = parse_line(&b);
	expect_num(get(o, "cases"), "passed", 5);
	expect_num(get(o, "cases"), "skipped", 2);
	expect_num(get(o, "cases"), "todo passed", 0);
	cJSON_Delete(o);
	buf_release(&b);
}

static void jsonl__events__append_lines_to_the_buf(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonl_result r = result();
	size_t i, lines = 0;

	(void)state;
	jsonl_test_start(&b, "a", "a", "a", 0, "gw0", 1, 1.0);
	jsonl_test_result(&b, &r);
	for (i = 0; i < b.len; i++)
		lines += b.data[i] == '\n';
	assert_int_equal(lines, 2);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jsonl_outcome_name__names_every_outcome),
		cmocka_unit_test(
			jsonl_outcome_name__xfail_outcomes__are_pytests),
		cmocka_unit_test(jsonl_run_start__writes_one_line_with_the_run),
		cmocka_unit_test(jsonl_test_start__names_the_run_and_worker),
		cmocka_unit_test(
			jsonl_test_result__passed__has_exit_status_and_null_signal),
		cmocka_unit_test(
			jsonl_test_result__signaled__has_signal_name_and_null_status),
		cmocka_unit_test(
			jsonl_test_result__crashed_or_not_run__has_nulls),
		cmocka_unit_test(
			jsonl_test_result__bad_bytes__still_make_valid_json),
		cmocka_unit_test(jsonl_run_end__writes_every_count),
		cmocka_unit_test(jsonl_case__a_tap_case__has_its_fields),
		cmocka_unit_test(jsonl__events__append_lines_to_the_buf),
	};
	struct buf err = BUF_INIT;

	if (cjson_load(&err) < 0) {
		fprintf(stderr, "%s\n", err.data);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
