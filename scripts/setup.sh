#!/usr/bin/env bash
# Installs everything shellcarve needs to build, test, and make test images, from Debian 12
# packages. Idempotent: packages already present are skipped by apt-get.
set -euo pipefail

packages=(
  build-essential g++ cmake pkg-config git
  libtsk-dev libewf-dev libvshadow-dev libyara-dev zlib1g-dev libssl-dev libfmt-dev
  libboost-program-options-dev libpugixml-dev googletest libgtest-dev
  sleuthkit ewf-tools yara
  slurm-wlm munge  # scripts/slurm-local.sh: the batch tests' single-node cluster
  ntfs-3g faketime attr fdisk dosfstools xxd python3 time
  clang libclang-rt-14-dev
  time  # /usr/bin/time -v for scripts/bench-ls.sh
  libvshadow-utils  # vshadowinfo, vshadowmount: the VSS agreement tests and scripts/bench-vss.sh
  libevtx-utils  # evtxexport: the EVTX agreement test (tests/logs/evtx/evtx_agreement_test.cpp)
  chromium fonts-dejavu-core  # report --pdf, the report's browser test and scripts/make-report-screenshot.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
