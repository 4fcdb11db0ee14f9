# Shared by the test images' entrypoints: the official images' `file_env` and first-start scripts.
# file_env VAR [DEFAULT]: VAR or VAR_FILE (a file holding the value); both set is an error.
file_env() {
	local var="$1" def="${2:-}" fileVar="${1}_FILE"
	if [ -n "${!var:-}" ] && [ -n "${!fileVar:-}" ]; then
		echo "error: both $var and $fileVar are set (but are exclusive)" >&2
		exit 1
	fi
	local val="$def"
	if [ -n "${!var:-}" ]; then
		val="${!var}"
	elif [ -n "${!fileVar:-}" ]; then
		val="$(< "${!fileVar}")"
	fi
	export "$var"="$val"
	unset "$fileVar"
}

# run_init_files SQL_RUNNER: the files in /docker-entrypoint-initdb.d in name order, as the official
# images run them at first start: *.sh executed (or sourced when not executable), *.sql and *.sql.gz
# fed to SQL_RUNNER (a function reading SQL on standard input), anything else ignored.
run_init_files() {
	local runner="$1" f
	for f in /docker-entrypoint-initdb.d/*; do
		[ -e "$f" ] || continue
		case "$f" in
		*.sh) if [ -x "$f" ]; then echo "$0: running $f"; "$f"; else echo "$0: sourcing $f"; . "$f"; fi ;;
		*.sql) echo "$0: running $f"; "$runner" < "$f" ;;
		*.sql.gz) echo "$0: running $f"; gunzip -c "$f" | "$runner" ;;
		*) echo "$0: ignoring $f" ;;
		esac
	done
}
