import type { ActionOf } from '../../plan/plan.js';
import { removeCreatedScript, removeExit } from '../../remote/destroy-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { unreachable } from '../host-reach.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/**
 * Removes what ddb-setup created on the host (destroy), saying each path it removed and each it
 * kept; nothing when the directory is gone already, so a second destroy changes nothing.
 */
async function run(
  action: ActionOf<'remove-created'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const cut = await unreachable(executor, step.signal);
  if (cut)
    throw new StepError(cut.kind, `nothing removed on ${executor.host}: ${cut.message}`, {
      fix: `${cut.fix ? `${cut.fix}; ` : ''}once it can be reached, run destroy again: it finishes what is left`,
    });
  const result = await executor.exec(removeCreatedScript(action), {
    signal: step.signal,
    onLine: step.output,
  });
  if (result.code === removeExit.foreign)
    throw new StepError(
      'refused',
      `${action.root} on ${executor.host} was not created by ddb-setup: nothing in it was touched`,
      {
        fix: 'check deployDir and the cluster name in the topology: destroy removes only a deployment ddb-setup made',
      },
    );
  if (result.code === removeExit.running)
    throw new StepError('refused', result.stderr.trim().split('\n').pop() ?? 'processes still run', {
      fix: `stop them (ddb-setup stop, or their stop.sh on ${executor.host}), then run destroy again`,
    });
  mustSucceed(result, `removing what ddb-setup created in ${action.root} on ${executor.host}`);
  const lines = result.stdout.split('\n');
  if (lines.includes('absent')) return { outcome: 'unchanged', detail: `${action.root} is not there` };
  const removed = lines.filter((line) => line.startsWith('removed ')).length;
  const kept = lines.filter((line) => line.startsWith('kept ')).length;
  const keptSaid = kept > 0 ? `; ${kept} kept (listed above)` : '';
  return removed === 0
    ? { outcome: 'unchanged', detail: `nothing of ddb-setup's left to remove${keptSaid}` }
    : { outcome: 'done', detail: `${removed} removed${keptSaid}` };
}

function describe(action: ActionOf<'remove-created'>): string[] {
  return [removeCreatedScript(action).trimEnd()];
}

export const removeCreated: Task<'remove-created'> = { describe, run };
