#!/usr/bin/env bash
# Makes a Docker engine answer for the Testcontainers variant of the integration tests, when it can: a daemon
# that answers already is used as it is; otherwise, as root with apt-get, Debian's docker.io (dockerd,
# containerd, runc), iptables and debootstrap (the images' base is built from Debian packages, no registry) are
# installed and dockerd is started in the background (log: /tmp/enrolgate-dockerd.log; it keeps running after
# the build, as a system service would). Where none can run, it says so and succeeds: that one test then
# reports itself as not run. ENROLGATE_NO_DOCKER=1 skips all of this.
set -euo pipefail

say() { echo "ensure-docker: $*"; }

if [[ "${ENROLGATE_NO_DOCKER:-0}" == "1" ]]; then
  say "skipped (ENROLGATE_NO_DOCKER=1): the Testcontainers variant will not run"
  exit 0
fi
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  exit 0
fi
if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  say "no Docker engine answers and this is not root with apt-get: the Testcontainers variant will not run"
  say "  (to run it: install Docker, start it, and run the tests as a user of the docker group)"
  exit 0
fi

# The base image, six images and their build layers take about 4 GB under /var/lib/docker; on a nearly full disk
# the builds would fail half-way, so the test is left to report itself not run instead.
free_kb="$(df -Pk /var/lib 2>/dev/null | awk 'NR == 2 { print $4 }')"
if [[ -n "$free_kb" && "$free_kb" -lt $((6 * 1024 * 1024)) ]]; then
  say "only $((free_kb / 1024)) MiB free under /var/lib (6 GiB wanted for the images): the Testcontainers variant will not run"
  exit 0
fi

# shellcheck source=debian-packages.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/debian-packages.sh"
mapfile -t missing < <(missing_packages "docker.io:/usr/sbin/dockerd" "iptables:/usr/sbin/iptables" \
  "debootstrap:/usr/sbin/debootstrap")
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing ${missing[*]}"
  if ! install_packages "${missing[@]}"; then
    say "could not install ${missing[*]}: the Testcontainers variant will not run"
    exit 0
  fi
fi

log=/tmp/enrolgate-dockerd.log
say "starting dockerd (log $log)"
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    say "Docker engine $(docker info --format '{{.ServerVersion}}' 2>/dev/null) answers"
    exit 0
  fi
  sleep 0.5
done
say "dockerd did not answer within 30 s (last lines of $log below): the Testcontainers variant will not run"
tail -n 5 "$log" | sed 's/^/    /' || true
exit 0
