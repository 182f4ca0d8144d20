#!/usr/bin/env bash
# Builds every Enrolgate image on the local base image (see build-base-image.sh), with docker or podman; no
# registry is contacted. The Java services' images come from deploy/images/service/Dockerfile (build argument
# SERVICE), the others from deploy/images/<name>/Dockerfile.
#
# Usage: deploy/images/build-images.sh [--base IMAGE] [--tag TAG] [--only NAME]...
#   --base IMAGE  the base image (default enrolgate/base:bookworm)
#   --tag TAG     the images' tag (default 0.1.0): enrolgate/<name>:TAG
#   --only NAME   build only these (key-forge provisioning mef serial-bridge mosquitto postgresql)
# The Java images need services/cli/target/enrolgate.jar: built first when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="enrolgate/base:bookworm"
tag="0.1.0"
only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --only) only+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then builder=docker
elif command -v podman >/dev/null 2>&1; then builder=podman
else
  echo "build-images: neither a docker daemon nor podman is available" >&2
  exit 2
fi

images=(key-forge provisioning mef serial-bridge mosquitto postgresql)
[[ ${#only[@]} -gt 0 ]] && images=("${only[@]}")

for image in "${images[@]}"; do
  case "$image" in
    key-forge|provisioning|mef|serial-bridge)
      if [[ ! -f "$root/services/cli/target/enrolgate.jar" ]]; then
        echo "build-images: building services/cli/target/enrolgate.jar"
        (cd "$root" && ./mvnw -q -B -pl services/cli -am package -DskipTests)
      fi
      # COPY keeps the file's mode, and the images run as uid 10001: a jar built under umask 077 would not start.
      chmod a+r "$root/services/cli/target/enrolgate.jar"
      args=(-f "$root/deploy/images/service/Dockerfile" --build-arg "SERVICE=$image") ;;
    mosquitto|postgresql)
      args=(-f "$root/deploy/images/$image/Dockerfile") ;;
    *) echo "build-images: unknown image '$image'" >&2; exit 2 ;;
  esac
  echo "build-images: enrolgate/$image:$tag"
  "$builder" build "${args[@]}" --build-arg "BASE_IMAGE=$base" -t "enrolgate/$image:$tag" "$root"
done
# A rebuild under the same tag leaves the previous image behind, untagged (the services' jar layer alone is
# 120 MB): remove those of this project's images, which carry its vendor label, and no one else's.
"$builder" image prune -f --filter "label=org.opencontainers.image.vendor=Enrolgate" >/dev/null
