#!/bin/bash
# Entrypoint of the postgres test images, written for dbdock's tests after the official image's
# contract: POSTGRES_PASSWORD/USER/DB/INITDB_ARGS (+ _FILE), POSTGRES_HOST_AUTH_METHOD, PGDATA,
# the 18+ data layout rule, privileges dropped to postgres (uid 999), initdb with the local
# connections trusted and every other host asked for a password, first-start scripts.
set -Eeo pipefail
. /usr/local/lib/dbdock-common.sh

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != 'postgres' ]; then exec "$@"; fi

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
: "${POSTGRES_HOST_AUTH_METHOD:=}"

if [ "$(id -u)" = 0 ]; then
	mkdir -p "$PGDATA" /var/run/postgresql
	chmod 700 "$PGDATA" || :
	find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
	find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
	exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ -s "$PGDATA/PG_VERSION" ]; then
	echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
	exec "$@"
fi

# 18+: data of the old layout (or a mount at the old path) is refused, not initialised over.
if [ "$PGDATA" = "/var/lib/postgresql/$PG_MAJOR/docker" ]; then
	old=()
	for d in /var/lib/postgresql /var/lib/postgresql/data /var/lib/postgresql/*/docker; do
		[ -s "$d/PG_VERSION" ] && old+=("$d")
	done
	if [ "${#old[@]}" -eq 0 ] && mountpoint -q /var/lib/postgresql/data; then old+=('/var/lib/postgresql/data (unused mount/volume)'); fi
	if [ "${#old[@]}" -gt 0 ]; then
		echo "Error: in 18+, PostgreSQL data lives in /var/lib/postgresql/$PG_MAJOR/docker, but there is data in: ${old[*]}" >&2
		echo "       Mount /var/lib/postgresql instead, or upgrade the data with pg_upgrade." >&2
		exit 1
	fi
fi
if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
	echo "Error: Database is uninitialized and superuser password is not specified." >&2
	exit 1
fi

# shellcheck disable=SC2086
initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
auth="${POSTGRES_HOST_AUTH_METHOD:-$(postgres -C password_encryption)}"
printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

export PGPASSWORD="$POSTGRES_PASSWORD"
pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
sql() { psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" "$@"; }
if [ -z "$(psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -At --set db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]; then
	psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db"'
fi
run_init_files sql
pg_ctl -D "$PGDATA" -m fast -w stop
unset PGPASSWORD
echo "PostgreSQL init process complete; ready for start up."
exec "$@"
