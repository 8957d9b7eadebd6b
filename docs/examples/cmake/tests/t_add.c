/* A test is a program: exit 0 passes, 77 skips, 99 is a hard error, any
   other status (or a signal) fails. */
#include <stdio.h>

#include "calc.h"

int main(void)
{
	if (calc_add(2, 3) != 5 || calc_add(-2, 2) != 0) {
		fprintf(stderr, "calc_add is wrong\n");
		return 1;
	}
	return 0;
}
