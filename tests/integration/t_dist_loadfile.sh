#!/bin/sh
# --dist=loadfile, loadscope and loadgroup: every test of one unit (one
# executable or interpreted script; one scope or "::"-id prefix; one
# group) runs on one worker,
# in list order, even when the cache says a later test of the unit is the
# longest (the second run of loadfile and loadscope).
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# mkrec PATH: an executable test script; `PATH UNIT CASE SECONDS` logs
# "WORKER UNIT CASE" as it starts, then sleeps SECONDS.
mkrec() {
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<EOF
#!/bin/sh
echo "\$XDIST_WORKER \$1 \$2" >>"$T/log"
exec "$XT" sleep "\$3"
EOF
	chmod +x "$1"
}

# check_unit MODE UNIT: UNIT's four cases ran once each, on one worker, in
# list order.
check_unit() {
	n=$(awk -v u="$2" '$2 == u' "$T/log" | wc -l)
	[ "$n" -eq 4 ] || fail "$1: unit $2 ran $n tests, not 4: $(cat "$T/log")"
	w=$(awk -v u="$2" '$2 == u { print $1 }' "$T/log" | sort -u)
	[ "$(printf '%s\n' "$w" | wc -l)" -eq 1 ] ||
		fail "$1: unit $2 ran on several workers: $(echo $w)"
	case $w in gw[012]) ;; *) fail "$1: unit $2 ran on '$w'" ;; esac
	seq=$(awk -v u="$2" '$2 == u { printf "%s ", $3 }' "$T/log")
	[ "$seq" = "1 2 3 4 " ] ||
		fail "$1: unit $2 ran in the order '$seq', not in list order"
}

# run_mode MODE PASSES LIST TOTAL UNIT...: PASSES runs in a fresh
# directory (from the second on, with the durations of the first, where
# case 4 is the longest: the order inside a unit must not follow them).
run_mode() {
	mode=$1 passes=$2 list=$3 total=$4
	shift 4
	cd "$(mktemp -d "$T/cwd.XXXXXX")"
	for pass in $passes; do
		rm -f "$T/log"
		xe -n 3 --dist="$mode" -f "$list"
		expect_rc 0
		expect_out "$total passed"
		[ "$(wc -l <"$T/log")" -eq "$total" ] ||
			fail "$mode pass $pass: $(wc -l <"$T/log") runs, not $total"
		for u in "$@"; do
			check_unit "$mode pass $pass" "$u"
		done
	done
	[ -s .xdist-exec/durations ] || fail "$mode: no durations were cached"
}

# --- loadfile: one unit per executable; the list interleaves them.
for s in a b c; do
	mkrec "$T/$s.sh"
done
for c in 1 2 3 4; do
	for s in a b c; do
		echo "$T/$s.sh $s $c $(printf 0.%02d $((c * 5)))"
	done
done >"$T/file.list"
run_mode loadfile "1 2" "$T/file.list" 12 a b c
# Run by an interpreter, the script is the file: `sh a.sh` and `sh b.sh`
# are two units, not one unit `sh` (and as many units, so many workers).
sed 's|^|sh |' "$T/file.list" >"$T/sh.list"
run_mode loadfile 1 "$T/sh.list" 12 a b c
expect_out "3 workers"

# --- loadscope: a scope attribute (it wins over a "::" id), and the text
# before the last "::" of an id set by name=.  The t_a and t_b tests
# alternate between two directories, which would be their units without
# the "::" rule.
mkrec "$T/rec.sh"
mkrec "$T/d1/rec.sh"
mkrec "$T/d2/rec.sh"
{
	for c in 1 2 3 4; do
		if [ "$c" -eq 4 ]; then
			echo "$T/rec.sh db $c $(printf 0.%02d $((c * 5))) #@ name=./t_c.sh::x scope=db"
		else
			echo "$T/d$((c % 2 + 1))/rec.sh db $c $(printf 0.%02d $((c * 5))) #@ scope=db"
		fi
		echo "$T/d$((c % 2 + 1))/rec.sh ta $c $(printf 0.%02d $((c * 5))) #@ name=./t_a.sh::case$c"
		echo "$T/d$(((c + 1) % 2 + 1))/rec.sh tb $c $(printf 0.%02d $((c * 5))) #@ name=./t_b.sh::case$c"
	done
} >"$T/scope.list"
run_mode loadscope "1 2" "$T/scope.list" 12 db ta tb

# --- loadgroup: group attributes, with ungrouped tests in between.
{
	for c in 1 2 3 4; do
		echo "$T/rec.sh g1 $c $(printf 0.%02d $((c * 5))) #@ group=g1"
		echo "$T/rec.sh free $c 0.1"
		echo "$T/rec.sh g2 $c $(printf 0.%02d $((c * 5))) #@ group=g2"
	done
} >"$T/group.list"
run_mode loadgroup 1 "$T/group.list" 12 g1 g2
exit 0
