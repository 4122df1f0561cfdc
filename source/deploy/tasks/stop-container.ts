import type { ActionOf } from '../../plan/plan.js';
import { stopContainerScript } from '../../remote/docker-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import { stopOnHost } from '../host-reach.js';
import type { StepContext } from '../run-plan.js';
import type { Task } from './task.js';

/** How long a node gets to exit after SIGTERM before Docker kills it. */
const graceSeconds = 120;

/** Stops a controller's or agent's container: SIGTERM to the node, and time to exit. */
async function run(
  action: ActionOf<'stop-container'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(action.node.host);
  return stopOnHost(action.node, executor, step.signal, async () => {
    const result = await executor.exec(stopContainerScript(action.container, graceSeconds), {
      signal: step.signal,
      onLine: step.output,
      timeoutMs: (graceSeconds + 60) * 1000,
    });
    mustSucceed(result, `docker stop ${action.container} on ${executor.host}`);
    return /stopped$/.test(result.stdout.trim())
      ? { outcome: 'done', detail: 'stopped' }
      : { outcome: 'unchanged', detail: 'was not running' };
  });
}

function describe(action: ActionOf<'stop-container'>): string[] {
  return [stopContainerScript(action.container, graceSeconds)];
}

export const stopContainer: Task<'stop-container'> = { describe, run };
