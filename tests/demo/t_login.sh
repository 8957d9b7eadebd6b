#!/bin/sh
# Password check against the shipped user database: the salted SHA-256 of
# the right password matches, a wrong one does not.
set -eu
data=$(dirname "$0")/data

sleep 1.0 # stands in for the auth service's round trip

check() { # check USER PASSWORD: succeeds when the password is right
	line=$(grep "^$1:" "$data/users.db") || return 1
	salt=$(echo "$line" | cut -d: -f2)
	want=$(echo "$line" | cut -d: -f3)
	got=$(printf '%s:%s' "$salt" "$2" | sha256sum | cut -d' ' -f1)
	[ "$got" = "$want" ]
}

check alice 'correct horse battery staple' || { echo "alice: right password refused"; exit 1; }
check bob hunter2 || { echo "bob: right password refused"; exit 1; }
if check alice hunter2; then echo "alice: wrong password accepted"; exit 1; fi
if check mallory anything; then echo "unknown user accepted"; exit 1; fi
echo "login: 2 good passwords accepted, 2 bad ones refused"
