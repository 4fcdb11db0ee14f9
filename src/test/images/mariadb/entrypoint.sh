#!/bin/bash
# Entrypoint of the mariadb test images, written for dbdock's tests after the official image's
# contract: MARIADB_ROOT_PASSWORD (or _HASH), MARIADB_ALLOW_EMPTY_ROOT_PASSWORD,
# MARIADB_RANDOM_ROOT_PASSWORD, MARIADB_ROOT_HOST (default %), MARIADB_DATABASE, MARIADB_USER,
# MARIADB_PASSWORD, each with its MYSQL_* fallback and _FILE variant; privileges dropped to mysql
# (uid 999); mariadb-install-db with root on password login only (no unix_socket for root), a
# temporary server for the first-start work, the healthcheck user and its option file, first-start scripts.
set -Eeo pipefail
. /usr/local/lib/dbdock-common.sh

if [ "${1:0:1}" = '-' ]; then set -- mariadbd "$@"; fi
case "$1" in mariadbd | mysqld) ;; *) exec "$@" ;; esac

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock
for name in ROOT_PASSWORD ROOT_PASSWORD_HASH ROOT_HOST DATABASE USER PASSWORD ALLOW_EMPTY_ROOT_PASSWORD RANDOM_ROOT_PASSWORD; do
	file_env "MYSQL_$name"
	fallback="MYSQL_$name"
	file_env "MARIADB_$name" "${!fallback:-}"
done
# The older spelling of the empty-password switch.
: "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:=${MYSQL_ALLOW_EMPTY_PASSWORD:-}}"
: "${MARIADB_ROOT_HOST:=%}"

if [ "$(id -u)" = 0 ]; then
	mkdir -p "$DATADIR" /run/mysqld
	find "$DATADIR" /run/mysqld \! -user mysql -exec chown --no-dereference mysql '{}' +
	exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" "$@"
fi

if [ -d "$DATADIR/mysql" ]; then
	exec "$@"
fi

if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ROOT_PASSWORD_HASH" ] \
	&& [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ] && [ -z "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
	echo "error: Database is uninitialized and password option is not specified" >&2
	echo "    You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD" >&2
	exit 1
fi
if [ "$MARIADB_USER" = root ]; then
	echo 'error: MARIADB_USER="root" is not allowed: the root password comes from MARIADB_ROOT_PASSWORD' >&2
	exit 1
fi

echo "Initializing database files"
mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal --skip-test-db >/dev/null
echo "Starting temporary server"
"$@" --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET" &
pid=$!
sql() { mariadb --protocol=socket -uroot -hlocalhost --socket="$SOCKET" --binary-mode "$@"; }
# After the root password is set: first-start scripts run as root with it, in MARIADB_DATABASE.
sql_root() { MYSQL_PWD="$MARIADB_ROOT_PASSWORD" sql ${MARIADB_DATABASE:+--database="$MARIADB_DATABASE"} "$@"; }
for _ in $(seq 300); do sql --database=mysql <<<'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
# A string made safe for a SQL literal: \ and ' escaped, as the official entrypoint does.
literal() { local s="${1//\\/\\\\}"; printf '%s' "${s//\'/\\\'}"; }

if [ -n "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
	MARIADB_ROOT_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -d "'\\\\")"
	echo "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
fi
root_pw="$(literal "$MARIADB_ROOT_PASSWORD")"
if [ -n "$MARIADB_ROOT_PASSWORD_HASH" ]; then
	identified="IDENTIFIED BY PASSWORD '$MARIADB_ROOT_PASSWORD_HASH'"
	localhost_pw="SET PASSWORD FOR 'root'@'localhost' = '$MARIADB_ROOT_PASSWORD_HASH';"
else
	identified="IDENTIFIED BY '$root_pw'"
	localhost_pw="SET PASSWORD FOR 'root'@'localhost' = PASSWORD('$root_pw');"
fi
root_create=
if [ "$MARIADB_ROOT_HOST" != localhost ]; then
	root_create="CREATE USER 'root'@'${MARIADB_ROOT_HOST}' $identified;
GRANT ALL ON *.* TO 'root'@'${MARIADB_ROOT_HOST}' WITH GRANT OPTION;
GRANT PROXY ON ''@'%' TO 'root'@'${MARIADB_ROOT_HOST}' WITH GRANT OPTION;"
fi
health_pw="$(head -c 24 /dev/urandom | base64 | tr -d "'\\\\")"
user_create=
if [ -n "$MARIADB_USER" ] && [ -n "$MARIADB_PASSWORD" ]; then
	user_create="CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY '$(literal "$MARIADB_PASSWORD")';"
	[ -z "$MARIADB_DATABASE" ] || user_create+="
GRANT ALL ON \`${MARIADB_DATABASE//_/\\_}\`.* TO '$MARIADB_USER'@'%';"
fi
sql --database=mysql <<-EOSQL
	SET @@SESSION.SQL_LOG_BIN=0;
	SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');
	DROP USER IF EXISTS root@'127.0.0.1', root@'::1';
	EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\'', @@hostname,'\'');
	${localhost_pw}
	${root_create}
	CREATE USER healthcheck@'127.0.0.1' IDENTIFIED BY '$health_pw';
	CREATE USER healthcheck@'::1' IDENTIFIED BY '$health_pw';
	CREATE USER healthcheck@localhost IDENTIFIED BY '$health_pw';
	GRANT USAGE ON *.* TO healthcheck@'127.0.0.1', healthcheck@'::1', healthcheck@localhost;
	${MARIADB_DATABASE:+CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;}
	${user_create}
EOSQL
printf '[mariadb-client]\nport=3306\nsocket=%s\nuser=healthcheck\npassword=%s\n' "$SOCKET" "$health_pw" > "$DATADIR/.my-healthcheck.cnf"
run_init_files sql_root
echo "Stopping temporary server"
kill "$pid"; wait "$pid"
echo "MariaDB init process done. Ready for start up."
exec "$@"
