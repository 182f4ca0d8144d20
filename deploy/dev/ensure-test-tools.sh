#!/usr/bin/env bash
# Installs the system tools the test suite runs against (oracles, real broker, real database, firmware
# toolchain) when they are missing. Called by the root pom in the validate phase of `./mvnw verify`, so the
# README's one test command works on a fresh machine. As root it uses apt-get; otherwise it names exactly
# what to install and fails. Set ENROLGATE_SKIP_TOOL_INSTALL=1 to skip (you then own the consequences).
set -euo pipefail

# Debian package -> a file that proves it is installed. One line each; keep sorted by purpose.
PACKAGES=(
  "tshark:/usr/bin/tshark"                       # oracle: decrypts forged Transport Key frames
  "postgresql:/usr/share/doc/postgresql/copyright" # real database server (initdb, postgres) for store tests
  "mosquitto:/usr/sbin/mosquitto"                # real MQTT v5 broker for service integration tests
  "socat:/usr/bin/socat"                         # serial-bridge tests: pseudo-terminal pairs (a UART line)
  "libssl-dev:/usr/include/openssl/aes.h"        # firmware device simulator: AES for AES-MMO and CCM*
  "libcmocka-dev:/usr/include/cmocka.h"          # firmware C unit tests
  "gcc:/usr/bin/gcc"                             # firmware: host build of core, simulators, tests
  "cmake:/usr/bin/cmake"                         # firmware build (firmware/pom.xml drives it)
  "ninja-build:/usr/bin/ninja"                   # firmware build generator
  "nanopb:/usr/bin/nanopb_generator.py"          # firmware: C messages from proto/ (uart, eg)
  "libnanopb-dev:/usr/include/pb.h"              # firmware: nanopb runtime + headers
  "gcc-arm-none-eabi:/usr/bin/arm-none-eabi-gcc" # firmware: Cortex-M4 cross-compile, size report
  "libnewlib-arm-none-eabi:/usr/lib/arm-none-eabi/newlib/libc.a" # its C library headers
  "python3:/usr/bin/python3"                     # firmware host test harness (standard library only)
  "python3-venv:/usr/share/doc/python3-venv/copyright" # provisioning tests: venv for the ACME oneM2M CSE (PyPI acmecse)
)

if [[ "${ENROLGATE_SKIP_TOOL_INSTALL:-0}" == "1" ]]; then
  echo "ensure-test-tools: skipped (ENROLGATE_SKIP_TOOL_INSTALL=1)"
  exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=debian-packages.sh
source "$here/debian-packages.sh"
mapfile -t missing < <(missing_packages "${PACKAGES[@]}")

if [[ ${#missing[@]} -eq 0 ]]; then
  exec bash "$here/ensure-docker.sh"
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: the tests need these Debian packages, which are not installed:" >&2
  echo "    sudo apt-get install ${missing[*]}" >&2
  echo "  (or set ENROLGATE_SKIP_TOOL_INSTALL=1 to run without them; the tests that need them will fail)" >&2
  exit 1
fi

echo "ensure-test-tools: installing ${missing[*]}"
install_packages "${missing[@]}"
echo "ensure-test-tools: installed ${missing[*]}"
# The Testcontainers variant's engine: best effort, never fatal (see the script).
exec bash "$here/ensure-docker.sh"
