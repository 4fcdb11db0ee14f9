#!/bin/bash
# Entrypoint of the mysql test images, written for dbdock's tests after the official image's
# contract: MYSQL_ROOT_PASSWORD / MYSQL_ALLOW_EMPTY_PASSWORD / MYSQL_RANDOM_ROOT_PASSWORD,
# MYSQL_ROOT_HOST (default %), MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD (+ _FILE), privileges
# dropped to mysql (uid 999), MySQL's own initialisation, first-start scripts.
# Like the official entrypoint, it pastes the root password into SQL and into the client's option
# file as it is: a password with ' or \ breaks the first start there, and so it does here.
# (Time-zone tables are not loaded: the image has no zoneinfo, and it saves seconds per start.)
set -Eeo pipefail
. /usr/local/lib/dbdock-common.sh

if [ "${1:0:1}" = '-' ]; then set -- mysqld "$@"; fi
if [ "$1" != 'mysqld' ]; then exec "$@"; fi

DATADIR=/var/lib/mysql
SOCKET=/var/run/mysqld/mysqld.sock
file_env MYSQL_ROOT_HOST '%'
file_env MYSQL_DATABASE
file_env MYSQL_USER
file_env MYSQL_PASSWORD
file_env MYSQL_ROOT_PASSWORD

if [ "$(id -u)" = 0 ]; then
	mkdir -p "$DATADIR" /var/run/mysqld /var/lib/mysql-files
	find "$DATADIR" /var/run/mysqld /var/lib/mysql-files \! -user mysql -exec chown --no-dereference mysql '{}' +
	exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" "$@"
fi

if [ -d "$DATADIR/mysql" ]; then
	exec "$@"
fi

if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
	echo "error: Database is uninitialized and password option is not specified" >&2
	echo "    You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD" >&2
	exit 1
fi
if [ "$MYSQL_USER" = root ]; then
	echo 'error: MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user' >&2
	exit 1
fi

echo "Initializing database files"
"$@" --initialize-insecure --default-time-zone=SYSTEM
echo "Starting temporary server"
"$@" --daemonize --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET" >/dev/null

# The client's option file, as the official image writes it (password pasted in as it is).
passfile() { [ "${1:-}" = --no-password ] || [ -z "$MYSQL_ROOT_PASSWORD" ] || printf '[client]\npassword="%s"\n' "$MYSQL_ROOT_PASSWORD"; }
sql() {
	local args=()
	if [ "${1:-}" = --no-password ]; then args+=(--no-password); shift; fi
	mysql --defaults-extra-file=<(passfile "${args[@]}") --protocol=socket -uroot -hlocalhost --socket="$SOCKET" --comments \
		${MYSQL_DATABASE:+--database="$MYSQL_DATABASE"} "$@"
}
if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
	MYSQL_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64)"; export MYSQL_ROOT_PASSWORD
	echo "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
fi
root_create=
if [ -n "$MYSQL_ROOT_HOST" ] && [ "$MYSQL_ROOT_HOST" != localhost ]; then
	root_create="CREATE USER 'root'@'${MYSQL_ROOT_HOST}' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}' ;
GRANT ALL ON *.* TO 'root'@'${MYSQL_ROOT_HOST}' WITH GRANT OPTION ;"
fi
MYSQL_DATABASE= sql --no-password --database=mysql <<-EOSQL
	SET autocommit = 1;
	SET @@SESSION.SQL_LOG_BIN=0;
	ALTER USER 'root'@'localhost' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}' ;
	GRANT ALL ON *.* TO 'root'@'localhost' WITH GRANT OPTION ;
	FLUSH PRIVILEGES ;
	${root_create}
	DROP DATABASE IF EXISTS test ;
EOSQL
if [ -n "$MYSQL_DATABASE" ]; then
	echo "Creating database ${MYSQL_DATABASE}"
	MYSQL_DATABASE= sql --database=mysql <<<"CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\` ;"
fi
if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
	MYSQL_DATABASE= sql --database=mysql <<<"CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY '$MYSQL_PASSWORD' ;"
	if [ -n "$MYSQL_DATABASE" ]; then
		MYSQL_DATABASE= sql --database=mysql <<<"GRANT ALL ON \`${MYSQL_DATABASE//_/\\_}\`.* TO '$MYSQL_USER'@'%' ;"
	fi
fi
run_init_files sql
echo "Stopping temporary server"
mysqladmin --defaults-extra-file=<(passfile) shutdown -uroot --socket="$SOCKET"
echo "MySQL init process done. Ready for start up."
exec "$@"
