# Shared definitions of the test-host scripts (sourced, never run). See hosts-up.sh for the picture.
#
# Everything the harness creates carries the ddbt- prefix (namespaces ddbt-hN, root-side veths
# ddbt-hN, bridge ddbtbr0, cgroups ddbt-hN) and lives under two directories:
#   $DDBT_STATE  /run/ddb-setup-test-hosts        PID files, logs, keys, hosts.json, each host's /run
#   $DDBT_DISK   /var/tmp/ddb-setup-test-hosts    each host's disk: overlay upper/work dirs, Docker data
# Every process it starts is recorded in a PID file as "PID STARTTIME" (STARTTIME = field 22 of
# /proc/PID/stat), so that a PID reused by an unrelated process is never signalled.

DDBT_STATE=/run/ddb-setup-test-hosts
# The lock that serialises hosts-up.sh and hosts-down.sh: one file per machine, so two checkouts
# (worktrees) of the project take the same lock for the one set of hosts.
DDBT_LOCK=/run/ddb-setup-test-hosts.lock
DDBT_DISK=/var/tmp/ddb-setup-test-hosts
DDBT_KEYS=$DDBT_STATE/keys
DDBT_BRIDGE=ddbtbr0
DDBT_NET=10.250.0
DDBT_MAX_HOSTS=50
DDBT_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
  echo "test hosts: $*" >&2
  exit 1
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, mounts, sshd): sudo $0 $*"
}

# Fails naming the Debian packages to install when a command the harness needs is missing.
# Arguments: pairs COMMAND PACKAGE.
require_commands() {
  local missing=() command package
  while [ $# -gt 0 ]; do
    command=$1 package=$2
    shift 2
    if ! command -v "$command" >/dev/null 2>&1; then missing+=("$package"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    die "missing commands; install the Debian packages: apt-get install -y ${missing[*]}"
  fi
}

# ddbt-h3 -> 3. Fails for anything that is not a harness host name.
host_index() {
  [[ $1 =~ ^ddbt-h([1-9][0-9]?)$ ]] || die "not a test host name: '$1' (expected ddbt-h1, ddbt-h2, …)"
  echo "${BASH_REMATCH[1]}"
}

host_address() { echo "$DDBT_NET.$((10 + $(host_index "$1")))"; }
host_state() { echo "$DDBT_STATE/$1"; }
host_disk() { echo "$DDBT_DISK/$1"; }

# Names of the harness namespaces that exist now.
harness_namespaces() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^ddbt-h[0-9]+$' || true
}

# Start time of a process (clock ticks since boot), empty when it does not exist or is a zombie
# (dead, waiting for its parent — often the machine's init — to reap it).
start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # The command name (field 2) may hold spaces; fields after the last ')' are fixed.
  stat=${stat##*) }
  awk '$1 != "Z" && $1 != "X" {print $20}' <<<"$stat"
}

# Writes "PID STARTTIME" for a process the harness started.
record_pid() {
  local pid=$1 file=$2 started
  started=$(start_time "$pid")
  [ -n "$started" ] || return 1
  echo "$pid $started" >"$file"
}

# Prints the PID recorded in FILE when that very process still runs (same start time), else nothing.
live_recorded_pid() {
  local file=$1 pid started
  [ -f "$file" ] || return 0
  read -r pid started <"$file" || true
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  # A file written before the start time was added holds only the PID: trust nothing then.
  [ -n "${started:-}" ] && [ "$(start_time "$pid")" = "$started" ] && echo "$pid"
  return 0
}

# Kills the process recorded in FILE (if it is still that process) and removes the file.
kill_recorded() {
  local pid
  pid=$(live_recorded_pid "$1")
  if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$1"
}

# PIDs of the processes in a host: those in its network namespace, and those in the host's
# cgroups (containers started by its dockerd have their own network namespaces).
host_pids() {
  local name=$1 dir
  {
    if [ -e "/run/netns/$name" ]; then ip netns pids "$name" 2>/dev/null || true; fi
    for dir in /sys/fs/cgroup/*/"$name" /sys/fs/cgroup/unified/"$name"; do
      if [ -d "$dir" ]; then find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null || true; fi
    done
    true
  } | sort -un
}

# The PID of the host's init (its PID 1, seen from the root namespace): the child of the recorded
# unshare process. Empty when the host is off.
host_init_pid() {
  local launcher
  launcher=$(live_recorded_pid "$(host_state "$1")/init.pid")
  [ -n "$launcher" ] || return 0
  awk '{print $1}' "/proc/$launcher/task/$launcher/children" 2>/dev/null || true
}

# Polls COMMAND… every 50 ms until it succeeds or SECONDS pass. Returns 1 on timeout.
poll() {
  local seconds=$1 deadline
  shift
  deadline=$(($(date +%s%N) + seconds * 1000000000))
  until "$@"; do
    [ "$(date +%s%N)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# True when something listens on TCP PORT inside the namespace.
listening() { [ -n "$(ip netns exec "$1" ss -Hltn "sport = :$2" 2>/dev/null)" ]; }

# True when the Docker API of the host answers.
docker_answers() {
  timeout 5 docker -H "unix://$(host_state "$1")/run/docker.sock" version --format '{{.Server.Version}}' \
    >/dev/null 2>&1
}

# Boots one host whose namespace and disk exist: starts its init (host-init.sh) inside the
# namespace and waits until sshd (and dockerd when the host has Docker) answer.
# Mounts a host's disk: an overlay at $disk/root (lower = the real /, upper = $disk/upper), in the
# machine's mount namespace, once. It stays mounted while the host is powered off: mounting a second
# overlay on the same upper dir while the first is still being released (the kernel lets that
# happen with only an "upperdir is in-use" warning) gives undefined behaviour, and did stall file
# writes on a rebooted host. hosts-down.sh unmounts it.
mount_disk() {
  local disk
  disk=$(host_disk "$1")
  mountpoint -q "$disk/root" ||
    mount -t overlay overlay -o "lowerdir=/,upperdir=$disk/upper,workdir=$disk/work" "$disk/root"
}

# Unmounts a host's disk (no host process may be left using it).
unmount_disk() {
  local disk
  disk=$(host_disk "$1")
  if mountpoint -q "$disk/root" 2>/dev/null; then
    umount "$disk/root" || die "$1: cannot unmount its disk $disk/root (still in use?)"
  fi
}

boot_host() {
  local name=$1 state disk docker=0 launcher
  state=$(host_state "$name")
  disk=$(host_disk "$name")
  [ -e "/run/netns/$name" ] || die "$name does not exist (run hosts-up.sh first)"
  [ -z "$(host_init_pid "$name")" ] || die "$name is already running"
  [ -f "$state/docker" ] && docker=1
  # A boot starts with an empty /run, like a real one; the disk ($disk/upper) is kept.
  rm -rf --one-file-system "$state/run"
  mkdir -p "$state/run"
  mount_disk "$name"
  # setsid: the host gets its own session, so no terminal signal of the caller reaches it.
  # The launcher writes its own PID, then becomes `ip netns exec` → `unshare`, whose child is the
  # host's PID 1. --kill-child: SIGKILL to unshare takes the whole host down with it.
  # 9<&-: the host must not inherit hosts-up.sh's lock.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$state/launcher.pid" \
    ip netns exec "$name" \
    unshare --uts --mount --pid --fork --kill-child --propagation private \
    "$DDBT_SCRIPTS/host-init.sh" "$name" "$docker" \
    >"$state/init.log" 2>&1 </dev/null 9<&- &
  poll 5 test -s "$state/launcher.pid" || die "$name: the launcher did not start"
  read -r launcher <"$state/launcher.pid"
  rm -f "$state/launcher.pid"
  record_pid "$launcher" "$state/init.pid" || {
    cat "$state/init.log" >&2
    die "$name: init exited at once"
  }
  if ! poll 20 listening "$name" 22; then
    cat "$state/init.log" >&2
    die "$name: sshd did not come up within 20 s"
  fi
  if [ "$docker" = 1 ] && ! poll 60 docker_answers "$name"; then
    tail -n 30 "$state/run/dockerd.log" >&2 || true
    die "$name: dockerd did not answer within 60 s"
  fi
}

# Adds (-I), checks (-C) or deletes (-D) the machine's FORWARD rule that accepts traffic between
# the hosts on the bridge.
forward_rule() {
  iptables -w "$1" FORWARD -i "$DDBT_BRIDGE" -o "$DDBT_BRIDGE" -m comment --comment ddbt-forward -j ACCEPT
}

# Runs a command inside a running host, as its root, exactly where an SSH session would: in its
# namespaces (mount, UTS, network, PID) and its overlay root. Standard input is passed on.
host_exec() {
  local name=$1 init
  shift
  init=$(host_init_pid "$name")
  [ -n "$init" ] || die "$name is powered off"
  nsenter --target "$init" --mount --uts --net --pid --root --wd \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    "$@"
}
