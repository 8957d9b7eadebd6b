/*
 * xdist-exec.h: the C API of libxdist, for tests run by xdist-exec.
 *
 *   cc -o test_db test_db.c $(pkg-config --cflags --libs xdist-exec)
 *
 * A test that runs under `xdist-exec -n N` learns which worker it is on and
 * which run it belongs to, and can run a setup step once per run instead of
 * once per worker (pytest-xdist's "session fixture" problem):
 *
 *   static int create_db(void *arg)
 *   {
 *           return system(arg) == 0 ? 0 : 1;
 *   }
 *
 *   int main(void)
 *   {
 *           char db[256];
 *
 *           if (xdist_once("db", create_db, "make-test-db") != 0)
 *                   return 1;
 *           snprintf(db, sizeof(db), "test_%s", xdist_worker_id());
 *           ...
 *   }
 *
 * Outside a run (a test started by hand) everything still works: the worker
 * is "master", index 0 of 1, there is no run id or run directory, and
 * xdist_once() simply calls the function.
 *
 * Every function reads the environment xdist-exec gives each test
 * (XDIST_WORKER, XDIST_WORKER_INDEX, XDIST_WORKER_COUNT, XDIST_TESTRUNUID,
 * XDIST_RUN_DIR) when called; none of them caches.  Returned strings point
 * into the environment: valid until that variable is changed.  They are as
 * thread-safe as getenv(): safe unless another thread changes the
 * environment.  None prints, exits or allocates; all preserve errno except
 * where a failure is reported through it.
 */
#ifndef XDIST_EXEC_H
#define XDIST_EXEC_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define XDIST_API __attribute__((visibility("default")))
#else
#define XDIST_API
#endif

/*
 * The worker running this test: "gw0", "gw1", ...; "master" outside a run
 * or with -n 0 (XDIST_WORKER unset or empty).
 */
XDIST_API const char *xdist_worker_id(void);

/*
 * The worker's stable index, 0..count-1 (XDIST_WORKER_INDEX); 0 outside a
 * run or if the variable is not a non-negative decimal int.
 */
XDIST_API int xdist_worker_index(void);

/*
 * The number of workers in the run (XDIST_WORKER_COUNT); 1 outside a run
 * or if the variable is not a positive decimal int.
 */
XDIST_API int xdist_worker_count(void);

/*
 * The id shared by every test of one run and different between runs
 * (XDIST_TESTRUNUID: 32 lowercase hex digits, or the --testrunuid value);
 * NULL outside a run.
 */
XDIST_API const char *xdist_testrun_uid(void);

/*
 * A private (0700) directory shared by every worker and test of the run,
 * removed when the run ends (XDIST_RUN_DIR); NULL outside a run.
 */
XDIST_API const char *xdist_run_dir(void);

typedef int (*xdist_once_fn)(void *arg);

/*
 * Run fn(arg) at most once per test run and key, across every worker and
 * process of the run.  The first caller runs it and records its return
 * value; every other caller, concurrent or later, waits until it is done
 * and gets the recorded value without running fn.  If the process running
 * fn dies before fn returns (crash, SIGKILL, timeout), nothing is recorded
 * and the next waiter runs fn itself.  Outside a run (no XDIST_RUN_DIR),
 * simply returns fn(arg).
 *
 * key is any NUL-terminated string; keys are compared whole.  The state
 * lives in $XDIST_RUN_DIR/once/ (see docs/preload.md) and is shared with
 * `xdist-exec once --key KEY -- CMD`: a key used by both is run once in
 * all, by whichever comes first, so give each its own key.
 *
 * Returns fn's value, or -1 with errno set if the run-once state cannot be
 * used (then fn was not run here): EINVAL (NULL key or fn), EBADMSG (the
 * record is damaged), or the error from opening the run directory.  If fn
 * itself can return -1, set errno to 0 before the call: it is still 0
 * afterwards when -1 came from fn (errno is restored whenever fn's value is
 * returned, also when this caller ran fn).  Blocks while another process
 * runs fn; not async-signal-safe.  A fork()ed child that outlives fn
 * without exec'ing does not keep others waiting, but one that is still
 * alive when its parent dies mid-fn delays the next waiter until it exits.
 */
XDIST_API int xdist_once(const char *key, xdist_once_fn fn, void *arg);

#ifdef __cplusplus
}
#endif

#endif
