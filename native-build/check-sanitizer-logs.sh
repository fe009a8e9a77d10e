#!/usr/bin/env bash
# Fails when a sanitizer reported anything while the kernel conformance suites ran on the
# emulation library (the *-suite.* logs), or when those runs did not happen at all.
# The self-test logs are checked by the self-test itself (it must find its report).
set -euo pipefail
dir=${1:?usage: check-sanitizer-logs.sh DIR}
for san in asan tsan; do
  [ -f "$dir/$san-suite.ran" ] || { echo "sanitizer check: the $san conformance run did not happen ($dir/$san-suite.ran missing)" >&2; exit 1; }
done
reports=$(ls "$dir"/*-suite.[0-9]* 2>/dev/null || true)
if [ -n "$reports" ]; then
  echo "sanitizer check: the conformance suites triggered sanitizer reports:" >&2
  for r in $reports; do echo "==== $r" >&2; head -60 "$r" >&2; done
  exit 1
fi
echo "sanitizer check: ASan+UBSan and TSan runs of the kernel conformance suites are clean"
