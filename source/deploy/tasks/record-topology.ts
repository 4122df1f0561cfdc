import { createHash } from 'node:crypto';
import { checksumScript } from '../../remote/remote-scripts.js';
import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';
import type { Task } from './task.js';
import { mustSucceed } from '../must-succeed.js';
import { quickScriptMs } from '../script-limits.js';

/**
 * Writes the applied topology on the host unless it is already there. Replaced whole (written
 * aside, then renamed) and not backed up: it is ddb-setup's own record, and the previous one is in
 * the journal of the run that wrote it.
 */
async function run(
  { path, contents }: ActionOf<'record-topology'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const listing = await executor.exec(checksumScript([path]), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(listing, `read ${path} on ${executor.host}`);
  const wanted = createHash('sha256').update(contents).digest('hex');
  if (listing.stdout.startsWith(`${wanted}  `))
    return { outcome: 'unchanged', detail: 'the applied topology is already recorded' };
  await executor.writeFiles([{ path, contents, mode: 0o644 }]);
  step.output(`wrote ${path}`);
  return { outcome: 'done', detail: 'applied topology recorded' };
}

function describe(action: ActionOf<'record-topology'>): string[] {
  return [
    checksumScript([action.path]),
    `write ${action.path} (mode 0644) unless identical: the topology this deploy applied`,
  ];
}

export const recordTopology: Task<'record-topology'> = { describe, run };
