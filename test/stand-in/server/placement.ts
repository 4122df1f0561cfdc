/**
 * Where a new chunk's replicas go (facts §2.5): `dfsReplicationFactor` distinct live data nodes —
 * never compute nodes — and "writes fail unless online data nodes ≥ dfsReplicationFactor".
 * `dfsReplicaReliabilityLevel` 1: replicas must be on different servers; 0 and 2: different servers
 * are preferred, the same server allowed (facts §2.5: 0 "may share", 2 "spread when resources
 * allow"). Among equals, the node holding fewest chunks first, then by alias (stand-in choice).
 */
import { ScriptError } from './errors.js';
import { sameHost } from './sites.js';

export type Candidate = { readonly alias: string; readonly host: string; readonly chunks: number };

export function placeReplicas(
  live: readonly Candidate[],
  factor: number,
  reliabilityLevel: number,
): string[] {
  if (live.length < factor)
    // stand-in wording (facts §2.5: the write fails)
    throw new ScriptError(
      `Not enough online data nodes for dfsReplicationFactor ${factor}: ${live.length} online.`,
    );
  const ordered = [...live].sort((a, b) => a.chunks - b.chunks || a.alias.localeCompare(b.alias));
  const chosen: Candidate[] = [];
  for (const c of ordered)
    if (chosen.length < factor && !chosen.some((x) => sameHost(x.host, c.host))) chosen.push(c);
  if (chosen.length < factor && reliabilityLevel === 1)
    throw new ScriptError(
      `dfsReplicaReliabilityLevel=1 needs ${factor} servers with online data nodes; ${chosen.length} found.`,
    );
  for (const c of ordered) if (chosen.length < factor && !chosen.includes(c)) chosen.push(c);
  return chosen.map((c) => c.alias);
}
