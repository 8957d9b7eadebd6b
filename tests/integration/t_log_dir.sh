#!/bin/sh
# --log-dir=DIR: DIR (and missing parents) created 0777 & umask; one log per
# worker with every test's output under "==== <id> [gwN] OUTCOME (T) ====";
# master.log with the run's first and last lines, a header per test (the
# sections themselves with -n 0) and failed fixtures' output; one file per
# run in DIR/tests named from the id ([A-Za-z0-9._-], a hash of the id, the
# run index when a test runs more than once), never two runs in one file;
# a DIR that cannot be created is a usage error before any test runs.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
# A test that leaves $T/ran behind if it ever runs.
printf '%s\n' "$XT touch-sleep $T/ran 0" >"$T/ran.list"

# one CMD: a list file holding the one test CMD; prints its path.
one() {
	printf '%s\n' "$1" >"$T/one.list"
	echo "$T/one.list"
}
# A fresh directory to run from, so that no cache reorders the lists.
fresh_cwd() {
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
}
# stem ID: the readable part of the file name for ID.
stem() {
	printf '%s' "$1" |
		LC_ALL=C sed 's/^[^A-Za-z0-9]*//; s/[^A-Za-z0-9._-]\{1,\}$//
			s/[^A-Za-z0-9._-]\{1,\}/_/g' |
		cut -c1-96
}
# test_file ID [SUFFIX]: the one DIR/tests file for ID ($TF).
test_file() {
	set -- "$(stem "$1")" "${2:-}"
	TF=$(ls "$D/tests" | grep -xE "$(printf '%s' "$1" |
		sed 's/[.]/[.]/g')-[0-9a-f]{8}$2[.]log") ||
		fail "no file in $D/tests for $1"
	[ "$(printf '%s\n' "$TF" | wc -l)" -eq 1 ] || fail "two files for $1"
	TF=$D/tests/$TF
}
# section FILE ID: the lines after ID's header in FILE, up to the next.
section() {
	awk -v h="==== $2 [" 'index($0, h) == 1 { on = 1; next }
		/^==== / { on = 0 } on' "$1"
}

# --- two workers
printf '%s\n' "$XT print one" "$XT print two" "$XT exit 1" \
	"printf 'bad \\001\\377\\n'" "$XT exit 0" >"$T/list"
printf 'true id/with spaces\377\n' >>"$T/list"
D=$T/logs/deep/dir
fresh_cwd
umask 022
xe -n 2 --log-dir="$D" -f "$T/list"
expect_rc 1
[ "$(stat -c %a "$T/logs/deep" "$D" "$D/tests" | sort -u)" = 755 ] ||
	fail "directory modes: $(stat -c '%a %n' "$T/logs/deep" "$D" "$D/tests")"
# A log for each worker that ran a test (one that got none, the other
# having run all six first, has none), from master.log's headers.
ws=$(grep -oE '^==== .* \[gw[01]\] (PASSED|FAILED) ' "$D/master.log" |
	grep -oE '\[gw[01]\] [A-Z]+ $' | cut -c2-4 | sort -u)
[ -n "$ws" ] || fail "master.log names no worker"
logs=
for w in gw0 gw1; do
	case " $(echo $ws) " in
	*" $w "*)
		[ -f "$D/$w.log" ] || fail "no $w.log"
		[ "$(stat -c %a "$D/$w.log")" = 644 ] || fail "$w.log mode"
		logs="$logs $D/$w.log" ;;
	*) [ ! -e "$D/$w.log" ] || fail "$w.log, but $w ran no test" ;;
	esac
done
# Every test in exactly one worker log, under its header.
# shellcheck disable=SC2086 # $logs: the log files, split on purpose
[ "$(cat $logs | grep -cE '^==== .* \[gw[01]\] (PASSED|FAILED) \([0-9]+\.[0-9]{2}s\) ====$')" -eq 6 ] ||
	fail "not 6 headers in the worker logs"
for w in $ws; do
	if grep -E '^==== .* \[gw[01]\] ' "$D/$w.log" | grep -vqF "[$w]"; then
		fail "$w.log has another worker's test"
	fi
done
# shellcheck disable=SC2086
cat $logs | grep -qE "^==== $XT exit 1 \[gw[01]\] FAILED " ||
	fail "no FAILED header for exit 1"
for w in one two; do
	# shellcheck disable=SC2086
	[ "$(for l in $logs; do section "$l" "$XT print $w"; done)" = \
		"stdout: $w
stderr: $w" ] || fail "the output of 'print $w' is not under its header"
done
# master.log: first line, a header per test, last line.
head -n 1 "$D/master.log" |
	grep -qE '^==== xdist-exec [^ ]+: 2 workers, 6 tests, testrunuid [0-9a-f]+, started [0-9T:-]+ ====$' ||
	fail "master.log's first line: $(head -n 1 "$D/master.log")"
[ "$(grep -cE '^==== .* \[gw[01]\] (PASSED|FAILED) ' "$D/master.log")" -eq 6 ] ||
	fail "master.log lacks a header per test"
if grep -q '^stdout:' "$D/master.log"; then
	fail "master.log holds test output with workers"
fi
tail -n 1 "$D/master.log" |
	grep -qE '^==== 1 failed, 5 passed in [0-9.]+s, exit status 1 ====$' ||
	fail "master.log's last line: $(tail -n 1 "$D/master.log")"
# DIR/tests: one file per run, safe names, header and raw output.
[ "$(ls "$D/tests" | wc -l)" -eq 6 ] || fail "not 6 files in $D/tests"
if ls -A "$D/tests" | grep -vqxE '[A-Za-z0-9][A-Za-z0-9._-]*[.]log'; then
	fail "unsafe names: $(ls -A "$D/tests")"
fi
test_file "$XT print one"
head -n 1 "$TF" | grep -qE "^==== $XT print one \[gw[01]\] PASSED \(" ||
	fail "$TF: $(head -n 1 "$TF")"
[ "$(tail -n +2 "$TF")" = "stdout: one
stderr: one" ] || fail "$TF: the output"
test_file "printf 'bad \\001\\377\\n'"
printf 'bad \001\377\n' >"$T/expect"
tail -n 1 "$TF" | cmp -s - "$T/expect" ||
	fail "the output is not kept byte for byte"
# The header keeps to one valid line: bad bytes in the id are repaired.
test_file "true id/with spaces"
head -n 1 "$TF" | grep -qF "$(printf '==== true id/with spaces\357\277\275 [gw')" ||
	fail "$TF: $(head -n 1 "$TF" | od -c | head -n 3)"

# --- again into the same DIR: the logs are new, not appended to
fresh_cwd
xe -n 1 --log-dir="$D" -f "$(one "$XT print again")"
expect_rc 0
[ "$(grep -c '^==== ' "$D/gw0.log")" -eq 1 ] || fail "gw0.log was appended to"
grep -q "print again" "$D/master.log" || fail "master.log is not new"
if grep -q "print one" "$D/master.log"; then
	fail "master.log was appended to"
fi

# --- --count=2: one file per run, the run index in the name
D=$T/count
fresh_cwd
xe -n 1 --count=2 --log-dir="$D" -f "$(one "$XT print same")"
expect_rc 0
test_file "$XT print same" -r0
test_file "$XT print same" -r1
[ "$(ls "$D/tests" | wc -l)" -eq 2 ] || fail "not 2 files for --count=2"

# --- an id listed twice (and kept): two files
D=$T/dup
printf '%s\n' "$XT print dup" "$XT print dup" >"$T/list"
fresh_cwd
xe -n 1 --keep-duplicates --log-dir="$D" -f "$T/list"
expect_rc 0
[ "$(ls "$D/tests" | wc -l)" -eq 2 ] || fail "two runs of one id share a file"

# --- -n 0: master.log holds the sections; a failed setup's output too
D=$T/master
fresh_cwd
xe -n 0 --log-dir="$D" -f "$(one "$XT print m")"
expect_rc 0
[ ! -e "$D/gw0.log" ] || fail "gw0.log with -n 0"
[ "$(section "$D/master.log" "$XT print m")" = "stdout: m
stderr: m" ] || fail "master.log lacks the -n 0 section"
fresh_cwd
xe -n 1 --log-dir="$D" --setup="echo setup-said-$MARK; exit 1" -f "$(one "$XT exit 0")"
expect_rc 1
grep -qxF "==== $XT exit 0 ERROR ====" "$D/master.log" ||
	fail "master.log lacks the test not run"
[ "$(section "$D/master.log" "setup: echo setup-said-$MARK; exit 1")" = \
	"setup-said-$MARK" ] || fail "master.log lacks the setup's output"
[ "$(ls "$D/tests" | wc -l)" -eq 1 ] ||
	fail "a file for a test that never ran (or the old one is gone)"

# --- a DIR that cannot be created: exit 4 before any test runs
: >"$T/file"
fresh_cwd
xe --log-dir="$T/file" -f "$T/ran.list"
expect_rc 4
expect_err "xdist-exec: cannot create directory '$T/file': Not a directory"
xe --log-dir="$T/file/sub" -f "$T/ran.list"
expect_rc 4
[ ! -e "$T/ran" ] || fail "a test ran although DIR cannot be created"
exit 0
