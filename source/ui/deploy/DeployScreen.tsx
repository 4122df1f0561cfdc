import { Box, Text } from 'ink';
import { formatElapsed } from '../components/ProgressBar.js';
import { useTheme } from '../theme.js';
import type { DeploySnapshot } from './deploy-model.js';
import { HostPane, stateMark } from './HostPane.js';
import { planPanes } from './pane-layout.js';
import { hostCounts, orderPanes } from './pane-order.js';

/** Props of {@link DeployScreen}. */
export type DeployScreenProps = {
  readonly snapshot: DeploySnapshot;
  /** Name of the selected pane (↑↓); undefined: the first. */
  readonly selected: string | undefined;
  /** The selected pane is opened (Enter): all of it is shown, the others one line each. @default false */
  readonly opened?: boolean;
  /** Lines the screen may use, its two summary lines included; it adapts to the terminal's height. */
  readonly height: number;
  readonly now: number;
};

/**
 * The live deployment: how many hosts are working, failed or done; one pane per host plus the
 * cluster-wide steps, failed ones first (`orderPanes`), fitted to the height; and the steps' progress.
 * Finished panes collapse to their header; failed and running ones expand while lines are left.
 *
 * @example
 * 30 hosts: 1 working · 1 failed · 28 done
 * › ✗ P2      10.0.0.81      controller2: port 8800 is in use
 *     ✗ controller2     port 8800 is in use
 *         fix: stop what listens on 8800, or change the port in the topology
 *   ⠙ cluster                1/3 · elect: wait for the controllers to elect a leader 12s
 *   ✓ P1      10.0.0.80      4/4 done 41s
 *  ↓ 27 more hosts
 * ⠙ 23/31 steps · 2 running · 1 failed · 52s
 */
export function DeployScreen({ snapshot, selected, opened = false, height, now }: DeployScreenProps) {
  const panes = orderPanes(snapshot.panes);
  const index = Math.max(
    0,
    panes.findIndex((pane) => pane.name === selected),
  );
  // Two lines are the summaries above and below the panes.
  const layout = planPanes(panes, height - 2, index, opened);
  return (
    <Box flexDirection="column">
      <HostSummary snapshot={snapshot} />
      {layout.hiddenBefore > 0 ? <Text dimColor> ↑ {layout.hiddenBefore} more hosts</Text> : null}
      {layout.shapes.map((shape, offset) => {
        const pane = panes[layout.first + offset];
        return pane ? (
          <HostPane
            key={pane.name}
            pane={pane}
            shape={shape}
            selected={layout.first + offset === index}
            now={now}
          />
        ) : null;
      })}
      {layout.hiddenAfter > 0 ? <Text dimColor> ↓ {layout.hiddenAfter} more hosts</Text> : null}
      <DeploySummary snapshot={snapshot} now={now} />
    </Box>
  );
}

/** The line above the panes: `30 hosts: 12 working · 1 failed · 17 done`, then any waiting or not run. */
export function HostSummary({ snapshot }: { readonly snapshot: DeploySnapshot }) {
  const theme = useTheme();
  const counts = hostCounts(snapshot.panes);
  return (
    <Text wrap="truncate-end">
      <Text bold>{counts.hosts === 1 ? '1 host' : `${counts.hosts} hosts`}:</Text> {counts.working} working ·{' '}
      <Text color={counts.failed > 0 ? theme.status.error : undefined}>{counts.failed} failed</Text> ·{' '}
      <Text color={counts.done === counts.hosts ? theme.status.ok : undefined}>{counts.done} done</Text>
      {counts.waiting > 0 ? ` · ${counts.waiting} waiting` : ''}
      {counts.notRun > 0 ? ` · ${counts.notRun} not run` : ''}
    </Text>
  );
}

/** The line under the panes: progress while running, then how the run ended. */
export function DeploySummary({
  snapshot,
  now,
}: {
  readonly snapshot: DeploySnapshot;
  readonly now: number;
}) {
  const theme = useTheme();
  const { totals, outcome } = snapshot;
  const took =
    snapshot.startedAt === undefined ? '' : formatElapsed((snapshot.finishedAt ?? now) - snapshot.startedAt);
  if (!outcome) {
    const mark = stateMark(theme, snapshot.running ? 'running' : 'waiting', now);
    return (
      <Text wrap="truncate-end">
        <Text color={mark.color}>{mark.symbol}</Text> {totals.finished}/{totals.steps} steps ·{' '}
        {totals.running} running
        {totals.failed > 0 ? <Text color={theme.status.error}> · {totals.failed} failed</Text> : null} ·{' '}
        {took}
        {snapshot.run > 1 ? ` · run ${snapshot.run}` : ''}
      </Text>
    );
  }
  if (outcome.ok)
    return (
      <Text wrap="truncate-end" color={theme.status.ok}>
        {theme.symbols.ok} {outcome.change ? 'changed' : 'deployed'} and verified in {took}
      </Text>
    );
  if (snapshot.error)
    return (
      <Text wrap="truncate-end" color={theme.status.error}>
        {theme.symbols.error} the deployment could not run: {snapshot.error}
      </Text>
    );
  return (
    <Text wrap="truncate-end" color={outcome.aborted ? theme.status.warning : theme.status.error}>
      {outcome.aborted ? theme.symbols.blocked : theme.symbols.error}{' '}
      {outcome.aborted
        ? 'aborted after'
        : `${totals.failed} step${totals.failed === 1 ? '' : 's'} failed after`}{' '}
      {took}; nothing is undone. r runs again: every step re-checks, so it resumes
    </Text>
  );
}
