#!/usr/bin/env bash
# Runs every test of every module (unit and the slower end-to-end ones tagged "e2e"),
# after installing the system packages they need. This is the README's test command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup-system.sh
./mvnw -B -ntp verify "$@"
