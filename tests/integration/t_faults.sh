#!/bin/sh
# Fault injection: 20 runs of 200 tests (-n 4: quick passes, quick
# failures, short sleeps; every other run with --reruns 1 and a delay, so
# that workers also die while waiting to rerun a test) while a background
# loop SIGKILLs, at random, workers (the controller's children, titled
# '[xdist-exec running] gwN ...' or '[xdist-exec idle] gwN') and tests
# (the processes with $MARK).  Each
# run must end (bounded wait), account for every test exactly once (the
# final line's counts add up to 200, no test has two -v lines, and the
# tests without one are the interrupted and not-run ones), and leave no
# process with $MARK behind.  The tally over the 20 runs is printed.
#
# FAULT_RUNS (20) and FAULT_TESTS (200) scale it.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
RUNS=${FAULT_RUNS:-20}
NTESTS=${FAULT_TESTS:-200}
RUN_LIMIT=60 # seconds a run may take, kills and restarts included

# The tests: quick passes, quick failures (1 in 5) and short sleeps (2 in
# 5).  Each ends with a word of its own (tN), which tells its -v line
# apart, and carries $MARK in its argv for the killer and for no_procs
# (the shim retitles a test "[xdist-exec gwN] ID", and a worker running
# it "[xdist-exec running] gwN ID": both keep the marker).
i=0
while [ "$i" -lt "$NTESTS" ]; do
	case $((i % 5)) in
	0 | 2) echo "$XT sleep 0 $MARK t$i" ;;
	1) echo "sh -c 'exit 1' $MARK t$i" ;;
	3) echo "$XT sleep 0.0$((i % 3 + 1)) $MARK t$i" ;;
	4) echo "$XT sleep 0.05 $MARK t$i" ;;
	esac
	i=$((i + 1))
done >"$T/list"

# killer XE_PID: until the controller is gone, every 0.05s (plus the time
# a round takes) SIGKILL one random test (two times in three, when one is
# running) or worker.  Workers are the controller's children titled
# "[xdist-exec running] ..." or "[xdist-exec idle] ..."; tests are the
# other processes with $MARK.  One ps and one awk a round: the machine may
# be loaded.  Counts what it killed in $T/kills.
killer() {
	set +e # a background subshell: nothing here may end it early
	_xe=$1
	_i=0 _kw=0 _kt=0
	_seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	while kill -0 "$_xe" 2>/dev/null; do
		sleep 0.05
		_i=$((_i + 1))
		# shellcheck disable=SC2046 # two words: kind and pid
		set -- $(ps -eo pid=,ppid=,args= 2>/dev/null |
			KMARK=$MARK awk -v xe="$_xe" -v seed=$((_seed + _i)) '
			BEGIN { srand(seed) }
			{ wk = $3 == "[xdist-exec" &&
				($4 == "running]" || $4 == "idle]") }
			wk && $2 == xe { w[++nw] = $1; next }
			!wk && index($0, ENVIRON["KMARK"]) { t[++nt] = $1 }
			END {
				if (nt && (!nw || rand() < 2 / 3))
					print "t", t[int(rand() * nt) + 1]
				else if (nw)
					print "w", w[int(rand() * nw) + 1]
			}')
		[ $# -eq 2 ] || continue
		kill -KILL "$2" 2>/dev/null || continue
		if [ "$1" = w ]; then
			_kw=$((_kw + 1))
		else
			_kt=$((_kt + 1))
		fi
	done
	echo "$_kw $_kt" >"$T/kills"
}

gone() {
	! kill -0 "$1" 2>/dev/null
}

# count WORD: the number before WORD in the final line, or 0.
count() {
	_c=$(tail -n 1 "$T/out" | grep -oE "[0-9]+ $1" | grep -oE '^[0-9]+' ||
		true)
	echo "${_c:-0}"
}

sum_passed=0 sum_failed=0 sum_errors=0 sum_other=0 sum_notrun=0
sum_interrupted=0 sum_crashed=0 sum_restarts=0 sum_kw=0 sum_kt=0
sum_flaky=0 sum_reruns=0
sum_rc=
run=1
while [ "$run" -le "$RUNS" ]; do
	rm -f "$T/kills"
	reruns=
	[ $((run % 2)) -eq 0 ] || reruns="--reruns 1 --reruns-delay 0.05"
	# shellcheck disable=SC2086
	xe_bg -n 4 -v --max-worker-restart=100000 $reruns -f "$T/list"
	killer "$XE_PID" &
	kpid=$!
	_bg_pids="$_bg_pids $kpid"
	WAIT_LIMIT=$RUN_LIMIT wait_for gone "$XE_PID"
	wait_exit "$XE_PID"
	wait "$kpid" || true
	last=$(tail -n 1 "$T/out")
	case $RC in
	0 | 1) ;;
	*) fail "run $run: exit status $RC: $last" ;;
	esac
	echo "$last" | grep -qE '^=+ .* in [0-9.]+s( \([0-9:]+\))? =+$' ||
		fail "run $run: no final line: $last"

	passed=$(count passed)
	failed=$(count failed)
	errors=$(count 'errors?')
	notrun=$(count 'not run')
	interrupted=$(count interrupted)
	flaky=$(count flaky)
	other=$(($(count skipped) + flaky + $(count 'timeouts?')))
	total=$((passed + failed + errors + notrun + interrupted + other))
	[ "$total" -eq "$NTESTS" ] ||
		fail "run $run: $total tests accounted for, not $NTESTS: $last"
	# With tests not run, the run must not claim success.
	if [ "$notrun" -gt 0 ] && [ "$RC" -eq 0 ]; then
		fail "run $run: exit status 0 with $notrun tests not run: $last"
	fi

	# Every -v line but RERUN names one test, none twice; those without a
	# line are the interrupted and the not run.
	vline='^\[gw[0-9]+\] \[ *[0-9]+%\] '
	grep -E "$vline" "$T/out" | grep -vE "$vline"'RERUN ' |
		sed -nE 's/.* (t[0-9]+) \([0-9.]+s\)$/\1/p' | sort >"$T/reported"
	dup=$(uniq -d "$T/reported" | head -n 3 | tr '\n' ' ')
	[ -z "$dup" ] || fail "run $run: tests reported twice: $dup"
	lines=$(wc -l <"$T/reported")
	[ $((lines + notrun + interrupted)) -eq "$NTESTS" ] ||
		fail "run $run: $lines -v lines + $notrun not run +" \
			"$interrupted interrupted != $NTESTS"

	no_procs "$MARK"

	read -r kw kt <"$T/kills" || kw=0 kt=0
	crashed=$(grep -cE "^FAILED .* t[0-9]+ - worker 'gw[0-9]+' crashed" \
		"$T/out" || true)
	restarts=$(grep -c '^replacing crashed worker' "$T/out" || true)
	sum_passed=$((sum_passed + passed))
	sum_failed=$((sum_failed + failed))
	sum_errors=$((sum_errors + errors))
	sum_other=$((sum_other + other))
	sum_flaky=$((sum_flaky + flaky))
	sum_reruns=$((sum_reruns + $(count rerun)))
	sum_notrun=$((sum_notrun + notrun))
	sum_interrupted=$((sum_interrupted + interrupted))
	sum_crashed=$((sum_crashed + crashed))
	sum_restarts=$((sum_restarts + restarts))
	sum_kw=$((sum_kw + kw))
	sum_kt=$((sum_kt + kt))
	sum_rc="$sum_rc$RC"
	echo "run $run:${reruns:+ reruns,} rc $RC, killed $kw workers +" \
		"$kt tests, $restarts restarts:" \
		"$(echo "$last" | sed 's/^=* //; s/ =*$//')"
	run=$((run + 1))
done

echo "fault tally over $RUNS runs of $NTESTS tests:" \
	"$sum_passed passed, $sum_failed failed ($sum_crashed with their" \
	"worker), $sum_errors errors, $sum_other skipped/flaky/timeouts" \
	"($sum_flaky flaky, after $sum_reruns reruns)," \
	"$sum_interrupted interrupted, $sum_notrun not run;" \
	"SIGKILLed $sum_kw workers and $sum_kt tests; $sum_restarts worker" \
	"restarts; exit statuses $sum_rc"
exit 0
