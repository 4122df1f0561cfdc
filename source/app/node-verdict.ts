/**
 * How `status` decides each node's state from what it saw, never from what it did not: pure, so
 * every combination is tested without a cluster.
 *
 * - `up`: the node answered when asked through its own host.
 * - `down`: seen down: its port was refused on its own host, or the controllers' view says so
 *   while the node could not be asked.
 * - `unknown`, with the reason: its host could not be reached or logged in to (the same words
 *   `deploy` uses), or the node neither answered nor refused.
 */
import type { NodeProbe } from '../deploy/node-api/node-probe.js';

export type NodeState = 'up' | 'down' | 'unknown';

/** Where a state comes from: the node itself, the controllers' view, or its host. */
export type StateSource = 'node' | 'controllers' | 'host';

export type Verdict = {
  readonly state: NodeState;
  /** Why it is not up (absent when up). */
  readonly reason?: string;
  readonly source: StateSource;
};

export type NodeEvidence = {
  /** Why the node's host could not be used (SSH failed), or undefined when it was reachable. */
  readonly hostProblem: string | undefined;
  /** Asking the node directly; undefined when its host could not be reached. */
  readonly probe: NodeProbe | undefined;
  /** The controllers' view of the node (getClusterPerf state 1 = up), when one answered. */
  readonly controllersSay: 'up' | 'down' | undefined;
  readonly host: string;
  readonly port: number;
};

export function nodeVerdict(evidence: NodeEvidence): Verdict {
  const { hostProblem, probe, controllersSay } = evidence;
  // The controllers' view lags (heartbeats time out after seconds): never enough for `up` on a
  // host nothing here can reach.
  if (hostProblem !== undefined)
    return { state: 'unknown', reason: `${evidence.host}: ${hostProblem}`, source: 'host' };
  if (probe?.kind === 'answered') return { state: 'up', source: 'node' };
  if (probe?.kind === 'refused')
    return {
      state: 'down',
      reason: `port ${evidence.port} refused on ${evidence.host} (not running)`,
      source: 'node',
    };
  if (controllersSay === 'down')
    return { state: 'down', reason: 'the controllers see it down', source: 'controllers' };
  return {
    state: 'unknown',
    reason: probe ? `did not answer: ${probe.message}` : 'not asked',
    source: 'node',
  };
}

/** The leader as the controllers report it, and who said so. */
export type LeaderVerdict = {
  readonly leader: string | null;
  /** The controllers that named it (a majority, or the only one). */
  readonly namedBy: readonly string[];
  /** Set when the leader itself could not be asked from here (its host unreachable). */
  readonly note?: string;
};

/**
 * The Raft leader: the controller a majority of the answering controllers name (or the only
 * controller's answer). A named leader that refuses on its own host is gone (the others name it
 * until they re-elect): no leader. One whose host cannot be reached from here may be alive: the
 * controllers' word is reported, with that said.
 */
export function leaderVerdict(
  controllers: readonly string[],
  named: ReadonlyMap<string, string>,
  verdicts: ReadonlyMap<string, Verdict>,
): LeaderVerdict {
  const votes = new Map<string, string[]>();
  for (const [voter, leader] of named) votes.set(leader, [...(votes.get(leader) ?? []), voter]);
  const majority = Math.floor(controllers.length / 2) + 1;
  for (const [leader, voters] of votes) {
    if (voters.length < majority && controllers.length > 1) continue;
    const seen = verdicts.get(leader);
    if (seen?.state === 'up') return { leader, namedBy: voters };
    if (seen?.state === 'unknown' && seen.source === 'host')
      return { leader, namedBy: voters, note: `${leader} itself cannot be asked from here (${seen.reason})` };
  }
  return { leader: null, namedBy: [] };
}
