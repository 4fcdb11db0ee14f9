# Shared by the stand-in entrypoints: the official images' `file_env` contract.
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
