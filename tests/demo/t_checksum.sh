#!/bin/sh
# Release integrity: every fixture file matches the CRC and size recorded
# in data/MANIFEST (POSIX cksum), and a corrupted copy does not.
set -eu
here=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demo-cksum.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

sleep 0.9 # stands in for downloading the release bundle

n=0
while read -r crc size name; do
	case $crc in '#'* | '') continue ;; esac
	got=$(cksum <"$here/data/$name")
	if [ "$got" != "$crc $size" ]; then
		echo "$name: expected $crc $size, got $got"
		exit 1
	fi
	n=$((n + 1))
done <"$here/data/MANIFEST"
[ "$n" -ge 5 ] || { echo "MANIFEST lists only $n files"; exit 1; }

sed 's/12\.50/12.51/' "$here/data/ledger.csv" >"$tmp/ledger.csv"
got=$(cksum <"$tmp/ledger.csv")
if grep -q "^$got ledger.csv\$" "$here/data/MANIFEST"; then
	echo "a corrupted ledger.csv still matches the MANIFEST"
	exit 1
fi
echo "checksum: $n files verified"
