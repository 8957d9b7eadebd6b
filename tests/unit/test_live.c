/*
 * Unit tests for launcher/report/live.[ch]: the terminal's status area as bytes
 * (cursor movement included) and the fitting of lines to the width.  The
 * ETA estimator is in test_live_eta.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "live_support.h"

static const char *text(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* The 42/120 view of the header's example: two workers, one busy. */
static struct live_worker two[2];

static struct live_view example(void)
{
	struct live_view v;

	memset(two, 0, sizeof(two));
	two[0].name = "gw0";
	two[0].state = LIVE_TEST;
	two[0].label = "./t_login";
	two[0].running_ns = MS(3250);
	two[0].expect_ns = -1;
	two[1].name = "gw1";
	two[1].state = LIVE_IDLE;
	memset(&v, 0, sizeof(v));
	v.done = 42;
	v.total = 120;
	v.failed = 2;
	v.elapsed_ns = S(12);
	v.eta_ns = S(17);
	v.workers = two;
	v.nworkers = 2;
	return v;
}

/* s without its CSI sequences (ESC '[' parameters final-byte) and '\r'
   (or with '\r' as a line break: a redraw starts over on its first row). */
static char *plain_cr(const char *s, int cr_breaks)
{
	char *p = malloc(strlen(s) + 1), *o = p;

	assert_non_null(p);
	while (*s) {
		if (s[0] == '\033' && s[1] == '[') {
			s += 2;
			while (*s && !(*s >= 0x40 && *s <= 0x7e))
				s++;
			if (*s)
				s++;
			continue;
		}
		if (*s != '\r')
			*o++ = *s;
		else if (cr_breaks)
			*o++ = '\n';
		s++;
	}
	*o = '\0';
	return p;
}

static char *plain(const char *s)
{
	return plain_cr(s, 0);
}

/* Every line of s, escapes aside, is at most max bytes. */
static void assert_lines_within(const char *s, size_t max)
{
	char *p = plain_cr(s, 1), *line = p;

	for (;;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (len > max)
			fail_msg("line of %zu bytes, limit %zu: '%.*s'", len,
				 max, (int)len, line);
		if (!nl)
			break;
		line = nl + 1;
	}
	free(p);
}

/* Well-formed UTF-8 (no cut character). */
static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t k = *p < 0x80		 ? 1
			   : (*p & 0xe0) == 0xc0 ? 2
			   : (*p & 0xf0) == 0xe0 ? 3
			   : (*p & 0xf8) == 0xf0 ? 4
						 : 0;
		size_t i;

		if (!k)
			return 0;
		for (i = 1; i < k; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += k;
	}
	return 1;
}

/* Every escape in s is ESC [ digits, then A, K or J: no colour. */
static int only_cursor_moves(const char *s)
{
	int any = 0;

	while ((s = strchr(s, '\033'))) {
		s++;
		if (*s++ != '[')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
		if (!*s || !strchr("AKJ", *s))
			return 0;
		any = 1;
	}
	return any;
}

/* The n-th line (0-based) of s with its escapes removed. */
static char *line_of(const char *s, size_t n)
{
	char *p = plain(s), *line = p, *r;
	size_t len;

	while (n--) {
		line = strchr(line, '\n');
		assert_non_null(line);
		line++;
	}
	len = strcspn(line, "\n");
	r = strndup(line, len);
	free(p);
	return r;
}

static size_t count_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
live_draw__first_frame__is_plain_lines_ending_at_the_cursor(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	assert_string_equal(
		text(&out),
		"[=====>          ] 42/120  2 failed  0:12 elapsed  ETA 0:17\n"
		"gw0  ./t_login (3.2s)\n"
		"gw1  idle");
	assert_int_equal(l.lines_drawn, 3);
	buf_release(&out);
	live_release(&l);
}

static void
live_clear__after_a_draw__goes_up_to_the_first_row_and_erases(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	buf_reset(&out);
	live_clear(&l, &out);
	assert_string_equal(text(&out), "\r\033[2A\033[J");
	assert_int_equal(l.lines_drawn, 0);
	buf_release(&out);
	live_release(&l);
}

static void live_clear__one_line_drawn__does_not_move_up(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	v.nworkers = 0;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	assert_int_equal(l.lines_drawn, 1);
	buf_reset(&out);
	live_clear(&l, &out);
	assert_string_equal(text(&out), "\r\033[J");
	buf_release(&out);
	live_release(&l);
}

static void live_clear__nothing_drawn__appends_nothing(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_clear(&l, &out);
	assert_int_equal(out.len, 0);
	live_draw(&l, &out, &v);
	live_clear(&l, &out);
	buf_reset(&out);
	live_clear(&l, &out);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	live_release(&l);
}

static void
live_clear__then_text_then_draw__puts_the_text_where_the_area_was(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	buf_reset(&out);
	live_clear(&l, &out);
	buf_adds(&out, "[gw1] [ 35%] FAILED ./t_x (0.10s)\n");
	live_draw(&l, &out, &v);
	/* Cleared, the area is drawn afresh under the text: no ESC[K. */
	assert_string_equal(
		text(&out),
		"\r\033[2A\033[J"
		"[gw1] [ 35%] FAILED ./t_x (0.10s)\n"
		"[=====>          ] 42/120  2 failed  0:12 elapsed  ETA 0:17\n"
		"gw0  ./t_login (3.2s)\n"
		"gw1  idle");
	buf_release(&out);
	live_release(&l);
}

static void
live_draw__over_a_drawn_area__rewrites_each_line_in_place(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	buf_reset(&out);
	v.done = 43;
	two[0].running_ns = MS(3300);
	live_draw(&l, &out, &v);
	assert_string_equal(
		text(&out),
		"\r\033[2A"
		"[=====>          ] 43/120  2 failed  0:12 elapsed  ETA 0:17"
		"\033[K\n"
		"gw0  ./t_login (3.3s)\033[K\n"
		"gw1  idle\033[J");
	assert_int_equal(l.lines_drawn, 3);
	buf_release(&out);
	live_release(&l);
}

static void
live_draw__same_view_twice__appends_nothing_the_second_time(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 1);
	live_draw(&l, &out, &v);
	buf_reset(&out);
	two[0].running_ns = MS(3299); /* still shows 3.2s */
	live_draw(&l, &out, &v);
	assert_int_equal(out.len, 0);
	assert_int_equal(l.lines_drawn, 3);
	buf_release(&out);
	live_release(&l);
}

static void
live_draw__fewer_lines_than_before__erases_the_rows_left_over(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	buf_reset(&out);
	v.nworkers = 1;
	live_draw(&l, &out, &v);
	assert_string_equal(
		text(&out),
		"\r\033[2A"
		"[=====>          ] 42/120  2 failed  0:12 elapsed  ETA 0:17"
		"\033[K\n"
		"gw0  ./t_login (3.2s)\033[J");
	assert_int_equal(l.lines_drawn, 2);
	buf_reset(&out);
	live_clear(&l, &out);
	assert_string_equal(text(&out), "\r\033[1A\033[J");
	buf_release(&out);
	live_release(&l);
}

static void live_draw__width_zero__appends_nothing_ever(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 0, 24, 1);
	live_draw(&l, &out, &v);
	live_draw(&l, &out, &v);
	live_resize(&l, 80, 24);
	live_draw(&l, &out, &v);
	live_clear(&l, &out);
	assert_int_equal(out.len, 0);
	assert_int_equal(l.lines_drawn, 0);
	buf_release(&out);
	live_release(&l);
}

static void live_draw__color_off__emits_no_escape_byte(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	v.errors = 1;
	two[1].state = LIVE_DOWN;
	live_init(&l, 100, 24, 0);
	live_draw(&l, &out, &v);
	assert_null(memchr(out.data, '\033', out.len));
	/* A redraw moves the cursor, but paints nothing. */
	v.done++;
	live_draw(&l, &out, &v);
	live_clear(&l, &out);
	assert_true(only_cursor_moves(text(&out)));
	buf_release(&out);
	live_release(&l);
}

static void live_draw__color_on__paints_the_bar_and_the_failures(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;

	(void)state;
	live_init(&l, 60, 24, 1);
	live_draw(&l, &out, &v);
	assert_non_null(strstr(text(&out), "[\033[31m=====>\033[0m "));
	assert_non_null(strstr(text(&out), "\033[31m2 failed\033[0m"));
	assert_non_null(strstr(text(&out), "gw1  \033[2midle\033[0m"));
	/* The colour costs no width. */
	p = line_of(text(&out), 0);
	assert_string_equal(
		p,
		"[=====>          ] 42/120  2 failed  0:12 elapsed  ETA 0:17");
	free(p);
	buf_reset(&out);
	live_clear(&l, &out);
	v.failed = 0;
	live_draw(&l, &out, &v);
	assert_non_null(strstr(text(&out), "[\033[32m="));
	buf_release(&out);
	live_release(&l);
}

static void live_draw__unknown_eta__shows_no_eta(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;

	(void)state;
	v.eta_ns = -1;
	v.failed = 0;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 0);
	assert_string_equal(p, "[============>                       ] "
			       "42/120  0:12 elapsed");
	free(p);
	buf_release(&out);
	live_release(&l);
}

static void live_draw__tap_cases__are_counted_on_the_bar(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;

	(void)state;
	v.eta_ns = -1;
	v.cases = 10133;
	v.cases_failed = 3;
	live_init(&l, 100, 24, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 0);
	assert_non_null(strstr(p, "] 42/120 (10,133 cases)  2 failed, 3 failed "
				  "cases  0:12 elapsed"));
	free(p);
	buf_release(&out);
	live_release(&l);
}

static void live_draw__all_done__fills_the_bar(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;

	(void)state;
	v.done = v.total = 3;
	v.failed = 0;
	v.eta_ns = 0;
	v.elapsed_ns = S(3723);
	live_init(&l, 70, 24, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 0);
	assert_string_equal(p, "[====================================] 3/3  "
			       "1:02:03 elapsed  ETA 0:00");
	free(p);
	buf_release(&out);
	live_release(&l);
}

static void
live_draw__narrow_terminal__drops_elapsed_then_eta_then_the_bar(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	static const struct {
		int width;
		const char *bar;
	} cases[] = {
		{60,
		 "[=====>          ] 42/120  2 failed  0:12 elapsed  ETA 0:17"},
		{54, "[===>      ] 42/120  2 failed  0:12 elapsed  ETA 0:17"},
		{53, "[========>              ] 42/120  2 failed  ETA 0:17"},
		{40, "[===>      ] 42/120  2 failed  ETA 0:17"},
		{39, "[======>            ] 42/120  2 failed"},
		{30, "[===>      ] 42/120  2 failed"},
		{29, "42/120  2 failed"},
		{12, "42/120  2 f"},
		{2, "4"},
		{1, ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p;

		live_init(&l, cases[i].width, 24, 0);
		buf_reset(&out);
		live_draw(&l, &out, &v);
		p = line_of(text(&out), 0);
		assert_string_equal(p, cases[i].bar);
		free(p);
		live_release(&l);
	}
	buf_release(&out);
}

static void live_draw__long_id__is_cut_with_dots_keeping_its_time(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;

	(void)state;
	two[0].label = "./tests/integration/t_a_rather_long_name.sh --flag";
	live_init(&l, 40, 24, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 1);
	assert_string_equal(p, "gw0  ./tests/integration/t_a_... (3.2s)");
	assert_int_equal(strlen(p), 39);
	free(p);
	/* Too narrow for the time: the id goes first. */
	live_release(&l);
	buf_reset(&out);
	live_init(&l, 18, 24, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 1);
	assert_string_equal(p, "gw0  ./tests/i...");
	free(p);
	buf_release(&out);
	live_release(&l);
}

static void live_draw__names_of_different_lengths__are_aligned(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_worker w[11];
	struct live_view v = example();
	static const char *names[] = {"gw0", "gw1", "gw2", "gw3", "gw4", "gw5",
				      "gw6", "gw7", "gw8", "gw9", "gw10"};
	char *p;
	size_t i;

	(void)state;
	memset(w, 0, sizeof(w));
	for (i = 0; i < 11; i++) {
		w[i].name = names[i];
		w[i].state = LIVE_IDLE;
	}
	w[10].state = LIVE_STARTING;
	v.workers = w;
	v.nworkers = 11;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 1);
	assert_string_equal(p, "gw0   idle");
	free(p);
	p = line_of(text(&out), 11);
	assert_string_equal(p, "gw10  starting");
	free(p);
	buf_release(&out);
	live_release(&l);
}

static void
live_draw__more_workers_than_rows__shows_busy_ones_then_a_count(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_worker w[8];
	struct live_view v = example();
	static const char *names[] = {"gw0", "gw1", "gw2", "gw3",
				      "gw4", "gw5", "gw6", "gw7"};
	char *p;
	size_t i;

	(void)state;
	memset(w, 0, sizeof(w));
	for (i = 0; i < 8; i++) {
		w[i].name = names[i];
		/* busy: gw1 gw2 gw4 gw6 gw7 */
		w[i].state =
			(i == 0 || i == 3 || i == 5) ? LIVE_IDLE : LIVE_TEST;
		w[i].label = "./t";
		w[i].running_ns = S(1);
	}
	v.workers = w;
	v.nworkers = 8;
	/* 6 rows: the bar, then 4 lines: 3 workers and the count. */
	live_init(&l, 60, 6, 0);
	live_draw(&l, &out, &v);
	assert_int_equal(count_lines(text(&out)), 5);
	assert_int_equal(l.lines_drawn, 5);
	p = line_of(text(&out), 1);
	assert_string_equal(p, "gw1  ./t (1.0s)");
	free(p);
	p = line_of(text(&out), 3);
	assert_string_equal(p, "gw4  ./t (1.0s)");
	free(p);
	p = line_of(text(&out), 4);
	assert_string_equal(p, "... and 2 more busy, 3 idle");
	free(p);
	live_release(&l);

	/* Few busy: they come first, idle ones fill the rest. */
	for (i = 0; i < 8; i++)
		w[i].state = i == 6 ? LIVE_TEST : LIVE_IDLE;
	buf_reset(&out);
	live_init(&l, 60, 6, 0);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 1);
	assert_string_equal(p, "gw0  idle");
	free(p);
	p = line_of(text(&out), 3);
	assert_string_equal(p, "gw6  ./t (1.0s)");
	free(p);
	p = line_of(text(&out), 4);
	assert_string_equal(p, "... and 5 more idle");
	free(p);
	live_release(&l);

	/* Two rows: the bar alone. */
	buf_reset(&out);
	live_init(&l, 60, 2, 0);
	live_draw(&l, &out, &v);
	assert_int_equal(l.lines_drawn, 1);
	buf_release(&out);
	live_release(&l);
}

static void live_draw__every_line__is_narrower_than_the_terminal(void **state)
{
	static const char *labels[] = {
		"./t",
		"./tests/integration/a/very/long/path/to/a/test/program "
		"--with --many --arguments=and-values 'quoted words'",
		"./t_caf\xc3\xa9_\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e_"
		"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80_"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		"setup: ./fixtures/start-database.sh --port 5432 --wait",
	};
	struct live_worker w[4];
	struct live_view v = example();
	struct buf out = BUF_INIT;
	struct live l;
	int width, color, shift;

	(void)state;
	memset(w, 0, sizeof(w));
	w[0].name = "gw0";
	w[1].name = "gw1";
	w[2].name = "gw2";
	w[3].name = "master";
	v.workers = w;
	v.nworkers = 4;
	v.errors = 12345;
	v.total = 123456;
	v.done = 1234;
	v.elapsed_ns = S(100000);
	for (color = 0; color < 2; color++)
		for (shift = 0; shift < 4; shift++)
			for (width = 1; width <= 130; width++) {
				size_t i;

				for (i = 0; i < 4; i++) {
					w[i].state = i == 3 ? LIVE_FIXTURE
							    : LIVE_TEST;
					w[i].label =
						labels[(i + (size_t)shift) % 4];
					w[i].running_ns =
						S(4000) * (long long)i;
				}
				live_init(&l, width, 24, color);
				buf_reset(&out);
				live_draw(&l, &out, &v);
				v.done++;
				live_draw(&l, &out, &v);
				assert_lines_within(text(&out),
						    (size_t)width - 1);
				assert_true(valid_utf8(text(&out)));
				live_release(&l);
			}
	buf_release(&out);
}

static void
live_draw__cut_in_a_multibyte_character__cuts_before_it(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;
	int width;

	(void)state;
	/* "gw0  " then 'a' and four 3-byte characters. */
	two[0].label = "a\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5";
	two[0].state = LIVE_FIXTURE;
	for (width = 6; width <= 16; width++) {
		live_init(&l, width, 24, 0);
		buf_reset(&out);
		live_draw(&l, &out, &v);
		p = line_of(text(&out), 1);
		assert_true(valid_utf8(p));
		assert_true(strlen(p) <= (size_t)width - 1);
		free(p);
		live_release(&l);
	}
	live_init(&l, 12, 24, 0);
	buf_reset(&out);
	live_draw(&l, &out, &v);
	p = line_of(text(&out), 1);
	/* 11 bytes allowed: "gw0  a" + one character + "..." is 12. */
	assert_string_equal(p, "gw0  a...");
	free(p);
	live_release(&l);
	buf_release(&out);
}

static void
live_draw__control_bytes_and_bad_utf8_in_an_id__show_as_marks(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();
	char *p;

	(void)state;
	/* ESC, TAB, a lone continuation byte, a C1 control (U+009B, CSI:
	   one character, one mark), a cut sequence at the end (a mark per
	   byte). */
	two[0].label = "./t\033[2J\tx\x80y\xc2\x9bz\xe6\x97";
	live_init(&l, 80, 24, 0);
	live_draw(&l, &out, &v);
	assert_null(memchr(out.data, '\033', out.len));
	assert_null(memchr(out.data, '\t', out.len));
	p = line_of(text(&out), 1);
	assert_string_equal(p, "gw0  ./t?[2J?x?y?z?? (3.2s)");
	free(p);
	buf_release(&out);
	live_release(&l);
}

static void
live_resize__narrower__counts_the_rows_lines_wrapped_into(void **state)
{
	struct live l;
	struct buf out = BUF_INIT;
	struct live_view v = example();

	(void)state;
	live_init(&l, 60, 24, 0);
	live_draw(&l, &out, &v);
	/* 59, 21 and 9 characters, at 20 columns: 3 + 2 + 1 rows. */
	live_resize(&l, 20, 24);
	assert_int_equal(l.lines_drawn, 6);
	buf_reset(&out);
	live_clear(&l, &out);
	assert_string_equal(text(&out), "\r\033[5A\033[J");
	/* Wider again: one row each; the next draw is not skipped. */
	live_resize(&l, 60, 24);
	live_draw(&l, &out, &v);
	live_resize(&l, 100, 24);
	assert_int_equal(l.lines_drawn, 3);
	buf_reset(&out);
	live_draw(&l, &out, &v);
	assert_true(out.len > 0);
	assert_memory_equal(out.data, "\r\033[2A", 5);
	buf_release(&out);
	live_release(&l);
}

static void live_clock__formats_minutes_and_hours(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	live_clock(&out, -5);
	buf_addch(&out, ' ');
	live_clock(&out, S(7) + MS(999));
	buf_addch(&out, ' ');
	live_clock(&out, S(754));
	buf_addch(&out, ' ');
	live_clock(&out, S(3723));
	assert_string_equal(text(&out), "0:00 0:07 12:34 1:02:03");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			live_draw__first_frame__is_plain_lines_ending_at_the_cursor),
		cmocka_unit_test(
			live_clear__after_a_draw__goes_up_to_the_first_row_and_erases),
		cmocka_unit_test(live_clear__one_line_drawn__does_not_move_up),
		cmocka_unit_test(live_clear__nothing_drawn__appends_nothing),
		cmocka_unit_test(
			live_clear__then_text_then_draw__puts_the_text_where_the_area_was),
		cmocka_unit_test(
			live_draw__over_a_drawn_area__rewrites_each_line_in_place),
		cmocka_unit_test(
			live_draw__same_view_twice__appends_nothing_the_second_time),
		cmocka_unit_test(
			live_draw__fewer_lines_than_before__erases_the_rows_left_over),
		cmocka_unit_test(live_draw__width_zero__appends_nothing_ever),
		cmocka_unit_test(live_draw__color_off__emits_no_escape_byte),
		cmocka_unit_test(
			live_draw__color_on__paints_the_bar_and_the_failures),
		cmocka_unit_test(live_draw__unknown_eta__shows_no_eta),
		cmocka_unit_test(live_draw__all_done__fills_the_bar),
		cmocka_unit_test(live_draw__tap_cases__are_counted_on_the_bar),
		cmocka_unit_test(
			live_draw__narrow_terminal__drops_elapsed_then_eta_then_the_bar),
		cmocka_unit_test(
			live_draw__long_id__is_cut_with_dots_keeping_its_time),
		cmocka_unit_test(
			live_draw__names_of_different_lengths__are_aligned),
		cmocka_unit_test(
			live_draw__more_workers_than_rows__shows_busy_ones_then_a_count),
		cmocka_unit_test(
			live_draw__every_line__is_narrower_than_the_terminal),
		cmocka_unit_test(
			live_draw__cut_in_a_multibyte_character__cuts_before_it),
		cmocka_unit_test(
			live_draw__control_bytes_and_bad_utf8_in_an_id__show_as_marks),
		cmocka_unit_test(
			live_resize__narrower__counts_the_rows_lines_wrapped_into),
		cmocka_unit_test(live_clock__formats_minutes_and_hours),
	};

	return cmocka_run_group_tests_name("live", tests, NULL, NULL);
}
