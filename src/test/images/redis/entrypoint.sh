#!/bin/bash
# Test stand-in for the official redis image (Debian's Redis 7.0): data in /data, runs as redis.
set -Eeuo pipefail
if [ "${1:-}" != 'redis-server' ]; then exec "$@"; fi
shift
mkdir -p /data
find /data \! -user redis -exec chown redis:redis '{}' +
cd /data
if [ $# -eq 0 ] || [[ "$1" == --* ]]; then
	set -- --protected-mode no --dir /data "$@"
fi
exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$@"
