/*
 * libFuzzer target: tapstream, a test's output read as TAP.
 *
 * The input is any bytes.  They are fed whole, then again in pieces whose
 * sizes come from the input's first byte: both readings must tell the same
 * cases and give the same verdict and reason.  Checked beyond the
 * sanitizers: every case's strings are within the bounds (description and
 * reason within TAP_LINE_MAX, YAML within TAP_YAML_MAX), the counts add up
 * to the cases told.  A third reading tells the held case after every
 * piece (tap_flush, as a worker does when the output goes quiet): its
 * cases may differ, its bounds and counts must hold.  Built by
 * tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tapstream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	struct buf text;
	unsigned long n;
};

static void note(void *arg, const struct tap_case *c)
{
	struct seen *s = arg;

	if (c->desc_len > TAP_LINE_MAX || c->reason_len > TAP_LINE_MAX ||
	    c->yaml_len > TAP_YAML_MAX || (unsigned)c->status >= TAP_NSTATUS)
		abort();
	buf_addf(&s->text, "%lu %d ", c->number, (int)c->status);
	buf_add(&s->text, c->desc, c->desc_len);
	buf_addch(&s->text, '|');
	if (c->reason)
		buf_add(&s->text, c->reason, c->reason_len);
	buf_addch(&s->text, '|');
	if (c->yaml)
		buf_add(&s->text, c->yaml, c->yaml_len);
	buf_addch(&s->text, '\n');
	s->n++;
}

static enum tap_verdict read_tap(const uint8_t *data, size_t size, size_t step,
				 int flush, struct seen *s, struct buf *why)
{
	struct tap_parser p;
	enum tap_verdict v;
	unsigned long sum = 0;
	size_t i;
	int k;

	tap_init(&p, note, s);
	for (i = 0; i < size; i += step) {
		tap_feed(&p, (const char *)data + i,
			 size - i < step ? size - i : step);
		if (flush) {
			tap_flush(&p);
			if (tap_holding(&p))
				abort();
		}
	}
	tap_finish(&p);
	v = tap_verdict(&p, why);
	for (k = 0; k < TAP_NSTATUS; k++)
		sum += p.counts[k];
	if (sum != p.cases || p.cases != s->n)
		abort();
	tap_release(&p);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen a = {BUF_INIT, 0}, b = {BUF_INIT, 0}, c = {BUF_INIT, 0};
	struct buf wa = BUF_INIT, wb = BUF_INIT, wc = BUF_INIT;
	size_t step = size ? (size_t)data[0] % 17 + 1 : 1;

	if (read_tap(data, size, size ? size : 1, 0, &a, &wa) !=
		    read_tap(data, size, step, 0, &b, &wb) ||
	    a.text.len != b.text.len ||
	    (a.text.len && memcmp(a.text.data, b.text.data, a.text.len)) ||
	    wa.len != wb.len || (wa.len && memcmp(wa.data, wb.data, wa.len)))
		abort();
	read_tap(data, size, step, 1, &c, &wc);
	buf_release(&a.text);
	buf_release(&b.text);
	buf_release(&c.text);
	buf_release(&wa);
	buf_release(&wb);
	buf_release(&wc);
	return 0;
}
