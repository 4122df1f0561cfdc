import { packageStamp } from './remote-scripts.js';
import { quote } from './shell.js';

/** What `collect` reads on one host. */
export type CollectRequest = {
  /** Starts each section's header line; chosen per run so no file's text can imitate one. */
  readonly marker: string;
  /** Files ddb-setup wrote there (configs, scripts, the licence): read whole. */
  readonly files: readonly string[];
  /** Directories holding one directory per process, each with its logs in `log/` (`nodes/`). */
  readonly logRoots: readonly string[];
  /** The tail kept of each log: at most this many lines, and of those at most this many bytes. */
  readonly logLines: number;
  readonly logBytes: number;
  /** The deployment's directory: its processes (by their command line) and its disk. */
  readonly clusterDir: string;
  /** Mode swarm: the containers and the engine as Docker reports them. */
  readonly docker: boolean;
};

/**
 * The read-only script `collect` runs on a host: the system (OS, kernel, CPU, memory, disks,
 * limits, clock, listening ports, the deployment's processes), every file ddb-setup wrote, and the
 * tail of every node log. Each part is a section starting with a line `<marker> <kind> <name>`
 * (collect-sections.ts parses them). A command the host lacks is skipped. Nothing is changed.
 */
export function collectScript(request: CollectRequest): string {
  const m = request.marker;
  const system = (title: string, script: string) =>
    [`echo; echo "${m} system ${title}"`, `{ ${script}; } 2>&1 || true`].join('\n');
  const dir = quote(request.clusterDir);
  return [
    system('date', 'date -u "+%Y-%m-%dT%H:%M:%S.%NZ"; uptime'),
    system('uname', 'uname -a'),
    system('os-release', 'cat /etc/os-release'),
    system(
      'cpu',
      'if command -v lscpu >/dev/null; then lscpu; else grep -E "^(model name|processor)" /proc/cpuinfo; fi',
    ),
    system('memory', 'if command -v free >/dev/null; then free -k; else cat /proc/meminfo; fi'),
    system(
      'disks',
      `df -hP; echo; df -hP ${dir} 2>/dev/null; command -v lsblk >/dev/null && { echo; lsblk; }`,
    ),
    system('ulimits', 'ulimit -a; echo; cat /proc/sys/fs/file-max /proc/sys/kernel/pid_max 2>/dev/null'),
    system(
      'listening',
      'if command -v ss >/dev/null; then ss -ltnp; elif command -v netstat >/dev/null; then netstat -ltnp; else cat /proc/net/tcp /proc/net/tcp6; fi',
    ),
    // The deployment's processes: each was started with a path inside its directory.
    system(
      'processes',
      `ps -eo pid,ppid,user,etime,rss,args 2>/dev/null | awk -v d=${dir}/ 'NR == 1 || index($0, d)'`,
    ),
    system('installed', `ls -la ${dir}/server 2>/dev/null; cat ${dir}/server/*/${packageStamp} 2>/dev/null`),
    ...(request.docker
      ? [
          system('docker-ps', "docker ps -a --format '{{.Names}}\\t{{.Image}}\\t{{.Status}}\\t{{.Ports}}'"),
          system('docker-version', 'docker version'),
        ]
      : []),
    // A file the SSH user may not read (the licence is 0600) is read through passwordless sudo
    // when there is one, else named as unreadable: never taken for an empty file.
    'rd() { if [ -r "$1" ]; then cat "$1"; else sudo -n cat "$1"; fi; }',
    'readable() { [ -r "$1" ] || sudo -n test -r "$1" 2>/dev/null; }',
    ...request.files.map((file) =>
      [
        `if [ ! -f ${quote(file)} ]; then echo; echo "${m} missing ${file}"`,
        `elif readable ${quote(file)}; then echo; echo "${m} file ${file}"; rd ${quote(file)}`,
        `else echo; echo "${m} unreadable ${file}"; fi`,
      ].join('\n'),
    ),
    // Each log's tail: lines first, then bytes, so one huge line cannot fill the bundle.
    `for f in ${request.logRoots.map((d) => `${quote(d)}/*/log/*.log ${quote(d)}/*/log/*.out`).join(' ')}; do`,
    '  [ -f "$f" ] || continue',
    '  if ! readable "$f"; then echo; echo "' + m + ' unreadable $f"; continue; fi',
    `  echo; echo "${m} log $f"`,
    `  rd "$f" | tail -n ${request.logLines} | tail -c ${request.logBytes}`,
    'done',
    // Every section ends with the newline of the `echo` that follows it, this one too.
    'echo',
  ].join('\n');
}
