#!/usr/bin/env bash
# slurm-local.sh start|stop|status
# A real single-node Slurm cluster on this machine (Debian's slurm-wlm and munge, installed by
# scripts/setup.sh), for `shellcarve batch --slurm` and its tests. Idempotent: start on a
# running cluster only checks it; stop on a stopped one does nothing.
#
# Facts this machine needs (issue 15): munged runs as user munge (`runuser -u munge -- munged
# --force`) after /run/munge is created and its folders given to munge; slurm.conf uses
# ProctrackType=proctrack/linuxproc and TaskPlugin=task/none with no cgroup.conf (no cgroup
# delegation in a container); then `sbatch --array` runs on a 2-core machine. There is no
# slurmdbd: accounting is off, so `sacct` has nothing to say and the batch's own task
# records are the source of done/failed (squeue gives pending/running).
# Root is required (daemons, /etc/slurm). The configuration is written only when absent or
# ours (it starts with the marker line below), never over an administrator's.
set -euo pipefail
MARKER="# written by shellcarve scripts/slurm-local.sh"
CONF=/etc/slurm/slurm.conf
die() { echo "slurm-local: error: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
for t in slurmctld slurmd munged sinfo scontrol runuser; do
  command -v "$t" >/dev/null || die "'$t' not found (scripts/setup.sh installs slurm-wlm and munge)"
done

node=$(hostname -s)

start_munge() {
  if pgrep -x munged >/dev/null; then return 0; fi
  mkdir -p /run/munge /var/lib/munge /var/log/munge /etc/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown -R munge:munge /run/munge /var/lib/munge /var/log/munge /etc/munge
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- munged --force
  for _ in $(seq 50); do [ -S /run/munge/munge.socket.2 ] && return 0; sleep 0.1; done
  die "munged did not start (see /var/log/munge/munged.log)"
}

write_conf() {
  if [ -f "$CONF" ] && ! head -1 "$CONF" | grep -qxF "$MARKER"; then
    die "$CONF exists and is not ours: not touching it"
  fi
  local cpus mem
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  cat > "$CONF.tmp" <<CONF
$MARKER
ClusterName=shellcarve
SlurmctldHost=$node
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$node CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=shellcarve Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  mv "$CONF.tmp" "$CONF"
}

case ${1:-} in
  start)
    start_munge
    write_conf
    pgrep -x slurmctld >/dev/null || slurmctld
    pgrep -x slurmd >/dev/null || slurmd
    for _ in $(seq 100); do
      state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
      case $state in idle*|mixed*|allocated*) echo "slurm-local: node $node $state"; exit 0 ;; esac
      case $state in down*|drain*) scontrol update nodename="$node" state=resume 2>/dev/null || true ;; esac
      sleep 0.2
    done
    die "the node did not become idle (state '${state:-none}'; see /var/log/slurm/)"
    ;;
  stop)
    # Daemons first (they need munge to take the shutdown request), munge last; each waited
    # for, so a start right after finds nothing half-stopped.
    if pgrep -x slurmctld >/dev/null; then scontrol shutdown >/dev/null 2>&1 || true; fi
    for sig in TERM KILL; do
      for _ in $(seq 100); do pgrep -x 'slurmctld|slurmd' >/dev/null || break; sleep 0.1; done
      pgrep -x 'slurmctld|slurmd' >/dev/null || break
      pkill -"$sig" -x 'slurmctld|slurmd' 2>/dev/null || true
    done
    pkill -x munged 2>/dev/null || true
    for _ in $(seq 50); do pgrep -x munged >/dev/null || break; sleep 0.1; done
    echo "slurm-local: stopped"
    ;;
  status)
    sinfo 2>&1 || true
    squeue 2>&1 || true
    ;;
  *) die "usage: $0 start|stop|status" ;;
esac
