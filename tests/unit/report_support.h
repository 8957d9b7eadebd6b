/*
 * report_support: what the unit tests of report.c share (test_report.c,
 * test_report_classify.c).  Include after <cmocka.h>.
 */
#ifndef XDIST_TEST_REPORT_SUPPORT_H
#define XDIST_TEST_REPORT_SUPPORT_H

#include "proto.h"
#include "report.h"

/* What b holds, "" when nothing was ever added. */
static inline const char *text(const struct buf *b)
{
	return b->data ? b->data : "";
}

#endif
