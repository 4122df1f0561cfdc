import type { NodeEndpoint } from '../../plan/plan.js';
import { nodeScript } from '../../plan/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { mustSucceed } from './must-succeed.js';

type Action = { node: NodeEndpoint; script: string };

/** Stops a controller, agent or single node with its stop.sh (SIGTERM and wait). */
export async function stopNode(
  action: Action,
  step: StepContext,
  deploy: DeployContext,
): Promise<{ outcome: 'done' | 'unchanged'; detail: string }> {
  const executor = deploy.executor(action.node.host);
  const result = await executor.exec(nodeScript(action.script), { signal: step.signal, onLine: step.output });
  mustSucceed(result, `${action.script} on ${executor.host}`);
  return /is not running/.test(result.stdout)
    ? { outcome: 'unchanged', detail: 'was not running' }
    : { outcome: 'done', detail: 'stopped' };
}
