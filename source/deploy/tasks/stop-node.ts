import { nodeScript } from '../../remote/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { mustSucceed } from '../must-succeed.js';
import { stopOnHost } from '../host-reach.js';
import type { ActionOf } from '../../plan/plan.js';
import type { StepResult } from '../events.js';
import type { Task } from './task.js';

/** Stops a controller, agent or single node with its stop.sh (SIGTERM and wait), when its host can be reached. */
async function run(
  action: ActionOf<'stop-node'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(action.node.host);
  return stopOnHost(action.node, executor, step.signal, async () => {
    const result = await executor.exec(nodeScript(action.script), {
      signal: step.signal,
      onLine: step.output,
    });
    mustSucceed(result, `${action.script} on ${executor.host}`);
    return /is not running/.test(result.stdout)
      ? { outcome: 'unchanged', detail: 'was not running' }
      : { outcome: 'done', detail: 'stopped' };
  });
}

function describe(action: ActionOf<'stop-node'>): string[] {
  return [nodeScript(action.script)];
}

export const stopNode: Task<'stop-node'> = { describe, run };
