import type { ActionOf, NodeEndpoint } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { findLeader } from '../node-api/cluster-state.js';
import { ask, poll } from '../node-api/node-session.js';
import { sites } from './sites.js';
import type { Task } from './task.js';

/**
 * Waits until a majority of the Raft controllers name one leader (an election takes about
 * raftElectionTick, 8–16 s by default; facts §6.2), or until the one controller answers.
 */
async function run(
  action: ActionOf<'await-leader'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const first = action.controllers[0];
  let probes = 0;
  const probe = async (): Promise<NodeEndpoint | undefined> => {
    probes++;
    if (action.raft) return findLeader(deploy, action.controllers, step.signal);
    return first && (await ask(deploy, first, 'version()', step.signal)) !== undefined ? first : undefined;
  };
  const leader = await poll(probe, {
    timeoutMs: deploy.startTimeoutMs,
    intervalMs: 1_000,
    signal: step.signal,
  });
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while waiting for the leader');
  // Found at the first look: nothing had to happen (a re-run on a healthy cluster).
  if (leader)
    return {
      outcome: probes === 1 ? 'unchanged' : 'done',
      detail: action.raft ? `leader: ${leader.alias}` : `${leader.alias} answers`,
      leader: leader.alias,
    };
  const majority = Math.floor(action.controllers.length / 2) + 1;
  throw new StepError(
    'node-failed',
    action.raft
      ? `no leader after ${Math.round(deploy.startTimeoutMs / 1000)} s: a Raft group needs ${majority} of ${action.controllers.length} controllers up and able to reach each other`
      : `the controller does not answer`,
    { fix: 'run `ddb-setup status` to see which controllers are down, and check their logs' },
  );
}

function describe(action: ActionOf<'await-leader'>): string[] {
  return action.raft
    ? [`getActiveMaster() on ${sites(action.controllers)} until a majority names one leader`]
    : [`version() on ${sites(action.controllers)} until it answers`];
}

export const awaitLeader: Task<'await-leader'> = { describe, run };
