#!/usr/bin/env bash
# Builds the stand-in database images used by dbdock's Docker tests, from Debian packages only
# (no registry is needed), and tags one `dbdock-test/<engine>:<version>` per catalog version.
# Images are cached by a hash of this recipe: a second run with nothing changed takes a second.
#
#   src/test/images/build.sh [path/to/dbdock.jar]      (needs root for debootstrap, and dockerd)
set -Eeuo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../../.." && pwd)"
jar="${1:-$project/target/dbdock.jar}"
prefix="dbdock-test/"
export DOCKER_BUILDKIT=0

log() { printf '[images] %s\n' "$*" >&2; }
# Runs a command silently, showing its output only when it fails.
quietly() { local out; out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; return 1; }; }

if [ ! -f "$jar" ]; then
	log "building $jar to read the engine catalog"
	(cd "$project" && mvn -B -q -DskipTests package)
fi
# One image reference per catalog version, e.g. dbdock-test/postgres:17.
mapfile -t refs < <(DBDOCK_IMAGE_PREFIX="$prefix" java -jar "$jar" engines --images)
[ "${#refs[@]}" -gt 0 ] || { log "the catalog listed no images"; exit 1; }

recipe="$( (cd "$here" && find . -type f ! -path './mongo/lib/*' ! -path './work/*' -print0 | sort -z \
	| xargs -0 sha256sum; printf '%s\n' "${refs[@]}") | sha256sum | cut -c1-16)"
label="io.dbdock.test.recipe=$recipe"

image_has_recipe() {
	[ "$(docker image inspect -f '{{index .Config.Labels "io.dbdock.test.recipe"}}' "$1" 2>/dev/null)" = "$recipe" ]
}

all_cached=true
for ref in "${refs[@]}"; do image_has_recipe "$ref" || { all_cached=false; break; }; done
if $all_cached; then
	log "all ${#refs[@]} stand-in images are up to date (recipe $recipe)"
	exit 0
fi

base="dbdock-test/base:bookworm"
base_recipe="$(sha256sum "$here/base.sh" | cut -c1-16)"
if [ "$(docker image inspect -f '{{index .Config.Labels "io.dbdock.test.base"}}' "$base" 2>/dev/null)" != "$base_recipe" ]; then
	"$here/base.sh" "$base" "$base_recipe"
fi

log "fetching the Mongo stand-in's jars and compiling it"
rm -rf "$here/mongo/lib" && mkdir -p "$here/mongo/lib"
mvn -B -q -f "$here/mongo/pom.xml" dependency:copy-dependencies -DoutputDirectory="$here/mongo/lib"
javac --release 17 -cp "$here/mongo/lib/*" -d "$here/mongo/lib" "$here/mongo/MongoStandIn.java"

for engine in postgres mariadb redis mongo; do
	log "building dbdock-test/$engine-standin"
	quietly docker build -q --label "$label" -t "dbdock-test/$engine-standin:latest" -f "$here/$engine/Dockerfile" "$here"
done
rm -rf "$here/mongo/lib"

for ref in "${refs[@]}"; do
	repo="${ref%:*}"; version="${ref##*:}"; engine="${repo#"$prefix"}"
	case "$engine" in
	postgres)
		# Each major has its own data layout: 18+ keeps PGDATA under /var/lib/postgresql/<major>/docker.
		major="${version%%.*}"
		if [ "$major" -ge 18 ]; then pgdata="/var/lib/postgresql/$major/docker"; else pgdata=/var/lib/postgresql/data; fi
		printf 'FROM dbdock-test/postgres-standin:latest\nENV PG_MAJOR=%s PGDATA=%s\n' "$major" "$pgdata" \
			| quietly docker build -q --label "$label" -t "$ref" - ;;
	mysql | mariadb) docker tag dbdock-test/mariadb-standin:latest "$ref" ;;
	redis | mongo) docker tag "dbdock-test/$engine-standin:latest" "$ref" ;;
	*) log "no stand-in for engine '$engine' ($ref): add one to src/test/images"; exit 1 ;;
	esac
	log "tagged $ref"
done
log "done (recipe $recipe)"
