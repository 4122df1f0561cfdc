import { chunkReplicasQuery, chunksHeldBy } from '../deploy/node-api/chunk-holders.js';
import { pollLeader } from '../deploy/node-api/cluster-state.js';
import { ask, type NodeAccess } from '../deploy/node-api/node-session.js';
import type { Plan } from '../plan/plan.js';

/** How long to wait for a leader before refusing: an election takes seconds (facts §2.6). */
const leaderWaitMs = 20_000;

/**
 * Before a change removes data nodes (a `remove-workers` step): whether any of them holds a chunk
 * replica, asked on the leader (getClusterChunksStatus, facts §12.1). Such a removal is refused
 * before anything changes, with what to do; so is one whose leader cannot be asked. The step asks
 * again when it runs. Undefined: nothing to refuse.
 */
export async function removalRefusal(
  plan: Plan,
  access: NodeAccess,
  signal: AbortSignal,
): Promise<{ readonly message: string; readonly fix: string } | undefined> {
  const step = plan.steps.find((s) => s.action.type === 'remove-workers');
  if (step?.action.type !== 'remove-workers' || step.action.dataNodes.length === 0) return undefined;
  const { controllers, dataNodes } = step.action;
  const leader = await pollLeader(access, controllers, signal, leaderWaitMs);
  const rows = leader ? await ask(access, leader, chunkReplicasQuery, signal, { login: true }) : undefined;
  if (!Array.isArray(rows))
    return {
      message: `the topology removes ${dataNodes.join(', ')}, and no leader answered getClusterChunksStatus() to tell whether ${dataNodes.length === 1 ? 'it holds' : 'they hold'} data`,
      fix: 'start the controllers (`ddb-setup status` shows which are down), then run the same command again',
    };
  const held = [...chunksHeldBy(rows, dataNodes)];
  if (held.length === 0) return undefined;
  const aliases = held.map(([alias]) => alias);
  return {
    message: `${held.map(([alias, count]) => `${alias} holds ${count} ${count === 1 ? 'chunk' : 'chunks'}`).join('; ')}: deploy does not remove a data node that holds data`,
    fix: `move its chunks first: rebalanceChunksAmongDataNodes(exec=false) on the controller shows the plan, exec=true runs it, getRecoveryTaskStatus() follows it (facts §12.1); or keep ${aliases.join(', ')} in the topology`,
  };
}
