#!/usr/bin/env bash
# Makes every secret deploy/compose/compose.yaml needs, under deploy/compose/secrets/ (never committed).
# Existing files are kept, so running it again only adds what is missing (e.g. a new --gateway).
#
# Usage: deploy/compose/generate-secrets.sh [--gateway IEEE]... [--broker-host NAME]... [--dir DIR]
#   --gateway IEEE     a gateway whose serial-bridge may connect: its MQTT user is IEEE (16 lower-case hex
#                      digits), with a role of its own (deploy/mosquitto/dynamic-security-roles.json); the
#                      first one also goes to secrets/serial-bridge.env
#   --broker-host NAME an extra DNS name (or IP address) in the broker's certificate, as gateways on other
#                      hosts reach it (broker, localhost and 127.0.0.1 are always in)
#   --dir DIR          where to write (default: secrets/ next to this script)
#
# Needs openssl, and a JDK 17+ for the broker's users and roles (the repository's ./enrolgate command,
# `enrolgate broker dynamic-security`, which builds itself on first use).
#
# What it makes (all random, from openssl rand):
#   tls/ca.crt ca.key tls.crt tls.key   a private CA and the broker's certificate (ECDSA P-256, 825 days)
#   mosquitto/dynamic-security.json     the broker's users (PBKDF2-SHA512 hashes) and roles
#   mqtt/<user>.password                the MQTT passwords: key-forge, provisioning, events, admin, each gateway
#   db/{postgres,registry,mef,provisioning}/password   PostgreSQL's superuser, one role per database
#   registry-kek, mef-kek               key-encryption keys (32 bytes, hex), one per store
#   provisioning-hpke-private, -public  provisioning's X25519 key pair (32 raw bytes, base64)
#   mef-psk-provisioning, mef-psk-app01 TLS-PSK keys of the MEF's clients (32 bytes, hex)
#   key-forge.env provisioning.env mef.env serial-bridge.env   ENROLGATE_* passwords for the containers
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/secrets"
gateways=()
broker_hosts=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --gateway)
      if [[ ! "${2:-}" =~ ^[0-9a-f]{16}$ ]]; then
        echo "generate-secrets: --gateway '${2:-}': expected the IEEE address as 16 lower-case hex digits" >&2
        exit 2
      fi
      gateways+=("$2"); shift 2 ;;
    --broker-host) broker_hosts+=("$2"); shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "generate-secrets: unknown argument '$1' (--help)" >&2; exit 2 ;;
  esac
done
command -v openssl >/dev/null 2>&1 || { echo "generate-secrets: openssl not found (apt-get install openssl)" >&2; exit 2; }

umask 077
mkdir -p "$dir"/{tls,mosquitto,mqtt,db/postgres,db/registry,db/mef,db/provisioning}
chmod 0700 "$dir"

# Files are read inside the containers by uid 10001. As root, hand them to that uid; otherwise make them
# readable (the 0700 directory keeps other local users out) so that the bind mounts can be read.
finish_file() {
  if [[ "$(id -u)" -eq 0 ]]; then chown 10001:10001 "$1"; chmod 0400 "$1"; else chmod 0644 "$1"; fi
}

# Writes the output of a command to a file unless the file already exists.
make() { # file command...
  local file="$1"; shift
  if [[ -s "$file" ]]; then return 0; fi
  "$@" >"$file.tmp"
  mv "$file.tmp" "$file"
  finish_file "$file"
  echo "generate-secrets: made ${file#"$dir"/}"
}
hex32() { openssl rand -hex 32; }
password() { openssl rand -base64 24 | tr -d '/+=\n'; echo; }

# --- TLS: a private CA and the broker's certificate ------------------------------------------------
if [[ ! -s "$dir/tls/ca.crt" ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
    -subj "/CN=Enrolgate broker CA" -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.crt" 2>/dev/null
  finish_file "$dir/tls/ca.key"; finish_file "$dir/tls/ca.crt"
  echo "generate-secrets: made tls/ca.crt"
fi
if [[ ! -s "$dir/tls/tls.crt" ]]; then
  san="DNS:broker,DNS:localhost,IP:127.0.0.1"
  for host in "${broker_hosts[@]}"; do
    if [[ "$host" =~ ^[0-9.]+$ || "$host" == *:* ]]; then san="$san,IP:$host"; else san="$san,DNS:$host"; fi
  done
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=broker" \
    -keyout "$dir/tls/tls.key" -out "$dir/tls/tls.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n' "$san" >"$dir/tls/ext.cnf"
  openssl x509 -req -in "$dir/tls/tls.csr" -CA "$dir/tls/ca.crt" -CAkey "$dir/tls/ca.key" -CAcreateserial \
    -days 825 -sha256 -extfile "$dir/tls/ext.cnf" -out "$dir/tls/tls.crt" 2>/dev/null
  rm -f "$dir/tls/tls.csr" "$dir/tls/ext.cnf" "$dir/tls/ca.srl"
  finish_file "$dir/tls/tls.key"; finish_file "$dir/tls/tls.crt"
  echo "generate-secrets: made tls/tls.crt ($san)"
fi

# --- MQTT users ------------------------------------------------------------------------------------
# admin: the operator's mosquitto_ctrl (e.g. `dynsec disableClient` of a stolen gateway), no application topic.
users=(key-forge provisioning events admin "${gateways[@]}")
for user in "${users[@]}"; do
  make "$dir/mqtt/$user.password" password
done
# The dynamic-security plugin's file: rebuilt from mqtt/*.password and the roles template, every time.
"$here/../../enrolgate" broker dynamic-security --roles "$here/../mosquitto/dynamic-security-roles.json" \
  --passwords "$dir/mqtt" --out "$dir/mosquitto/dynamic-security.json"
finish_file "$dir/mosquitto/dynamic-security.json"

# --- databases, KEKs, HPKE, PSKs -------------------------------------------------------------------
for role in postgres registry mef provisioning; do
  make "$dir/db/$role/password" password
done
make "$dir/registry-kek" hex32
make "$dir/mef-kek" hex32
make "$dir/mef-psk-provisioning" hex32
make "$dir/mef-psk-app01" hex32
if [[ ! -s "$dir/provisioning-hpke-private" ]]; then
  pem="$(openssl genpkey -algorithm X25519)"
  # The raw 32 bytes are the tail of the DER encodings (PKCS#8 private, SubjectPublicKeyInfo public).
  printf '%s\n' "$pem" | openssl pkey -outform DER | tail -c 32 | base64 >"$dir/provisioning-hpke-private"
  printf '%s\n' "$pem" | openssl pkey -pubout -outform DER | tail -c 32 | base64 >"$dir/provisioning-hpke-public"
  finish_file "$dir/provisioning-hpke-private"; finish_file "$dir/provisioning-hpke-public"
  echo "generate-secrets: made provisioning-hpke-private, provisioning-hpke-public"
fi

# --- what the containers take as ENROLGATE_* variables ---------------------------------------------
env_file() { # file, then NAME=VALUE...
  local file="$1"; shift
  printf '%s\n' "# made by generate-secrets.sh" "$@" >"$file.tmp"
  mv "$file.tmp" "$file"
  chmod 0600 "$file"
}
env_file "$dir/key-forge.env" \
  "ENROLGATE_MQTT_PASSWORD=$(cat "$dir/mqtt/key-forge.password")" \
  "ENROLGATE_DATABASE_PASSWORD=$(cat "$dir/db/registry/password")"
env_file "$dir/provisioning.env" \
  "ENROLGATE_MQTT_PASSWORD=$(cat "$dir/mqtt/provisioning.password")" \
  "ENROLGATE_DATABASE_PASSWORD=$(cat "$dir/db/provisioning/password")" \
  "ENROLGATE_REGISTRY_DATABASE_PASSWORD=$(cat "$dir/db/registry/password")"
env_file "$dir/mef.env" \
  "ENROLGATE_DATABASE_PASSWORD=$(cat "$dir/db/mef/password")"
if [[ ${#gateways[@]} -gt 0 ]]; then
  env_file "$dir/serial-bridge.env" \
    "ENROLGATE_MQTT_USERNAME=${gateways[0]}" \
    "ENROLGATE_MQTT_PASSWORD=$(cat "$dir/mqtt/${gateways[0]}.password")"
elif [[ ! -e "$dir/serial-bridge.env" ]]; then
  env_file "$dir/serial-bridge.env" "# no gateway yet: run again with --gateway IEEE"
fi

echo "generate-secrets: secrets in $dir (MQTT users: $(ls "$dir/mqtt" | sed 's/\.password$//' | tr '\n' ' '))"
