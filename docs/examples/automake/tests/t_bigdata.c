/* Needs a data set that is not always there: without it the test skips
   (exit 77); pointed at something that is not a directory it cannot run at
   all, which is a hard error (exit 99), not a failure of the code.  make,
   automake's harness, ctest (SKIP_RETURN_CODE) and xdist-exec all read
   these statuses the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int main(void)
{
	const char *dir = getenv("CALC_BIGDATA");
	struct stat sb;

	if (!dir || !*dir) {
		printf("CALC_BIGDATA is not set: skipping\n");
		return 77;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "CALC_BIGDATA=%s is not a directory\n", dir);
		return 99;
	}
	printf("reading %s\n", dir);
	return 0;
}
