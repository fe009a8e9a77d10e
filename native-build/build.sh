#!/usr/bin/env bash
# Called by Maven in generate-resources with the classes directory: builds the fatbins (when nvcc
# is present), the host library and the emulation library into it, incrementally (make).
# Usage: native-build/build.sh OUT_DIR [make targets...]
set -euo pipefail
out=${1:?usage: build.sh OUT_DIR [targets]}
shift
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-$(command -v nvcc || true)}
[ -n "$nvcc" ] || { [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc; } || true
command -v "${CXX:-g++}" >/dev/null || { echo "native-build: no C++ compiler (${CXX:-g++}); host and emu backends will be unavailable" >&2; exit 0; }
# Build provenance for benchmark and training records (the jar may run where git is absent).
info_dir="$out/io/exmy"; mkdir -p "$info_dir"
commit=$(git -C "$here/.." rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$here/.." status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit+dirty"
printf 'commit=%s\nbuilt=%s\n' "$commit" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$info_dir/build-info.properties.tmp"
mv "$info_dir/build-info.properties.tmp" "$info_dir/build-info.properties"
exec make --no-print-directory -C "$here" OUT="$out" NVCC="${nvcc:-nvcc-not-found}" -j"$(nproc)" "${@:-all}"
