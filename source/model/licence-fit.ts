import { plural } from './plural.js';
import type { DeploymentMode, NodeMode } from './topology.js';

/*
 * Whether a layout fits a licence's node limit, and the fixes that can really be done when it does
 * not. Shared by the wizard (which says so on the screen where it happens), `validate` and the
 * pre-flight check, so that all three offer the same fixes. Controllers, data and compute nodes
 * count; agents seem not to (facts §5, UNCERTAIN).
 */

/** The nodes a licence counts, by kind. */
export type CountedNodes = {
  readonly controllers: number;
  readonly datanodes: number;
  readonly computenodes: number;
  /** A standalone server (mode single). */
  readonly singles: number;
};

/** What the community licence in the official package allows (its first line `2042.01.01,8,2,3,…`, facts §5). */
export const communityLimits = { maxNodes: 3, maxMemoryPerNode: 8 } as const;

/** Counts the nodes of a topology's rows the way a licence does (agents left out). */
export function countNodes(nodes: readonly { readonly mode: NodeMode }[]): CountedNodes {
  const of = (mode: NodeMode) => nodes.filter((node) => node.mode === mode).length;
  return {
    controllers: of('controller'),
    datanodes: of('datanode'),
    computenodes: of('computenode'),
    singles: of('single'),
  };
}

/** The total a licence counts. */
export function countedTotal(counted: CountedNodes): number {
  return counted.controllers + counted.datanodes + counted.computenodes + counted.singles;
}

/** The fewest controllers a mode can run with: Raft needs three, the others one (swarm may have either). */
export function minimumControllers(mode: DeploymentMode): number {
  if (mode === 'single') return 0;
  return mode === 'ha' || mode === 'pseudo-ha' ? 3 : 1;
}

/** The fewest counted nodes a mode can run with: its controllers and one data node (or the single node). */
export function minimumNodes(mode: DeploymentMode): number {
  return mode === 'single' ? 1 : minimumControllers(mode) + 1;
}

/** How a mode is named to a person. */
export const modeNames: Record<DeploymentMode, string> = {
  single: 'single node',
  cluster: 'cluster (one controller)',
  'pseudo-ha': 'pseudo-HA',
  ha: 'HA',
  swarm: 'Docker Swarm',
};

/** `3 controllers, 2 data nodes` (kinds with none left out). */
export function describeCounted(counted: CountedNodes): string {
  return [
    [counted.singles, 'single node'],
    [counted.controllers, 'controller'],
    [counted.datanodes, 'data node'],
    [counted.computenodes, 'compute node'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, noun]) => plural(n as number, noun as string))
    .join(', ');
}

/** The modes whose smallest layout fits `maxNodes`, in the order the Mode screen lists them. */
export function modesThatFit(maxNodes: number): DeploymentMode[] {
  return (['single', 'cluster', 'pseudo-ha', 'ha'] as const).filter((mode) => minimumNodes(mode) <= maxNodes);
}

/**
 * The fixes for a layout over `maxNodes`, each one that can be done: a licence that allows the
 * count; fewer data and compute nodes when this mode's controllers leave room for at least one
 * data node; otherwise a mode whose smallest layout fits. Never "remove nodes" from a mode that
 * cannot exist with fewer.
 */
export type LicenceFixes = {
  /** Nodes a licence must allow for the layout as it is. */
  readonly needed: number;
  /**
   * Data plus compute nodes the layout may have under `maxNodes` with the mode's fewest controllers,
   * when this mode can fit at all.
   */
  readonly workersAllowed: number | undefined;
  /** Other modes that fit, when this one cannot. */
  readonly otherModes: readonly DeploymentMode[];
};

/** What can be done about `counted` nodes of `mode` over a licence of `maxNodes`. */
export function licenceFixes(mode: DeploymentMode, counted: CountedNodes, maxNodes: number): LicenceFixes {
  const needed = countedTotal(counted);
  // The controllers can go down to the mode's minimum (a swarm may drop to one), never below.
  const room = maxNodes - minimumControllers(mode);
  const fits = mode !== 'single' && room >= 1;
  return {
    needed,
    workersAllowed: fits ? room : undefined,
    otherModes: fits ? [] : modesThatFit(maxNodes).filter((other) => other !== mode),
  };
}

/**
 * The fixes in the file's words (`validate`, the pre-flight check): "put a licence that allows at
 * least 9 nodes at server.license, or …".
 */
export function licenceFixInFileWords(mode: DeploymentMode, counted: CountedNodes, maxNodes: number): string {
  const fixes = licenceFixes(mode, counted, maxNodes);
  const licence = `put a licence that allows at least ${plural(fixes.needed, 'node')} at server.license`;
  const controllers = minimumControllers(mode);
  if (fixes.workersAllowed !== undefined)
    return `${licence}, or keep ${plural(fixes.workersAllowed, 'data or compute node')} in total beside ${plural(controllers, 'controller')}`;
  if (fixes.otherModes.length > 0)
    return `${licence}, or use mode ${fixes.otherModes.join(' or ')} (mode ${mode} needs at least ${plural(minimumNodes(mode), 'node')}: ${plural(controllers, 'controller')} and a data node)`;
  return licence;
}
