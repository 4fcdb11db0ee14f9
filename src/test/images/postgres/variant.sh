#!/bin/bash
# Makes a postgres test image what one of the catalog's variants is (run once at build time):
#   variant.sh PG_MAJOR [pgvector|postgis|timescaledb]
# The root file systems carry Debian's pgvector, PostGIS and TimescaleDB packages for their
# server; the plain image must not have them (the official postgres image has none), and each
# variant image only its own, set up as its project's image sets it up:
# - postgis/postgis loads postgis and postgis_topology into POSTGRES_DB and a template_postgis at first start;
# - timescale/timescaledb preloads its library in every new cluster and creates the extension in
#   postgres, template1 and POSTGRES_DB at first start (it also builds pgvector in);
# - pgvector/pgvector only adds the extension.
set -Eeuo pipefail
major="$1"; variant="${2:-}"
ext="/usr/share/postgresql/$major/extension"
# need: what the catalog says the variant provides and dbdock relies on; keep: what else its image may have
# (PostGIS 3.7 no longer ships the tiger geocoder).
case "$variant" in
'') need=''; keep='' ;;
pgvector) need='vector'; keep='' ;;
postgis) need='postgis postgis_topology'; keep='postgis_raster postgis_sfcgal postgis_tiger_geocoder address_standardizer address_standardizer_data_us' ;;
timescaledb) need='timescaledb vector'; keep='' ;;
*) echo "no such variant: $variant" >&2; exit 1 ;;
esac
for name in $need; do
	[ -f "$ext/$name.control" ] || { echo "$variant needs $name, which Debian's packages did not install" >&2; exit 1; }
done
for name in vector postgis postgis_topology postgis_raster postgis_sfcgal postgis_tiger_geocoder \
	address_standardizer address_standardizer_data_us timescaledb; do
	case " $need $keep " in *" $name "*) ;; *) rm -f "$ext/$name.control" ;; esac
done
mkdir -p /docker-entrypoint-initdb.d
case "$variant" in
postgis)
	cat >/docker-entrypoint-initdb.d/10_postgis.sh <<-'SH'
		# As postgis/postgis does at first start (sourced by the entrypoint, which defines sql).
		psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q <<<'CREATE DATABASE template_postgis IS_TEMPLATE true'
		for db in template_postgis "$POSTGRES_DB"; do
			psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$db" -q <<<'CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS postgis_topology;'
		done
	SH
	;;
timescaledb)
	sed -ri "s/^#?(shared_preload_libraries)\s*=\s*'[^']*'/\1 = 'timescaledb'/" "/usr/share/postgresql/$major/postgresql.conf.sample"
	grep -q "^shared_preload_libraries = 'timescaledb'" "/usr/share/postgresql/$major/postgresql.conf.sample"
	cat >/docker-entrypoint-initdb.d/000_install_timescaledb.sh <<-'SH'
		# As timescale/timescaledb does at first start (sourced by the entrypoint); no telemetry (no network here).
		echo "timescaledb.telemetry_level=off" >> "$PGDATA/postgresql.conf"
		for db in postgres template1 "$POSTGRES_DB"; do
			psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$db" -q <<<'CREATE EXTENSION IF NOT EXISTS timescaledb CASCADE;'
		done
	SH
	;;
esac
