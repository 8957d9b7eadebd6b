#!/bin/sh
# Directory lookups against a real LDAP server.  Skipped (exit status 77)
# unless DEMO_LDAP_URI names one: the demo suite skips it on purpose.
set -eu

sleep 0.2 # stands in for probing the network

if [ -z "${DEMO_LDAP_URI:-}" ]; then
	echo "SKIP: no LDAP server configured (set DEMO_LDAP_URI to run this test)"
	exit 77
fi
ldapsearch -x -H "$DEMO_LDAP_URI" -b dc=example,dc=com '(uid=alice)' uid |
	grep -q '^uid: alice$'
