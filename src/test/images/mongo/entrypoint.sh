#!/bin/bash
# Test stand-in for the official mongo image: mongo-java-server (H2 file under /data/db).
# Like the official entrypoint it reads the MONGO_INITDB_* _FILE variants only AFTER dropping
# to uid 999, so an unreadable secret file fails here as it does there. It has no authentication.
set -Eeuo pipefail
. /usr/local/lib/dbdock-common.sh
if [ "${1:-}" != 'mongod' ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
	mkdir -p /data/db /data/configdb
	find /data/db /data/configdb \! -user mongodb -exec chown mongodb:mongodb '{}' +
	exec setpriv --reuid=mongodb --regid=mongodb --init-groups "$0" "$@"
fi
file_env MONGO_INITDB_ROOT_USERNAME
file_env MONGO_INITDB_ROOT_PASSWORD
if [ -n "$MONGO_INITDB_ROOT_USERNAME" ] && [ -z "$MONGO_INITDB_ROOT_PASSWORD" ]; then
	echo "error: missing MONGO_INITDB_ROOT_PASSWORD" >&2; exit 1
fi
[ -z "$MONGO_INITDB_ROOT_USERNAME" ] || echo "root user '$MONGO_INITDB_ROOT_USERNAME' configured (the stand-in does not enforce it)"
unset MONGO_INITDB_ROOT_PASSWORD
exec java -Xmx128m -cp '/opt/mongo-standin:/opt/mongo-standin/*' MongoStandIn /data/db/standin.mv.db
