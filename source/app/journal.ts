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
  /** Every remote command of the run, in order, secrets redacted (app/recording-executor.ts). */
  readonly commands: { at: string; host: string; command: string }[];
};

type Store = { runs: JournalRun[] };

/** How many runs per cluster are kept. */
const keep = 20;

/**
 * The journal of a cluster: what each run did and created, per step and host, kept with `conf` in
 * the user's config directory (`DDB_SETUP_CONFIG_DIR` overrides it, for tests). It informs the user
 * and support staff; resuming never trusts it, but checks each host's real state again.
 */
export class Journal {
  private readonly store: Conf<Store>;
  private readonly run: JournalRun;

  constructor(cluster: string, command: string, topologyFile: string, now: Date) {
    const cwd = process.env['DDB_SETUP_CONFIG_DIR'];
    this.store = new Conf<Store>({
      projectName: 'ddb-setup',
      configName: `journal-${cluster}`,
      ...(cwd ? { cwd } : {}),
      defaults: { runs: [] },
    });
    this.run = { command, topologyFile, startedAt: now.toISOString(), steps: {}, commands: [] };
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
    this.save();
  }

  /**
   * Records a remote command. Saved with the next step event or at the end, not on every command:
   * a deployment runs hundreds and each save rewrites the file.
   */
  recordCommand(host: string, command: string, now: Date): void {
    // Long scripts (the probe, start.sh contents) are cut: the journal says what ran, not all of it.
    const cut =
      command.length > 4000
        ? `${command.slice(0, 4000)}\n# … ${command.length - 4000} more characters`
        : command;
    this.run.commands.push({ at: now.toISOString(), host, command: cut });
  }

  finish(report: RunReport | { ok: boolean }, now: Date): void {
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
