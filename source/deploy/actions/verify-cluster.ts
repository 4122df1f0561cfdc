import type { NodeEndpoint } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { clusterState, findLeader } from './cluster-state.js';
import { ask } from './node-session.js';

type Action = { single: boolean; controllers: readonly NodeEndpoint[]; expected: readonly string[] };

/** The final check: the single node answers, or every node of the topology is up and there is a leader. */
export async function verifyCluster(
  action: Action,
  step: StepContext,
  deploy: DeployContext,
): Promise<{ outcome: 'done'; detail: string }> {
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
  return { outcome: 'done', detail: `${action.expected.length} nodes up, leader ${leader.alias}` };
}
