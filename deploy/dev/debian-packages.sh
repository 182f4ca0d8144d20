# Sourced by ensure-test-tools.sh and ensure-docker.sh: which Debian packages are missing, and installing them,
# in one place so that both install the same way and the package lists are refreshed once per build.

# missing_packages "package:proof-file"...: prints the packages whose proof file does not exist, one per line.
missing_packages() {
  local entry
  for entry in "$@"; do
    [[ -e "${entry#*:}" ]] || echo "${entry%%:*}"
  done
}

# install_packages package...: apt-get install, after one `apt-get update` per build (a stale package list is
# the usual cause of 404s on a machine that has not updated for a while). Returns apt-get's status.
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  if [[ "${ENROLGATE_APT_UPDATED:-0}" != "1" ]]; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq || return
    export ENROLGATE_APT_UPDATED=1
  fi
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}
