#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server, exporting CSTO_TEST_POSTGRES_URL for it.
# Installs Debian's postgresql with apt-get when it is missing; the server lives in a temporary
# folder, listens only on a Unix socket, and is stopped and removed when the command ends.
set -euo pipefail

if [ -n "${CSTO_TEST_POSTGRES_URL:-}" ]; then exec "$@"; fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL not found: installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

run_as=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  run_as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/csto-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = "0" ] && chown postgres "$dir"
port=$(( 20000 + RANDOM % 20000 ))
cleanup() { "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U csto --auth=trust >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off" start >/dev/null
"${run_as[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U csto csto_test

export CSTO_TEST_POSTGRES_URL="postgresql+psycopg://csto@/csto_test?host=$dir&port=$port"
echo "PostgreSQL test server: $CSTO_TEST_POSTGRES_URL" >&2
"$@"
