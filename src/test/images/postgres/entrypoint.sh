#!/bin/bash
# Test stand-in for the official postgres image (Debian's PostgreSQL 15 binaries).
# Honours POSTGRES_PASSWORD/USER/DB/INITDB_ARGS (+ _FILE), PGDATA, and the 18+ layout rule.
set -Eeuo pipefail
. /usr/local/lib/dbdock-common.sh
PGBIN=/usr/lib/postgresql/15/bin
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

if [ "${1:-}" != 'postgres' ]; then exec "$@"; fi
shift

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
: "${PGDATA:?PGDATA must be set}"

if [ "${PG_MAJOR:-0}" -ge 18 ] && [ -s /var/lib/postgresql/data/PG_VERSION ]; then
	echo "Error: old pre-18 data layout found in /var/lib/postgresql/data; mount /var/lib/postgresql instead." >&2
	exit 1
fi

mkdir -p "$PGDATA" /var/run/postgresql
find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
chown postgres:postgres /var/run/postgresql
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
	if [ -z "$POSTGRES_PASSWORD" ]; then
		echo "Error: Database is uninitialized and superuser password is not specified." >&2
		exit 1
	fi
	pwfile="$(mktemp)"
	printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
	chown postgres "$pwfile"
	# shellcheck disable=SC2086
	as_postgres "$PGBIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
		--auth-local=trust --auth-host=scram-sha-256 $POSTGRES_INITDB_ARGS >/dev/null
	rm -f "$pwfile"
	echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
	if [ "$POSTGRES_DB" != 'postgres' ]; then
		as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -c jit=off" -w start >/dev/null
		as_postgres "$PGBIN/psql" -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q \
			-c "CREATE DATABASE \"$POSTGRES_DB\""
		as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
	fi
	echo "PostgreSQL init process complete; ready for start up."
fi

exec setpriv --reuid=postgres --regid=postgres --init-groups "$PGBIN/postgres" -D "$PGDATA" \
	-c listen_addresses='*' -c jit=off "$@"
