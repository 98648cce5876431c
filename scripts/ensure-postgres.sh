#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with a database `test` (used by .ci/run):
# starts the Debian cluster if it is down, installing Debian's postgresql when it is missing.
set -euo pipefail

HOST=127.0.0.1
PORT="${PGPORT:-5432}"
answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

if ! answers; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ensure-postgres: PostgreSQL missing, installing Debian's package"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
  fi
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  echo "ensure-postgres: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || { echo "ensure-postgres: PostgreSQL did not answer on $HOST:$PORT" >&2; exit 1; }
fi

# Trust auth for local tests, as on the CI machines; create role root and database test when missing.
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi; }
if ! psql -h "$HOST" -p "$PORT" -U postgres -d test -Atc 'select 1' >/dev/null 2>&1; then
  as_postgres psql -p "$PORT" -Atc "select 1 from pg_database where datname='test'" | grep -q 1 || as_postgres createdb -p "$PORT" test
fi
echo "ensure-postgres: ready on $HOST:$PORT"
