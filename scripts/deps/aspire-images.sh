#!/usr/bin/env bash
# Local container images under the names and tags that Aspire's PostgreSQL and Redis resources ask
# the container runtime for, so that the AppHost's container mode runs with podman where no image
# registry is reachable (nothing is ever pulled):
#   Aspire.Hosting.PostgreSQL 13.6.5 AddPostgres: docker.io/library/postgres:18.3
#   Aspire.Hosting.Redis 13.6.5 AddRedis:         docker.io/library/redis:8.6
# and the same images as docker.io/library/postgres:15 and docker.io/library/redis:7.0, the versions
# they really hold, for an AppHost that names those with WithImageTag.
# Made from Debian 12's postgresql-15 and redis-server on podman.sh's debootstrapped Debian; the
# Containerfiles and entrypoints are in scripts/deps/images/.
# Run as root on Debian 12. Idempotent: a few seconds when the images are there and up to date
# (they carry a hash of their inputs); about 30 s to build after podman.sh.
set -euo pipefail

deps="$(cd "$(dirname "$0")" && pwd)"
images="$deps/images"
# podman, runc, the containers.conf, and the base Debian image (localhost/labelit-ls-standin)
bash "$deps/podman.sh"
export CONTAINERS_CONF=/var/tmp/labelit-podman/containers.conf

standin="localhost/labelit-ls-standin:bookworm"
base="localhost/labelit-aspire-base:bookworm"
postgres_tags=(docker.io/library/postgres:18.3 docker.io/library/postgres:15)
redis_tags=(docker.io/library/redis:8.6 docker.io/library/redis:7.0)

image_id() { podman image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
inputs_label() { podman image inspect --format '{{ index .Labels "labelit.inputs" }}' "$1" 2>/dev/null || true; }
hash_of() { { printf '%s\n' "$1"; shift; cat "$@"; } | sha256sum | cut -c1-16; }

# up_to_date HASH IMAGE...: every image is there, built from these inputs
up_to_date() {
  local hash="$1" image
  shift
  for image in "$@"; do
    [ "$(inputs_label "$image")" = "$hash" ] || return 1
  done
}

built=()
# build HASH CONTAINERFILE NETWORK TAG...
build() {
  local hash="$1" file="$2" network="$3" old new tag
  shift 3
  old="$(image_id "$1")"
  local tags=()
  for tag in "$@"; do tags+=(-t "$tag"); done
  podman build --quiet --pull=never --network "$network" --label "labelit.inputs=$hash" \
    -f "$images/$file" "${tags[@]}" "$images" >/dev/null
  new="$(image_id "$1")"
  if [ -n "$old" ] && [ "$old" != "$new" ]; then
    podman rmi "$old" >/dev/null 2>&1 || true
  fi
  built+=("$@")
}

start=$SECONDS
base_hash="$(hash_of "$(image_id "$standin")" "$images/base.Containerfile")"
postgres_hash="$(hash_of "$base_hash" "$images/postgres.Containerfile" "$images/postgres-entrypoint.sh")"
redis_hash="$(hash_of "$base_hash" "$images/redis.Containerfile" "$images/redis-server.sh" "$images/redis-entrypoint.sh")"

if ! up_to_date "$postgres_hash" "${postgres_tags[@]}" || ! up_to_date "$redis_hash" "${redis_tags[@]}"; then
  if ! up_to_date "$base_hash" "$base"; then
    echo "aspire-images.sh: building $base (apt-get install postgresql-15 redis-server)"
    build "$base_hash" base.Containerfile host "$base"
  fi
  if ! up_to_date "$postgres_hash" "${postgres_tags[@]}"; then
    build "$postgres_hash" postgres.Containerfile none "${postgres_tags[@]}"
  fi
  if ! up_to_date "$redis_hash" "${redis_tags[@]}"; then
    build "$redis_hash" redis.Containerfile none "${redis_tags[@]}"
  fi
fi

if ((${#built[@]} > 0)); then
  echo "aspire-images.sh: built in $((SECONDS - start)) s: ${built[*]}"
fi
echo "aspire-images.sh: ready: ${postgres_tags[*]} (Debian's PostgreSQL 15), ${redis_tags[*]} (Debian's Redis 7.0)"
echo "aspire-images.sh: run the AppHost with ASPIRE_CONTAINER_RUNTIME=podman CONTAINERS_CONF=$CONTAINERS_CONF"
