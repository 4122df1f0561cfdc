import type { NodeEndpoint } from '../../plan/plan.js';
import type { DdbValue } from '../dolphindb/decode.js';
import { ask, poll, type NodeAccess } from './node-session.js';

/** One row of `getClusterPerf(true)` (facts §6.2), the fields ddb-setup reads. */
export type NodeState = {
  readonly name: string;
  readonly mode: number;
  readonly state: number;
  readonly isLeader: boolean | null;
  readonly host: string;
  readonly port: number;
};

/** The leader's alias as a majority of the controllers report it (`getActiveMaster()`, facts §6.2). */
export async function findLeader(
  deploy: NodeAccess,
  controllers: readonly NodeEndpoint[],
  signal: AbortSignal,
): Promise<NodeEndpoint | undefined> {
  const answers = await Promise.all(controllers.map((c) => ask(deploy, c, 'getActiveMaster()', signal)));
  const votes = new Map<string, number>();
  for (const answer of answers)
    if (typeof answer === 'string' && answer !== '') votes.set(answer, (votes.get(answer) ?? 0) + 1);
  const majority = Math.floor(controllers.length / 2) + 1;
  // A leader that does not answer itself is gone (stopped, or its host down): the others name it
  // until they notice and elect another (about raftElectionTick).
  const answering = new Set(controllers.filter((_, i) => typeof answers[i] === 'string').map((c) => c.alias));
  for (const [alias, count] of votes)
    if ((count >= majority || controllers.length === 1) && answering.has(alias))
      return controllers.find((c) => c.alias === alias);
  return undefined;
}

/**
 * Waits up to `timeoutMs` for a leader: one may be being elected (a controller just stopped or
 * restarted; about raftElectionTick, facts §6.2). Undefined when none is found in time or on abort.
 */
export function pollLeader(
  deploy: NodeAccess,
  controllers: readonly NodeEndpoint[],
  signal: AbortSignal,
  timeoutMs: number,
): Promise<NodeEndpoint | undefined> {
  return poll(() => findLeader(deploy, controllers, signal), { timeoutMs, intervalMs: 1_000, signal });
}

/** `getClusterPerf(true)` on the leader, as rows; undefined when it does not answer. */
export async function clusterState(
  deploy: NodeAccess,
  leader: NodeEndpoint,
  signal: AbortSignal,
): Promise<NodeState[] | undefined> {
  const table = await ask(deploy, leader, 'getClusterPerf(true)', signal);
  if (!Array.isArray(table)) return undefined;
  return table.map((row) => toState(row));
}

function toState(row: DdbValue): NodeState {
  const r = (row ?? {}) as Record<string, DdbValue>;
  return {
    name: String(r['name'] ?? ''),
    mode: Number(r['mode'] ?? -1),
    state: Number(r['state'] ?? 0),
    isLeader: typeof r['isLeader'] === 'boolean' ? r['isLeader'] : null,
    host: String(r['host'] ?? ''),
    port: Number(r['port'] ?? 0),
  };
}
