import Conf from 'conf';
import type { DeployEvent, RunReport } from '../deploy/events.js';

/** One run of a command against a cluster, as recorded in the user's config directory. */
export type JournalRun = {
  readonly command: string;
  readonly topologyFile: string;
  readonly startedAt: string;
  finishedAt?: string;
  ok?: boolean;
  /** Per step: what happened, and the lines it reported (never a secret: see recordEvent). */
  readonly steps: Record<string, { state: string; detail?: string; message?: string; output: string[] }>;
};

type Store = { runs: JournalRun[] };

/** How many runs per cluster are kept. */
const keep = 20;
/**
 * How long an event may wait to be written. Each save rewrites the file and waits for the disk
 * (conf syncs it), on the thread that also drives every transfer: saved per event, a deployment's
 * some 60 events cost 0.3–0.4 s of that thread while the hosts were writing the package to a
 * shared disk.
 */
const saveDelayMs = 1_000;

/**
 * The journal of a cluster: what each run did and created, per step and host, kept with `conf` in
 * the user's config directory (`DDB_SETUP_CONFIG_DIR` overrides it, for tests). It informs the user
 * and support staff; resuming never trusts it, but checks each host's real state again.
 */
export class Journal {
  private readonly store: Conf<Store>;
  private readonly run: JournalRun;
  private pendingSave: NodeJS.Timeout | undefined;

  constructor(cluster: string, command: string, topologyFile: string, now: Date) {
    const cwd = process.env['DDB_SETUP_CONFIG_DIR'];
    this.store = new Conf<Store>({
      projectName: 'ddb-setup',
      configName: `journal-${cluster}`,
      ...(cwd ? { cwd } : {}),
      defaults: { runs: [] },
    });
    this.run = { command, topologyFile, startedAt: now.toISOString(), steps: {} };
    this.save();
  }

  /** The runs recorded before this one, newest last. */
  previous(): readonly JournalRun[] {
    return this.store.get('runs').slice(0, -1);
  }

  get path(): string {
    return this.store.path;
  }

  /** Records an event. Output lines are kept as reported: actions never put secrets in them. */
  record(event: DeployEvent): void {
    const entry = (this.run.steps[event.step.id] ??= { state: 'waiting', output: [] });
    if (event.type === 'step-started') entry.state = 'running';
    else if (event.type === 'step-output') entry.output.push(event.line);
    else if (event.type === 'step-finished') {
      entry.state = event.outcome;
      if (event.detail !== undefined) entry.detail = event.detail;
    } else if (event.type === 'step-failed') {
      entry.state = 'failed';
      entry.message = event.failure.message;
    } else if (event.type === 'step-blocked') {
      entry.state = 'blocked';
      entry.message = `blocked by ${event.by}`;
    } else return;
    // Events are saved together, at most saveDelayMs late; finish() saves whatever is left.
    this.pendingSave ??= setTimeout(() => {
      this.pendingSave = undefined;
      try {
        this.save();
      } catch {
        // Not from a timer, where it would end the program: finish() saves again and reports it.
      }
    }, saveDelayMs).unref();
  }

  finish(report: RunReport, now: Date): void {
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    this.run.finishedAt = now.toISOString();
    this.run.ok = report.ok;
    this.save();
  }

  private save(): void {
    const runs = this.store
      .get('runs')
      .filter((run) => run.startedAt !== this.run.startedAt || run.command !== this.run.command);
    this.store.set('runs', [...runs, this.run].slice(-keep));
  }
}
