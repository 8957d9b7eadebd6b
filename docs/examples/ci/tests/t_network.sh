#!/bin/sh
# Talks to a service that only some CI runners have: skipped (77) elsewhere.
if [ -z "${CI_NETWORK_TESTS:-}" ]; then
	echo "CI_NETWORK_TESTS is not set: skipping"
	exit 77
fi
exit 0
