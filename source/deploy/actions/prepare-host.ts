import { prepareScript, remoteExit } from '../../plan/remote-scripts.js';
import type { StepContext } from '../run-plan.js';
import type { DeployContext } from '../deploy-context.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from './must-succeed.js';
import { quickScriptMs } from '../script-limits.js';

type Action = { cluster: string; clusterDir: string; dirs: readonly string[] };

/** Creates the directories; refuses a cluster directory that ddb-setup did not create. */
export async function prepareHost(
  action: Action,
  step: StepContext,
  deploy: DeployContext,
): Promise<'done' | 'unchanged'> {
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
  return result.stdout.includes('created') ? 'done' : 'unchanged';
}
