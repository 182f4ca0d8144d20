#!/usr/bin/env bash
# Entrypoint of enrolgate/postgresql. On an empty data directory: initdb (SCRAM-SHA-256 everywhere), then
# for each name in ENROLGATE_DATABASES a login role and a database it owns, nobody else may connect to.
# Passwords come from files (never from the command line or the environment of the server):
#   $ENROLGATE_DB_SECRETS/postgres/password   the superuser
#   $ENROLGATE_DB_SECRETS/<name>/password     the role <name>
# On every start: roles that are missing are created (a database added to ENROLGATE_DATABASES later).
# Then runs postgres in the foreground (PID 1: it shuts down cleanly on SIGTERM).
set -euo pipefail

: "${PGDATA:?PGDATA must be set}"
: "${ENROLGATE_DATABASES:=registry mef provisioning}"
: "${ENROLGATE_DB_SECRETS:=/run/secrets/enrolgate/db}"
socket_dir="${ENROLGATE_DB_SOCKET_DIR:-/var/run/postgresql}"

secret() {
  local file="$ENROLGATE_DB_SECRETS/$1/password"
  if [[ ! -s "$file" ]]; then
    echo "enrolgate-postgres: missing password file $file" >&2
    exit 2
  fi
  # One line, no trailing newline.
  head -n 1 "$file" | tr -d '\r\n'
}

for name in $ENROLGATE_DATABASES; do
  if [[ ! "$name" =~ ^[a-z][a-z0-9_]{0,62}$ ]]; then
    echo "enrolgate-postgres: database name '$name': expected [a-z][a-z0-9_]*" >&2
    exit 2
  fi
done

mkdir -p "$socket_dir"
superuser_password="$(secret postgres)"

run_sql() { # the SQL on stdin, psql variables as arguments
  PGPASSWORD="$superuser_password" psql -v ON_ERROR_STOP=1 -X -q -h "$socket_dir" -U postgres -d postgres "$@"
}

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  echo "enrolgate-postgres: initialising $PGDATA"
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "$superuser_password" >"$pwfile"
  initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  # Connections from the other containers (passwords only; TLS is the network's job in this setup).
  printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
fi

# Roles and databases, on a server that listens on its socket only.
pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories='$socket_dir'" -w start >/dev/null
for name in $ENROLGATE_DATABASES; do
  password="$(secret "$name")"
  run_sql -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
done
pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null

echo "enrolgate-postgres: databases: $ENROLGATE_DATABASES"
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories="$socket_dir" \
  -c password_encryption=scram-sha-256 -c log_connections=on "$@"
