#!/bin/sh
# /usr/local/bin/redis-server of the local Redis image: Debian's redis-server. The official image's
# build turns protected mode off by default (in a container the published port is the guard; with
# protected mode on, a password-less server would refuse every client from outside the container):
# the same here, unless the command line says otherwise.
case " $* " in
  *" --protected-mode "*) ;;
  *) set -- "$@" --protected-mode no ;;
esac
exec /usr/bin/redis-server "$@"
