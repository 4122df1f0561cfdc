/**
 * Real SSH hosts for integration tests: a thin wrapper around the scripts in test/hosts/ (read
 * hosts-up.sh for what a host is). Every call runs a script with execFile-style argument arrays,
 * never a shell string built from input. Needs root.
 *
 * In a suite, use the hosts the integration project's global set-up started once:
 *
 *   const hosts = testHostsFrom(inject('testHosts'));
 *
 * A script of its own may call startTestHosts({ count }) and must call stop() at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** Where the shell scripts are. */
export const hostsScriptsDir = join(import.meta.dirname, '..', 'hosts');

/** The harness's state directory (PID files, keys, hosts.json); fixed by test/hosts/lib.sh. */
export const hostsStateDir = '/run/ddb-setup-test-hosts';

/** One test host, as a test connects to it. */
export type TestHost = {
  /** Network namespace name, also the name host-ctl.sh takes: ddbt-h1, ddbt-h2, … */
  readonly name: string;
  /** The host's own hostname (in its /etc/hostname and /etc/hosts). */
  readonly hostname: string;
  /** IPv4 address, 10.250.0.11 for ddbt-h1 and so on; reachable from the machine and the other hosts. */
  readonly address: string;
  readonly sshPort: number;
  /** root logs in by key only; users added with addUser can also use a password. */
  readonly user: 'root';
  /** Private key (OpenSSH format, no passphrase) that root and every added user accept. */
  readonly identityFile: string;
  /** The host's SSH public keys, `type base64`, as a known_hosts line holds them after the address. */
  readonly hostKeys: readonly string[];
  /** The host's disk seen from the machine: every file the host wrote or changed, nothing else. */
  readonly upperDir: string;
  /** The host's Docker API (`unix:///…/docker.sock`) when started with docker: true. */
  readonly dockerHost?: string;
};

/** Everything a test needs to know about the running hosts; plain data, so vitest can provide it. */
export type TestHostsDescription = {
  readonly hosts: readonly TestHost[];
  readonly docker: boolean;
  readonly stateDir: string;
  /** A known_hosts file listing every host's key under its address. */
  readonly knownHostsFile: string;
};

/** Output and exit code of a command run inside a host. */
export type ExecResult = {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
};

/** A host, or its name. */
export type HostRef = TestHost | string;

export type TestHosts = TestHostsDescription & {
  /** The plain description (what the global set-up provides to the suites). */
  readonly description: TestHostsDescription;
  /** The host with this name (ddbt-h1) or 1-based index. */
  host(which: string | number): TestHost;
  /**
   * Runs a command inside the host as its root, without SSH (through its namespaces), and returns
   * its output and exit code; a non-zero exit code is not an error. `input` goes to its stdin.
   */
  exec(host: HostRef, command: readonly string[], options?: { input?: string }): Promise<ExecResult>;
  /** Kills every process of the host at once, like pulling its plug. Its disk is kept. */
  powerOff(host: HostRef): Promise<void>;
  /** Starts a powered-off host; resolves when its sshd (and dockerd) answer. */
  boot(host: HostRef): Promise<void>;
  /** Takes the host's network link down: its peers see timeouts. */
  cut(host: HostRef): Promise<void>;
  /** Brings the link back up. */
  restore(host: HostRef): Promise<void>;
  /** Starts a listener on 0.0.0.0:port inside the host (it accepts and closes connections). */
  occupyPort(host: HostRef, port: number): Promise<void>;
  releasePort(host: HostRef, port: number): Promise<void>;
  /** Makes `host` drop every packet that comes from `other` (with `port`: only TCP to that port). */
  block(host: HostRef, other: HostRef, options?: { port?: number }): Promise<void>;
  unblock(host: HostRef, other: HostRef, options?: { port?: number }): Promise<void>;
  /**
   * Creates a non-root user with a home and the harness key in its authorized_keys; with a
   * password, password logins work too (it goes through stdin, never a command line); with sudo,
   * passwordless sudo.
   */
  addUser(host: HostRef, name: string, options?: { password?: string; sudo?: boolean }): Promise<void>;
  /**
   * Removes every host and everything the harness created. keepKeys keeps the SSH keys (so the
   * next startTestHosts gives hosts with the same identities) and this run's claim on the machine.
   */
  stop(options?: { keepKeys?: boolean }): Promise<void>;
};

/** Fails with a clear message unless this process runs as root (never skips). */
export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${what} need root (network namespaces, overlay mounts, sshd): run them as root, e.g. sudo npm test`,
    );
  }
}

/**
 * The process that owns the hosts (hosts-up.sh waits while another live owner holds them): the
 * vitest main process when the global set-up set DDBT_OWNER_PID (workers inherit it), else this one.
 */
function ownerPid(): string {
  return process.env['DDBT_OWNER_PID'] ?? String(process.pid);
}

type RunResult = ExecResult & { readonly command: string };

/** Runs one of the scripts in test/hosts/ with bash, without a shell command line. */
function runScript(script: string, args: readonly string[], input = ''): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(hostsScriptsDir, script), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DDBT_OWNER_PID: ownerPid() },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        command: [script, ...args].join(' '),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code: code ?? (signal === null ? 1 : 128),
      });
    });
    // A command that does not read its stdin closes the pipe early; that is not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Like runScript, but fails with the script's own message when it exits non-zero. */
async function runChecked(script: string, args: readonly string[], input = ''): Promise<RunResult> {
  const result = await runScript(script, args, input);
  if (result.code !== 0) {
    throw new Error(
      `${result.command} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout}`,
    );
  }
  return result;
}

function readDescription(file: string): TestHostsDescription {
  const data = JSON.parse(readFileSync(file, 'utf8')) as TestHostsDescription;
  if (!Array.isArray(data.hosts) || data.hosts.length === 0) throw new Error(`${file}: no hosts`);
  return data;
}

/** Control functions for hosts that are already running (e.g. `inject('testHosts')`). */
export function testHostsFrom(description: TestHostsDescription): TestHosts {
  const nameOf = (host: HostRef): string => (typeof host === 'string' ? host : host.name);
  const ctl = async (action: string, args: readonly string[], host: HostRef, input = ''): Promise<void> => {
    await runChecked('host-ctl.sh', [action, ...args, nameOf(host)], input);
  };
  return {
    ...description,
    description,
    host(which) {
      const found =
        typeof which === 'number'
          ? description.hosts[which - 1]
          : description.hosts.find((host) => host.name === which);
      if (!found) throw new Error(`no test host ${String(which)}`);
      return found;
    },
    async exec(host, command, options = {}) {
      if (command.length === 0) throw new Error('exec needs a command');
      const { stdout, stderr, code } = await runScript(
        'host-ctl.sh',
        ['exec', ...command, nameOf(host)],
        options.input,
      );
      return { stdout, stderr, code };
    },
    powerOff: (host) => ctl('power-off', [], host),
    boot: (host) => ctl('boot', [], host),
    cut: (host) => ctl('cut', [], host),
    restore: (host) => ctl('restore', [], host),
    occupyPort: (host, port) => ctl('occupy-port', [String(port)], host),
    releasePort: (host, port) => ctl('release-port', [String(port)], host),
    block: (host, other, options = {}) =>
      ctl('block', [nameOf(other), ...(options.port ? ['--port', String(options.port)] : [])], host),
    unblock: (host, other, options = {}) =>
      ctl('unblock', [nameOf(other), ...(options.port ? ['--port', String(options.port)] : [])], host),
    async addUser(host, name, options = {}) {
      const args = [name];
      if (options.password !== undefined) args.push('--password-stdin');
      if (options.sudo) args.push('--sudo');
      await ctl('add-user', args, host, options.password === undefined ? '' : `${options.password}\n`);
    },
    async stop(options = {}) {
      await runChecked('hosts-down.sh', options.keepKeys ? ['--keep-keys'] : []);
    },
  };
}

/**
 * Brings up `count` hosts (ddbt-h1 … ddbt-hN), first removing whatever an earlier run left behind.
 * With docker, each host also runs its own dockerd (it never pulls images).
 */
export async function startTestHosts(options: { count: number; docker?: boolean }): Promise<TestHosts> {
  requireRoot('Test hosts');
  const args = [String(options.count)];
  if (options.docker) args.push('--docker');
  const { stdout } = await runChecked('hosts-up.sh', args);
  return testHostsFrom(readDescription(stdout.trim()));
}

/** Removes every test host and leftover of any run; does nothing when nothing is left. */
export async function stopAllTestHosts(): Promise<void> {
  await runChecked('hosts-down.sh', []);
}

/**
 * The same, synchronously, for a process 'exit' handler (the last chance when a run is
 * interrupted). Returns the script's error output when it failed.
 */
export function stopAllTestHostsSync(): string | undefined {
  const result = spawnSync('bash', [join(hostsScriptsDir, 'hosts-down.sh')], { encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr || String(result.error ?? result.signal);
}

/**
 * Every PID recorded in the harness's PID files (launchers of the hosts, port listeners), with
 * the start time that identifies the process. Empty when nothing runs.
 */
export function recordedPids(): { pid: number; startTime: string; file: string }[] {
  const pids: { pid: number; startTime: string; file: string }[] = [];
  if (!existsSync(hostsStateDir)) return pids;
  for (const entry of readdirSync(hostsStateDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('ddbt-')) continue;
    const dir = join(hostsStateDir, entry.name);
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.pid')) continue;
      const [pid, startTime = ''] = readFileSync(join(dir, file), 'utf8').trim().split(/\s+/);
      pids.push({ pid: Number(pid), startTime, file: join(dir, file) });
    }
  }
  return pids;
}

/**
 * True when the process with this PID runs (a zombie, dead but not yet reaped by its parent,
 * does not count) and, if given, started at this time.
 */
export function processAlive(pid: number, startTime?: string): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // Fields after the command name "(…)": state is field 3, the start time field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTime === undefined || fields[19] === startTime;
}

/**
 * Polls `condition` (every `intervalMs`, default 50) until it returns a truthy value, and returns
 * that value. A throwing condition counts as "not yet". Fails after timeoutMs naming `what` and
 * the last error. Use it instead of fixed sleeps.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: { timeoutMs: number; what: string; intervalMs?: number },
): Promise<NonNullable<T>> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/**
 * Tries a TCP connection from the machine: 'open' when it is accepted, 'refused' when nothing
 * listens (the host answers with a reset), 'timeout' when no answer comes (host off the network,
 * packets dropped), 'unreachable' for any other error (EHOSTUNREACH once ARP gave up…).
 */
export function tcpProbe(address: string, port: number, timeoutMs = 1000): Promise<TcpProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const finish = (result: TcpProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.once('connect', () => finish('open'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'unreachable'),
    );
  });
}

export type TcpProbeResult = 'open' | 'refused' | 'timeout' | 'unreachable';
