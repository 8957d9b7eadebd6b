/* calc: the code under test in the examples. */
#ifndef CALC_H
#define CALC_H

int calc_add(int a, int b);
/* a / b rounded towards minus infinity; b must not be 0. */
int calc_floordiv(int a, int b);
/* a / b rounded towards plus infinity; b must not be 0.  Known bug: wrong
   when b is negative. */
int calc_ceildiv(int a, int b);

#endif
