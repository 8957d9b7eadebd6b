/*
 * live_support: what the unit tests of live.c share (test_live.c,
 * test_live_eta.c): durations in nanoseconds, as the live area counts
 * them.
 */
#ifndef XDIST_TEST_LIVE_SUPPORT_H
#define XDIST_TEST_LIVE_SUPPORT_H

#include "live.h"

#define S(x) ((long long)(x)*1000000000LL)
#define MS(x) ((long long)(x)*1000000LL)

#endif
