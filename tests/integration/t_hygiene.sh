#!/bin/sh
# What a test inherits: stdin is /dev/null, no fds but 0, 1, 2 and those
# the caller passed on, and clean signal state even when xdist-exec itself
# was started with signals ignored.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# live_lines: the last run's output, the [gwN] prefix of live lines
# removed (-n 0 has none), the report's own lines left out.
live_lines() {
	sed 's/^\[gw[0-9]*\] //' "$T/out" |
		grep -vE '^(xdist-exec |=|\.|workers? busy [0-9]+% of )'
}

# --- stdin: /dev/null, whatever xdist-exec's own stdin is
head -c 1000 /dev/zero >"$T/input"
printf '%s\n' "$XT stdin" >"$T/stdin.list"
for n in 1 0; do
	set +e
	"$XDIST_EXEC" -n "$n" -s -f "$T/stdin.list" <"$T/input" >"$T/out" 2>"$T/err"
	RC=$?
	set -e
	expect_rc 0
	grep -qE '(^\[gw0\] |^)stdin 0 bytes$' "$T/out" ||
		fail "-n $n: the test's stdin is not empty: $(grep stdin "$T/out")"
done

# --- fds: exactly what a plain exec from here would pass on, including
# the extra fd 3 given to xdist-exec, and nothing of xdist-exec's own.
want=$("$XT" fds 3</dev/null | sort -n | tr '\n' ' ')
case " $want " in
*" 3 "*) ;;
*) fail "baseline: fd 3 not passed to a plain exec: $want" ;;
esac
printf '%s\n' "$XT fds" >"$T/fds.list"
for n in 1 0 2; do
	set +e
	"$XDIST_EXEC" -n "$n" -s -f "$T/fds.list" 3</dev/null </dev/null \
		>"$T/out" 2>"$T/err"
	RC=$?
	set -e
	expect_rc 0
	got=$(live_lines | grep -xE '[0-9]+' | sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] || fail "-n $n: the test has fds '$got', want '$want'"
done
# Without the extra fd, no fd 3.
want=$("$XT" fds | sort -n | tr '\n' ' ')
xe -n 1 -s -f "$T/fds.list"
expect_rc 0
got=$(live_lines | grep -xE '[0-9]+' | sort -n | tr '\n' ' ')
[ "$got" = "$want" ] || fail "the test has fds '$got', want '$want'"

# --- signals: SIGINT and SIGQUIT ignored (as for a background job) and
# SIGHUP ignored (nohup) in xdist-exec do not reach the test.
printf '%s\n' "$XT sigs" >"$T/sigs.list"
for n in 1 0; do
	set +e
	(
		trap '' INT QUIT
		exec nohup "$XDIST_EXEC" -n "$n" -s -f "$T/sigs.list"
	) </dev/null >"$T/out" 2>"$T/err"
	RC=$?
	set -e
	expect_rc 0
	[ "$(live_lines | grep -vxF clean | grep -c .)" -eq 0 ] &&
		live_lines | grep -qxF clean ||
		fail "-n $n: the test's signal state is not clean: $(live_lines | tr '\n' ' ')"
done
exit 0
