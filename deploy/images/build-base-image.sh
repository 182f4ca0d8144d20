#!/usr/bin/env bash
# Builds the base image of every Enrolgate container from Debian packages alone, with no container
# registry: a Debian bookworm root file system made by debootstrap, holding a Java 17 runtime, curl (for
# HEALTHCHECK), CA certificates, and the unprivileged user `enrolgate` (uid 10001, gid 10001, also in
# group dialout for the serial-bridge). The Dockerfiles in deploy/images/ take it as
# `--build-arg BASE_IMAGE=<tag>`.
#
# Needs: root, debootstrap (apt-get install debootstrap), a Debian mirror. Optional: docker or podman to
# import the result; without either, the tarball is left for `docker import` on another machine.
#
# Usage: sudo deploy/images/build-base-image.sh [--tag TAG] [--suite SUITE] [--mirror URL]
#                                                [--output FILE] [--no-import] [--keep-rootfs]
#   --tag TAG      image name to import as             (default enrolgate/base:bookworm)
#   --suite SUITE  Debian suite                        (default bookworm)
#   --mirror URL   Debian mirror                       (default http://deb.debian.org/debian)
#   --output FILE  where the root fs tarball goes      (default deploy/images/target/enrolgate-base-SUITE.tar)
#   --no-import    only write the tarball
#   --keep-rootfs  keep the unpacked root fs next to the tarball (for inspection)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tag="enrolgate/base:bookworm"
suite="bookworm"
mirror="http://deb.debian.org/debian"
output=""
do_import=1
keep_rootfs=0
# The runtime every service needs; nothing else (no shell tools beyond Debian's minbase).
packages="openjdk-17-jre-headless,ca-certificates,curl"

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --no-import) do_import=0; shift ;;
    --keep-rootfs) keep_rootfs=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-base-image: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ "$(id -u)" -ne 0 ]]; then
  echo "build-base-image: must run as root (debootstrap creates device nodes and chroots)" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "build-base-image: debootstrap not found: apt-get install debootstrap" >&2
  exit 2
fi

output="${output:-$here/target/enrolgate-base-$suite.tar}"
mkdir -p "$(dirname "$output")"
rootfs="$(mktemp -d "${TMPDIR:-/tmp}/enrolgate-rootfs.XXXXXX")"
# It becomes the image's "/": mktemp's 0700 would lock every non-root user out of the whole image.
chmod 0755 "$rootfs"
cleanup() {
  # Unmount anything debootstrap may have left mounted before removing the tree.
  for m in proc sys dev/pts dev; do
    mountpoint -q "$rootfs/$m" 2>/dev/null && umount -l "$rootfs/$m" || true
  done
  if [[ "$keep_rootfs" -eq 0 ]]; then rm -rf --one-file-system "$rootfs"; fi
}
trap cleanup EXIT

echo "build-base-image: debootstrap $suite from $mirror into $rootfs"
debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror"

echo "build-base-image: configuring"
cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SOURCES
# The unprivileged user every service runs as (USER 10001:10001 in the Dockerfiles, runAsUser in k8s).
chroot "$rootfs" groupadd --system --gid 10001 enrolgate
chroot "$rootfs" useradd --system --uid 10001 --gid 10001 --groups dialout \
  --home-dir /var/lib/enrolgate --no-create-home --shell /usr/sbin/nologin enrolgate
install -d -o 10001 -g 10001 -m 0750 "$rootfs/var/lib/enrolgate"
install -d -o 0 -g 0 -m 0755 "$rootfs/opt/enrolgate" "$rootfs/etc/enrolgate"
# Smaller image: no package caches or lists (a Dockerfile that installs more runs apt-get update first).
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
# Record what went in, for whoever audits the image.
chroot "$rootfs" dpkg-query -W -f='${Package} ${Version}\n' >"$output.packages"
# The runtime must start (the JVM needs /proc); this also proves the image is usable.
mount -t proc proc "$rootfs/proc"
java_version="$(chroot --userspec=10001:10001 "$rootfs" java -version 2>&1 | head -n 1)"
umount "$rootfs/proc"

echo "build-base-image: writing $output"
tar --numeric-owner --xattrs -C "$rootfs" \
  --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' --exclude='./tmp/*' \
  -cf "$output" .

if [[ "$do_import" -eq 1 ]]; then
  importer=""
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then importer=docker
  elif command -v podman >/dev/null 2>&1; then importer=podman
  fi
  if [[ -n "$importer" ]]; then
    echo "build-base-image: importing as $tag with $importer"
    "$importer" import \
      --change 'ENV LANG=C.UTF-8' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["/bin/bash"]' \
      "$output" "$tag"
  else
    echo "build-base-image: no docker daemon or podman here; import the tarball where there is one:"
    echo "    docker import --change 'ENV LANG=C.UTF-8' $output $tag"
  fi
fi
echo "build-base-image: done ($java_version; $(wc -l <"$output.packages") packages, list in $output.packages)"
