#!/usr/bin/env bash
# Called by Maven (generate-resources). Placeholder until the native targets land.
set -euo pipefail
echo "native-build: nothing yet"
