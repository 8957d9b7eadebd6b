#include <string.h>

#include "controller.h"
#include "title.h"
#include "worker.h"

int main(int argc, char **argv)
{
	/* `xdist-exec worker` speaks the protocol on stdin/stdout: the
	   controller starts it; a remote host will start it over ssh. */
	if (argc == 2 && !strcmp(argv[1], "worker")) {
		title_init(argc, argv);
		return worker_main();
	}
	return controller_main(argc, argv);
}
