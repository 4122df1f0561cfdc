import type { StepFailure } from '../../deploy/events.js';
import type { NodeMode, Topology } from '../../model/topology.js';
import type { Plan } from '../../plan/plan.js';

/** A process line's state, from its steps. */
export type RowState = 'waiting' | 'running' | 'done' | 'unchanged' | 'failed' | 'blocked';

/** One line of a host pane: a DolphinDB process, or the host's own set-up (directories, package, files). */
export type ProcessRow = {
  readonly key: string;
  readonly label: string;
  readonly mode: NodeMode | 'setup' | 'cluster';
  readonly state: RowState;
  /** The running step's title, else the last one that ran. */
  readonly title: string;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
  readonly progress: { readonly done: number; readonly total: number; readonly unit: string } | undefined;
  /** The last output lines (a repeated line shows once with its count). */
  readonly tail: readonly string[];
  readonly failure: StepFailure | undefined;
  readonly detail: string | undefined;
  readonly blockedBy: string | undefined;
};

/** A host's pane (or the cluster-wide pane, named `cluster`). */
export type PaneModel = {
  readonly name: string;
  readonly address: string;
  readonly index: number;
  readonly rows: readonly ProcessRow[];
  readonly state: RowState;
  /** Output lines received for this pane in all runs. */
  readonly lineCount: number;
};

/** What the deploy screen renders; replaced (never mutated) at each flush. */
export type DeploySnapshot = {
  readonly version: number;
  readonly panes: readonly PaneModel[];
  readonly totals: {
    readonly steps: number;
    readonly finished: number;
    readonly failed: number;
    readonly running: number;
  };
  readonly run: number;
  readonly running: boolean;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
  readonly leader: string | undefined;
  /** `change`: the run changed a running cluster (its change plan), rather than deployed one. */
  readonly outcome:
    { readonly ok: boolean; readonly aborted: boolean; readonly change?: boolean } | undefined;
  /** Why the engine could not run at all (not a step failure). */
  readonly error: string | undefined;
};

export type Entry = { text: string; count: number };
export type Row = {
  key: string;
  label: string;
  mode: ProcessRow['mode'];
  steps: string[];
  tail: Entry[];
  progress: ProcessRow['progress'];
  lastStep: string | undefined;
};
export type Pane = {
  name: string;
  address: string;
  index: number;
  rows: Row[];
  log: Entry[];
  lineCount: number;
};
export type StepStatus = {
  state: RowState;
  startedAt?: number;
  finishedAt?: number;
  failure?: StepFailure;
  detail?: string;
  by?: string;
};

/** Appends a line, folding a repeat of the previous one into its count; trims to `cap` now and then. */
export function push(entries: Entry[], text: string, cap: number): void {
  const last = entries[entries.length - 1];
  if (last && last.text === text) last.count += 1;
  else entries.push({ text, count: 1 });
  if (entries.length > cap * 2) entries.splice(0, entries.length - cap);
}

export function show(entries: readonly Entry[], count: number): string[] {
  return entries
    .slice(-count)
    .map((entry) => (entry.count > 1 ? `${entry.text} (×${entry.count})` : entry.text));
}

/** The panes of a plan: one per host (set-up line, then a line per process) and a cluster pane. */
export function buildPanes(
  plan: Plan,
  topology: Topology,
): { panes: Pane[]; rowsOfStep: Map<string, Row[]>; paneOfStep: Map<string, Pane> } {
  const rowsOfStep = new Map<string, Row[]>();
  const paneOfStep = new Map<string, Pane>();
  const panes: Pane[] = plan.hosts.map((name, index) => ({
    name,
    address: topology.hosts.find((host) => host.name === name)?.address ?? '',
    index,
    rows: [],
    log: [],
    lineCount: 0,
  }));
  const cluster: Pane = {
    name: 'cluster',
    address: '',
    index: panes.length,
    rows: [],
    log: [],
    lineCount: 0,
  };
  const row = (pane: Pane, key: string, label: string, mode: Row['mode']): Row => {
    let found = pane.rows.find((r) => r.key === key);
    if (!found) {
      found = { key, label, mode, steps: [], tail: [], progress: undefined, lastStep: undefined };
      pane.rows.push(found);
    }
    return found;
  };
  for (const pane of panes) {
    row(pane, 'setup', 'host set-up', 'setup');
    for (const node of topology.nodes.filter((n) => n.host === pane.name))
      row(pane, node.alias, node.alias, node.mode);
  }
  for (const step of plan.steps) {
    const pane = step.host === null ? cluster : (panes.find((p) => p.name === step.host) ?? cluster);
    const own =
      step.host === null
        ? row(cluster, step.id, step.id, 'cluster')
        : row(pane, step.node ?? 'setup', step.node ?? 'host set-up', 'setup');
    own.steps.push(step.id);
    const rows = [own];
    // Data and compute nodes are started through the leader by one cluster step: mirror it on their lines.
    if (step.action.type === 'start-workers')
      for (const worker of step.action.workers) {
        const workerRow = panes.find((p) => p.name === worker.host)?.rows.find((r) => r.key === worker.alias);
        if (workerRow) {
          workerRow.steps.push(step.id);
          rows.push(workerRow);
        }
      }
    rowsOfStep.set(step.id, rows);
    paneOfStep.set(step.id, pane);
  }
  if (cluster.rows.length > 0) panes.push(cluster);
  return { panes, rowsOfStep, paneOfStep };
}

/**
 * One state for several steps: a failure wins, then a running step, then a blocked one; done when
 * all are; otherwise waiting (some may be done: the rest waits for other hosts or the cluster).
 */
export function combine(states: readonly RowState[]): RowState {
  if (states.length === 0) return 'done';
  if (states.includes('failed')) return 'failed';
  if (states.includes('running')) return 'running';
  if (states.includes('blocked')) return 'blocked';
  if (states.every((s) => s === 'unchanged')) return 'unchanged';
  if (states.every((s) => s === 'done' || s === 'unchanged')) return 'done';
  return 'waiting';
}
