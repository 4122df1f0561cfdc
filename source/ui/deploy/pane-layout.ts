import type { PaneModel, ProcessRow } from './deploy-model.js';

/** How much of one pane the screen shows. */
export type PaneShape = {
  /** Process lines under the pane's header; 0 collapses the pane to its header. */
  readonly rows: number;
  /** Lines under process lines: a failure's cause, fix and log, or a running process's last output. */
  readonly details: number;
};

/** Which panes fit, and how tall each is. */
export type PaneLayout = {
  /** Index of the first pane shown. */
  readonly first: number;
  /** One shape per shown pane, from `first`. */
  readonly shapes: readonly PaneShape[];
  readonly hiddenBefore: number;
  readonly hiddenAfter: number;
};

/** Detail lines a failed row can use: cause, fix and up to three log lines. */
export function failureLines(row: ProcessRow): number {
  if (!row.failure) return 0;
  return (
    (row.failure.cause ? 1 : 0) + (row.failure.fix ? 1 : 0) + Math.min(3, row.failure.logTail?.length ?? 0)
  );
}

/**
 * Fits the panes into `budget` lines. Every pane gets its header line; failed panes, then running
 * ones, then the selected one get their process lines; what is left goes to failure details and
 * then to the last output line of running processes. With more panes than lines, a window around
 * the selected pane is shown with "N more" lines. Pure, so the 80×24 case is tested exactly.
 */
export function planPanes(panes: readonly PaneModel[], budget: number, selected: number): PaneLayout {
  const lines = Math.max(1, budget);
  if (panes.length > lines) {
    const size = Math.max(1, lines - 2);
    const first = Math.max(0, Math.min(panes.length - size, selected - Math.floor(size / 2)));
    return {
      first,
      shapes: panes.slice(first, first + size).map(() => ({ rows: 0, details: 0 })),
      hiddenBefore: first,
      hiddenAfter: panes.length - first - size,
    };
  }
  const shapes = panes.map((): { rows: number; details: number } => ({ rows: 0, details: 0 }));
  let spare = lines - panes.length;
  const rank = (pane: PaneModel, index: number) =>
    pane.state === 'failed' ? 0 : pane.state === 'running' ? 1 : index === selected ? 2 : 3;
  const order = panes
    .map((pane, index) => ({ pane, index }))
    .filter(({ pane, index }) => rank(pane, index) < 3)
    .sort((a, b) => rank(a.pane, a.index) - rank(b.pane, b.index) || a.index - b.index);
  const important = (row: ProcessRow) => row.state === 'failed' || row.state === 'running';
  const detail = (row: ProcessRow) =>
    failureLines(row) + (row.state === 'running' && row.tail.length > 0 ? 1 : 0);
  // 1–2. Failed panes first, then running ones, then the selected one: the lines that matter
  // (failed and running processes, or every process of the selected pane), then what went wrong
  // (cause, fix, log) or what is happening (the last output line).
  for (const group of [0, 1, 2]) {
    const members = order.filter(({ pane, index }) => rank(pane, index) === group);
    for (const { pane, index } of members) {
      const shape = shapes[index];
      if (!shape || spare <= 0) continue;
      const wanted = group === 2 ? pane.rows.length : pane.rows.filter(important).length;
      shape.rows = Math.min(spare, Math.max(1, wanted));
      spare -= shape.rows;
    }
    for (const { pane, index } of members) {
      const shape = shapes[index];
      if (!shape || shape.rows === 0) continue;
      const give = Math.min(
        spare,
        visibleRows(pane, shape.rows).reduce((sum, row) => sum + detail(row), 0),
      );
      shape.details += give;
      spare -= give;
    }
  }
  // 3. Room left: the other processes of those panes (waiting, done, not run).
  for (const { pane, index } of order) {
    const shape = shapes[index];
    if (!shape || shape.rows === 0) continue;
    const more = Math.min(spare, pane.rows.length - shape.rows);
    shape.rows += more;
    spare -= more;
  }
  return { first: 0, shapes, hiddenBefore: 0, hiddenAfter: 0 };
}

/**
 * The process lines a pane shows when it has room for `count`: failed and running ones first,
 * then the rest, kept in pane order.
 */
export function visibleRows(pane: PaneModel, count: number): ProcessRow[] {
  if (count >= pane.rows.length) return [...pane.rows];
  const weight = (row: ProcessRow) => (row.state === 'failed' ? 0 : row.state === 'running' ? 1 : 2);
  const chosen = new Set(
    pane.rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => weight(a.row) - weight(b.row) || a.index - b.index)
      .slice(0, count)
      .map(({ index }) => index),
  );
  return pane.rows.filter((_, index) => chosen.has(index));
}
