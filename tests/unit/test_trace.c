/*
 * Unit tests for launcher/report/trace.[ch]'s trace_format: one trace
 * event as JSON, read back with cJSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cjson.h"
#include "trace.h"

static cJSON *parse(const struct buf *b)
{
	cJSON *o = cJSON_ParseWithLength(b->data, b->len);

	assert_non_null(o);
	return o;
}

static void trace_format__complete_event__has_times_lane_and_args(void **state)
{
	struct trace_event e;
	struct buf b = BUF_INIT;
	cJSON *o, *args;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.ph = 'X';
	e.name = "./t_login";
	e.cat = "test";
	e.ts = 1500;
	e.dur = 250000;
	e.tid = 3;
	e.args[0].key = "outcome";
	e.args[0].str = "failed";
	e.args[1].key = "exit_status";
	e.args[1].num = 2;
	e.nargs = 2;
	trace_format(&b, &e);
	assert_null(memchr(b.data, '\n', b.len));
	o = parse(&b);
	assert_string_equal(cJSON_GetObjectItem(o, "ph")->valuestring, "X");
	assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring,
			    "./t_login");
	assert_int_equal(cJSON_GetObjectItem(o, "ts")->valuedouble, 1500);
	assert_int_equal(cJSON_GetObjectItem(o, "dur")->valuedouble, 250000);
	assert_int_equal(cJSON_GetObjectItem(o, "tid")->valuedouble, 3);
	assert_int_equal(cJSON_GetObjectItem(o, "pid")->valuedouble, 1);
	args = cJSON_GetObjectItem(o, "args");
	assert_string_equal(cJSON_GetObjectItem(args, "outcome")->valuestring,
			    "failed");
	assert_int_equal(cJSON_GetObjectItem(args, "exit_status")->valuedouble,
			 2);
	cJSON_Delete(o);
	buf_release(&b);
}

static void trace_format__counter_without_lane__has_no_tid_nor_dur(void **state)
{
	struct trace_event e;
	struct buf b = BUF_INIT;
	cJSON *o;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.ph = 'C';
	e.name = "tests";
	e.tid = -1;
	trace_format(&b, &e);
	o = parse(&b);
	assert_null(cJSON_GetObjectItem(o, "tid"));
	assert_null(cJSON_GetObjectItem(o, "dur"));
	assert_null(cJSON_GetObjectItem(o, "args"));
	cJSON_Delete(o);
	buf_release(&b);
}

static void trace_format__instant_on_a_lane__is_thread_scoped(void **state)
{
	struct trace_event e;
	struct buf b = BUF_INIT;
	cJSON *o;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.ph = 'i';
	e.name = "worker down";
	e.tid = 0;
	trace_format(&b, &e);
	o = parse(&b);
	assert_string_equal(cJSON_GetObjectItem(o, "s")->valuestring, "t");
	cJSON_Delete(o);
	buf_release(&b);
}

static void trace_format__id_with_bad_bytes__is_repaired_json(void **state)
{
	struct trace_event e;
	struct buf b = BUF_INIT;
	cJSON *o;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.ph = 'X';
	e.name = "t \"q\" \xff\x01<script>";
	e.tid = 0;
	trace_format(&b, &e);
	o = parse(&b);
	assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring,
			    "t \"q\" \xef\xbf\xbd\x01<script>");
	cJSON_Delete(o);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			trace_format__complete_event__has_times_lane_and_args),
		cmocka_unit_test(
			trace_format__counter_without_lane__has_no_tid_nor_dur),
		cmocka_unit_test(
			trace_format__instant_on_a_lane__is_thread_scoped),
		cmocka_unit_test(
			trace_format__id_with_bad_bytes__is_repaired_json),
	};
	struct buf err = BUF_INIT;

	if (cjson_load(&err) < 0) {
		fprintf(stderr, "%s\n", err.data);
		return 1;
	}
	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
