#!/bin/sh
# Chunked upload: split a file into 64 KiB chunks, reassemble it, and get
# the same bytes and checksum back.
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demo-upload.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

sleep 1.7 # stands in for the object store

seq 1 40000 >"$tmp/payload"
size=$(wc -c <"$tmp/payload")
mkdir "$tmp/chunks"
split -b 65536 "$tmp/payload" "$tmp/chunks/part."
n=$(find "$tmp/chunks" -type f | wc -l)
want=$(((size + 65535) / 65536))
[ "$n" -eq "$want" ] || { echo "expected $want chunks, got $n"; exit 1; }
cat "$tmp"/chunks/part.* >"$tmp/joined"
cmp "$tmp/payload" "$tmp/joined" || { echo "reassembled file differs"; exit 1; }
[ "$(cksum <"$tmp/payload")" = "$(cksum <"$tmp/joined")" ]
echo "upload: $size bytes in $n chunks, checksum ok"
