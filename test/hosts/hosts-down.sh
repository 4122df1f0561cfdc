#!/usr/bin/env bash
# hosts-down.sh [--keep-keys] — removes every test host and everything the harness created, also
# the leftovers of a crashed or interrupted run. Safe to run any number of times.
#
# What it touches, and only that: processes recorded in PID files under /run/ddb-setup-test-hosts
# (checked by start time, so a reused PID is never signalled) and the processes inside the network
# namespaces ddbt-h* (found with `ip netns pids`, by name); those namespaces; links named ddbt-h*
# and the bridge ddbtbr0; cgroups named ddbt-h* (left by the hosts' dockerd); the directories
# /run/ddb-setup-test-hosts and /var/tmp/ddb-setup-test-hosts.
# --keep-keys keeps the SSH client key and the host keys (/run/ddb-setup-test-hosts/keys), so the
# next hosts-up.sh gives hosts with the same identities, and the owner's claim (owner.pid), so no
# other run takes the machine in between.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

keep_keys=0
case ${1:-} in
  --keep-keys) keep_keys=1 ;;
  '') ;;
  *) die "usage: hosts-down.sh [--keep-keys]" ;;
esac
require_root "$@"
# Serialised with hosts-up.sh (which holds the lock when it calls this script).
if [ -z "${DDBT_LOCKED:-}" ]; then
  exec 9>>"$DDBT_LOCK"
  flock 9
fi

# Names of the hosts of this run and of any earlier one: namespaces, state dirs, links, cgroups.
mapfile -t names < <(
  {
    harness_namespaces
    for dir in "$DDBT_STATE"/ddbt-h* "$DDBT_DISK"/ddbt-h*; do [ -d "$dir" ] && basename "$dir"; done
    ip -o link show 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}'
    for dir in /sys/fs/cgroup/*/ddbt-h* /sys/fs/cgroup/ddbt-h*; do [ -d "$dir" ] && basename "$dir"; done
    true
  } | grep -E '^ddbt-h[0-9]+$' | sort -u
)

# 1. Stop processes: the recorded ones (SIGKILL to a host's unshare takes its whole PID namespace
#    down), then whatever still runs in a harness namespace or cgroup.
for name in "${names[@]}"; do
  for file in "$DDBT_STATE/$name"/*.pid; do
    [ -f "$file" ] && kill_recorded "$file"
  done
  for pid in $(host_pids "$name"); do kill -KILL "$pid" 2>/dev/null || true; done
done
all_gone() {
  local name
  for name in "${names[@]}"; do [ -z "$(host_pids "$name")" ] || return 1; done
}
if ! poll 15 all_gone; then
  for name in "${names[@]}"; do
    echo "test hosts: processes of $name still alive: $(host_pids "$name" | tr '\n' ' ')" >&2
  done
  die "could not stop every process; nothing else was removed"
fi

# 2. Cgroups that the hosts' dockerd created (empty now), deepest first.
for name in "${names[@]}"; do unmount_disk "$name"; done

for name in "${names[@]}"; do
  for dir in /sys/fs/cgroup/*/"$name" /sys/fs/cgroup/"$name"; do
    if [ -d "$dir" ]; then find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
done

# 3. Network: namespaces (their iptables rules and eth0 go with them), veths, the bridge.
for name in "${names[@]}"; do
  if [ -e "/run/netns/$name" ]; then ip netns del "$name"; fi
  # Deleting the namespace destroys the veth's peer and, a moment later in the kernel's own time,
  # the root-side end too: a link that vanishes between the check and the delete is not an error.
  if ip link show "$name" >/dev/null 2>&1; then
    ip link del "$name" 2>/dev/null || ! ip link show "$name" >/dev/null 2>&1 || die "cannot delete link $name"
  fi
done
if ip link show "$DDBT_BRIDGE" >/dev/null 2>&1; then ip link del "$DDBT_BRIDGE"; fi
while forward_rule -C 2>/dev/null; do forward_rule -D; done

# 4. Files. Mounts only ever exist inside the hosts' private mount namespaces; refuse to delete
#    anything if one is visible here (deleting through a bind of /dev would be a disaster).
if grep -qE " ($DDBT_DISK|$DDBT_STATE)[/ ]" /proc/self/mountinfo; then
  die "something is mounted under $DDBT_DISK or $DDBT_STATE; unmount it, then run hosts-down.sh again"
fi
rm -rf --one-file-system "$DDBT_DISK"
if [ "$keep_keys" = 1 ] && [ -d "$DDBT_KEYS" ]; then
  find "$DDBT_STATE" -mindepth 1 -maxdepth 1 ! -name keys ! -name owner.pid -exec rm -rf --one-file-system {} +
else
  rm -rf --one-file-system "$DDBT_STATE"
fi
