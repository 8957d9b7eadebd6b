/*
 * summary: the report printed after the run, pytest's way: ERRORS and
 * FAILURES sections with captured output, the slowest durations
 * (--durations), the short test summary, and the final line.  An observer:
 * it reads the run's view (view.h) and the terminal report's settings.
 */
#ifndef XDIST_SUMMARY_H
#define XDIST_SUMMARY_H

#include "buf.h"
#include "report.h"
#include "view.h"

/*
 * Append the summary to out (the caller's), calling flush(arg) after each
 * piece (a section, a line) so that out never holds more than one: flush
 * must drain out.  Captured output is read back from v->spool.  Returns
 * 0, or 1 when the run's report is incomplete (output could not be kept)
 * with one line in warn, to be printed after "xdist-exec: ".
 */
int summary_print(const struct run_view *v, struct report *rep, struct buf *out,
		  view_flush_fn *flush, void *arg, struct buf *warn);

#endif
