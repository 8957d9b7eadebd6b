#!/bin/sh
# The INI parser: sections, comments, blank lines and quoted values.
set -eu
data=$(dirname "$0")/data

sleep 0.8 # stands in for loading the full service configuration

parse() { # prints section.key=value, one a line
	awk '
		/^[ \t]*([;#].*)?$/ { next }
		/^\[.*\]$/ { sec = substr($0, 2, length($0) - 2); next }
		{
			i = index($0, "=")
			k = substr($0, 1, i - 1); v = substr($0, i + 1)
			gsub(/^[ \t]+|[ \t]+$/, "", k); gsub(/^[ \t]+|[ \t]+$/, "", v)
			if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
			print sec "." k "=" v
		}' "$1"
}

out=$(parse "$data/config.ini")
expect() {
	printf '%s\n' "$out" | grep -qxF "$1" || { echo "missing: $1"; echo "parsed:"; printf '%s\n' "$out"; exit 1; }
}
expect "server.port=8443"
expect "database.url=postgres://shop@db.internal:5432/shop"
expect "database.connect_timeout=2500"
expect "features.legacy_export=false"
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" -eq 8 ] || { echo "expected 8 keys, parsed $n"; exit 1; }
echo "parser: 8 keys in 3 sections"
