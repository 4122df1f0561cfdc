import { Box, Text } from 'ink';
import { formatElapsed, ProgressBar } from '../components/ProgressBar.js';
import { useTheme, type Theme } from '../theme.js';
import type { PaneModel, ProcessRow, RowState } from './deploy-model.js';
import { failureLines, visibleRows, type PaneShape } from './pane-layout.js';

/** Props of {@link HostPane}. */
export type HostPaneProps = {
  readonly pane: PaneModel;
  readonly shape: PaneShape;
  readonly selected: boolean;
  /** The clock's time, for elapsed times and the spinner. */
  readonly now: number;
};

/** The symbol and colour of a state; the symbol alone carries the meaning (NO_COLOR). */
export function stateMark(
  theme: Theme,
  state: RowState,
  now: number,
): { symbol: string; color: string | undefined } {
  switch (state) {
    case 'done':
    case 'unchanged':
      return { symbol: theme.symbols.ok, color: theme.status.ok };
    case 'failed':
      return { symbol: theme.symbols.error, color: theme.status.error };
    case 'running':
      return {
        symbol: theme.symbols.spinner[Math.floor(now / 250) % theme.symbols.spinner.length] ?? '*',
        color: theme.status.running,
      };
    case 'blocked':
      return { symbol: theme.symbols.blocked, color: theme.status.warning };
    case 'waiting':
      return { symbol: theme.symbols.pending, color: undefined };
  }
}

function elapsed(row: ProcessRow, now: number): string {
  return row.startedAt === undefined ? '' : formatElapsed((row.finishedAt ?? now) - row.startedAt);
}

/** What a row says after its label. */
function rowText(row: ProcessRow, now: number): string {
  switch (row.state) {
    case 'running':
      return `${row.title} ${elapsed(row, now)}`;
    case 'done':
    case 'unchanged':
      return `${row.detail ?? (row.state === 'unchanged' ? 'unchanged' : 'done')} ${elapsed(row, now)}`;
    case 'failed':
      return row.failure?.message ?? 'failed';
    case 'blocked':
      return row.blockedBy === 'abort'
        ? 'not run (aborted)'
        : `not run: needs ${row.blockedBy ?? 'an earlier step'}`;
    case 'waiting':
      return 'waiting';
  }
}

/** The header's summary of a pane: its busiest or failed process, or how it ended. */
function summary(pane: PaneModel, now: number): { row?: ProcessRow; text: string } {
  const failed = pane.rows.find((row) => row.state === 'failed');
  if (failed) return { text: `${failed.label}: ${failed.failure?.message ?? 'failed'}` };
  const running = pane.rows.filter((row) => row.state === 'running');
  const done = pane.rows.filter((row) => row.state === 'done' || row.state === 'unchanged').length;
  const first = running.find((row) => row.progress) ?? running[0];
  if (first)
    return { row: first, text: `${done}/${pane.rows.length} · ${first.label}: ${rowText(first, now)}` };
  if (pane.state === 'blocked' && done > 0)
    return {
      text: `${done}/${pane.rows.length} · the rest not run (${pane.rows.find((r) => r.blockedBy)?.blockedBy ?? 'blocked'})`,
    };
  if (pane.state === 'blocked')
    return { text: `not run (${pane.rows.find((r) => r.blockedBy)?.blockedBy ?? 'blocked'})` };
  if (pane.state === 'waiting')
    return { text: done > 0 ? `${done}/${pane.rows.length} · waiting` : 'waiting' };
  const starts = pane.rows.map((r) => r.startedAt ?? Infinity);
  const ends = pane.rows.map((r) => r.finishedAt ?? 0);
  return {
    text: `${done}/${pane.rows.length} done ${formatElapsed(Math.max(...ends) - Math.min(...starts))}`,
  };
}

/**
 * One host: a header line (state, name, address, summary), then as many process lines and detail
 * lines as its shape allows.
 *
 * @example
 * › ⠙ P2  10.0.0.81     2/4 · datanode2: start datanode datanode2 3s
 *     ✓ host set-up     write 9 config and script files 1s
 *     ✗ controller2     port 8800 is in use
 *         fix: stop the process using port 8800 or change the port
 */
export function HostPane({ pane, shape, selected, now }: HostPaneProps) {
  const theme = useTheme();
  const mark = stateMark(theme, pane.state, now);
  const head = summary(pane, now);
  // Rows that do not fit are counted on the last line the pane has for rows, so that a cut list
  // never reads as complete.
  const cut = shape.rows >= 2 && shape.rows < pane.rows.length;
  const rows = visibleRows(pane, cut ? shape.rows - 1 : shape.rows);
  const hidden = pane.rows.length - rows.length;
  let details = shape.details;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" bold={selected}>
        {selected ? theme.symbols.pointer : ' '} <Text color={mark.color}>{mark.symbol}</Text>{' '}
        <Text color={theme.hostPalette[pane.index % theme.hostPalette.length]}>{pane.name.padEnd(8)}</Text>
        <Text dimColor>{pane.address.padEnd(15)}</Text> {head.text}
        {head.row?.progress && shape.rows === 0 ? ' ' : ''}
        {head.row?.progress && shape.rows === 0 ? <ProgressBar {...head.row.progress} width={8} /> : null}
      </Text>
      {rows.map((row) => {
        const rowMark = stateMark(theme, row.state, now);
        const lines: string[] = [];
        if (row.failure && details > 0) {
          const all = [
            ...(row.failure.cause ? [`cause: ${row.failure.cause}`] : []),
            ...(row.failure.fix ? [`fix: ${row.failure.fix}`] : []),
            ...(row.failure.logTail ?? []).slice(-3).map((line) => `│ ${line}`),
          ].slice(0, Math.min(details, failureLines(row)));
          details -= all.length;
          lines.push(...all);
        } else if (row.state === 'running' && row.tail.length > 0 && details > 0) {
          lines.push(`│ ${row.tail[row.tail.length - 1] ?? ''}`);
          details -= 1;
        }
        return (
          <Box key={row.key} flexDirection="column">
            <Text wrap="truncate-end">
              {'    '}
              <Text color={rowMark.color}>{rowMark.symbol}</Text> {row.label.padEnd(14)}{' '}
              <Text color={row.state === 'failed' ? theme.status.error : undefined}>{rowText(row, now)}</Text>
              {row.progress ? ' ' : ''}
              {row.progress ? <ProgressBar {...row.progress} width={8} /> : null}
            </Text>
            {lines.map((line, index) => (
              <Text key={index} wrap="truncate-end" dimColor={line.startsWith('│')}>
                {'        '}
                {line}
              </Text>
            ))}
          </Box>
        );
      })}
      {cut ? (
        <Text dimColor wrap="truncate-end">
          {'    '}… {hidden} more ({hiddenSummary(pane, rows)})
        </Text>
      ) : null}
    </Box>
  );
}

/** What the rows left out are doing, as counts: "2 waiting", "1 done, 1 waiting". */
function hiddenSummary(pane: PaneModel, shown: readonly ProcessRow[]): string {
  const counts = new Map<string, number>();
  for (const row of pane.rows)
    if (!shown.includes(row)) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}
