import { clusterState, findLeader, type NodeState } from '../deploy/node-api/cluster-state.js';
import { ask, type NodeAccess } from '../deploy/node-api/node-session.js';
import { explain } from '../deploy/step-error.js';
import type { Topology } from '../model/topology.js';
import { nodeEndpointsOf } from '../plan/planners.js';
import { defaultPasswordWorks } from './admin-password.js';

export type NodeStatus = {
  readonly host: string;
  readonly alias: string;
  readonly mode: string;
  /** `unknown` when no controller could be asked and the node itself was not reachable. */
  readonly state: 'up' | 'down' | 'unknown';
  readonly leader: boolean;
};

export type ClusterStatus = {
  readonly leader: string | null;
  readonly nodes: readonly NodeStatus[];
  /**
   * Whether admin/123456 still logs in, asked of the leader (else a controller, or the single node);
   * null when none answered.
   */
  readonly defaultAdminPassword: boolean | null;
  /** Hosts that could not be reached (powered off, network cut, login refused), with why. */
  readonly unreachable: readonly { readonly host: string; readonly reason: string }[];
};

/**
 * Every node's state: the leader's `getClusterPerf(true)` when a leader answers (facts §6.2), else
 * each controller, agent or single node asked directly. All questions go out at once, each with a
 * short timeout, so a dead host costs seconds, not minutes.
 */
export async function clusterStatus(
  topology: Topology,
  access: NodeAccess,
  signal: AbortSignal,
): Promise<ClusterStatus> {
  const { derived, endpoint } = nodeEndpointsOf(topology);
  const direct = topology.nodes.filter((node) => node.mode !== 'datanode' && node.mode !== 'computenode');
  const [named, answers, unreachable] = await Promise.all([
    derived.controllers.length > 0
      ? findLeader(access, derived.controllers.map(endpoint), signal)
      : undefined,
    Promise.all(
      direct.map(
        async (node) => [node.alias, await ask(access, endpoint(node), 'version()', signal)] as const,
      ),
    ),
    unreachableHosts(derived.usedHosts, access, signal),
  ]);
  const cutOff = new Set(unreachable.map((u) => u.host));
  const reachable = new Map(answers.map(([alias, answer]) => [alias, answer !== undefined]));
  // findLeader takes no leader that does not answer itself (the others name a dead one until they
  // re-elect, about raftElectionTick).
  const leader = named;
  // The cluster's view from the leader, or else from any controller that answers.
  const askable = [
    ...(leader ? [leader] : []),
    ...derived.controllers.map(endpoint).filter((c) => reachable.get(c.alias)),
  ];
  let rows: NodeState[] = [];
  for (const controller of askable) {
    const state = await clusterState(access, controller, signal);
    if (state) {
      rows = state;
      break;
    }
  }
  // Users live on the controllers (facts §1.1 admin/123456); in mode single on the node itself.
  const adminNodes =
    derived.controllers.length > 0
      ? askable
      : direct.filter((node) => reachable.get(node.alias)).map(endpoint);
  const defaultAdminPassword = await defaultPasswordWorks(access, adminNodes, signal);
  const nodes = topology.nodes.map((node): NodeStatus => {
    const row = rows.find((r) => r.name === node.alias);
    const direct = reachable.get(node.alias);
    // A node that does not answer when asked directly is down, whatever a controller's older view
    // says (it notices only when heartbeats time out); data and compute nodes are known from it.
    // A node on a host that cannot be reached is never reported up: the leader's view of it is
    // stale until heartbeats time out.
    const state =
      direct === false
        ? 'down'
        : direct === true
          ? 'up'
          : cutOff.has(node.host)
            ? 'unknown'
            : row?.state === 1
              ? 'up'
              : row
                ? 'down'
                : 'unknown';
    return {
      host: node.host,
      alias: node.alias,
      mode: node.mode,
      state,
      leader: leader?.alias === node.alias,
    };
  });
  return { leader: leader?.alias ?? null, nodes, defaultAdminPassword, unreachable };
}

/** Hosts where no command runs (a quick `true` over each connection), with the connection's words. */
async function unreachableHosts(
  hosts: readonly string[],
  access: NodeAccess,
  signal: AbortSignal,
): Promise<{ host: string; reason: string }[]> {
  const results = await Promise.all(
    hosts.map(async (host) => {
      try {
        await access.executor(host).exec('true', { signal, timeoutMs: 5_000 });
        return undefined;
      } catch (error) {
        return { host, reason: explain(error).message };
      }
    }),
  );
  return results.filter((r): r is { host: string; reason: string } => r !== undefined);
}
