#!/usr/bin/env bash
# The key-forge load matrix in one run, with the committed load generator (./enrolgate bench forge):
#   {H2, PostgreSQL} x {1, 2 replicas} x {an offered 1,000/s, the highest rate sustained}
# One `enrolgate bench forge` series per (registry, replicas) cell, against a Mosquitto started for it
# (TCP_NODELAY and the in-flight window of deploy/mosquitto/mosquitto.conf; plain TCP and anonymous, so that the
# figures are key-forge's and not TLS's). In a series every run gets fresh replicas and a fresh registry database
# (a new H2 file, or a new database on the PostgreSQL server this script starts, with its durable defaults);
# a warm-up run first lets the JIT compile the hot paths once for the series.
#
# The highest rate sustained: from the base rate, up by --step while sustained (down when the base rate is not);
# sustained = every request answered, >= 95% of the offered rate served, p99 <= --p99-limit ms. Each reported
# rate is run --repeats times; the table has the medians. The 1-minute load average is sampled every 5 s.
#
# Usage: services/key-forge/bench/run-matrix.sh [--duration S] [--warmup S] [--repeats N] [--base-rate N]
#            [--step N] [--max-rate N] [--p99-limit MS] [--databases "h2 postgresql"] [--replicas "1 2"] [--out DIR]
# Needs: a JDK 17+, mosquitto (Debian: mosquitto), PostgreSQL server binaries (Debian: postgresql); root or not.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
duration=20
warmup=45
repeats=3
base_rate=1000
step=250
max_rate=20000
p99_limit=250
databases="h2 postgresql"
replica_counts="1 2"
out=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --base-rate) base_rate="$2"; shift 2 ;;
    --step) step="$2"; shift 2 ;;
    --max-rate) max_rate="$2"; shift 2 ;;
    --p99-limit) p99_limit="$2"; shift 2 ;;
    --databases) databases="$2"; shift 2 ;;
    --replicas) replica_counts="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-matrix: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

out="${out:-$root/services/key-forge/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
work="$(mktemp -d /tmp/enrolgate-bench-matrix-XXXXXX)"
chmod 755 "$work" # the PostgreSQL server (user postgres when run as root) lives under it
summary="$out/summary.md"
log="$out/matrix.log"
mosquitto_bin="${ENROLGATE_MOSQUITTO_BIN:-/usr/sbin/mosquitto}"
pg_bin="${ENROLGATE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
as_root=$([[ "$(id -u)" == 0 ]] && echo 1 || echo 0)
pg_port=""
sampler_pid=""
broker_pid=""

say() { echo "$*" | tee -a "$log" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

as_postgres() {
  if [[ "$as_root" == 1 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  set +e
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null
  [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null
  if [[ -n "$pg_port" ]]; then as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_broker() {
  local port="$1" dir="$work/broker-$1"
  mkdir -p "$dir"
  {
    [[ "$as_root" == 1 ]] && echo "user root"
    # As deploy/mosquitto/mosquitto.conf, except TLS, users and ACL.
    echo "set_tcp_nodelay true"
    echo "listener $port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence true"
    echo "persistence_location $dir/"
    echo "autosave_interval 30"
    echo "max_inflight_messages 64"
    # Deeper than production's 10000: a saturated run must queue, not drop, to measure throughput.
    echo "max_queued_messages 100000"
    echo "max_packet_size 131072"
    echo "log_dest stderr"
    echo "log_type error"
    echo "log_type warning"
  } >"$dir/mosquitto.conf"
  "$mosquitto_bin" -c "$dir/mosquitto.conf" >"$dir/log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  say "mosquitto did not start:"; cat "$dir/log" >&2; exit 1
}

stop_broker() {
  kill "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=""
}

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

start_postgres() {
  mkdir -p "$work/pg"
  [[ "$as_root" == 1 ]] && chown postgres: "$work/pg"
  as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$work/pg/initdb.log" 2>&1
  pg_port="$(free_port)"
  # The server's defaults otherwise: fsync on, synchronous_commit on (an enrolment is durable when answered).
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=100" -w start >/dev/null
  say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $pg_port (fsync on, synchronous_commit on)"
}

load_now() { cut -d' ' -f1 /proc/loadavg; }

median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# value KEY LINE: the value of KEY=... in a MEDIAN line.
value() { sed -E "s|.* $1=([^ ]+).*|\\1|" <<<"$2"; }

row() {
  local registry="$1" replicas="$2" label="$3" line="$4" load="$5" broker_ms="$6"
  if [[ -z "$line" || "$line" == *" none"* ]]; then
    printf '| %s | %s | %s | none found | | | | | | | |\n' "$registry" "$replicas" "$label" >>"$summary"
    return
  fi
  local rate; rate="$(sed -E 's/^MEDIAN [a-z]+ ([0-9]+)\/s.*/\1/' <<<"$line")"
  printf '| %s | %s | %s | %s/s | %.0f | %s | %s | %s | %s | %s + %s | %s |\n' "$registry" "$replicas" "$label" "$rate" \
    "$(value enrolments/s "$line")" "$(value p50_ms "$line")" "$(value p99_ms "$line")" "$(value answered "$line")" \
    "$(value runs "$line")" "$(value cpu_ms_per_enrolment "$line")" "$broker_ms" "$load" >>"$summary"
}

# ---- the matrix

if [[ ! -x "$mosquitto_bin" ]]; then echo "run-matrix: no mosquitto at $mosquitto_bin (apt-get install mosquitto)" >&2; exit 2; fi
if [[ " $databases " == *" postgresql "* && ( -z "$pg_bin" || ! -x "$pg_bin/initdb" ) ]]; then
  echo "run-matrix: no PostgreSQL server binaries (apt-get install postgresql, or set ENROLGATE_PG_BIN)" >&2; exit 2
fi
# Build the jar now (if sources changed), not inside the first series.
"$root/enrolgate" --version >/dev/null

command_line="services/key-forge/bench/run-matrix.sh --duration $duration --warmup $warmup --repeats $repeats --base-rate $base_rate --step $step --max-rate $max_rate --p99-limit $p99_limit --databases \"$databases\" --replicas \"$replica_counts\""
say "matrix: $command_line"
say "host: $(nproc) CPU(s), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -n 1), $("$mosquitto_bin" -h | head -n 1)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
( while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 5; done ) >"$out/loadavg.log" &
sampler_pid=$!
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
[[ " $databases " == *" postgresql "* ]] && start_postgres

{
  echo "| registry | replicas | row | offered | enrolments/s | p50 ms | p99 ms | answered | runs | CPU ms/enrolment (JVM + broker) | load avg |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >"$work/table"
summary_rows=()
for db in $databases; do
  for replicas in $replica_counts; do
    port="$(free_port)"
    start_broker "$port"
    cell="$db-$replicas"
    say "== $db, $replicas replica(s) (broker on port $port)"
    database_options=()
    [[ "$db" == postgresql ]] && database_options=(--database-server-url "jdbc:postgresql://127.0.0.1:$pg_port/postgres" \
      --database-user postgres --database-password "")
    samples_before="$(wc -l <"$out/loadavg.log")"
    broker_cpu_start="$(cpu_seconds "$broker_pid")"
    set +e
    ENROLGATE_NO_REBUILD=1 "$root/enrolgate" bench forge --broker "tcp://127.0.0.1:$port" --replicas "$replicas" \
      --rate "$base_rate" --duration "$duration" --warmup "$warmup" --runs "$repeats" --ramp-step "$step" \
      --max-rate "$max_rate" --p99-limit "$p99_limit" --devices 1000 --timeout 30 "${database_options[@]}" \
      >"$out/series-$cell.log" 2>&1
    status=$?
    set -e
    broker_cpu="$(awk -v a="$broker_cpu_start" -v b="$(cpu_seconds "$broker_pid")" 'BEGIN { print b - a }')"
    stop_broker
    grep -E '^\[|^MEDIAN|^series' "$out/series-$cell.log" | tee -a "$log" >&2 || true
    if [[ "$status" != 0 ]]; then say "the series of $cell failed ($status): see $out/series-$cell.log"; fi
    load="$(tail -n +"$((samples_before + 1))" "$out/loadavg.log" | awk '{ print $2 }' | median)"
    requests="$(grep -E '^\[' "$out/series-$cell.log" | sed -E 's/.*: sent ([0-9]+),.*/\1/' | awk '{ s += $1 } END { print s + 0 }')"
    broker_ms="$(awk -v c="$broker_cpu" -v n="$requests" 'BEGIN { if (n > 0) printf "%.2f", 1000 * c / n; else print "-" }')"
    registry=$([[ "$db" == h2 ]] && echo "H2 (file)" || echo "PostgreSQL")
    summary_rows+=("$registry|$replicas|offered $base_rate/s|$(grep -E '^MEDIAN base' "$out/series-$cell.log" || true)|$load|$broker_ms")
    summary_rows+=("$registry|$replicas|highest sustained|$(grep -E '^MEDIAN highest' "$out/series-$cell.log" || true)|$load|$broker_ms")
  done
done
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
load_stats="$(awk '{ print $2 }' "$out/loadavg.log" | sort -g | awk '{ v[NR] = $1 } END { printf "min %s, median %s, max %s", v[1], v[int((NR + 1) / 2)], v[NR] }')"

{
  echo "Matrix of $started_at to $(date -u +%Y-%m-%dT%H:%M:%SZ): \`$command_line\`"
  echo
  echo "Host: $(nproc) CPU(s), $(uname -sr), $(java -version 2>&1 | head -n 1), $("$mosquitto_bin" -h | head -n 1)."
  echo "Load average (1 min) during the matrix, sampled every 5 s: $load_stats."
  echo
  cat "$work/table"
} >"$summary"
for entry in "${summary_rows[@]}"; do
  IFS='|' read -r registry replicas label line load broker_ms <<<"$entry"
  row "$registry" "$replicas" "$label" "$line" "$load" "$broker_ms"
done
{
  echo
  echo "Medians over the runs of each row (each figure's median on its own); $duration s measured per run, every run"
  echo "with fresh replicas and a fresh database, after one $warmup s warm-up run per series. Latency: request"
  echo "published -> response received, at the load generator (through the broker twice). \"highest sustained\": the"
  echo "highest offered rate, in steps of $step/s, with every request answered, >= 95% of it served and p99 <="
  echo "$p99_limit ms. CPU: the JVM (load generator and replicas) during the measured runs, and Mosquitto over the"
  echo "series (warm-up included), per enrolment; PostgreSQL's own CPU is not counted. Load avg: median of the"
  echo "1-minute load average sampled during the series. Every run's line: $out/series-*.log."
} >>"$summary"
cat "$summary" | tee -a "$log"
