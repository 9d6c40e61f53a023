#!/bin/sh
# Entrypoint of the local Redis image when it is run as the official one is by default
# (Aspire does not use it: it runs /bin/sh -c "redis-server ..." as root in /data).
set -e
# first argument an option or a .conf file: arguments of redis-server
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
  umask 0077
fi
exec "$@"
