import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { clusterState, findLeader } from '../node-api/cluster-state.js';
import { ask } from '../node-api/node-session.js';
import { sites } from './sites.js';
import type { Task } from './task.js';

/** The final check: the single node answers, or every node of the topology is up and there is a leader. */
async function run(
  action: ActionOf<'verify'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  if (action.single) {
    const node = action.controllers[0];
    const version = node ? await ask(deploy, node, 'version()', step.signal) : undefined;
    if (typeof version !== 'string')
      throw new StepError('node-failed', `${node?.alias ?? 'the node'} does not answer`);
    return { outcome: 'done', detail: `DolphinDB ${version}` };
  }
  const leader = await findLeader(deploy, action.controllers, step.signal);
  if (!leader) throw new StepError('node-failed', 'no controller is leader');
  const rows = await clusterState(deploy, leader, step.signal);
  if (!rows) throw new StepError('node-failed', `${leader.alias} does not answer getClusterPerf(true)`);
  const down = action.expected.filter((alias) => rows.find((row) => row.name === alias)?.state !== 1);
  if (down.length > 0)
    throw new StepError('node-failed', `not up: ${down.join(', ')}`, {
      fix: 'run `ddb-setup status`, then `ddb-setup start`',
    });
  return {
    outcome: 'done',
    detail: `${action.expected.length} nodes up, leader ${leader.alias}`,
    leader: leader.alias,
  };
}

function describe(action: ActionOf<'verify'>): string[] {
  if (action.single) return [`version() on ${sites(action.controllers)}`];
  return [`getClusterPerf(true) on the leader: ${action.expected.join(', ')} up, one leader`];
}

export const verify: Task<'verify'> = { describe, run };
