import { markerFile, packageStamp, unpackingDir, unpackingMark } from '../remote/remote-scripts.js';
import { quote } from '../remote/shell.js';
import type { HostExpectation } from './host-expectations.js';

/** Commands whose presence the checks care about (unpacking, downloading, hashing, writing files, time limits). */
export const probedCommands = [
  'unzip',
  'tar',
  'python3',
  'perl',
  'curl',
  'wget',
  'openssl',
  'sha256sum',
  'base64',
  'timeout',
];

/**
 * One read-only script per host that prints what the checks evaluate, one fact per line
 * (`key value…`), so a host costs one round trip. The clock comes first: its line's arrival time
 * brackets the host's time for the clock-spread check. Nothing is created or changed.
 */
export function probeScript(expect: HostExpectation): string {
  const dir = quote(expect.clusterDir);
  return [
    // %N is GNU date's nanoseconds; busybox prints a literal N, which the parser treats as seconds.
    'echo "clock $(date +%s%N)"',
    'echo "os $(uname -s)"',
    'echo "arch $(uname -m)"',
    'echo "uid $(id -u) $(id -un)"',
    `for c in ${probedCommands.join(' ')}; do command -v "$c" >/dev/null 2>&1 && echo "command $c"; done`,
    'if [ "$(id -u)" != 0 ]; then',
    '  if ! command -v sudo >/dev/null 2>&1; then echo "sudo none"',
    '  elif sudo -n true 2>/dev/null; then echo "sudo nopasswd"; else echo "sudo password"; fi',
    'fi',
    ...pathFacts('cluster', expect.clusterDir),
    `[ -f ${dir}/${markerFile} ] && echo "marker"`,
    `[ -f ${quote(`${expect.serverDir}/${packageStamp}`)} ] && echo "installed"`,
    ...leftoverFacts(expect),
    ...expect.volumes.flatMap((volume, index) => pathFacts(`volume${index}`, volume.path)),
    'awk \'/^MemTotal:|^MemAvailable:/ {print "mem", $1, $2}\' /proc/meminfo 2>/dev/null',
    'echo "nofile $(ulimit -Sn) $(ulimit -Hn)"',
    'echo "cpus $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null)"',
    // Listening TCP sockets (state 0A) of this host's network namespace: hex port and inode.
    'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk \'$4 == "0A" {n = split($2, a, ":"); print "listen", a[n], $10}\'',
    // Sockets of processes started from this cluster's directory: a port they hold is this
    // deployment's own, not a clash (a re-check of a running cluster must pass).
    `for f in $(grep -l -F -- ${dir}/ /proc/[0-9]*/cmdline 2>/dev/null); do`,
    '  ls -l "${f%/cmdline}/fd" 2>/dev/null | sed -n \'s/.*socket:\\[\\([0-9]*\\)\\].*/ours \\1/p\'',
    'done',
    ...(expect.swarm ? dockerFacts() : []),
    'true',
  ].join('\n');
}

/**
 * What an earlier run of ddb-setup left on the way to unpacking, which this run reuses or removes:
 * the archive (its size in bytes, to tell a complete one), a partial upload, and a partial unpack
 * directory carrying ddb-setup's mark (disk usage in KB). The disk check counts them as free.
 */
function leftoverFacts(expect: HostExpectation): string[] {
  if (expect.packageArchive === undefined) return [];
  const archive = quote(expect.packageArchive);
  const upload = quote(`${expect.packageArchive}.ddb-setup-part`);
  const unpacking = quote(unpackingDir(expect.serverDir));
  return [
    `[ -f ${archive} ] && echo "leftover.archive $(wc -c < ${archive})"`,
    `[ -f ${upload} ] && echo "leftover.upload $(du -sk ${upload} | cut -f1)"`,
    `[ -f ${quote(`${unpackingDir(expect.serverDir)}/${unpackingMark}`)} ] && echo "leftover.unpacking $(du -sk ${unpacking} | cut -f1)"`,
  ];
}

/**
 * Docker for mode swarm: the engine's version (or why it does not answer), the node's swarm state,
 * the subnets of its networks and the host's own addresses (an overlay must clash with neither).
 */
function dockerFacts(): string[] {
  return [
    'if ! command -v docker >/dev/null 2>&1; then echo "docker.missing"',
    "elif v=$(docker version --format '{{.Server.Version}}' 2>&1); then",
    '  echo "docker.version $v"',
    '  echo "docker.swarm $(docker info --format \'{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}{{range .Swarm.RemoteManagers}} {{.NodeID}}{{end}}\' 2>/dev/null)"',
    // The open-files limit a container can get: the engine's own hard limit (runc cannot exceed it).
    '  e=$(cat /run/docker.pid 2>/dev/null || pidof dockerd 2>/dev/null || true)',
    '  echo "docker.nofile $(awk \'/^Max open files/ {print $5}\' "/proc/${e%% *}/limits" 2>/dev/null)"',
    // Containers with the host ports they publish: this deployment's hold its nodes' ports.
    "  docker ps --format '{{.Names}} {{.Ports}}' 2>/dev/null | sed 's/^/docker.container /'",
    "  docker network ls -q 2>/dev/null | xargs -r docker network inspect --format '{{.Name}}{{range .IPAM.Config}} {{.Subnet}}{{end}}' 2>/dev/null | sed 's/^/docker.network /'",
    // Its reason is the last line: the empty server version is printed before it.
    'else echo "docker.down $(echo "$v" | grep -v \'^ *$\' | tail -n 1)"; fi',
    'ip -o -4 addr show 2>/dev/null | awk \'{print "address", $4}\'',
  ];
}

/**
 * Facts about a path: whether it exists, is a non-empty directory, and the nearest existing
 * ancestor (what mkdir -p would create it in), whether the user may write there and its free space.
 */
function pathFacts(key: string, path: string): string[] {
  const p = quote(path);
  return [
    `d=${p}; while [ ! -e "$d" ] && [ "$d" != / ]; do d=$(dirname "$d"); done`,
    `echo "${key}.base $d"`,
    `[ -e ${p} ] && echo "${key}.exists"`,
    `[ -d ${p} ] && [ -n "$(ls -A ${p} 2>/dev/null)" ] && echo "${key}.nonempty"`,
    `[ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ] && echo "${key}.writable"`,
    `df -Pk "$d" 2>/dev/null | awk 'NR == 2 {print "${key}.freekb", $4}'`,
  ];
}
