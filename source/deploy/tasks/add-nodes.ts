import type { ActionOf, NodeEndpoint } from '../../plan/plan.js';
import { ddbString } from '../dolphindb/client.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { clusterState } from '../node-api/cluster-state.js';
import { poll, runAsAdmin } from '../node-api/node-session.js';
import { leaderForStep } from '../node-api/switch-workers.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { sites } from './sites.js';
import type { Task } from './task.js';

type NewNode = ActionOf<'add-nodes'>['nodes'][number];

/**
 * `addNode` for one node (facts §12.1). saveConfig is false: write-files already wrote cluster.nodes
 * on every controller. A data node is added without the nodeType argument, which is its default:
 * 1.30 servers have no such parameter and would refuse the call with it.
 */
export function addNodeCall({ node, mode }: NewNode): string {
  const args = [ddbString(node.address), String(node.port), ddbString(node.alias), 'false'];
  if (mode !== 'datanode') args.push(ddbString(mode));
  return `addNode(${args.join(', ')})`;
}

/** The aliases the leader's getClusterPerf(true) lists; throws when the leader does not answer. */
async function knownAliases(deploy: DeployContext, leader: NodeEndpoint, signal: AbortSignal) {
  const rows = await clusterState(deploy, leader, signal);
  if (!rows)
    throw new StepError('node-failed', `the leader ${leader.alias} did not answer getClusterPerf(true)`, {
      fix: 'run `ddb-setup status`, then the same command again',
    });
  return new Set(rows.map((row) => row.name));
}

/**
 * Adds the data and compute nodes the running controllers do not know yet, on the leader, and
 * waits until it lists them. They join stopped (state 0): a later step starts them.
 */
async function run(
  action: ActionOf<'add-nodes'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const leader = await leaderForStep(action.controllers, step, deploy, {
    aborted: 'aborted while looking for the leader',
    noLeader: 'no controller is leader: nodes can be added only through the leader',
    noLeaderFix:
      'run `ddb-setup status` to see which controllers are down, start them, then run the same command again',
  });
  const known = await knownAliases(deploy, leader, step.signal);
  const todo = action.nodes.filter(({ node }) => !known.has(node.alias));
  if (todo.length === 0) return { outcome: 'unchanged', detail: 'the cluster knows every node already' };
  for (const added of todo) {
    const call = addNodeCall(added);
    step.output(`${call} on ${leader.alias}`);
    try {
      await runAsAdmin(deploy, leader, call, step.signal);
    } catch (error) {
      if (error instanceof StepError) throw error;
      throw new StepError('node-failed', `${call} on ${leader.alias} failed: ${(error as Error).message}`, {
        fix: 'run `ddb-setup status`: the leader must be up and the alias, address and port free in the cluster; then run the same command again',
      });
    }
  }
  const aliases = todo.map(({ node }) => node.alias);
  const listed = await poll(
    async () => {
      const now = await clusterState(deploy, leader, step.signal);
      return now && aliases.every((alias) => now.some((row) => row.name === alias)) ? true : undefined;
    },
    { timeoutMs: deploy.startTimeoutMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while the nodes were being added');
  if (!listed)
    throw new StepError(
      'node-failed',
      `${leader.alias} accepted addNode but does not list ${aliases.join(', ')}`,
      {
        fix: 'run `ddb-setup status`; run the same command again to add what is missing',
      },
    );
  return { outcome: 'done', detail: `added ${aliases.join(', ')} (stopped until started)` };
}

function describe(action: ActionOf<'add-nodes'>): string[] {
  return [
    `getClusterPerf(true) on the leader of ${sites(action.controllers)}: the aliases it knows`,
    'for each node it does not know, on the leader as the administrator:',
    ...action.nodes.map((added) => `  ${addNodeCall(added)}`),
    'getClusterPerf(true) on the leader until it lists them (added stopped)',
  ];
}

export const addNodes: Task<'add-nodes'> = { describe, run };
