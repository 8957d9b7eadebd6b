#!/bin/sh
# Prefix search over the shipped word index.
set -eu
data=$(dirname "$0")/data

sleep 0.4 # stands in for the search backend

count() { grep -c "^$1" "$data/words.txt"; }
[ "$(count pay)" -eq 5 ] || { echo "prefix 'pay': expected 5, got $(count pay)"; exit 1; }
[ "$(count pars)" -eq 3 ] || { echo "prefix 'pars': expected 3, got $(count pars)"; exit 1; }
[ "$(count zzz || true)" -eq 0 ] || { echo "prefix 'zzz' matched"; exit 1; }
dups=$(sort "$data/words.txt" | uniq -d)
[ -z "$dups" ] || { echo "duplicate index entries: $dups"; exit 1; }
echo "search: $(wc -l <"$data/words.txt") words indexed, prefixes ok"
