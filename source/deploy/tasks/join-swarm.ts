import type { ActionOf } from '../../plan/plan.js';
import {
  joinTokenScript,
  swarmInitScript,
  swarmJoinScript,
  swarmStateScript,
  swarmTokenPattern,
} from '../../remote/docker-scripts.js';
import { markerRecords, recordScript } from '../../remote/destroy-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { Executor } from '../executor.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** What `docker info` says of a host's swarm membership. */
type SwarmState = {
  readonly state: string;
  readonly manager: boolean;
  readonly nodeId: string;
  /** Node ids of the managers the host knows (itself included, on a manager). */
  readonly managers: readonly string[];
};

/** The host's swarm membership (`docker info`); leave-swarm reads it too. */
export async function swarmState(executor: Executor, signal: AbortSignal): Promise<SwarmState> {
  const result = await executor.exec(swarmStateScript(), { signal, timeoutMs: quickScriptMs });
  mustSucceed(result, `docker info on ${executor.host}`);
  const [state = '', manager = '', nodeId = '', ...managers] = result.stdout.trim().split(/\s+/);
  return { state, manager: manager === 'true', nodeId, managers };
}

/**
 * Forms or joins the deployment's swarm (seed 004 §2): the manager runs `docker swarm init` unless it
 * manages a swarm already; another host joins as a worker with a token read from the manager at that
 * moment. A host in another swarm is refused and left as it is.
 */
async function run(
  action: ActionOf<'join-swarm'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const own = await swarmState(executor, step.signal);
  if (action.role === 'manager') {
    if (own.state === 'active' && own.manager)
      return { outcome: 'unchanged', detail: 'already manages a swarm' };
    if (own.state === 'active')
      throw new StepError(
        'refused',
        `${executor.host} is a worker of another swarm, so it cannot manage this one`,
        {
          fix: `set swarm.manager to a manager of that swarm (docker node ls there lists it), or run docker swarm leave on ${executor.host} if nothing of that swarm needs it`,
        },
      );
    if (own.state !== 'inactive') throw unusable(executor.host, own.state);
    mustSucceed(
      await executor.exec(swarmInitScript(action.address), { signal: step.signal, timeoutMs: quickScriptMs }),
      `docker swarm init on ${executor.host}`,
    );
    await record(executor, action.markerDir, markerRecords.swarmFormed);
    return { outcome: 'done', detail: `swarm formed, advertised on ${action.address}` };
  }
  const managerExecutor = deploy.executor(action.manager.host);
  const manager = await swarmState(managerExecutor, step.signal);
  if (own.state === 'active') {
    if (own.managers.includes(manager.nodeId))
      return { outcome: 'unchanged', detail: 'already in this swarm' };
    throw new StepError(
      'refused',
      `${executor.host} is in another swarm: ddb-setup never moves a host out of one`,
      {
        fix: `if that swarm no longer needs it, run docker swarm leave on ${executor.host}, then deploy again`,
      },
    );
  }
  if (own.state !== 'inactive') throw unusable(executor.host, own.state);
  const token = await managerExecutor.exec(joinTokenScript(), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(token, `docker swarm join-token on ${action.manager.host}`);
  // The token is a secret: it goes to the host inside the script (standard input, never a command
  // line of ours), and the journal's recorder and the message below blank it out.
  const joined = await executor.exec(swarmJoinScript(token.stdout.trim(), action.manager.address), {
    signal: step.signal,
    timeoutMs: 60_000,
  });
  if (joined.code !== 0)
    throw new StepError(
      'command-failed',
      `docker swarm join on ${executor.host} failed: ${joined.stderr.replace(swarmTokenPattern, '********').trim().split('\n').slice(-2).join(' / ')}`,
      {
        fix: `the hosts must reach ${action.manager.address} on TCP 2377 and each other on TCP/UDP 7946 and UDP 4789: open them in the firewall`,
      },
    );
  await record(executor, action.markerDir, markerRecords.swarmJoined);
  return { outcome: 'done', detail: `joined the swarm of ${action.manager.host}` };
}

/**
 * Writes in the host's marker that ddb-setup formed or joined the swarm there: destroy leaves a
 * swarm only where this says ddb-setup put the host in it.
 */
async function record(executor: Executor, markerDir: string, line: string): Promise<void> {
  mustSucceed(
    await executor.exec(recordScript(markerDir, line), { timeoutMs: quickScriptMs }),
    `recording the swarm membership in ddb-setup's marker on ${executor.host}`,
  );
}

function unusable(host: string, state: string): StepError {
  return new StepError('command-failed', `the swarm state of ${host} is "${state || 'unknown'}"`, {
    fix: `docker info on ${host} says why; a node stuck joining recovers with docker swarm leave --force (only if it holds nothing of another swarm)`,
  });
}

function describe(action: ActionOf<'join-swarm'>): string[] {
  return action.role === 'manager'
    ? [
        swarmStateScript(),
        `${swarmInitScript(action.address)}   (unless it already manages a swarm)`,
        `${recordScript(action.markerDir, markerRecords.swarmFormed)}   (when it formed one)`,
      ]
    : [
        swarmStateScript(),
        `on ${action.manager.host}: ${joinTokenScript()}   (the token is never shown or recorded)`,
        `${swarmJoinScript('<token>', action.manager.address)}   (unless already in this swarm; refused in another)`,
        `${recordScript(action.markerDir, markerRecords.swarmJoined)}   (when it joined)`,
      ];
}

export const joinSwarm: Task<'join-swarm'> = { describe, run };
