import { nodeScript, stopIfPresentScript } from '../../remote/remote-scripts.js';
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
    const result = await executor.exec(script(action), {
      signal: step.signal,
      onLine: step.output,
    });
    mustSucceed(result, `${action.script} on ${executor.host}`);
    return /is not running/.test(result.stdout)
      ? { outcome: 'unchanged', detail: 'was not running' }
      : { outcome: 'done', detail: 'stopped' };
  });
}

/** The stop command; in destroy, a stop.sh already removed is a node already stopped. */
function script(action: ActionOf<'stop-node'>): string {
  return action.scriptMayBeGone
    ? stopIfPresentScript(action.script, action.node.alias)
    : nodeScript(action.script);
}

function describe(action: ActionOf<'stop-node'>): string[] {
  return [script(action)];
}

export const stopNode: Task<'stop-node'> = { describe, run };
