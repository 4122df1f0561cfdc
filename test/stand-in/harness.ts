/**
 * Test harness for the stand-in: builds the bundled executable once, lays out server directories
 * like the official package, starts nodes as child processes on loopback addresses, polls for
 * conditions (no fixed sleeps) and kills exactly the processes it started — and the data nodes
 * their agents started, read from the agents' logs — even when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildStandIn } from './build.mjs';

/** The community licence line of the official compose repository (facts §5). */
export const COMMUNITY_LICENCE = '2042.01.01,8,2,3,Trial Users,0,-1,,1\nddb-setup stand-in licence (test)\n';
/** A licence for bigger test clusters (same layout, 16 nodes). */
export const ENTERPRISE_LICENCE =
  '2042.01.01,64,16,16,ddb-setup tests,0,-1,,4\nddb-setup stand-in licence (test)\n';

let built: Promise<string> | undefined;
const roots: string[] = [];

/**
 * The hooks every stand-in suite needs: the executable built before the first test, each test's
 * processes stopped after it (by PID), the temporary directories removed at the end.
 */
export function standInSuite(): void {
  beforeAll(async () => {
    await standIn();
  }, 60_000);
  afterEach(cleanup);
  afterAll(removeTempDirs);
}

/** The stand-in executable, built once per test file into a temporary directory. */
export function standIn(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddb-stand-in-build-'));
    roots.push(dir);
    return buildStandIn({ outfile: join(dir, 'dolphindb') });
  })();
  return built;
}

/** A fresh temporary directory, removed by cleanup(). */
export function tempDir(prefix = 'ddb-stand-in-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  roots.push(dir);
  return dir;
}

/**
 * A server directory like the unpacked package: `<dir>/dolphindb` and `<dir>/dolphindb.lic`.
 * Returns the directory.
 */
export async function serverDir(dir: string, licence = COMMUNITY_LICENCE): Promise<string> {
  mkdirSync(dir, { recursive: true });
  copyFileSync(await standIn(), join(dir, 'dolphindb'));
  chmodSync(join(dir, 'dolphindb'), 0o755);
  writeFileSync(join(dir, 'dolphindb.lic'), licence);
  return dir;
}

/** Writes a file (creating its directory); returns its path. */
export function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Several distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export type Proc = {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit status (or 128 + signal number style text) once it exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
};

const started: Proc[] = [];
const logsWithChildren = new Set<string>();
const adopted = new Set<number>();

/**
 * The pid a node logs when it starts (`Stand-in process <pid>: …`): for nodes started in the
 * background by a start script. cleanup() kills it.
 */
export async function adoptFromLog(path: string): Promise<number> {
  const m = await waitForLog(path, /Stand-in process (\d+):/);
  const pid = Number(m[1]);
  adopted.add(pid);
  return pid;
}

/**
 * Starts `<serverDir>/dolphindb args…` in `cwd` (default the server directory), the way the start
 * scripts do: the executable itself, found by its `#!/usr/bin/env node` line.
 */
export function run(executable: string, args: readonly string[], cwd = dirname(executable)): Proc {
  const child = spawn(executable, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}` },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: Proc = { child, pid: child.pid ?? 0, exited, output: () => out };
  started.push(proc);
  return proc;
}

/** Remembers an agent's log so cleanup() also kills the data nodes it started. */
export function agentLog(path: string): string {
  logsWithChildren.add(path);
  return path;
}

/** The pids of nodes an agent started, from its log (`Started <alias> with pid <pid>`). */
export function childPids(agentLogPath: string): Map<string, number[]> {
  const pids = new Map<string, number[]>();
  if (!existsSync(agentLogPath)) return pids;
  for (const m of readFileSync(agentLogPath, 'utf8').matchAll(/Started (\S+) with pid (\d+)/g)) {
    const list = pids.get(m[1] ?? '') ?? [];
    list.push(Number(m[2]));
    pids.set(m[1] ?? '', list);
  }
  return pids;
}

/** Whether a process runs (a zombie, exited but not yet reaped by its parent, does not). */
export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readText(`/proc/${pid}/stat`);
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Kills every process this file started (SIGKILL), then removes the temporary directories. */
export async function cleanup(): Promise<void> {
  const pids = new Set<number>();
  for (const log of logsWithChildren)
    for (const list of childPids(log).values()) for (const p of list) pids.add(p);
  for (const pid of adopted) pids.add(pid);
  adopted.clear();
  for (const pid of pids) {
    // Only a process that still runs the stand-in: a pid from a log may have been reused.
    if (!readText(`/proc/${pid}/cmdline`).includes('dolphindb')) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const proc of started.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 5_000))]);
  }
  await waitFor(() => ([...pids].every((p) => !alive(p)) ? true : undefined), { timeoutMs: 5_000 }).catch(
    () => undefined,
  );
  logsWithChildren.clear();
}

/** Removes the temporary directories (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
  built = undefined;
}

/** Polls `probe` until it returns a value (not undefined); throws with `what` on timeout. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  {
    timeoutMs = 15_000,
    intervalMs = 100,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const readText = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** Waits until a log contains a line matching `pattern`; returns the match. */
export function waitForLog(path: string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  return waitFor(() => readText(path).match(pattern) ?? undefined, {
    timeoutMs,
    what: `${pattern} in ${path}`,
  });
}

/** Waits for a process to exit; fails after timeoutMs. */
export async function exitOf(
  proc: Proc,
  timeoutMs = 15_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return Promise.race([
    proc.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`pid ${proc.pid} did not exit: ${proc.output()}`)), timeoutMs),
    ),
  ]);
}

/** The log lines of a file without their `<date> <time>,<thread> ` prefix. */
export function logLines(path: string): string[] {
  return readText(path)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6},[0-9a-f]+ /, ''));
}
