#!/usr/bin/env bash
# Entrypoint of the local PostgreSQL image (scripts/deps/aspire-images.sh): Debian 12's PostgreSQL 15
# started the way the official docker.io/library/postgres image starts, for what Aspire passes:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default: the user's name),
#   POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), POSTGRES_INITDB_ARGS, and *_FILE variants;
#   scripts in /docker-entrypoint-initdb.d (*.sh, *.sql, *.sql.gz) on the first start.
# The data folder: $PGDATA if given; else /var/lib/postgresql/data when a volume is mounted there
# (Aspire for image tags below 18, and the official images up to 17); else /var/lib/postgresql/15/docker,
# under /var/lib/postgresql where Aspire mounts the volume for tags 18 and up (the official 18 image
# keeps its data in /var/lib/postgresql/18/docker: a volume used by both never mixes the two versions).
# initdb runs on the first start (no PG_VERSION there); later starts keep the data.
# The server runs as the postgres user, listening on every address on port 5432; connections from
# outside the container authenticate with $POSTGRES_HOST_AUTH_METHOD.
set -Eeuo pipefail

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by $VAR_FILE, as the official image.
file_env() {
  local var="$1" file_var="${1}_FILE" value="${2:-}"
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo >&2 "error: both $var and $file_var are set (but are exclusive)"
    exit 1
  fi
  if [ -n "${!var:-}" ]; then
    value="${!var}"
  elif [ -n "${!file_var:-}" ]; then
    value="$(<"${!file_var}")"
  fi
  export "$var"="$value"
  unset "$file_var"
}

data_directory() {
  if [ -n "${PGDATA:-}" ]; then
    echo "$PGDATA"
  elif mountpoint -q /var/lib/postgresql/data || [ -s /var/lib/postgresql/data/PG_VERSION ]; then
    echo /var/lib/postgresql/data
  else
    echo /var/lib/postgresql/15/docker
  fi
}

# psql on the temporary server's socket as the superuser (local connections need the password too
# when POSTGRES_INITDB_ARGS says --auth-local=scram-sha-256, as Aspire's does).
init_psql() {
  PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
    --host /var/run/postgresql --port 5432 --username "$POSTGRES_USER" "$@"
}

initialize() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo >&2 "error: the database is uninitialized and POSTGRES_PASSWORD is not set."
    echo >&2 "       Give POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without one)."
    exit 1
  fi

  local initdb_args=() pwfile=""
  eval "initdb_args=(${POSTGRES_INITDB_ARGS})"
  if [ -n "$POSTGRES_PASSWORD" ]; then
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb_args=(--pwfile="$pwfile" "${initdb_args[@]}")
  fi
  initdb -D "$PGDATA" --username="$POSTGRES_USER" "${initdb_args[@]}"
  [ -z "$pwfile" ] || rm -f "$pwfile"

  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
    echo >&2 "warning: POSTGRES_HOST_AUTH_METHOD=trust: every connection is allowed without a password."
  fi

  # a temporary server on the socket only, for the database and the init scripts
  pg_ctl -D "$PGDATA" -w -t 60 -o "-c listen_addresses='' -p 5432" start

  if [ "$POSTGRES_DB" != postgres ]; then
    init_psql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi

  local file
  for file in /docker-entrypoint-initdb.d/*; do
    [ -e "$file" ] || continue
    case "$file" in
      *.sh)
        if [ -x "$file" ]; then
          echo "$0: running $file"
          "$file"
        else
          echo "$0: sourcing $file"
          # shellcheck disable=SC1090
          . "$file"
        fi
        ;;
      *.sql) echo "$0: running $file"; init_psql --dbname "$POSTGRES_DB" -f "$file" ;;
      *.sql.gz) echo "$0: running $file"; gunzip -c "$file" | init_psql --dbname "$POSTGRES_DB" ;;
      *) echo "$0: ignoring $file" ;;
    esac
  done

  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
}

# no arguments, or the first one an option: arguments of postgres
if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi
shift
# postgres --version, --help, -C name ...: no server, no data folder
for arg in "$@"; do
  case "$arg" in
    -'?' | --help | --describe-config | -C | --version | -V) exec postgres "$@" ;;
  esac
done

PGDATA="$(data_directory)"
export PGDATA

if [ "$(id -u)" = 0 ]; then
  echo "local image: Debian's $(postgres --version) (data in $PGDATA)"
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres /var/run/postgresql
  chmod 2775 /var/run/postgresql
  if [ "$(stat -c %u "$PGDATA")" != "$(id -u postgres)" ]; then
    chown -R postgres:postgres "$PGDATA"
  fi
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" postgres "$@"
fi

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  initialize
fi
unset PGPASSWORD
exec postgres -D "$PGDATA" "$@"
