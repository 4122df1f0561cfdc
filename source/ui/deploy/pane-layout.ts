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

/** Detail lines a row can use: a failure's, or a running process's last output line. */
function detailLines(row: ProcessRow): number {
  return failureLines(row) + (row.state === 'running' && row.tail.length > 0 ? 1 : 0);
}

/**
 * Fits the panes into `budget` lines. Every pane gets its header line; failed panes, then running
 * ones, then the selected one get their process lines; what is left goes to failure details and
 * then to the last output line of running processes. With more panes than lines, a window around
 * the selected pane is shown with "N more" lines. An `opened` pane (Enter) gets every line it has
 * first, and the others a header line each around it. Pure, so the 80×24 case is tested exactly.
 */
export function planPanes(
  panes: readonly PaneModel[],
  budget: number,
  selected: number,
  opened = false,
): PaneLayout {
  const lines = Math.max(1, budget);
  const open = opened ? panes[selected] : undefined;
  if (open) return openedLayout(panes, lines, selected, open);
  if (panes.length > lines) {
    // More panes than lines: one line each, but a failed pane (they come first) keeps its failed
    // process with the cause and the fix while those use at most half the lines.
    const shapes = panes.map((): PaneShape => ({ rows: 0, details: 0 }));
    let extra = Math.floor(lines / 2);
    for (const [index, pane] of panes.entries()) {
      if (pane.state !== 'failed') continue;
      const rows = Math.max(1, pane.rows.filter((row) => row.state === 'failed').length);
      const details = visibleRows(pane, rows).reduce((sum, row) => sum + failureLines(row), 0);
      if (rows + details > extra) break;
      shapes[index] = { rows, details };
      extra -= rows + details;
    }
    return windowAround(panes.length, lines, selected, shapes);
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
  const detail = detailLines;
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
 * One pane opened: its header, every process line and every detail line, as far as `lines` allows
 * with a line kept for each "N more hosts"; the lines left show the other panes' headers.
 */
function openedLayout(
  panes: readonly PaneModel[],
  lines: number,
  selected: number,
  pane: PaneModel,
): PaneLayout {
  const own = Math.max(1, lines - (panes.length > 1 ? 2 : 0));
  const rows = Math.min(pane.rows.length, own - 1);
  const details = Math.min(
    own - 1 - rows,
    visibleRows(pane, rows).reduce((sum, row) => sum + detailLines(row), 0),
  );
  const shapes = panes.map((_, index): PaneShape =>
    index === selected ? { rows, details } : { rows: 0, details: 0 },
  );
  return windowAround(panes.length, lines, selected, shapes);
}

/**
 * The panes around `selected` that fit in `lines` with their shapes, taken alternately below and
 * above it, and a line for each "N more hosts" when some are left out. The selected pane is
 * always shown.
 */
function windowAround(
  count: number,
  lines: number,
  selected: number,
  shapes: readonly PaneShape[],
): PaneLayout {
  const height = (index: number) => 1 + (shapes[index]?.rows ?? 0) + (shapes[index]?.details ?? 0);
  const markers = (start: number, end: number) => (start > 0 ? 1 : 0) + (end < count ? 1 : 0);
  let start = Math.max(0, Math.min(count - 1, selected));
  let end = start + 1;
  let used = height(start);
  for (let grew = true; grew;) {
    grew = false;
    if (end < count && used + height(end) + markers(start, end + 1) <= lines) {
      used += height(end);
      end += 1;
      grew = true;
    }
    if (start > 0 && used + height(start - 1) + markers(start - 1, end) <= lines) {
      used += height(start - 1);
      start -= 1;
      grew = true;
    }
  }
  return { first: start, shapes: shapes.slice(start, end), hiddenBefore: start, hiddenAfter: count - end };
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
