#!/bin/sh
# LRU eviction order for a 3-entry cache.
set -eu

sleep 0.6 # stands in for warming the cache

got=$(echo "a b c a d b e a" | awk -v cap=3 '{
	n = 0
	for (i = 1; i <= NF; i++) {
		k = $i; hit = 0
		for (j = 1; j <= n; j++) if (q[j] == k) { hit = j; break }
		if (hit) {
			hits++
			for (j = hit; j < n; j++) q[j] = q[j + 1]
			n--
		} else if (n == cap) {
			ev = ev q[1] " "
			for (j = 1; j < n; j++) q[j] = q[j + 1]
			n--
		}
		q[++n] = k
	}
	printf "evicted: %shits: %d\n", ev, hits
}')
[ "$got" = "evicted: b c a d hits: 1" ] || { echo "cache: got '$got'"; exit 1; }
echo "cache: $got"
