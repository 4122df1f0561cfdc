import type { ActionOf } from '../../plan/plan.js';
import { carryLicenseScript } from '../../remote/upgrade-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import type { Task } from './task.js';

/** The running version's licence into the new version's directory, when the topology names none. */
async function run(
  action: ActionOf<'carry-license'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const result = await executor.exec(carryLicenseScript(action.from, action.target), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(result, `copy the licence on ${executor.host}`);
  const said = result.stdout.trim();
  if (said === 'copied') return { outcome: 'done', detail: `from ${action.from}` };
  return { outcome: 'unchanged', detail: said === 'absent' ? `no ${action.from}` : 'the same licence' };
}

function describe(action: ActionOf<'carry-license'>): string[] {
  return [carryLicenseScript(action.from, action.target)];
}

export const carryLicense: Task<'carry-license'> = { describe, run };
