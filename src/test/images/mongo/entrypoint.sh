#!/bin/bash
# Entrypoint of the Mongo stand-in image: mongo-java-server (H2 file under /data/db) with the
# official image's contract. Like the official entrypoint it reads the MONGO_INITDB_* _FILE
# variants only AFTER dropping to uid 999, so an unreadable secret file fails here as it does
# there. The server has no authentication; at first start the root user is written down (0600)
# for the stand-in tools, which check the credentials they are given against it.
set -Eeuo pipefail
. /usr/local/lib/dbdock-common.sh
if [ "${1:0:1}" = '-' ]; then set -- mongod "$@"; fi
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
if [ ! -e /data/db/standin.mv.db ] && [ -n "$MONGO_INITDB_ROOT_USERNAME" ]; then
	(umask 077; printf '%s\n%s\n' "$MONGO_INITDB_ROOT_USERNAME" "$MONGO_INITDB_ROOT_PASSWORD" > /data/db/.standin-root-user)
	echo "root user '$MONGO_INITDB_ROOT_USERNAME' created (the stand-in tools check it; the server does not)"
fi
unset MONGO_INITDB_ROOT_PASSWORD
exec java -Xmx128m -cp '/opt/mongo-standin:/opt/mongo-standin/*' MongoStandIn /data/db/standin.mv.db
