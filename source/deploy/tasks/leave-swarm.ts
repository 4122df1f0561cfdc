import type { ActionOf } from '../../plan/plan.js';
import { forgetScript, markerRecords, recordedScript } from '../../remote/destroy-scripts.js';
import {
  nodeRemoveScript,
  swarmContentsScript,
  swarmEndScript,
  swarmLeaveScript,
} from '../../remote/docker-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { Executor } from '../executor.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { swarmState } from './join-swarm.js';
import type { Task } from './task.js';

/**
 * Takes the host out of the swarm only where its marker records that ddb-setup put it there (a
 * missing record means someone else did: it stays). A worker leaves and the manager forgets it; the
 * manager leaves, ending the swarm, only when no other node or service is in it.
 */
async function run(
  action: ActionOf<'leave-swarm'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const line = action.role === 'manager' ? markerRecords.swarmFormed : markerRecords.swarmJoined;
  const exec = (script: string) => executor.exec(script, { signal: step.signal, timeoutMs: quickScriptMs });
  const recorded = await exec(recordedScript(action.markerDir, line));
  if (recorded.code !== 0)
    return {
      outcome: 'unchanged',
      detail: `stays in its swarm: ddb-setup did not ${action.role === 'manager' ? 'form' : 'join'} it here`,
    };
  const own = await swarmState(executor, step.signal);
  if (own.state === 'inactive') {
    mustSucceed(await exec(forgetScript(action.markerDir, line)), `updating the marker on ${executor.host}`);
    return { outcome: 'unchanged', detail: 'not in a swarm' };
  }
  if (action.role === 'manager') {
    const contents = await exec(swarmContentsScript());
    mustSucceed(contents, `docker node ls on ${executor.host}`);
    const [nodes = 0, services = 0] = contents.stdout.trim().split(/\s+/).map(Number);
    if (nodes > 1 || services > 0)
      return {
        outcome: 'unchanged',
        detail: `stays manager: its swarm still has ${nodes - 1} other node(s) and ${services} service(s)`,
      };
    mustSucceed(await exec(swarmEndScript()), `docker swarm leave on ${executor.host}`);
  } else {
    mustSucceed(await exec(swarmLeaveScript()), `docker swarm leave on ${executor.host}`);
    await forget(deploy.executor(action.manager), own.nodeId, step);
  }
  mustSucceed(await exec(forgetScript(action.markerDir, line)), `updating the marker on ${executor.host}`);
  return {
    outcome: 'done',
    detail: action.role === 'manager' ? 'left; the swarm it formed is gone' : 'left the swarm',
  };
}

/** The manager forgets a worker that left; when it cannot, the step says how to do it by hand. */
async function forget(manager: Executor, nodeId: string, step: StepContext): Promise<void> {
  try {
    const result = await manager.exec(nodeRemoveScript(nodeId), {
      signal: step.signal,
      timeoutMs: quickScriptMs,
    });
    if (result.code === 0) return;
  } catch {
    // Said below: the worker left all the same.
  }
  step.output(`the manager ${manager.host} still lists this node: docker node rm --force ${nodeId} there`);
}

function describe(action: ActionOf<'leave-swarm'>): string[] {
  const line = action.role === 'manager' ? markerRecords.swarmFormed : markerRecords.swarmJoined;
  return [
    `${recordedScript(action.markerDir, line)}   (nothing more unless ddb-setup ${action.role === 'manager' ? 'formed' : 'joined'} the swarm here)`,
    ...(action.role === 'manager'
      ? [`${swarmContentsScript()}   (stays when other nodes or services are in it)`, swarmEndScript()]
      : [swarmLeaveScript(), `on ${action.manager}: ${nodeRemoveScript('<node id>')}`]),
    forgetScript(action.markerDir, line),
  ];
}

export const leaveSwarm: Task<'leave-swarm'> = { describe, run };
