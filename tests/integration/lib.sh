# Sourced by every scenario (tests/integration/t_*.sh).
#
# Environment (set by tests/run): XDIST_EXEC (the binary under test),
# HELPERS (built helper programs), SRCDIR (the source tree).
#
# Every scenario works in its own directory $T, removed on exit, and must
# leave no process behind: use a unique marker ($MARK) in the argv of
# anything long-running and call no_procs "$MARK" to prove it.

set -eu
# A developer's own defaults must not leak into the scenarios.
unset XDIST_EXEC_ADDOPTS
: "${XDIST_EXEC:?run through tests/run or make check}"
: "${HELPERS:?run through tests/run or make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/xdist-scenario.XXXXXX")
MARK="xdist-mark-$$-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
_bg_pids=
# Functions cleanup runs first (a helper file's own, such as sshd.sh's).
_cleanup_hooks=

cleanup() {
	for h in $_cleanup_hooks; do "$h" || true; done
	for p in $_bg_pids; do kill -KILL "$p" 2>/dev/null || true; done
	pkill -KILL -f "$MARK" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
cd "$T"

fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		if [ -s "$T/$f" ]; then
			echo "--- xdist-exec std$f:" >&2
			tail -n 40 "$T/$f" >&2
		fi
	done
	exit 1
}

# xe ARGS...: run xdist-exec; $RC is its status, $T/out and $T/err its
# stdout and stderr.
xe() {
	set +e
	"$XDIST_EXEC" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
}

# xe_bg ARGS...: start xdist-exec in the background, $XE_PID its pid.
# SIGINT is restored to default (a shell's background jobs ignore it).
xe_bg() {
	# Emptied here, not only by the child's redirection: that one runs
	# in the background, and a wait_for right after must not read the
	# previous run's output.
	: >"$T/out"
	: >"$T/err"
	env --default-signal=INT,QUIT "$XDIST_EXEC" "$@" >"$T/out" 2>"$T/err" </dev/null &
	XE_PID=$!
	_bg_pids="$_bg_pids $XE_PID"
}

expect_rc() {
	[ "$RC" -eq "$1" ] || fail "expected exit status $1, got $RC"
}

expect_out() {
	grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"
}

expect_no_out() {
	if grep -qF -- "$1" "$T/out"; then fail "stdout has: $1"; fi
}

expect_err() {
	grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"
}

# wait_for CMD...: poll until CMD succeeds; fail after ${WAIT_LIMIT:-60}s.
# This is synchronisation on a condition, not a sleep standing in for one.
wait_for() {
	_n=0
	until "$@" 2>/dev/null; do
		_n=$((_n + 1))
		[ "$_n" -lt $((${WAIT_LIMIT:-60} * 20)) ] || fail "timed out waiting for: $*"
		sleep 0.05
	done
}

# no_procs MARK: every process whose argv holds MARK is gone (within a
# bounded wait, since the kernel reaps asynchronously).
no_procs() {
	wait_for no_procs_now "$1"
}
no_procs_now() {
	! pgrep -f "$1" >/dev/null
}

# wait_exit PID: wait for a background xdist-exec; $RC is its status.
wait_exit() {
	set +e
	wait "$1"
	RC=$?
	set -e
}

# Concurrency oracle.  A test that calls `span_begin LOG` and `span_end LOG`
# around its work appends "+ NS" / "- NS" lines; max_overlap LOG prints
# the most spans that were open at once.
span_begin() {
	echo "+ $(date +%s%N)" >>"$1"
}
span_end() {
	echo "- $(date +%s%N)" >>"$1"
}
max_overlap() {
	sort -k2,2n -k1,1r "$1" | awk '
		$1 == "+" { n++; if (n > max) max = n }
		$1 == "-" { n-- }
		END { print max + 0 }'
}

# build_gtest_sample PATH: tests/helpers/gtest_sample.cc built with g++ and
# libgtest-dev into PATH (the --split=gtest scenarios, which also read
# JUnit with xmllint).
build_gtest_sample() {
	command -v g++ >/dev/null ||
		fail "g++ is missing (Debian g++; scripts/install-deps)"
	[ -f /usr/include/gtest/gtest.h ] ||
		fail "GoogleTest is missing (Debian libgtest-dev; scripts/install-deps)"
	command -v xmllint >/dev/null ||
		fail "xmllint is missing (Debian libxml2-utils; scripts/install-deps)"
	g++ -o "$1" "$SRCDIR/tests/helpers/gtest_sample.cc" \
		-lgtest_main -lgtest -pthread 2>"$T/gxx.err" ||
		fail "cannot build the sample: $(cat "$T/gxx.err")"
}

# collected ARGS...: the ids --collect-only prints, one per line, in $T/got.
collected() {
	xe --co "$@"
	grep -vE '^=+ ' "$T/out" | grep -v '^configfile:' |
		sed 's/  #@.*//' >"$T/got"
}

# expect_ids WHAT ID...: exactly these ids were collected, in this order.
expect_ids() {
	what=$1
	shift
	: >"$T/want"
	[ $# -eq 0 ] || printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/got" "$T/want" ||
		fail "$what: collected '$(tr '\n' ' ' <"$T/got")', not '$*'"
}

# mk NAME STATUS TEXT: $T/NAME, a script printing TEXT (printf format)
# and exiting STATUS (the TAP scenarios).
mk() {
	printf '#!/bin/sh\nprintf '\''%s'\''\nexit %s\n' "$3" "$2" >"$T/$1"
	chmod +x "$T/$1"
}
