#!/usr/bin/env bash
# Installs the Debian packages creditdata needs to build, test and benchmark.
# Idempotent: installs only what is missing, and does nothing when all is
# there. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  cmake g++ make pkg-config clang-format
  libabsl-dev libsimdjson-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pytest python3-stdnum
  binutils
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
