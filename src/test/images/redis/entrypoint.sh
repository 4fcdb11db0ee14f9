#!/bin/sh
# Entrypoint of the redis test images, written for dbdock's tests after the official image's
# contract: a first argument that is an option or a .conf file means redis-server; as root it
# takes the working folder (/data) for redis (uid 999) and drops to it; umask 0077.
# The official image builds Redis with protected mode off by default; Debian's is on, so without
# a configuration file this adds --protected-mode no, to the same effect.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
	find . \! -user redis -exec chown redis '{}' +
	exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
[ "$(umask)" != 0022 ] || umask 0077
if [ "$1" = redis-server ] && { [ $# -eq 1 ] || [ "${2#-}" != "$2" ]; }; then
	shift
	set -- redis-server --protected-mode no "$@"
fi
exec "$@"
