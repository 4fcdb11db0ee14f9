#!/bin/bash
# Test stand-in for the official mysql and mariadb images (Debian's MariaDB 10.11 binaries).
# Honours MARIADB_* with the MYSQL_* fallbacks (+ _FILE variants).
set -Eeuo pipefail
. /usr/local/lib/dbdock-common.sh

case "${1:-}" in mysqld|mariadbd) shift ;; *) exec "$@" ;; esac

for name in ROOT_PASSWORD DATABASE USER PASSWORD ROOT_HOST; do
	file_env "MYSQL_$name"
	file_env "MARIADB_$name" "$(eval echo "\${MYSQL_$name:-}")"
done
: "${MARIADB_ROOT_HOST:=%}"
sql_string() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\\\'}"; }

DATADIR=/var/lib/mysql
mkdir -p "$DATADIR" /run/mysqld
find "$DATADIR" \! -user mysql -exec chown mysql:mysql '{}' +
chown mysql:mysql /run/mysqld

if [ ! -d "$DATADIR/mysql" ]; then
	if [ -z "$MARIADB_ROOT_PASSWORD" ]; then
		echo "error: database is uninitialized and password option is not specified" >&2
		echo "  You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_FILE, MYSQL_ROOT_PASSWORD" >&2
		exit 1
	fi
	if [ "$MARIADB_USER" = root ]; then
		echo "error: MYSQL_USER=root is not allowed" >&2; exit 1
	fi
	mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db \
		--auth-root-authentication-method=normal >/dev/null
	mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket=/run/mysqld/init.sock &
	pid=$!
	for _ in $(seq 1 300); do
		mariadb --protocol=socket -S /run/mysqld/init.sock -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
		sleep 0.1
	done
	pw="$(sql_string "$MARIADB_ROOT_PASSWORD")"
	{
		echo "SET @@SESSION.SQL_LOG_BIN=0;"
		echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
		if [ "$MARIADB_ROOT_HOST" != localhost ]; then
			echo "CREATE USER 'root'@$(sql_string "$MARIADB_ROOT_HOST") IDENTIFIED BY $pw;"
			echo "GRANT ALL ON *.* TO 'root'@$(sql_string "$MARIADB_ROOT_HOST") WITH GRANT OPTION;"
		fi
		[ -z "$MARIADB_DATABASE" ] || echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"
		if [ -n "$MARIADB_USER" ]; then
			echo "CREATE USER $(sql_string "$MARIADB_USER")@'%' IDENTIFIED BY $(sql_string "$MARIADB_PASSWORD");"
			[ -z "$MARIADB_DATABASE" ] || echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO $(sql_string "$MARIADB_USER")@'%';"
		fi
		echo "FLUSH PRIVILEGES;"
	} | mariadb --protocol=socket -S /run/mysqld/init.sock -uroot
	kill "$pid"; wait "$pid" || true
	echo "MariaDB init process done. Ready for start up."
fi

exec mariadbd --user=mysql --datadir="$DATADIR" --bind-address=0.0.0.0 --port=3306 \
	--socket=/run/mysqld/mysqld.sock "$@"
