import type { PaneModel, RowState } from './deploy-model.js';

/**
 * Where a pane goes on the deploy screen: what needs the user first. Failed panes on top, then
 * those at work, then those waiting or not run, and finished ones (one line each) last: with 30
 * hosts the screen cannot show every pane, and what went wrong must not be below the fold.
 */
const rank: Record<RowState, number> = {
  failed: 0,
  running: 1,
  waiting: 2,
  blocked: 3,
  done: 4,
  unchanged: 4,
};

/** The panes in screen order ({@link rank}), each group in host order. Pure. */
export function orderPanes(panes: readonly PaneModel[]): PaneModel[] {
  return panes
    .map((pane, index) => ({ pane, index }))
    .sort((a, b) => rank[a.pane.state] - rank[b.pane.state] || a.index - b.index)
    .map(({ pane }) => pane);
}

/** How many hosts are in each state (the cluster-wide pane is not a host). */
export type HostCounts = {
  readonly hosts: number;
  readonly working: number;
  readonly failed: number;
  readonly done: number;
  readonly waiting: number;
  readonly notRun: number;
};

/** The counts of the summary line: `30 hosts: 12 working · 1 failed · 17 done`. Pure. */
export function hostCounts(panes: readonly PaneModel[]): HostCounts {
  // The cluster-wide pane (deploy-model.ts) has no address; every host has one.
  const hosts = panes.filter((pane) => !(pane.name === 'cluster' && pane.address === ''));
  const count = (...states: RowState[]) => hosts.filter((pane) => states.includes(pane.state)).length;
  return {
    hosts: hosts.length,
    working: count('running'),
    failed: count('failed'),
    done: count('done', 'unchanged'),
    waiting: count('waiting'),
    notRun: count('blocked'),
  };
}
