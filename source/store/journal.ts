import { closeSync, fdatasyncSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { unhandledEvent, type DeployEvent, type RunReport } from '../deploy/events.js';
import { deploymentIdentity, type DeploymentIdentity } from '../model/deployment-identity.js';
import type { Topology } from '../model/topology.js';
import { configDir } from './config-dir.js';
import type { JournalRecord, JournalRun } from './journal-records.js';
import { readRun } from './journal-read.js';

/** How many runs per deployment are kept. */
const keep = 20;
/** Long scripts (the probe, start.sh contents) are cut: the journal says what ran, not all of it. */
const longestCommand = 4000;

/** The directory of one deployment's journal: one file per run. */
export function journalDir(identity: DeploymentIdentity): string {
  return join(configDir(), 'journals', identity.key);
}

/** The runs recorded for a deployment, oldest first. */
export function journalRuns(identity: DeploymentIdentity): JournalRun[] {
  const dir = journalDir(identity);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((name) => readRun(join(dir, name)))
    .filter((run): run is JournalRun => run !== undefined);
}

/**
 * The journal of one run of a command against a deployment, in the user's config directory
 * (`journals/<name>-<hash of servers and directories>/<start>-<pid>.jsonl`). Each record is
 * appended at once (a `write` on an open file: microseconds, no sync), so every remote command is
 * on disk before it runs and an interrupted run leaves all it did. It informs the user and support
 * staff; resuming never trusts it, but checks each host's real state again.
 */
export class Journal {
  readonly path: string;
  readonly identity: DeploymentIdentity;
  /** The runs of this deployment recorded before this one, oldest first. */
  readonly previous: readonly JournalRun[];
  private fd: number | undefined;
  /** Records the end when the program exits without finish() (a second Ctrl-C, a crash). */
  private readonly onExit = () =>
    this.end({ type: 'end', at: new Date().toISOString(), ok: false, interrupted: true });

  constructor(topology: Topology, command: string, topologyFile: string, now: Date) {
    this.identity = deploymentIdentity(topology);
    const dir = journalDir(this.identity);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.previous = journalRuns(this.identity);
    const startedAt = now.toISOString();
    // Sortable by start; the PID and a counter keep runs started in one millisecond apart, and
    // 'ax' (create, never open an existing file) makes sure no two runs share a file.
    const stem = join(dir, `${startedAt.replace(/[:.]/g, '-')}-${process.pid}`);
    let opened: { path: string; fd: number } | undefined;
    for (let n = 0; !opened; n += 1) {
      const path = `${stem}${n === 0 ? '' : `-${n}`}.jsonl`;
      try {
        opened = { path, fd: openSync(path, 'ax', 0o600) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    this.path = opened.path;
    this.fd = opened.fd;
    this.append({
      type: 'run',
      command,
      topologyFile,
      startedAt,
      pid: process.pid,
      machine: hostname(),
      deployment: this.identity,
    });
    prune(dir, this.previous);
    process.once('exit', this.onExit);
  }

  /** Records an event. Output lines are kept as reported: actions never put secrets in them. */
  record(event: DeployEvent): void {
    const { step } = event;
    const base = {
      type: 'step',
      at: new Date().toISOString(),
      id: step.id,
      host: step.host,
      title: step.title,
    } as const;
    switch (event.type) {
      case 'step-started':
        return this.append({ ...base, state: 'running' });
      case 'step-output':
        return this.append({ type: 'output', id: step.id, line: event.line });
      case 'step-finished':
        return this.append({
          ...base,
          state: event.outcome,
          ...(event.detail !== undefined ? { detail: event.detail } : {}),
        });
      case 'step-failed':
        return this.append({ ...base, state: 'failed', message: event.failure.message });
      case 'step-blocked':
        return this.append({ ...base, state: 'blocked', message: `blocked by ${event.by}` });
      case 'step-progress':
        // Progress is for the screen; the journal keeps what happened.
        return;
      default:
        unhandledEvent(event);
    }
  }

  /** Records a remote command; it is on disk when this returns, before the command runs. */
  recordCommand(host: string, command: string, now: Date): void {
    const cut =
      command.length > longestCommand
        ? `${command.slice(0, longestCommand)}\n# … ${command.length - longestCommand} more characters`
        : command;
    this.append({ type: 'command', at: now.toISOString(), host, command: cut });
  }

  /** Records how the run ended (an aborted run as interrupted) and closes the file. */
  finish(report: Pick<RunReport, 'ok'> & { readonly aborted?: boolean }, now: Date): Promise<void> {
    this.end({
      type: 'end',
      at: now.toISOString(),
      ok: report.ok,
      ...(report.aborted ? { interrupted: true } : {}),
    });
    return Promise.resolve();
  }

  private end(record: JournalRecord): void {
    if (this.fd === undefined) return;
    process.off('exit', this.onExit);
    this.append(record);
    try {
      fdatasyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private append(record: JournalRecord): void {
    if (this.fd === undefined) return;
    // One write per line, with O_APPEND: a line is never interleaved with another's.
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }
}

/** Removes the oldest run files beyond `keep` (with this one, `keep` stay). */
function prune(dir: string, previous: readonly JournalRun[]): void {
  for (const run of previous.slice(0, Math.max(0, previous.length - (keep - 1))))
    if (run.file.startsWith(dir)) rmSync(run.file, { force: true });
}
