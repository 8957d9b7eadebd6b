#!/bin/sh
# Session tokens: decode, then expire exactly at issue time + TTL.
set -eu

sleep 1.4 # stands in for the session store

token=$(printf 'alice|1700000000|3600' | base64)
fields=$(printf '%s' "$token" | base64 -d)
user=${fields%%|*}
rest=${fields#*|}
issued=${rest%|*}
ttl=${rest#*|}
expires=$((issued + ttl))

valid() { [ "$1" -lt "$expires" ]; }

[ "$user" = alice ] || { echo "decoded user '$user'"; exit 1; }
valid 1700003599 || { echo "token expired one second early"; exit 1; }
if valid 1700003600; then echo "token still valid at its expiry time"; exit 1; fi
echo "session: token for $user expires at $expires"
