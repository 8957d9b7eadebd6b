/* A known bug, kept as a test: Makefile.am lists it in XFAIL_TESTS, so it
   is an expected failure (xfailed) and reported as XPASS once fixed. */
#include <stdio.h>

#include "calc.h"

int main(void)
{
	static const int cases[][3] = {
		{7, 2, 4}, {-7, 2, -3}, {7, -2, -3}, {-7, -2, 4}, {6, 3, 2},
	};
	unsigned i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = calc_ceildiv(cases[i][0], cases[i][1]);

		if (got != cases[i][2]) {
			fprintf(stderr, "ceil(%d / %d): got %d, want %d\n",
				cases[i][0], cases[i][1], got, cases[i][2]);
			bad = 1;
		}
	}
	return bad;
}
