#!/bin/sh
# Symlinks planted where xdist-exec writes cannot redirect its writes:
# the cache files in the (shared) project directory are read with
# O_NOFOLLOW and replaced by rename, so a planted link is replaced, never
# followed; a planted lock link makes the cache save fail with a warning
# and no write; --junitxml replaces a link at its path by rename; and the
# run directory in $TMPDIR is a fresh mkdtemp directory, mode 0700,
# whatever else $TMPDIR holds.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

mkdir "$T/proj" "$T/tmp"
cd "$T/proj"
printf 'precious\n' >"$T/victim"
printf '%s\n' "$XT exit 0" "$XT exit 1" >list

mkdir .xdist-exec
ln -s "$T/victim" .xdist-exec/durations
ln -s "$T/victim" .xdist-exec/lastfailed
ln -s "$T/victim" report.xml
# Links in TMPDIR named like run directories: not followed either.
for i in 1 2 3 4 5 6 7 8; do
	ln -s "$T/victim" "$T/tmp/xdist-exec-plant$i"
done

set +e
TMPDIR=$T/tmp "$XDIST_EXEC" -n 2 --junitxml=report.xml -f list \
	>"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 1
[ "$(cat "$T/victim")" = precious ] || fail "the victim was written to"
[ -f .xdist-exec/durations ] && [ ! -L .xdist-exec/durations ] ||
	fail "durations is still a link (or missing)"
[ -f .xdist-exec/lastfailed ] && [ ! -L .xdist-exec/lastfailed ] ||
	fail "lastfailed is still a link (or missing)"
[ -f report.xml ] && [ ! -L report.xml ] || fail "report.xml is still a link"
grep -q "<testsuite" report.xml || fail "report.xml is not the report"

# A planted lock: the save is refused with a warning, nothing written.
rm -rf .xdist-exec
mkdir .xdist-exec
ln -s "$T/victim" .xdist-exec/lock
set +e
"$XDIST_EXEC" -n 1 -f list >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 1
expect_err "cannot save the cache"
[ "$(cat "$T/victim")" = precious ] || fail "the victim was written to"
[ ! -e .xdist-exec/durations ] || fail "the cache was saved past a planted lock"
