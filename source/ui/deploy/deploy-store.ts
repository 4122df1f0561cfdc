import { unhandledEvent, type DeployEvent } from '../../deploy/events.js';
import type { Topology } from '../../model/topology.js';
import type { Plan } from '../../plan/plan.js';
import {
  buildPanes,
  combine,
  push,
  show,
  type DeploySnapshot,
  type Pane,
  type PaneModel,
  type ProcessRow,
  type Row,
  type StepStatus,
} from './deploy-model.js';

export type { DeploySnapshot, PaneModel, ProcessRow, RowState } from './deploy-model.js';

/** How often events reach the screen, and how much output is kept. */
export type StoreOptions = {
  readonly now: () => number;
  /**
   * Screen updates at most this often: 30 nodes printing 100 lines a second each stay well under a
   * third of a core at ~7 frames a second, still fluid to read.
   * @default 150
   */
  readonly flushMs?: number;
  /** Output lines kept per pane for the full-log view. @default 1000 */
  readonly logLines?: number;
  /** Output lines kept per process line. @default 5 */
  readonly tailLines?: number;
};

/**
 * Engine events → the deploy screen's panes (style guide §8.8 items 3–4). Events are applied at
 * once to plain mutable state; subscribers hear about them at most every `flushMs`, through a new
 * immutable snapshot, so thousands of output lines a second cost a few renders. Plain TypeScript:
 * `useDeployment` reads it with `useSyncExternalStore`.
 */
export class DeployStore {
  private readonly panes: Pane[];
  private readonly rowsOfStep: ReadonlyMap<string, Row[]>;
  private readonly paneOfStep: ReadonlyMap<string, Pane>;
  private readonly status = new Map<string, StepStatus>();
  private readonly titles: ReadonlyMap<string, string>;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: DeploySnapshot;
  private run = 0;
  private running = false;
  private startedAt: number | undefined;
  private finishedAt: number | undefined;
  private leader: string | undefined;
  private outcome: DeploySnapshot['outcome'];
  private error: string | undefined;

  constructor(
    /** The plan whose steps the panes show. */
    readonly plan: Plan,
    topology: Topology,
    private readonly options: StoreOptions,
  ) {
    this.titles = new Map(plan.steps.map((step) => [step.id, step.title]));
    const layout = buildPanes(plan, topology);
    this.panes = layout.panes;
    this.rowsOfStep = layout.rowsOfStep;
    this.paneOfStep = layout.paneOfStep;
    this.snapshot = this.build(0);
  }

  /** Registers a listener for new snapshots; returns its removal (for useSyncExternalStore). */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DeploySnapshot => this.snapshot;

  /** Starts a run (the first or a retry): step states reset, output is kept. */
  beginRun(): void {
    this.run += 1;
    this.status.clear();
    this.running = true;
    this.outcome = undefined;
    this.error = undefined;
    this.startedAt = this.options.now();
    this.finishedAt = undefined;
    for (const pane of this.panes) {
      if (this.run > 1) push(pane.log, `── run ${this.run} ──`, this.logCap);
      for (const row of pane.rows) row.progress = undefined;
    }
    this.flush();
  }

  /** Records how the run ended and shows it at once. */
  endRun(
    outcome: { readonly ok: boolean; readonly aborted: boolean; readonly change?: boolean },
    error?: string,
  ): void {
    this.running = false;
    this.outcome = { ok: outcome.ok, aborted: outcome.aborted, ...(outcome.change ? { change: true } : {}) };
    this.error = error;
    this.finishedAt = this.options.now();
    this.flush();
  }

  /** Applies one engine event; the screen sees it at the next flush. */
  apply = (event: DeployEvent): void => {
    const id = event.step.id;
    const rows = this.rowsOfStep.get(id) ?? [];
    const pane = this.paneOfStep.get(id);
    const now = this.options.now();
    const status = this.status.get(id) ?? { state: 'waiting' };
    switch (event.type) {
      case 'step-started':
        this.status.set(id, { state: 'running', startedAt: now });
        // A row shows its current step's progress: the step before's (28/28 files) is not this one's.
        for (const row of rows) {
          row.lastStep = id;
          row.progress = undefined;
        }
        break;
      case 'step-progress':
        for (const row of rows) row.progress = { done: event.done, total: event.total, unit: event.unit };
        break;
      case 'step-output':
        if (rows[0]) push(rows[0].tail, event.line, this.tailCap);
        if (pane) {
          push(pane.log, `${rows[0]?.label ?? id}: ${event.line}`, this.logCap);
          pane.lineCount += 1;
        }
        break;
      case 'step-finished':
        this.status.set(id, {
          ...status,
          state: event.outcome,
          finishedAt: now,
          ...(event.detail ? { detail: event.detail } : {}),
        });
        this.leader = event.leader ?? this.leader;
        break;
      case 'step-failed':
        this.status.set(id, { ...status, state: 'failed', finishedAt: now, failure: event.failure });
        if (pane) {
          // The cause and the fix too: the full-log view is where they are read whole.
          const label = rows[0]?.label ?? id;
          push(pane.log, `${label}: ✗ ${event.failure.message}`, this.logCap);
          if (event.failure.cause) push(pane.log, `${label}: cause: ${event.failure.cause}`, this.logCap);
          if (event.failure.fix) push(pane.log, `${label}: fix: ${event.failure.fix}`, this.logCap);
        }
        break;
      case 'step-blocked':
        this.status.set(id, { state: 'blocked', by: event.by });
        break;
      default:
        unhandledEvent(event);
    }
    this.schedule();
  };

  /** Every kept output line of a pane, oldest first, for the full-log view. */
  paneLog(name: string): string[] {
    const pane = this.panes.find((p) => p.name === name);
    return pane ? show(pane.log, this.logCap) : [];
  }

  /** Publishes pending events now (the timer does it otherwise). */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.snapshot = this.build(this.snapshot.version + 1);
    for (const listener of [...this.listeners]) listener();
  };

  /** Stops the flush timer (unmount). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private get logCap(): number {
    return this.options.logLines ?? 1000;
  }

  private get tailCap(): number {
    return this.options.tailLines ?? 5;
  }

  private schedule(): void {
    this.timer ??= setTimeout(this.flush, this.options.flushMs ?? 150);
  }

  private build(version: number): DeploySnapshot {
    const panes = this.panes.map((pane): PaneModel => {
      const rows = pane.rows.map((row) => this.rowModel(row));
      return {
        name: pane.name,
        address: pane.address,
        index: pane.index,
        rows,
        state: combine(rows.map((r) => r.state)),
        lineCount: pane.lineCount,
      };
    });
    const states = this.plan.steps.map((step) => this.status.get(step.id)?.state ?? 'waiting');
    return {
      version,
      panes,
      totals: {
        steps: states.length,
        finished: states.filter((s) => s === 'done' || s === 'unchanged').length,
        failed: states.filter((s) => s === 'failed').length,
        running: states.filter((s) => s === 'running').length,
      },
      run: this.run,
      running: this.running,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      leader: this.leader,
      outcome: this.outcome,
      error: this.error,
    };
  }

  private rowModel(row: Row): ProcessRow {
    const statuses = row.steps.map((id) => this.status.get(id) ?? { state: 'waiting' as const });
    const failed = statuses.find((s) => s.state === 'failed');
    const blocked = statuses.find((s) => s.state === 'blocked');
    // The step to name: a running one (the latest started: a transfer outlasts the files written
    // beside it), else a failed one, else the last that ran.
    const running = row.steps
      .filter((id) => this.status.get(id)?.state === 'running')
      .sort((a, b) => (this.status.get(b)?.startedAt ?? 0) - (this.status.get(a)?.startedAt ?? 0));
    const shown =
      running[0] ?? row.steps.find((id) => this.status.get(id)?.state === 'failed') ?? row.lastStep;
    const last = row.lastStep ? this.status.get(row.lastStep) : undefined;
    const starts = statuses.map((s) => s.startedAt).filter((t): t is number => t !== undefined);
    const ends = statuses.map((s) => s.finishedAt).filter((t): t is number => t !== undefined);
    const state = combine(statuses.map((s) => s.state));
    return {
      key: row.key,
      label: row.label,
      mode: row.mode,
      state,
      title: (shown && this.titles.get(shown)) || '',
      startedAt: starts.length > 0 ? Math.min(...starts) : undefined,
      finishedAt:
        state === 'running' || state === 'waiting' || ends.length === 0 ? undefined : Math.max(...ends),
      progress: state === 'running' ? row.progress : undefined,
      tail: show(row.tail, this.tailCap),
      failure: failed?.failure,
      detail: last?.detail,
      blockedBy: blocked?.by,
    };
  }
}
