#!/bin/sh
# Retry policy: exponential backoff from 100 ms, doubling, capped at 2 s,
# seven attempts.
set -eu

sleep 0.5 # stands in for the flaky upstream

delays=
d=100
for _ in 1 2 3 4 5 6 7; do
	delays="$delays $d"
	d=$((d * 2))
	[ "$d" -le 2000 ] || d=2000
done
delays=${delays# }
[ "$delays" = "100 200 400 800 1600 2000 2000" ] ||
	{ echo "backoff schedule: $delays"; exit 1; }
sum=0
for d in $delays; do sum=$((sum + d)); done
[ "$sum" -eq 7100 ] || { echo "total backoff $sum ms, expected 7100"; exit 1; }
echo "retry: $delays (total ${sum} ms)"
