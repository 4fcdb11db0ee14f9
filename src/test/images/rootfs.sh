#!/usr/bin/env bash
# Builds one root file system of real database servers from one Debian suite and imports it as
# a Docker image, the base of the test images that suite answers (see servers.tsv).
#   rootfs.sh SUITE[-PART] IMAGE RECIPE_HASH PACKAGE...        (root: debootstrap and chroot)
#
# What the official images do and Debian's packages do not, done here once per suite:
# - the database users (postgres, mysql, redis, valkey, mongodb) get uid and gid 999, as in every official image;
# - servers listen on all interfaces inside the container, log to standard error, and keep no
#   packaged default cluster or data (the entrypoints initialise their own);
# - MariaDB 11 keeps only its mariadb* client names (the official 11.x images dropped mysql*).
set -Eeuo pipefail
suite="$1"; image="$2"; recipe="$3"; shift 3
# "sid-mysql" is another root file system from sid: servers whose packages cannot share one.
dist="${suite%%-*}"
packages="$(IFS=,; echo "$*")"
log() { printf '[images] %s: %s\n' "$suite" "$*" >&2; }
command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 1; }
work="$(mktemp -d /var/tmp/dbdock-rootfs.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mirror="$(grep -rhoE 'https?://[^ ]*debian\.org/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | grep -v security | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"

log "debootstrap from $mirror: $packages (about 2 minutes)"
debootstrap --variant=minbase --include="$packages" "$dist" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
	|| { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
in_root() { chroot "$rootfs" "$@"; }

# uid/gid 999 for every database user present (several may share it: each image runs one server).
in_root getent passwd mongodb >/dev/null || in_root useradd --system --non-unique --uid 999 --user-group --no-create-home --home-dir /data/db mongodb
for user in postgres mysql redis valkey; do
	in_root getent passwd "$user" >/dev/null || continue
	uid="$(in_root id -u "$user")"; gid="$(in_root id -g "$user")"
	[ "$uid" = 999 ] && [ "$gid" = 999 ] && continue
	in_root usermod --non-unique --uid 999 "$user"
	in_root groupmod --non-unique --gid 999 "$(in_root id -gn "$user")"
	in_root find / -xdev -uid "$uid" -exec chown --no-dereference 999 '{}' +
	in_root find / -xdev -gid "$gid" -exec chgrp --no-dereference 999 '{}' +
done

log "configuring the servers as the official images do"
for sample in "$rootfs"/usr/share/postgresql/*/postgresql.conf.sample; do
	[ -f "$sample" ] || continue
	sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" "$sample"
done
rm -rf "$rootfs"/var/lib/postgresql/[0-9]* "$rootfs"/etc/postgresql/[0-9]*
# (PostGIS' libraries bring mariadb.conf.d without the server: only a MariaDB server is configured.)
if [ -d "$rootfs/etc/mysql/mariadb.conf.d" ] && [ -x "$rootfs/usr/sbin/mariadbd" ]; then
	sed -ri 's/^(bind-address|log_error|log-error)\b/#&/' "$rootfs"/etc/mysql/mariadb.conf.d/*.cnf
	cat >"$rootfs/etc/mysql/mariadb.conf.d/05-docker.cnf" <<-'EOF'
		# As the official image's docker.cnf: no name resolution, UTF-8 by default.
		[mariadb]
		host-cache-size=0
		skip-name-resolve
		character-set-server=utf8mb4
		collation-server=utf8mb4_general_ci
	EOF
	major="$(in_root mariadbd --version | sed -E 's/.*Ver ([0-9]+)\..*/\1/')"
	if [ "$major" -ge 11 ]; then
		find "$rootfs/usr/bin" -maxdepth 1 -type l -name 'mysql*' -lname 'mariadb*' -delete
	fi
fi
if [ -d "$rootfs/etc/mysql/mysql.conf.d" ]; then
	# As the official image's my.cnf (the server-minimal package): all interfaces, errors to stderr.
	cat >"$rootfs/etc/mysql/mysql.conf.d/mysqld.cnf" <<-'EOF'
		[mysqld]
		host_cache_size=0
		skip-name-resolve
		datadir=/var/lib/mysql
		socket=/var/run/mysqld/mysqld.sock
		secure-file-priv=/var/lib/mysql-files
		user=mysql
		pid-file=/var/run/mysqld/mysqld.pid
		[client]
		socket=/var/run/mysqld/mysqld.sock
	EOF
	mkdir -p "$rootfs/var/lib/mysql-files"
fi
rm -rf "$rootfs"/var/lib/mysql/* "$rootfs"/var/lib/mysql/.[!.]* "$rootfs"/var/lib/redis/* "$rootfs"/var/lib/valkey/*
# The folders the official images make: first-start scripts, sockets, data paths (as their owners).
mkdir -p "$rootfs"/docker-entrypoint-initdb.d
if in_root getent passwd postgres >/dev/null; then
	in_root install --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql
	in_root chown postgres:postgres /var/lib/postgresql
fi
if in_root getent passwd mysql >/dev/null; then
	in_root install --directory --owner mysql --group mysql --mode 1777 /var/lib/mysql /var/run/mysqld
fi

servers=()
for bin in "$rootfs"/usr/lib/postgresql/*/bin/postgres; do
	[ -x "$bin" ] && servers+=("postgres=$(in_root "${bin#"$rootfs"}" --version | grep -oE '[0-9]+\.[0-9]+' | head -n1)")
done
[ -x "$rootfs/usr/sbin/mariadbd" ] && servers+=("mariadb=$(in_root mariadbd --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1)")
[ -x "$rootfs/usr/sbin/mysqld" ] && [ ! -e "$rootfs/usr/sbin/mariadbd" ] \
	&& servers+=("mysql=$(in_root mysqld --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1)")
[ -x "$rootfs/usr/bin/redis-server" ] && servers+=("redis=$(in_root redis-server --version | grep -oE 'v=[0-9.]+' | cut -c3-)")
[ -x "$rootfs/usr/bin/valkey-server" ] && servers+=("valkey=$(in_root valkey-server --version | grep -oE 'v=[0-9.]+' | cut -c3-)")

log "trimming"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* \
	"$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log \
	"$rootfs"/usr/lib/postgresql/*/lib/llvmjit* "$rootfs"/usr/lib/postgresql/*/lib/bitcode \
	"$rootfs"/usr/lib/x86_64-linux-gnu/libLLVM*
find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'C.*' -exec rm -rf {} +

log "importing $image (${servers[*]})"
tar -C "$rootfs" -c . | docker import \
	-c 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	-c "LABEL io.dbdock.test.rootfs=$recipe io.dbdock.test.servers=\"${servers[*]}\"" - "$image" >/dev/null
log "ready: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
