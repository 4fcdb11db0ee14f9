#!/usr/bin/env bash
# Builds the stand-ins' common base image: a trimmed Debian bookworm root filesystem holding
# PostgreSQL 15, MariaDB 10.11, Redis 7 and a Java 17 runtime, imported as a Docker image.
#   base.sh IMAGE RECIPE_HASH        (root: debootstrap and chroot)
set -Eeuo pipefail
base="$1"; recipe="$2"
log() { printf '[images] %s\n' "$*" >&2; }
command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 1; }
work="$(mktemp -d /var/tmp/dbdock-rootfs.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mirror="$(grep -rhoE 'https?://[^ ]*debian\.org/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | grep -v security | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
log "debootstrap bookworm from $mirror (about 90 s)"
debootstrap --variant=minbase \
	--include=postgresql-15,mariadb-server,mariadb-client,redis-server,openjdk-17-jre-headless,util-linux \
	bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
	|| { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
log "trimming the root filesystem"
chroot "$rootfs" useradd --system --uid 999 --user-group --no-create-home --home-dir /data/db mongodb
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* \
	"$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/lib/postgresql/15 \
	"$rootfs"/etc/postgresql/15/main "$rootfs"/var/lib/mysql/* "$rootfs"/var/log/*.log \
	"$rootfs"/usr/lib/postgresql/15/lib/llvmjit* "$rootfs"/usr/lib/x86_64-linux-gnu/libLLVM-*
find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'C.*' -exec rm -rf {} +
log "importing $base"
tar -C "$rootfs" -c . | docker import -c 'ENV LANG=C.UTF-8' -c "LABEL io.dbdock.test.base=$recipe" - "$base" >/dev/null
log "base image ready: $(docker image inspect -f '{{.Size}}' "$base" | awk '{printf "%.0f MB", $1/1e6}')"
