#!/usr/bin/env bash
# host-init.sh NAME DOCKER — the first process of a test host (started by boot_host in lib.sh).
#
# Runs as PID 1 of the host's new PID namespace, inside its network namespace and its new UTS and
# (private) mount namespaces. It builds the host's view of the machine, then execs sshd, which
# stays the host's PID 1 (sshd reaps every child, so orphans do not pile up as zombies):
#   /          overlayfs: lower = the real /, upper = $DDBT_DISK/NAME/upper (the host's disk),
#              mounted once by boot_host and kept until hosts-down.sh
#   /proc /sys own proc and sysfs (sysfs of this network namespace)
#   /dev       the machine's /dev
#   /run       bind of $DDBT_STATE/NAME/run, emptied at each boot (reachable from outside, so the
#              Docker socket is $DDBT_STATE/NAME/run/docker.sock and its log …/run/dockerd.log)
#   /tmp       fresh tmpfs at each boot
# The harness's own directories are hidden from the host. With DOCKER=1 it also starts dockerd.
# pivot_root, not chroot: under chroot the namespace's root stays the machine's, and runc, which
# resolves `/` in the mount namespace it joins, ran `docker exec` in the machine's real root
# filesystem (a file written inside an exec appeared on the machine; test-hosts §3e).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

name=$1 docker=$2
state=$(host_state "$name")
disk=$(host_disk "$name")
root=$disk/root

hostname "$name"

# The disk (the overlay at $root) is mounted by boot_host in the machine's mount namespace and stays
# mounted across power-offs: this namespace holds a copy of that mount.
mountpoint -q "$root" || die "$name: its disk is not mounted at $root (boot it with host-ctl.sh boot)"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount --bind "$state/run" "$root/run"
mkdir -p -m 755 "$root/run/sshd"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
# Hide the harness: other hosts' disks (and this one's) are not part of this host.
mount -t tmpfs -o mode=755,size=1m tmpfs "$root$DDBT_DISK"

if [ "$docker" = 1 ]; then
  # `ip netns exec` remounted /sys, which dropped the cgroup mounts: mount the same hierarchies
  # again, as the machine's init has them (read from /proc/1/mounts; this /proc is still the
  # machine's). Docker puts this host's containers under the cgroup /NAME.
  mount -t tmpfs -o mode=755 cgroup "$root/sys/fs/cgroup"
  while read -r _ target type options _; do
    case $target in /sys/fs/cgroup/*) ;; *) continue ;; esac
    case $type in
      cgroup | cgroup2)
        mkdir -p "$root$target"
        mount -t "$type" -o "$options" cgroup "$root$target"
        ;;
    esac
  done </proc/1/mounts
  if grep -q '^[^ ]* /sys/fs/cgroup cgroup2 ' /proc/1/mounts; then
    umount "$root/sys/fs/cgroup"
    mount -t cgroup2 cgroup2 "$root/sys/fs/cgroup"
  fi
  # overlay2 cannot stack on overlayfs: Docker's data root is a plain directory of the disk.
  mkdir -p "$disk/docker" "$root/var/lib/docker"
  mount --bind "$disk/docker" "$root/var/lib/docker"
fi

# The disk becomes this namespace's root; the machine's root is detached from it.
cd "$root"
mkdir -p .ddbt-old-root
pivot_root . .ddbt-old-root
cd /
umount -l /.ddbt-old-root
rmdir /.ddbt-old-root
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

if [ "$docker" = 1 ]; then
  # Never pull (no network): swarm tasks use the local image; container DNS stays on loopback.
  env -i PATH="$PATH" DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 \
    dockerd --data-root /var/lib/docker --exec-root /run/docker --pidfile /run/docker.pid \
    -H unix:///run/docker.sock --dns 127.0.0.1 --insecure-registry "$DDBT_NET.0/24" \
    --cgroup-parent "/$name" \
    >/run/dockerd.log 2>&1 </dev/null &
fi

exec /usr/sbin/sshd -D -e
