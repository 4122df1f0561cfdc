import type { Topology } from '../model/topology.js';
import type { ClusterStatus } from './cluster-status.js';
import { expiryWarning } from './licence-expiry.js';
import type { swarmMembership } from './swarm-membership.js';

export type SwarmView = Awaited<ReturnType<typeof swarmMembership>>;

/** One round of `status`: what clusterStatus saw, and the swarm's membership in mode swarm. */
export type StatusRound = { readonly status: ClusterStatus; readonly swarm: SwarmView | undefined };

/**
 * The JSON document of `status --format json` (help: status), before serialising: also the
 * support bundle's status.json, so both say the same in the same shape.
 */
export function statusJson(topology: Topology, { status, swarm }: StatusRound): Record<string, unknown> {
  return {
    cluster: topology.name,
    mode: topology.mode,
    leader: status.leader,
    leaderNamedBy: status.leaderNamedBy,
    leaderNote: status.leaderNote,
    defaultAdminPassword: status.defaultAdminPassword,
    nodes: status.nodes,
    licenceWarning: expiryWarning(status.nodes) ?? null,
    unreachable: status.unreachable,
    ...(swarm ? { swarm: 'members' in swarm ? swarm.members : null } : {}),
    ...(swarm && 'problem' in swarm ? { swarmProblem: swarm.problem } : {}),
  };
}
