import { open, rename } from 'node:fs/promises';
import Conf from 'conf';
import { unhandledEvent, type DeployEvent, type RunReport } from '../deploy/events.js';

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
 * How long an event may wait to be written. Saved per event, the journal cost the thread that
 * drives every transfer 0.3–0.4 s per deployment (each save rewrites the file and syncs it to a
 * disk the hosts are busy writing the package to); now events are saved together, in the
 * background (writeInBackground), and finish() saves the end of the run at once.
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
  /** The background save under way, if any; finish() waits for it so that it cannot come last. */
  private writing: Promise<void> = Promise.resolve();
  /** The other runs, as read when this one started. */
  private others: JournalRun[] = [];

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
    switch (event.type) {
      case 'step-started':
        entry.state = 'running';
        break;
      case 'step-output':
        entry.output.push(event.line);
        break;
      case 'step-finished':
        entry.state = event.outcome;
        if (event.detail !== undefined) entry.detail = event.detail;
        break;
      case 'step-failed':
        entry.state = 'failed';
        entry.message = event.failure.message;
        break;
      case 'step-blocked':
        entry.state = 'blocked';
        entry.message = `blocked by ${event.by}`;
        break;
      case 'step-progress':
        // Progress is for the screen; the journal keeps what happened.
        return;
      default:
        unhandledEvent(event);
    }
    // Events are saved together, at most saveDelayMs late; finish() saves whatever is left.
    this.pendingSave ??= setTimeout(() => {
      this.pendingSave = undefined;
      // A failure here is not thrown from a timer, where it would end the program: finish()
      // saves again, the usual way, and reports it.
      this.writing = this.writing.then(() => this.writeInBackground()).catch(() => undefined);
    }, saveDelayMs).unref();
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

  async finish(report: RunReport | { ok: boolean }, now: Date): Promise<void> {
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    await this.writing;
    this.run.finishedAt = now.toISOString();
    this.run.ok = report.ok;
    this.save();
  }

  private save(): void {
    this.others = this.store
      .get('runs')
      .filter((run) => run.startedAt !== this.run.startedAt || run.command !== this.run.command);
    this.store.set('runs', [...this.others, this.run].slice(-keep));
  }

  /**
   * What save() does, but with the writing and syncing in Node's thread pool instead of on the
   * main thread: written beside the journal, synced, then renamed over it, in conf's format.
   */
  private async writeInBackground(): Promise<void> {
    const text = JSON.stringify({ runs: [...this.others, this.run].slice(-keep) }, undefined, '\t');
    const partial = `${this.path}.ddb-setup-part`;
    const file = await open(partial, 'w', 0o666); // as conf creates it (the umask applies)
    try {
      await file.writeFile(text);
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(partial, this.path);
  }
}
