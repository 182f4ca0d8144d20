#!/usr/bin/env bash
# Installs the real oneM2M CSE "ACME" (PyPI package acmecse, pinned below) into a Python virtual environment
# that the tests start it from, once per machine: under ~/.cache/enrolgate/acmecse-VERSION (kept across builds
# and `mvn clean`), or ENROLGATE_ACMECSE_HOME. Run by io.enrolgate.testfixtures.AcmeCse.install() (this file is
# its class-path resource); prints the path of the acmecse executable as its last line. Needs python3 (>= 3.11)
# with the venv module: Debian's python3 and python3-venv, which deploy/dev/ensure-test-tools.sh installs. Safe
# to run concurrently (flock).
set -euo pipefail

VERSION="${ENROLGATE_ACMECSE_VERSION:-2026.5.3}"
ROOT="${ENROLGATE_ACMECSE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/enrolgate/acmecse-$VERSION}"
VENV="$ROOT/venv"
MARKER="$ROOT/installed"

if [[ -f "$MARKER" && -x "$VENV/bin/acmecse" ]]; then
  echo "$VENV/bin/acmecse"
  exit 0
fi

mkdir -p "$ROOT"
exec 9>"$ROOT/lock"
flock 9
if [[ -f "$MARKER" && -x "$VENV/bin/acmecse" ]]; then
  echo "$VENV/bin/acmecse"
  exit 0
fi

PYTHON=""
for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
  if [[ -n "$candidate" && -x "$candidate" ]] \
      && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    PYTHON="$candidate"
    break
  fi
done
if [[ -z "$PYTHON" ]]; then
  echo "install-acmecse: ACME needs Python 3.11 or newer: install the Debian package python3" \
       "(or run deploy/dev/ensure-test-tools.sh)" >&2
  exit 1
fi

echo "install-acmecse: installing acmecse $VERSION into $VENV (first run only)" >&2
rm -rf "$VENV"
if ! "$PYTHON" -m venv "$VENV" >&2; then
  echo "install-acmecse: '$PYTHON -m venv' failed: install the Debian package python3-venv" \
       "(or run deploy/dev/ensure-test-tools.sh)" >&2
  exit 1
fi
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "acmecse==$VERSION" >&2
touch "$MARKER"
echo "$VENV/bin/acmecse"
