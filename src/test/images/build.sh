#!/usr/bin/env bash
# Builds the database images dbdock's Docker tests run on, from Debian packages only (no
# registry is needed): real PostgreSQL, MySQL, MariaDB and Redis servers from Debian's suites,
# behind our own entrypoints that keep the official images' contract (and Valkey from Debian too), and a Mongo stand-in.
# It tags one `dbdock-test/<repository>:<tag>` per catalog version and variant (pgvector, PostGIS and
# TimescaleDB from Debian's packages for the same servers); servers.tsv says which real
# server answers which tag, and the build prints it. Images are cached by a hash of their recipe:
# a second run with nothing changed takes a second.
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
# The rows of a .tsv file without comments, fields separated by runs of tabs.
rows() { grep -v '^#' "$1" | sed -E 's/\t+/\t/g' | grep .; }

if [ ! -f "$jar" ]; then
	log "building $jar to read the engine catalog"
	(cd "$project" && mvn -B -q -DskipTests package)
fi
# One image reference per catalog version, e.g. dbdock-test/postgres:17.
mapfile -t refs < <(DBDOCK_IMAGE_PREFIX="$prefix" java -jar "$jar" engines --images)
[ "${#refs[@]}" -gt 0 ] || { log "the catalog listed no images"; exit 1; }

declare -A suite_of recipe_of server_of why_of packages_of
while IFS=$'\t' read -r tag suite recipe server why; do
	suite_of[$tag]="$suite"; recipe_of[$tag]="$recipe"; server_of[$tag]="$server"; why_of[$tag]="$why"
done < <(rows "$here/servers.tsv")
while IFS=$'\t' read -r suite packages; do packages_of[$suite]="$packages"; done < <(rows "$here/suites.tsv")
for ref in "${refs[@]}"; do
	tag="${ref#"$prefix"}"
	[ -n "${suite_of[$tag]:-}" ] || { log "no test image recipe for the catalog's $tag: add a line to src/test/images/servers.tsv"; exit 1; }
done

recipe="$( (cd "$here" && find . -type f ! -path './mongo/lib/*' ! -path './work/*' -print0 | sort -z \
	| xargs -0 sha256sum; printf '%s\n' "${refs[@]}") | sha256sum | cut -c1-16)"
label="io.dbdock.test.recipe=$recipe"
label_of() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

# Which server answers each tag, as the images themselves say.
report() {
	log "which server answers each tag:"
	for ref in "${refs[@]}"; do
		tag="${ref#"$prefix"}"
		printf '[images]   %-34s %-34s %s\n' "$tag" "$(label_of "$ref" io.dbdock.test.server)" \
			"$([ "${why_of[$tag]}" = - ] || echo "(${why_of[$tag]})")" >&2
	done
}

all_cached=true
for ref in "${refs[@]}"; do [ "$(label_of "$ref" io.dbdock.test.recipe)" = "$recipe" ] || { all_cached=false; break; }; done
if $all_cached; then
	log "all ${#refs[@]} test images are up to date (recipe $recipe)"
	report
	exit 0
fi

# The root file systems, one per suite the tags need, built side by side (each is mostly waiting
# for downloads and dpkg) and cached by the hash of their own recipe.
declare -A rootfs_of
pids=()
for suite in $(for ref in "${refs[@]}"; do echo "${suite_of[${ref#"$prefix"}]}"; done | sort -u); do
	[ -n "${packages_of[$suite]:-}" ] || { log "suite $suite has no line in src/test/images/suites.tsv"; exit 1; }
	image="dbdock-test/rootfs:$suite"
	rootfs_of[$suite]="$image"
	hash="$( (cat "$here/rootfs.sh"; echo "$suite ${packages_of[$suite]}") | sha256sum | cut -c1-16)"
	if [ "$(label_of "$image" io.dbdock.test.rootfs)" != "$hash" ]; then
		# shellcheck disable=SC2086
		"$here/rootfs.sh" "$suite" "$image" "$hash" ${packages_of[$suite]} &
		pids+=($!)
	fi
done
for pid in "${pids[@]}"; do wait "$pid" || { log "a root file system failed to build"; exit 1; }; done

if printf '%s\n' "${refs[@]}" | grep -q "^${prefix}mongo:"; then
	log "fetching the Mongo stand-in's jars and compiling it"
	rm -rf "$here/mongo/lib" && mkdir -p "$here/mongo/lib"
	mvn -B -q -f "$here/mongo/pom.xml" dependency:copy-dependencies -DoutputDirectory="$here/mongo/lib"
	javac --release 17 -cp "$here/mongo/lib/*" -d "$here/mongo/lib" "$here/mongo/MongoStandIn.java" "$here/mongo/MongoStandInTools.java"
fi

# The version of one server in a root file system, from the label rootfs.sh wrote.
server_version() {
	local servers; servers="$(label_of "$1" io.dbdock.test.servers)"
	tr ' ' '\n' <<<"$servers" | sed -n "s/^$2=//p" | head -n1
}

for ref in "${refs[@]}"; do
	tag="${ref#"$prefix"}"; version="${tag#*:}"
	base="${rootfs_of[${suite_of[$tag]}]}"; recipe_dir="${recipe_of[$tag]%%+*}"
	variant="$([[ "${recipe_of[$tag]}" == *+* ]] && echo "${recipe_of[$tag]#*+}" || true)"
	args=(--build-arg "BASE=$base")
	case "$recipe_dir" in
	postgres)
		full="$(server_version "$base" postgres)"
		args+=(--build-arg "PG_MAJOR=${full%%.*}" --build-arg "SERVER=PostgreSQL $full${variant:+ + $variant}" --build-arg "VARIANT=$variant")
		# The data layout follows the PostgreSQL major in the tag ("17", "pg17", "17-3.5", "latest-pg17"):
		# 18+ keeps PGDATA under /var/lib/postgresql/<major>/docker.
		major="$(grep -oE '[0-9]+' <<<"$version" | head -n1)"
		if [ "$major" -ge 18 ]; then
			args+=(--build-arg "PG_DATA=/var/lib/postgresql/${full%%.*}/docker" --build-arg PG_VOLUME=/var/lib/postgresql)
		else
			args+=(--build-arg PG_DATA=/var/lib/postgresql/data --build-arg PG_VOLUME=/var/lib/postgresql/data)
		fi ;;
	mysql) args+=(--build-arg "SERVER=MySQL $(server_version "$base" mysql)") ;;
	mariadb) args+=(--build-arg "SERVER=MariaDB $(server_version "$base" mariadb)") ;;
	redis) args+=(--build-arg "SERVER=Redis $(server_version "$base" redis)") ;;
	valkey) args+=(--build-arg "SERVER=Valkey $(server_version "$base" valkey)") ;;
	mongo) args+=(--build-arg "SERVER=mongo-java-server (stand-in)") ;;
	*) log "no recipe '$recipe_dir' for $tag in src/test/images"; exit 1 ;;
	esac
	quietly docker build -q "${args[@]}" --label "$label" -t "$ref" -f "$here/$recipe_dir/Dockerfile" "$here"
done
rm -rf "$here/mongo/lib"
# Images of earlier recipes that lost their tags.
quietly docker image prune -f --filter "label=io.dbdock.test.recipe"
log "done (recipe $recipe)"
report
