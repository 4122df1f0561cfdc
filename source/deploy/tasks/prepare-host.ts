import { prepareScript, remoteExit } from '../../remote/remote-scripts.js';
import type { StepContext } from '../run-plan.js';
import type { DeployContext } from '../deploy-context.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from '../must-succeed.js';
import { quickScriptMs } from '../script-limits.js';
import type { ActionOf } from '../../plan/plan.js';
import type { StepResult } from '../events.js';
import type { Task } from './task.js';

/** Creates the directories; refuses a cluster directory that ddb-setup did not create. */
async function run(
  action: ActionOf<'prepare-host'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const result = await executor.exec(prepareScript(action.clusterDir, action.cluster, action.dirs), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  if (result.code === remoteExit.foreignDirectory)
    throw new StepError(
      'refused',
      `${action.clusterDir} on ${executor.host} exists and was not created by ddb-setup`,
      {
        fix: 'ddb-setup never writes into a directory it did not create: choose another deployDir or cluster name, or move that directory away',
      },
    );
  mustSucceed(result, `create directories under ${action.clusterDir} on ${executor.host}`);
  return { outcome: result.stdout.includes('created') ? 'done' : 'unchanged' };
}

function describe(action: ActionOf<'prepare-host'>): string[] {
  return [prepareScript(action.clusterDir, action.cluster, action.dirs)];
}

export const prepareHost: Task<'prepare-host'> = { describe, run };
