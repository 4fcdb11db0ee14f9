#!/bin/sh
# Entrypoint of the valkey test images, written for dbdock's tests after the valkey project's
# image (valkey/valkey): a first argument that is an option or a .conf file means valkey-server;
# as root it takes the working folder (/data) for valkey (uid 999) and drops to it; umask 0077.
# Debian's build keeps protected mode on by default: without a configuration file this adds
# --protected-mode no, as the project's image is built.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- valkey-server "$@"; fi
if [ "$1" = valkey-server ] && [ "$(id -u)" = 0 ]; then
	find . \! -user valkey -exec chown valkey '{}' +
	exec setpriv --reuid=valkey --regid=valkey --init-groups "$0" "$@"
fi
[ "$(umask)" != 0022 ] || umask 0077
if [ "$1" = valkey-server ] && { [ $# -eq 1 ] || [ "${2#-}" != "$2" ]; }; then
	shift
	set -- valkey-server --protected-mode no "$@"
fi
exec "$@"
