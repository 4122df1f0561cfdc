#!/usr/bin/env bash
# hosts-up.sh N [--docker] — brings up N fake SSH hosts, ddbt-h1 … ddbt-hN (see
# /work/shared/reference/test-hosts.md §1 and §3d for the recipe and its measurements).
#
# Each host is a network namespace ddbt-hI with eth0 = 10.250.0.(10+I)/24, linked by a veth (named
# ddbt-hI on the machine's side) to the bridge ddbtbr0 = 10.250.0.1/24, plus its own hostname,
# PID space, copy-on-write view of / (overlayfs, upper dir = the host's disk) and sshd on
# 10.250.0.(10+I):22. Namespaces have no default route: nothing leaves 10.250.0.0/24.
# With --docker each host also runs its own dockerd (data under its disk, socket
# /run/ddb-setup-test-hosts/ddbt-hI/run/docker.sock); it never pulls.
#
# SSH: root logs in with the key /run/ddb-setup-test-hosts/keys/id_ed25519 (password logins are
# enabled for users added by `host-ctl.sh add-user`; root's never). Host keys are recorded in
# hosts.json and known_hosts under /run/ddb-setup-test-hosts. Keys already in …/keys are reused,
# so `hosts-down.sh --keep-keys` then `hosts-up.sh` gives hosts with the same identities.
#
# Leftovers of an earlier run (even a crashed one) are removed first with hosts-down.sh.
# Prints the path of hosts.json, the description the TypeScript helper reads.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

usage() { die "usage: hosts-up.sh N [--docker]   (1 ≤ N ≤ $DDBT_MAX_HOSTS)"; }

count=
docker=0
for argument in "$@"; do
  case $argument in
    --docker) docker=1 ;;
    [0-9]*) count=$argument ;;
    *) usage ;;
  esac
done
[[ $count =~ ^[0-9]+$ ]] && [ "$count" -ge 1 ] && [ "$count" -le "$DDBT_MAX_HOSTS" ] || usage

require_root "$@"
require_commands ip iproute2 ss iproute2 unshare util-linux nsenter util-linux setsid util-linux \
  sshd openssh-server ssh-keygen openssh-client iptables iptables busybox busybox-static
if [ "$docker" = 1 ]; then require_commands dockerd docker.io containerd containerd docker docker.io; fi
[ -x /usr/lib/openssh/sftp-server ] || die "missing /usr/lib/openssh/sftp-server: apt-get install -y openssh-sftp-server"

# One set of hosts per machine. Starting takes a lock (flock on $DDBT_LOCK, shared by
# every checkout on the machine) and claims the hosts for an owner process: $DDBT_OWNER_PID (the test
# helper passes the vitest process) or the caller. While another owner still runs, wait for it
# to take its hosts down (up to $DDBT_WAIT_SECONDS, default 600) instead of destroying them; the
# claim of an owner that is gone (a crashed run) is void.
exec 9>>"$DDBT_LOCK"
flock 9
owner=${DDBT_OWNER_PID:-$PPID}
claimed_by_other() {
  local current
  current=$(live_recorded_pid "$DDBT_STATE/owner.pid")
  [ -n "$current" ] && [ "$current" != "$owner" ]
}
free() { ! claimed_by_other; }
while claimed_by_other; do
  other=$(live_recorded_pid "$DDBT_STATE/owner.pid")
  echo "test hosts: in use by PID $other ($(tr '\0' ' ' <"/proc/$other/cmdline" | cut -c1-120));" \
    "waiting for it to finish (hosts-down.sh would take them away at once)" >&2
  flock -u 9
  poll "${DDBT_WAIT_SECONDS:-600}" free || die "still in use by PID $other"
  flock 9
done

DDBT_LOCKED=1 "$DDBT_SCRIPTS/hosts-down.sh" --keep-keys

mkdir -p -m 700 "$DDBT_STATE" "$DDBT_KEYS"
record_pid "$owner" "$DDBT_STATE/owner.pid" || die "owner process $owner does not exist"
mkdir -p -m 700 "$DDBT_DISK"
[ -f "$DDBT_KEYS/id_ed25519" ] ||
  ssh-keygen -q -t ed25519 -N '' -C ddb-setup-test-hosts -f "$DDBT_KEYS/id_ed25519"

# Bridged traffic between the hosts (their SSH, and the VXLAN packets of a Docker overlay) passes the
# machine's FORWARD chain when br_netfilter is on: accept it there, ahead of any DROP a Docker
# engine of the machine puts in. hosts-down.sh removes the rule (by its comment).
if [ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo 0)" = 1 ]; then
  forward_rule -I
fi

ip link add "$DDBT_BRIDGE" type bridge
ip addr add "$DDBT_NET.1/24" dev "$DDBT_BRIDGE"
ip link set "$DDBT_BRIDGE" up

names=()
for i in $(seq 1 "$count"); do names+=("ddbt-h$i"); done

for name in "${names[@]}"; do
  address=$(host_address "$name")
  state=$(host_state "$name")
  disk=$(host_disk "$name")
  upper=$disk/upper
  mkdir -p "$state" "$disk/work" "$disk/root" "$upper/etc/ssh" "$upper/root/.ssh"
  chmod 700 "$upper/root/.ssh"
  if [ "$docker" = 1 ]; then touch "$state/docker"; fi

  # Identity, written straight into the disk (the overlay's upper layer).
  mkdir -p "$DDBT_KEYS/$name"
  [ -f "$DDBT_KEYS/$name/ssh_host_ed25519_key" ] ||
    ssh-keygen -q -t ed25519 -N '' -C "root@$name" -f "$DDBT_KEYS/$name/ssh_host_ed25519_key"
  install -m 600 "$DDBT_KEYS/$name/ssh_host_ed25519_key" "$upper/etc/ssh/ssh_host_ed25519_key"
  install -m 644 "$DDBT_KEYS/$name/ssh_host_ed25519_key.pub" "$upper/etc/ssh/ssh_host_ed25519_key.pub"
  install -m 600 "$DDBT_KEYS/id_ed25519.pub" "$upper/root/.ssh/authorized_keys"
  echo "$name" >"$upper/etc/hostname"
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$upper/etc/machine-id"
  echo >>"$upper/etc/machine-id"
  echo 'nameserver 127.0.0.1' >"$upper/etc/resolv.conf" # no DNS query leaves a host
  {
    echo '127.0.0.1 localhost'
    for other in "${names[@]}"; do echo "$(host_address "$other") $other"; done
  } >"$upper/etc/hosts"
  # root's shell start-up files: a fresh server's, not the machine's. The machine's own (pyenv,
  # conda, …) would run in every SSH session of every host; pyenv's rehash lock, left behind by a
  # session killed at power-off, then held each later session for up to a minute.
  for file in .bashrc .profile .bash_profile; do
    printf '%s\n' "# $name: written by ddb-setup's test harness (a fresh server's root)" >"$upper/root/$file"
  done
  cat >"$upper/etc/ssh/sshd_config" <<CONFIG
# Written by ddb-setup's test harness (test/hosts/hosts-up.sh).
ListenAddress $address:22
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
MaxStartups 100:30:200
MaxSessions 100
Subsystem sftp /usr/lib/openssh/sftp-server
CONFIG

  ip netns add "$name"
  ip link add "$name" type veth peer name eth0 netns "$name"
  ip link set "$name" master "$DDBT_BRIDGE" up
  ip -n "$name" addr add "$address/24" dev eth0
  ip -n "$name" link set eth0 up
  ip -n "$name" link set lo up
done

# Boot all hosts in parallel; each boot waits for its own sshd (and dockerd).
boots=()
for name in "${names[@]}"; do
  boot_host "$name" &
  boots+=($!)
done
failed=0
for pid in "${boots[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || die "some hosts did not boot (see above); run hosts-down.sh to clean up"

# The description for tests: hosts.json (read by test/helpers/test-hosts.ts) and known_hosts.
: >"$DDBT_STATE/known_hosts"
{
  printf '{\n  "docker": %s,\n  "stateDir": "%s",\n  "knownHostsFile": "%s",\n  "hosts": [' \
    "$([ "$docker" = 1 ] && echo true || echo false)" "$DDBT_STATE" "$DDBT_STATE/known_hosts"
  separator=
  for name in "${names[@]}"; do
    address=$(host_address "$name")
    read -r type key _ <"$DDBT_KEYS/$name/ssh_host_ed25519_key.pub"
    echo "$address $type $key" >>"$DDBT_STATE/known_hosts"
    printf '%s\n    {"name": "%s", "hostname": "%s", "address": "%s", "sshPort": 22, "user": "root",' \
      "$separator" "$name" "$name" "$address"
    printf ' "identityFile": "%s", "hostKeys": ["%s %s"], "upperDir": "%s"' \
      "$DDBT_KEYS/id_ed25519" "$type" "$key" "$(host_disk "$name")/upper"
    if [ "$docker" = 1 ]; then
      printf ', "dockerHost": "unix://%s/run/docker.sock"' "$(host_state "$name")"
    fi
    printf '}'
    separator=,
  done
  printf '\n  ]\n}\n'
} >"$DDBT_STATE/hosts.json"
echo "$DDBT_STATE/hosts.json"
