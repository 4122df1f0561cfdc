import type { NodeMode, Topology } from '../model/topology.js';

/**
 * A Layout count as typed: '' (the mode's default), one number for every host ('2'), or one per
 * host in host order ('2,1,1') for layouts whose hosts differ — the form an opened file's rows need.
 */
export type HostCount = number | readonly number[] | undefined;

/** The typed count, or 'invalid' when it is neither a whole number nor a list of them. */
export function parseHostCount(value: string, max: number): HostCount | 'invalid' {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const parts = trimmed.split(',').map((part) => part.trim());
  if (!parts.every((part) => /^\d+$/.test(part) && Number(part) <= max)) return 'invalid';
  const counts = parts.map(Number);
  return counts.length === 1 ? counts[0] : counts;
}

/** How many processes of `mode` each host runs, in host order. */
export function countsPerHost(topology: Pick<Topology, 'hosts' | 'nodes'>, mode: NodeMode): number[] {
  return topology.hosts.map(
    (host) => topology.nodes.filter((node) => node.host === host.name && node.mode === mode).length,
  );
}

/** '2' when every host runs the same number, else '2,1,1' (as the Layout screen reads it back). */
export function formatHostCounts(counts: readonly number[]): string {
  const first = counts[0] ?? 0;
  return counts.every((count) => count === first) ? String(first) : counts.join(',');
}
