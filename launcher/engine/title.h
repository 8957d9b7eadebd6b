/*
 * title: the one place that includes libbsd's setproctitle.  Process titles
 * make `ps` show what each worker does ("[xdist-exec running] gw1 ID").
 */
#ifndef XDIST_TITLE_H
#define XDIST_TITLE_H

/* Call once, first thing in main, with main's argc/argv. */
void title_init(int argc, char **argv);
void title_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
