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
