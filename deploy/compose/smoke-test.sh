#!/usr/bin/env bash
# Runs deploy/compose for real and enrols simulated devices through it, end to end.
#
# Usage: deploy/compose/smoke-test.sh [--devices N] [--keep] [--no-build] [--logs DIR] [--timeout SECONDS]
#   --devices N        how many simulated devices enrol (default 2)
#   --keep             leave the stack running and its secrets in place (prints how to stop it)
#   --no-build         use the images as they are (enrolgate/*:0.1.0); default: deploy/images/build-images.sh
#   --logs DIR         where the logs go (default target/compose-smoke/ in the repository)
#   --timeout SECONDS  how long the stack may take to become healthy (default 300)
#
# What it does, on a host with a Docker engine (it never touches deploy/compose/secrets or the project
# `enrolgate`): copies deploy/compose and deploy/mosquitto to a temporary directory, makes fresh secrets there
# with generate-secrets.sh, starts the stack as the compose project `enrolgate-smoke` on free host ports, waits
# until every container is healthy, registers the devices with `enrolgate device add` through the published
# PostgreSQL port, runs the firmware's gateway simulator with a serial-bridge on this host (MQTT over TLS as the
# gateway's user) and the device simulator, then checks that
#   1. every device installed a network key (device simulator report),
#   2. KEY_PROVISIONED is published for every device on enrolgate/v1/events/# (read as the user `events`),
#   3. `enrolgate mef fetch-key` as the MEF client app01 returns a Key Value whose first half is the key the
#      device installed.
# Exit status 0 only when every check passed; 1 when a check failed; 2 when something it needs is missing.
# Then `<compose> down -v` and the temporary directory are removed, unless --keep.
#
# Needs: docker (engine running) with `docker compose` or docker-compose (1.29+), a JDK 17 (./enrolgate), cmake,
# ninja and a C compiler (the firmware simulators), openssl, python3, mosquitto_sub (mosquitto-clients), curl;
# the base image enrolgate/base:bookworm (deploy/images/build-base-image.sh, as root, once).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
devices=2
keep=false
build=true
logs="$root/target/compose-smoke"
timeout=300
project=enrolgate-smoke
gateway=00124b00e0000001

say() { printf 'smoke-test: %s\n' "$*"; }
fail() { printf 'smoke-test: FAILED: %s\n' "$*" >&2; exit 1; }
missing() { printf 'smoke-test: cannot run: %s\n' "$*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --devices)
      [[ "${2:-}" =~ ^[1-9][0-9]?$ ]] || missing "--devices '${2:-}': expected a number from 1 to 99"
      devices="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    --no-build) build=false; shift ;;
    --logs) [[ -n "${2:-}" ]] || missing "--logs needs a directory"; logs="$2"; shift 2 ;;
    --timeout)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || missing "--timeout '${2:-}': expected a number of seconds"
      timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) missing "unknown argument '$1' (--help)" ;;
  esac
done

# --- what it needs ------------------------------------------------------------------------------------
for tool in docker openssl python3 mosquitto_sub curl cmake ninja java; do
  command -v "$tool" >/dev/null 2>&1 || missing "$tool not found (see --help for what this test needs)"
done
docker info >/dev/null 2>&1 || missing "no Docker engine answers (docker info)"
if docker compose version >/dev/null 2>&1; then compose_tool=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then compose_tool=(docker-compose)
else missing "neither 'docker compose' nor docker-compose is installed (apt-get install docker-compose)"
fi
docker image inspect enrolgate/base:bookworm >/dev/null 2>&1 \
  || missing "the base image enrolgate/base:bookworm is missing: sudo deploy/images/build-base-image.sh"

mkdir -p "$logs"
logs="$(cd "$logs" && pwd)"
rm -f "$logs"/*.log
work="$(mktemp -d -t enrolgate-smoke.XXXXXX)"
chmod 0755 "$work"   # the containers' uid 10001 reads the copied configuration
pids=()
compose() { "${compose_tool[@]}" -p "$project" -f "$work/deploy/compose/compose.yaml" "$@"; }

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -f "$work/deploy/compose/compose.yaml" ]]; then
    compose logs --no-color >"$logs/compose.log" 2>&1 || true
    if [[ "$keep" == true ]]; then
      say "kept: the stack (project $project) and its secrets in $work; stop it with"
      say "  ${compose_tool[*]} -p $project -f $work/deploy/compose/compose.yaml down -v && rm -rf $work"
      return
    fi
    compose down -v >"$logs/compose-down.log" 2>&1 || say "compose down failed: $logs/compose-down.log"
  fi
  rm -rf "$work"
  [[ $status -eq 0 ]] || say "logs: $logs"
}
trap cleanup EXIT

free_port() { # tcp|udp
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_STREAM if sys.argv[1]=="tcp" else socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"
}
seconds() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2])-float(sys.argv[1]):.1f}")' "$1" "$(seconds)"; }

# --- images -------------------------------------------------------------------------------------------
if [[ "$build" == true ]]; then
  started="$(seconds)"
  say "building the images (deploy/images/build-images.sh; log: $logs/build-images.log)"
  "$root/deploy/images/build-images.sh" >"$logs/build-images.log" 2>&1 || fail "build-images.sh: see $logs/build-images.log"
  say "images built in $(elapsed "$started") s"
fi
[[ -f "$root/services/cli/target/enrolgate.jar" ]] || (cd "$root" && ./mvnw -q -B -pl services/cli -am package -DskipTests)

# --- the stack, from the repository's files, with fresh secrets ----------------------------------------
mkdir -p "$work/deploy/compose" "$work/deploy/mosquitto"
cp -r "$root/deploy/compose/compose.yaml" "$root/deploy/compose/.env" "$root/deploy/compose/config" "$work/deploy/compose/"
cp "$root/deploy/mosquitto/mosquitto.conf" "$work/deploy/mosquitto/"
secrets="$work/deploy/compose/secrets"
"$root/deploy/compose/generate-secrets.sh" --gateway "$gateway" --dir "$secrets" >"$logs/generate-secrets.log" 2>&1 \
  || fail "generate-secrets.sh: see $logs/generate-secrets.log"
export ENROLGATE_MQTT_PORT ENROLGATE_MEF_PORT ENROLGATE_POSTGRES_PORT
ENROLGATE_MQTT_PORT="$(free_port tcp)"; ENROLGATE_MEF_PORT="$(free_port tcp)"; ENROLGATE_POSTGRES_PORT="$(free_port tcp)"
say "starting the stack with ${compose_tool[*]} (project $project; broker :$ENROLGATE_MQTT_PORT, MEF :$ENROLGATE_MEF_PORT, PostgreSQL 127.0.0.1:$ENROLGATE_POSTGRES_PORT)"
started="$(seconds)"
compose up -d --no-build >"$logs/compose-up.log" 2>&1 || fail "compose up: see $logs/compose-up.log"
expected=6   # broker, postgres, mef, key-forge x2, provisioning
while true; do
  states="$(docker ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Status}}')"
  healthy="$(grep -c '(healthy)' <<<"$states" || true)"
  [[ "$healthy" -eq "$expected" ]] && break
  if grep -Eq 'unhealthy|Exited|Restarting' <<<"$states"; then
    fail "a container failed: $(grep -E 'unhealthy|Exited|Restarting' <<<"$states" | tr '\n' ';')"
  fi
  if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$(elapsed "$started")" "$timeout"; then
    fail "not healthy after $timeout s: $(tr '\n' ';' <<<"$states")"
  fi
  sleep 1
done
say "check 0: all $expected containers healthy after $(elapsed "$started") s"

# --- events, as the user `events` ------------------------------------------------------------------------
# One line per message: receive time, topic, payload in hex (the JSON is printed over several lines).
# The password goes through mosquitto_sub's own options file, not its command line (visible to every user in ps).
mkdir -p "$work/mosquitto-config"
( umask 077; printf -- '-P %s\n' "$(cat "$secrets/mqtt/events.password")" >"$work/mosquitto-config/mosquitto_sub" )
XDG_CONFIG_HOME="$work/mosquitto-config" \
  mosquitto_sub -h 127.0.0.1 -p "$ENROLGATE_MQTT_PORT" --cafile "$secrets/tls/ca.crt" -V mqttv5 -u events \
  -t 'enrolgate/v1/events/#' -F '%U %t %x' >"$work/events.txt" 2>"$logs/events.log" &
pids+=($!)

# --- the devices, registered in the compose registry ---------------------------------------------------
devices_csv="$work/devices.csv"
python3 - "$devices" >"$devices_csv" <<'EOF'
import os, sys
def crc16_x25(data):  # the install code's CRC (Zigbee: CRC-16/X-25, appended least significant byte first)
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return (crc ^ 0xFFFF).to_bytes(2, "little")
for i in range(int(sys.argv[1])):
    code = os.urandom(16)
    print(f"{0x00124B00D0000001 + i:016x},{(code + crc16_x25(code)).hex()},rx-on")
EOF
export ENROLGATE_DB_PASSWORD
ENROLGATE_DB_PASSWORD="$(cat "$secrets/db/registry/password")"
while IFS=, read -r ieee code _mode; do
  "$root/enrolgate" device add --db-url "jdbc:postgresql://127.0.0.1:$ENROLGATE_POSTGRES_PORT/registry" \
    --db-user registry --kek-file "$secrets/registry-kek" --ieee "$ieee" --install-code "$code" --target CApp01 \
    >>"$logs/device-add.log" 2>&1 || fail "enrolgate device add $ieee: see $logs/device-add.log"
done <"$devices_csv"
unset ENROLGATE_DB_PASSWORD
say "registered $devices device(s) in the registry"

# --- the radio side on this host: gateway simulator, serial-bridge, device simulator --------------------
firmware="$root/firmware/target/host-sim"
if [[ ! -f "$firmware/CMakeCache.txt" ]]; then
  cmake -S "$root/firmware" -B "$firmware" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEG_SANITIZE=OFF \
    >"$logs/firmware-build.log" 2>&1 || fail "firmware cmake: see $logs/firmware-build.log"
fi
cmake --build "$firmware" --target eg-gateway-sim eg-device-sim >>"$logs/firmware-build.log" 2>&1 \
  || fail "firmware build: see $logs/firmware-build.log"
medium="$(free_port udp)"
"$firmware/posix/gateway/eg-gateway-sim" --zep-port "$medium" --channel 15 --pan 1a62 --ieee "$gateway" \
  --permit-join 255 >"$work/gateway.out" 2>"$logs/eg-gateway-sim.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^EG_GATEWAY_UART=' "$work/gateway.out" && break; sleep 0.1; done
uart="$(sed -n 's/^EG_GATEWAY_UART=//p' "$work/gateway.out")"
[[ -n "$uart" ]] || fail "the gateway simulator printed no EG_GATEWAY_UART (see $logs/eg-gateway-sim.log)"

bridge_port="$(free_port tcp)"
ENROLGATE_MQTT_PASSWORD="$(cat "$secrets/mqtt/$gateway.password")" "$root/enrolgate" serve serial-bridge \
  --port "$uart" --mqtt "ssl://127.0.0.1:$ENROLGATE_MQTT_PORT" --mqtt-ca-file "$secrets/tls/ca.crt" \
  --mqtt-username "$gateway" --http-port "$bridge_port" >"$logs/serial-bridge.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -fsS -o /dev/null "http://127.0.0.1:$bridge_port/health/ready" 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null "http://127.0.0.1:$bridge_port/health/ready" \
  || fail "the serial-bridge is not ready after 120 s (see $logs/serial-bridge.log)"
say "gateway simulator and serial-bridge up (TLS to the broker as user $gateway)"

started="$(seconds)"
# --reveal-keys: the simulator prints the installed keys, compared below with the MEF's; they stay in $work.
sim_status=0
"$firmware/posix/device/eg-device-sim" --devices-csv - --port "$medium" --channels 15 --pan-id 0x1a62 \
  --stagger-ms 25 --scan-duration 5 --reveal-keys <"$devices_csv" >"$work/devices.out" 2>"$logs/eg-device-sim.log" \
  || sim_status=$?
say "device simulator finished in $(elapsed "$started") s (exit status $sim_status)"

# --- the checks ---------------------------------------------------------------------------------------
# Waits up to 60 s for KEY_PROVISIONED of every device, then fetches each key from the MEF as app01.
python3 - "$work" "$devices" "$root/enrolgate" "https://127.0.0.1:$ENROLGATE_MEF_PORT" "$secrets/mef-psk-app01" <<'EOF' \
  || fail "a check failed (above)"
import json, statistics, subprocess, sys, time
work, expected, enrolgate, mef, psk_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
failures = []
def check(number, ok, text):
    print(f"smoke-test: check {number}: {'ok' if ok else 'FAILED'}: {text}", flush=True)
    if not ok:
        failures.append(text)

reports = {}
for line in open(f"{work}/devices.out"):
    if line.strip():
        report = json.loads(line)
        reports[report["ieee"]] = report
planned = [line.split(",")[0] for line in open(f"{work}/devices.csv") if line.strip()]
latencies = []
for ieee in planned:
    report = reports.get(ieee, {})
    installed = report.get("outcome") == "key_installed" and len(report.get("key", "")) == 32
    check(1, installed, f"{ieee} installed a network key ({report.get('outcome', 'no report')})")
    if installed:
        latencies.append(report["timings_ms"]["association_to_key"])

def events():
    seen = {}
    for line in open(f"{work}/events.txt"):
        parts = line.split()
        if len(parts) == 3:
            event = json.loads(bytes.fromhex(parts[2]).decode())
            seen.setdefault(event.get("deviceIeee"), {})[event.get("state")] = (float(parts[0]), event)
    return seen
deadline = time.monotonic() + 60
while time.monotonic() < deadline and not all("KEY_PROVISIONED" in events().get(i, {}) for i in planned):
    time.sleep(0.2)
seen = events()
provisioning = []
for ieee in planned:
    states = seen.get(ieee, {})
    check(2, "KEY_PROVISIONED" in states, f"{ieee} events {sorted(states)}")
    if "KEY_PROVISIONED" not in states:
        continue
    if "REQUESTED" in states:
        provisioning.append(1000 * (states["KEY_PROVISIONED"][0] - states["REQUESTED"][0]))
    key_id = states["KEY_PROVISIONED"][1]["keyIdentifier"]
    fetched = subprocess.run([enrolgate, "mef", "fetch-key", "--mef", mef, "--psk-identity", "kpm-app01",
                              "--psk-file", psk_file, "--key-id", key_id], capture_output=True, text=True)
    value = fetched.stdout.strip()
    same = (fetched.returncode == 0 and len(value) == 64
            and value[:32].lower() == reports.get(ieee, {}).get("key", "").lower())
    if fetched.returncode != 0:
        outcome = f"not retrieved (fetch-key exit status {fetched.returncode}: {fetched.stderr.strip()})"
    else:
        outcome = f"first half {'equals' if same else 'differs from'} the installed key"
    check(3, same, f"{ieee} MEF Key Value {key_id}: {outcome}")
if latencies:
    print(f"smoke-test: association -> key installed (device simulator): median {statistics.median(latencies):.0f} ms,"
          f" max {max(latencies)} ms over {len(latencies)} device(s)")
if provisioning:
    print(f"smoke-test: REQUESTED -> KEY_PROVISIONED (events as received): median {statistics.median(provisioning):.0f} ms,"
          f" max {max(provisioning):.0f} ms")
sys.exit(1 if failures or len(planned) != expected else 0)
EOF
[[ $sim_status -eq 0 ]] || fail "the device simulator exited with $sim_status (not every device installed a key)"
say "PASSED: $devices device(s) enrolled through deploy/compose"
