#!/bin/sh
# tr maps one class onto another.
[ "$(echo shard | tr '[:lower:]' '[:upper:]')" = SHARD ]
