#!/usr/bin/env bash
# Stops the test Slurm that setup-slurm.sh started: cancels its jobs and stops slurmd, slurmctld
# and munged. --purge also removes the job state, the logs and the slurm.conf it wrote.
# The packages stay installed (setup-slurm.sh then only starts the daemons again).
set -euo pipefail
purge=0
for a in "$@"; do
  case $a in
    --purge) purge=1 ;;
    *) echo "teardown-slurm: unknown option $a (use --purge)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "teardown-slurm: must run as root" >&2; exit 1; }
export PATH=$PATH:/usr/sbin:/sbin
marker="# exmy-test-slurm: written by tests/slurm/setup-slurm.sh"
conf=/etc/slurm/slurm.conf
run=/run/exmy-slurm

if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  echo "teardown-slurm: $conf was not written by setup-slurm.sh; leaving this Slurm alone" >&2
  exit 1
fi

command -v scancel >/dev/null && scancel --quiet --full --signal=KILL -u "$(id -un)" 2>/dev/null || true

stop() {
  local pidfile=$1 name=$2
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    local pid; pid=$(cat "$pidfile")
    echo "teardown-slurm: stopping $name ($pid)" >&2
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
stop "$run/slurmd.pid" slurmd
stop "$run/slurmctld.pid" slurmctld
stop /run/munge/munged.pid munged

if [ "$purge" = 1 ]; then
  rm -rf /var/spool/exmy-slurm /var/log/exmy-slurm "$run"
  rm -f "$conf"
  echo "teardown-slurm: removed state, logs and $conf" >&2
fi
echo "teardown-slurm: done" >&2
