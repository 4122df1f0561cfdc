import type { ActionOf } from '../../plan/plan.js';
import { forgetScript, markerRecords, recordedScript } from '../../remote/destroy-scripts.js';
import { removeNetworkScript } from '../../remote/docker-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import type { Task } from './task.js';

/**
 * Removes the overlay network when the manager's marker records that ddb-setup created it; one made
 * by hand (seed 000 makes it so) is kept.
 */
async function run(
  action: ActionOf<'remove-network'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const line = markerRecords.networkCreated(action.network);
  const recorded = await executor.exec(recordedScript(action.markerDir, line), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  if (recorded.code !== 0)
    return { outcome: 'unchanged', detail: `kept: ddb-setup did not create ${action.network}` };
  const result = await executor.exec(removeNetworkScript(action.network), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(result, `docker network rm ${action.network} on ${executor.host}`);
  mustSucceed(
    await executor.exec(forgetScript(action.markerDir, line), {
      signal: step.signal,
      timeoutMs: quickScriptMs,
    }),
    `updating ddb-setup's marker on ${executor.host}`,
  );
  return result.stdout.trim() === 'removed'
    ? { outcome: 'done', detail: 'removed' }
    : { outcome: 'unchanged', detail: 'not there' };
}

function describe(action: ActionOf<'remove-network'>): string[] {
  const line = markerRecords.networkCreated(action.network);
  return [
    `${recordedScript(action.markerDir, line)}   (only a network ddb-setup created is removed)`,
    removeNetworkScript(action.network),
    forgetScript(action.markerDir, line),
  ];
}

export const removeNetwork: Task<'remove-network'> = { describe, run };
