#!/usr/bin/env bash
# A real single-node Slurm on this machine for the sweep integration tests (io.exmy.sweep.SlurmIntegrationTest).
#
# Installs Debian's slurm-wlm and munge when missing, writes a minimal cgroup-free slurm.conf for
# this host, creates the munge key, starts munged, slurmctld and slurmd directly (no systemd; run
# as root, as CI and the developer machines do) and waits until the node is idle.
#
# Idempotent: a second run finds everything up and returns at once; a changed configuration
# restarts the daemons. Options:
#   --no-install   fail instead of installing packages (the test uses this to start an installed Slurm)
#   --quiet        print only errors and the final line
# Environment: EXMY_SLURM_FORCE=1 overwrites an /etc/slurm/slurm.conf this script did not write.
# Undo with tests/slurm/teardown-slurm.sh.
set -euo pipefail

install=1
quiet=0
for a in "$@"; do
  case $a in
    --no-install) install=0 ;;
    --quiet) quiet=1 ;;
    *) echo "setup-slurm: unknown option $a (use --no-install, --quiet)" >&2; exit 2 ;;
  esac
done

say() { [ "$quiet" = 1 ] || echo "setup-slurm: $*" >&2; }
die() { echo "setup-slurm: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (starts munged, slurmctld and slurmd)"

start=$(date +%s)
marker="# exmy-test-slurm: written by tests/slurm/setup-slurm.sh"
conf_dir=/etc/slurm
conf=$conf_dir/slurm.conf
state=/var/spool/exmy-slurm
logs=/var/log/exmy-slurm
run=/run/exmy-slurm

# ---- packages ----
missing=()
for bin in slurmctld slurmd sbatch squeue scontrol sinfo scancel munged munge; do
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$install" = 1 ] || die "Slurm is not installed (missing: ${missing[*]}); run tests/slurm/setup-slurm.sh without --no-install"
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install slurm-wlm and munge"
  say "installing slurm-wlm and munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # Without recommends: the daemons, the client tools and the basic plugins are all we use.
  # Debian's maintainer scripts try to start the services; there is no init system to do it
  # here, so tell them not to (exit 101) and start the daemons below ourselves.
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
  trap '[ "$had_policy" = 1 ] || rm -f "$policy"' EXIT
  apt_install() { apt-get install -y -q --no-install-recommends slurm-wlm munge >/tmp/exmy-slurm-apt.log 2>&1; }
  if ! apt_install; then
    say "apt-get install failed; updating the package lists and retrying"
    apt-get update -q >>/tmp/exmy-slurm-apt.log 2>&1 || true
    apt_install || { tail -20 /tmp/exmy-slurm-apt.log >&2; die "apt-get install slurm-wlm munge failed (log: /tmp/exmy-slurm-apt.log)"; }
  fi
  [ "$had_policy" = 1 ] || rm -f "$policy"
  trap - EXIT
fi
export PATH=$PATH:/usr/sbin:/sbin

# ---- munge ----
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  say "creating the munge key"
  if command -v mungekey >/dev/null; then
    mungekey --create --keyfile=/etc/munge/munge.key
  else
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
  fi
fi
munge_user=root
id munge >/dev/null 2>&1 && munge_user=munge
chown -R "$munge_user": /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
chmod 0400 /etc/munge/munge.key

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if ! alive /run/munge/munged.pid || ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  if alive /run/munge/munged.pid; then kill "$(cat /run/munge/munged.pid)" || true; sleep 1; fi
  rm -f /run/munge/munged.pid /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  if [ "$munge_user" = munge ]; then
    runuser -u munge -- munged
  else
    munged --force
  fi
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || die "munged does not answer (see /var/log/munge/munged.log)"
fi

# ---- slurm.conf ----
node=$(hostname -s 2>/dev/null || hostname)
[ -n "$node" ] || node=localhost
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)
mkdir -p "$conf_dir" "$state/ctld" "$state/d" "$logs" "$run"
new=$(cat <<EOF
$marker
# A single-node test cluster on $node: no cgroups, no accounting database, daemons run as root.
ClusterName=exmy-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
# Start pending array tasks as soon as CPUs free up (the default batches launches every 3 s).
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# Finished jobs stay visible to 'scontrol show job' for 10 minutes: with no accounting, that is
# where 'exmy sweep --status' learns that a task failed or was cancelled.
MinJobAge=600
KillWait=2
InactiveLimit=0
SlurmdParameters=config_overrides
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
)
changed=0
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf" && [ "${EXMY_SLURM_FORCE:-0}" != 1 ]; then
  die "$conf exists and was not written by this script; refusing to overwrite it (EXMY_SLURM_FORCE=1 to overwrite)"
fi
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$new" ]; then
  say "writing $conf (node $node, $cpus CPUs, $mem_mb MB)"
  printf '%s\n' "$new" > "$conf.tmp" && mv "$conf.tmp" "$conf"
  changed=1
fi

# ---- daemons ----
stop() {
  local pidfile=$1
  if alive "$pidfile"; then
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
if [ "$changed" = 1 ]; then
  stop "$run/slurmd.pid"
  stop "$run/slurmctld.pid"
fi
if ! alive "$run/slurmctld.pid"; then
  say "starting slurmctld"
  slurmctld || die "slurmctld did not start (see $logs/slurmctld.log)"
fi
if ! alive "$run/slurmd.pid"; then
  say "starting slurmd"
  slurmd -N "$node" || die "slurmd did not start (see $logs/slurmd.log)"
fi

# ---- wait for the node ----
for _ in $(seq 120); do
  st=$(sinfo -h -N -n "$node" -o %t 2>/dev/null | head -1 || true)
  case $st in
    idle|mix|alloc|comp) break ;;
    down*|drain*|fail*) scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 0.5
done
case ${st:-} in
  idle|mix|alloc|comp) ;;
  *) tail -5 "$logs/slurmctld.log" "$logs/slurmd.log" >&2 || true
     die "node $node did not become idle (state '${st:-none}'); logs in $logs" ;;
esac
echo "setup-slurm: Slurm is up on $node ($cpus CPUs, partition debug) in $(( $(date +%s) - start )) s"
