#include <stdio.h>

#include "calc.h"

int main(void)
{
	static const int cases[][3] = {
		{7, 2, 3}, {-7, 2, -4}, {7, -2, -4}, {-7, -2, 3}, {6, 3, 2},
	};
	unsigned i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = calc_floordiv(cases[i][0], cases[i][1]);

		if (got != cases[i][2]) {
			fprintf(stderr, "%d // %d: got %d, want %d\n",
				cases[i][0], cases[i][1], got, cases[i][2]);
			bad = 1;
		}
	}
	return bad;
}
