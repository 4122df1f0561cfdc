import type { ActionOf } from '../../plan/plan.js';
import { nodeScript } from '../../remote/remote-scripts.js';
import { markerRecords, recordScript } from '../../remote/destroy-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** The network script's exit code for a network of the same name that is not this deployment's. */
const foreignNetwork = 3;

/** Runs the rendered network script on the manager: the overlay is created once, then kept. */
async function run(
  action: ActionOf<'create-network'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const result = await executor.exec(nodeScript(action.script), {
    signal: step.signal,
    onLine: step.output,
    timeoutMs: quickScriptMs,
  });
  if (result.code === foreignNetwork)
    throw new StepError('refused', result.stderr.trim() || `network ${action.network} exists and differs`, {
      fix: `choose another swarm.network.name, or remove that network (docker network rm ${action.network}) if nothing uses it`,
    });
  mustSucceed(result, `creating network ${action.network} on ${executor.host}`);
  const said = result.stdout.trim().split('\n').pop() ?? '';
  if (!said.endsWith('created')) return { outcome: 'unchanged', detail: said };
  // Destroy removes the network only where this says ddb-setup created it.
  mustSucceed(
    await executor.exec(recordScript(action.markerDir, markerRecords.networkCreated(action.network)), {
      timeoutMs: quickScriptMs,
    }),
    `recording network ${action.network} in ddb-setup's marker on ${executor.host}`,
  );
  return { outcome: 'done', detail: said };
}

function describe(action: ActionOf<'create-network'>): string[] {
  return [
    nodeScript(action.script),
    `${recordScript(action.markerDir, markerRecords.networkCreated(action.network))}   (when it created the network)`,
  ];
}

export const createNetwork: Task<'create-network'> = { describe, run };
