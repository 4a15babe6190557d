#!/usr/bin/env bash
# Runs every test of every module (unit and the slower end-to-end ones tagged "e2e"),
# after installing the system packages they need. This is the README's test command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup-system.sh
# the trainer's tests multiply matrices with OpenBLAS: its kernels for this CPU (see the script)
. scripts/blas-env.sh
# -Pimage adds the OCI image module: its tarball is built (Jib, no Docker daemon) and inspected,
# and the server is run from the image's own root file system (about 2 minutes).
./mvnw -B -ntp -Pimage verify "$@"
