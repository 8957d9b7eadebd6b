# Run by SH_LOG_COMPILER (it need not be executable), with what
# AM_TESTS_ENVIRONMENT exported and srcdir set, as the harness runs it.
test "$CALC_MODE" = checked || {
	echo "CALC_MODE is '$CALC_MODE': AM_TESTS_ENVIRONMENT was not applied"
	exit 1
}
test -f "$srcdir/calc.h" || {
	echo "srcdir '$srcdir' does not hold calc.h"
	exit 1
}
echo "t_env: CALC_MODE=$CALC_MODE srcdir=$srcdir"
