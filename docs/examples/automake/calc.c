#include "calc.h"

int calc_add(int a, int b)
{
	return a + b;
}

int calc_floordiv(int a, int b)
{
	int q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int calc_ceildiv(int a, int b)
{
	/* Right for a positive b only: tests/t_ceildiv, listed in
	   XFAIL_TESTS, says so until it is fixed. */
	return (a + b - 1) / b;
}
