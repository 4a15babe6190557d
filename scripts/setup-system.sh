#!/usr/bin/env bash
# Installs the Debian packages mcdrop's tests, training and benchmarks use. Idempotent: installs
# only what is missing. Runs apt-get as root, or through sudo.
#   chromium, chromium-driver  headless browser test of the server's web page
#   libopenblas0               native BLAS for the trainer (else a slower pure-JVM fallback is used)
#   dataset-fashion-mnist      Fashion-MNIST IDX files (/usr/share/datasets/fashion-mnist) for training
# Pass extra package names as arguments (the benchmarks add python3-torch python3-onnx wrk).
set -euo pipefail
packages=(chromium chromium-driver libopenblas0 dataset-fashion-mnist "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
