#!/bin/sh
# On a terminal, a live status area under the report: a bar with
# done/total, failures, elapsed time and ETA, and one line per worker with
# the test it runs; a failure scrolls above it as it happens, and at the
# end the area is gone, leaving the report a pipe would have got.  Checked
# in a real terminal (tmux): what the pane shows, not the bytes.  Not on a
# terminal: plain lines, not one escape byte.
. "$SRCDIR/tests/integration/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: skipped"
	exit 77
fi

# A private tmux server: its own socket directory and name, no user
# configuration, no status line (the pane is the whole 100x30 window).
unset TMUX
export TMUX_TMPDIR="$T"
SOCK="xdist-live-$MARK"
printf '%s\n' 'set -g status off' 'set -g history-limit 5000' >"$T/tmux.conf"
tm() {
	tmux -L "$SOCK" -f "$T/tmux.conf" "$@"
}
live_cleanup() {
	tm kill-server 2>/dev/null || true
	cleanup
}
trap live_cleanup EXIT

# Three tests that start, say so, and hold until the scenario lets them
# go; one that fails at once.  Ids are short and relative (the run starts
# in $T) so the worker lines show them whole.
ln -s "$HELPERS/xt" "$T/xt"
cat >"$T/hold" <<'EOF'
#!/bin/sh
: >"$1.on"
n=0
until [ -e go ]; do
	n=$((n + 1))
	[ "$n" -lt 1200 ] || exit 1
	sleep 0.05
done
EOF
chmod +x "$T/hold"
printf '%s\n' "./hold a $MARK" "./hold b $MARK" "./hold c $MARK" \
	"./xt exit 1" >"$T/list"

# 1. Not a terminal, however colourful the environment claims to be: plain
# lines, no escape byte at all.  (This run also leaves the durations in
# the cache, so the terminal run below knows an ETA.)
: >"$T/go"
set +e
env -u FORCE_COLOR -u NO_COLOR TERM=xterm-256color COLUMNS=100 \
	"$XDIST_EXEC" -n 4 -f "$T/list" >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 1
ESC=$(printf '\033')
if grep -q "$ESC" "$T/out" "$T/err"; then
	fail "an escape byte in a run whose output is not a terminal"
fi
grep -qE '^[.F]{4} +\[100%\]$' "$T/out" || fail "no progress letters line"
grep -qE '^=+ 1 failed, 3 passed in [0-9.]+s =+$' "$T/out" ||
	fail "no final line"
rm -f "$T/go" "$T"/*.on

# 2. In a 100x30 terminal, stdout only (a sanitizer's report on stderr at
# exit is not the report; it is shown if the scenario fails).
cat >"$T/pane.sh" <<EOF
cd "$T" || exit 1
"$XDIST_EXEC" -n 4 -f "$T/list" 2>"$T/pane.err"
echo \$? >"$T/rc.tmp"
mv "$T/rc.tmp" "$T/rc"
exec "$T/xt" sleep 3600 $MARK
EOF
tm new-session -d -s live -x 100 -y 30 "sh $T/pane.sh"

# What the pane shows, history included; wrapped rows joined back into the
# line that wrapped, trailing blanks dropped.
capture() {
	tm capture-pane -p -J -S - -t live | sed 's/ *$//' >"$T/pane"
}

# The bar (1/4 done, the failure counted, elapsed, ETA), the efficiency
# line, then one line per worker: three running a hold test for some
# tenths of seconds, one idle; the failure's line above the area; nothing under it; no line as wide as
# the pane.
area_shown() {
	[ -e "$T/a.on" ] && [ -e "$T/b.on" ] && [ -e "$T/c.on" ] || return 1
	capture
	awk -v mark="$MARK" '
	function bad() { wrong = 1; exit }
	length($0) >= 100 { bad() }
	/^\[gw[0-3]\] \[ 25%\] FAILED \.\/xt exit 1 \([0-9.]+s\)$/ { failed = NR }
	/^\[[=> ]+\] 1\/4  1 failed  [0-9]+:[0-9][0-9] elapsed  ETA [0-9]+:[0-9][0-9]$/ {
		bar = NR; next
	}
	bar && NR == bar + 1 {
		if ($0 !~ /^workers busy [0-9]+% of [0-9.]+s; longest test [0-9.]+s \(\.\/xt exit 1\) started at [0-9.]+s$/)
			bad()
		eff = 1
		next
	}
	bar && NR <= bar + 5 {
		if ($0 != "gw" (NR - bar - 2) substr($0, 4)) bad()
		rest = substr($0, 4)
		if (rest == "  idle") idle++
		else if (rest ~ ("^  \\./hold [abc] " mark " \\([0-9]+\\.[0-9]s\\)$")) held++
		else bad()
		next
	}
	bar && $0 != "" { bad() }
	END {
		if (wrong || !(bar && eff && failed && failed < bar &&
		    held == 3 && idle == 1))
			exit 1
	}' "$T/pane"
}
show_pane() {
	echo "--- the pane:" >&2
	cat "$T/pane" >&2
	if [ -s "$T/pane.err" ]; then
		echo "--- its stderr:" >&2
		tail -n 20 "$T/pane.err" >&2
	fi
	fail "$1"
}
limit=$(($(date +%s) + 30))
until area_shown; do
	[ "$(date +%s)" -lt "$limit" ] ||
		show_pane "no status area with the bar and a line per worker"
	sleep 0.05
done
# The running times tick without any event.
sed -n 's/^gw[0-3]  \.\/hold a .*(\([0-9.]*\)s)$/\1/p' "$T/pane" >"$T/t1"
ticked() {
	capture
	t2=$(sed -n 's/^gw[0-3]  \.\/hold a .*(\([0-9.]*\)s)$/\1/p' "$T/pane")
	[ -n "$t2" ] && [ "$t2" != "$(cat "$T/t1")" ]
}
wait_for ticked

: >"$T/go"
wait_for test -e "$T/rc"
[ "$(cat "$T/rc")" -eq 1 ] || fail "exit status $(cat "$T/rc"), not 1"
capture
# The last thing a person sees is the final line; the failure is there,
# above it and in the short summary; nothing of the area is left.
last=$(grep -v '^$' "$T/pane" | tail -n 1)
printf '%s\n' "$last" | grep -qE '^=+ 1 failed, 3 passed in [0-9.]+s =+$' ||
	show_pane "the last line is not the final line: '$last'"
grep -qxF "FAILED ./xt exit 1 - exit status 1" "$T/pane" ||
	show_pane "no FAILED line in the short summary"
grep -qE '^\[gw[0-3]\] \[ 25%\] FAILED \./xt exit 1 ' "$T/pane" ||
	show_pane "the failure's line did not stay above the report"
if grep -qE '^gw[0-9]+  |elapsed|ETA|^\[[=> ]*\] [0-9]+/[0-9]+|^\.\.\. and ' \
	"$T/pane"; then
	show_pane "status area left on the screen"
fi
[ "$(grep -c '^xdist-exec .* -- 4 workers \[4 tests\]$' "$T/pane")" -eq 1 ] ||
	show_pane "the header is not there once"

# From the FAILURES section to the final line, the terminal shows what the
# file got (times, workers, separator lengths and the figures of the
# efficiency line aside).
norm() {
	sed -n '/ FAILURES /,$p' "$1" |
		sed -E 's/[0-9]+\.[0-9]+s/Ns/g; s/gw[0-9]+/gwN/g; s/=+/=/g; s/_+/_/g
			s/^(workers busy) [0-9]+% .*/\1 .../' |
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
norm "$T/out" >"$T/want"
norm "$T/pane" >"$T/got"
[ -s "$T/want" ] || fail "no FAILURES section in the file"
diff "$T/want" "$T/got" >&2 ||
	show_pane "the report on the terminal differs from the file's"

tm kill-server
no_procs "$MARK"
