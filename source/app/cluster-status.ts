import { clusterState } from '../deploy/node-api/cluster-state.js';
import { probeNode, type NodeProbe } from '../deploy/node-api/node-probe.js';
import { ask, type NodeAccess } from '../deploy/node-api/node-session.js';
import { licenceExpiry, type LicenceExpiry } from './licence-expiry.js';
import { unreachable } from '../deploy/host-reach.js';
import type { Topology } from '../model/topology.js';
import { nodeEndpointsOf } from '../plan/planners.js';
import { defaultPasswordWorks } from './admin-password.js';
import {
  leaderVerdict,
  nodeVerdict,
  type NodeState,
  type StateSource,
  type Verdict,
} from './node-verdict.js';

export type NodeStatus = {
  readonly host: string;
  readonly alias: string;
  readonly mode: string;
  /** Seen up, seen down, or unknown (with the reason): app/node-verdict.ts. */
  readonly state: NodeState;
  /** Why the node is not up; null when it is. */
  readonly reason: string | null;
  /** Where the state comes from: the node asked directly, the controllers' view, or its host. */
  readonly source: StateSource;
  readonly leader: boolean;
  /** `getLicenseExpiration()` of an answering node, and the days left; null when not asked. */
  readonly licence: LicenceExpiry | null;
};

export type ClusterStatus = {
  /** The Raft leader as the controllers report it; null when they name none that is alive. */
  readonly leader: string | null;
  /** The controllers that named the leader. */
  readonly leaderNamedBy: readonly string[];
  /** Set when the leader itself could not be asked from here. */
  readonly leaderNote: string | null;
  readonly nodes: readonly NodeStatus[];
  /**
   * Whether admin/123456 still logs in, asked of the leader (else a controller, or the single node);
   * null when none answered.
   */
  readonly defaultAdminPassword: boolean | null;
  /** Hosts that could not be reached (powered off, network cut, login refused, key changed), with why. */
  readonly unreachable: readonly UnreachableHost[];
};

/**
 * Every node's state, from what was seen: each host tried over SSH, each node asked through its
 * own host (controllers for the leader they follow), and the controllers' `getClusterPerf(true)`
 * (facts §6.2) for nodes that neither answered nor refused. All questions go out at once, each
 * with a short timeout, so a dead host costs seconds, not minutes.
 */
export async function clusterStatus(
  topology: Topology,
  access: NodeAccess,
  signal: AbortSignal,
  today: Date = new Date(),
): Promise<ClusterStatus> {
  const { derived, endpoint } = nodeEndpointsOf(topology);
  // Each host's nodes are asked as soon as that host answers: a host that does not costs its own
  // wait, not everyone's (30 hosts, 3 of them off: the others' nodes are not held back).
  const reach = new Map(derived.usedHosts.map((host) => [host, hostReach(host, access, signal)]));
  const controllers = new Set(derived.controllers.map((node) => node.alias));
  // Controllers are asked whom they follow: one question tells both that they are up and the leader.
  const probes = new Map<string, NodeProbe | undefined>(
    await Promise.all(
      topology.nodes.map(
        async (node) =>
          [
            node.alias,
            (await reach.get(node.host))
              ? undefined
              : await probeNode(
                  access,
                  endpoint(node),
                  controllers.has(node.alias) ? 'getActiveMaster()' : 'version()',
                  signal,
                ),
          ] as const,
      ),
    ),
  );
  const unreachable = (await Promise.all(reach.values())).filter(
    (u): u is UnreachableHost => u !== undefined,
  );
  const hostProblem = new Map(unreachable.map((u) => [u.host, u.reason]));
  const answered = (alias: string) => probes.get(alias)?.kind === 'answered';
  // The controllers' view of every node, from the first answering controller that gives it.
  let view: Map<string, 'up' | 'down'> | undefined;
  for (const controller of derived.controllers.filter((c) => answered(c.alias))) {
    const rows = await clusterState(access, endpoint(controller), signal);
    if (rows) {
      view = new Map(rows.map((row) => [row.name, row.state === 1 ? 'up' : 'down']));
      break;
    }
  }
  const verdicts = new Map<string, Verdict>(
    topology.nodes.map((node) => [
      node.alias,
      nodeVerdict({
        hostProblem: hostProblem.get(node.host),
        probe: probes.get(node.alias),
        controllersSay: view?.get(node.alias),
        host: node.host,
        port: node.port,
      }),
    ]),
  );
  const named = new Map<string, string>();
  for (const alias of controllers) {
    const probe = probes.get(alias);
    if (probe?.kind === 'answered' && typeof probe.value === 'string' && probe.value !== '')
      named.set(alias, probe.value);
  }
  const leader = leaderVerdict([...controllers], named, verdicts);
  // Users live on the controllers (facts §1.1 admin/123456); in mode single on the node itself.
  const adminNodes = topology.nodes
    .filter((node) => (controllers.size > 0 ? controllers.has(node.alias) : true) && answered(node.alias))
    .sort((a, b) => Number(b.alias === leader.leader) - Number(a.alias === leader.leader))
    .map(endpoint);
  const defaultAdminPassword = await defaultPasswordWorks(access, adminNodes, signal);
  const expiries = new Map(
    await Promise.all(
      topology.nodes
        .filter((node) => answered(node.alias))
        .map(async (node) => {
          const days = await ask(access, endpoint(node), 'getLicenseExpiration()', signal);
          return [node.alias, typeof days === 'number' ? licenceExpiry(days, today) : null] as const;
        }),
    ),
  );
  const nodes = topology.nodes.map((node): NodeStatus => {
    const verdict = verdicts.get(node.alias) ?? { state: 'unknown', source: 'node' };
    return {
      host: node.host,
      alias: node.alias,
      mode: node.mode,
      state: verdict.state,
      reason: verdict.reason ?? null,
      source: verdict.source,
      leader: leader.leader === node.alias,
      licence: expiries.get(node.alias) ?? null,
    };
  });
  return {
    leader: leader.leader,
    leaderNamedBy: leader.namedBy,
    leaderNote: leader.note ?? null,
    nodes,
    defaultAdminPassword,
    unreachable,
  };
}

/** A host no command could run on, in the words `deploy` uses, and what to do when known. */
export type UnreachableHost = { readonly host: string; readonly reason: string; readonly fix: string | null };

/** How long a host has to run `true` over its connection before status calls it not reached. */
const hostReplyMs = 5_000;

/**
 * Whether a command runs on the host (deploy/host-reach.ts: a quick `true`), with the connection's
 * words when not. Bounded here too: over a connection opened in an earlier round of `--watch` to a
 * host that has since gone silent, nothing fails until keep-alives give up (15 s); such a
 * connection is closed, so the next round opens a new one (and fails fast if the host is gone).
 */
async function hostReach(
  host: string,
  access: NodeAccess,
  signal: AbortSignal,
): Promise<UnreachableHost | undefined> {
  const executor = access.executor(host);
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<'silent'>((resolve) => {
    timer = setTimeout(() => resolve('silent'), hostReplyMs);
  });
  try {
    const failure = await Promise.race([unreachable(executor, signal, hostReplyMs), silent]);
    if (failure === undefined) return undefined;
    if (failure === 'silent') {
      void executor.close().catch(() => undefined);
      return {
        host,
        reason: `${host} did not answer within ${hostReplyMs / 1000} s`,
        fix: 'check that the host is up and that the network between it and this machine works',
      };
    }
    const reason = failure.cause ? `${failure.message} (${failure.cause})` : failure.message;
    return { host, reason, fix: failure.fix ?? null };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A status in which no node could be seen, each unknown for `reason` (a round of `--watch` that did
 * not finish in time): never the states of an earlier round.
 */
export function everyNodeUnknown(topology: Topology, reason: string): ClusterStatus {
  return {
    leader: null,
    leaderNamedBy: [],
    leaderNote: null,
    nodes: topology.nodes.map((node) => ({
      host: node.host,
      alias: node.alias,
      mode: node.mode,
      state: 'unknown',
      reason,
      source: 'node',
      leader: false,
      licence: null,
    })),
    defaultAdminPassword: null,
    unreachable: [],
  };
}
