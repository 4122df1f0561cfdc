import type { ActionOf } from '../../plan/plan.js';
import { removeContainerScript } from '../../remote/docker-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** Removes a stopped container of this deployment (destroy); one of another is refused, untouched. */
async function run(
  action: ActionOf<'remove-container'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const result = await executor.exec(removeContainerScript(action.container, action.cfgDir), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  if (result.code === 3)
    throw new StepError('refused', result.stderr.trim(), {
      fix: `a container named ${action.container} that is not this deployment's stays: rename or remove it yourself if it should go`,
    });
  mustSucceed(result, `docker rm ${action.container} on ${executor.host}`);
  return result.stdout.trim() === 'removed'
    ? { outcome: 'done', detail: 'removed' }
    : { outcome: 'unchanged', detail: 'not there' };
}

function describe(action: ActionOf<'remove-container'>): string[] {
  return [removeContainerScript(action.container, action.cfgDir)];
}

export const removeContainer: Task<'remove-container'> = { describe, run };
