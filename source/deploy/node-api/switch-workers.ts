import type { NodeEndpoint } from '../../plan/plan.js';
import { ddbString } from '../dolphindb/client.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { clusterState, pollLeader } from './cluster-state.js';
import { ask, poll } from './node-session.js';

type Action = { controllers: readonly NodeEndpoint[]; workers: readonly NodeEndpoint[] };

/** How long to wait for a leader being elected (several default election rounds, facts §2.6). */
export const electionWaitMs = 30_000;

/** What differs between starting and stopping data and compute nodes: the call and the words. */
export type WorkerSwitch = {
  readonly call: 'startDataNode' | 'stopDataNode';
  readonly wanted: (state: number | undefined) => boolean;
  readonly noLeader: string;
  readonly noLeaderFix: string;
  readonly nothingToDo: string;
  readonly done: string;
  readonly aborted: string;
  readonly late: (seconds: number, aliases: string) => string;
  readonly lateFix: string;
};

/**
 * Starts or stops data and compute nodes through the leader controller, as the web console does
 * (`startDataNode` / `stopDataNode` with a vector of aliases, facts §6.1), then polls
 * `getClusterPerf(true)` until they are in the wanted state (`stopDataNode` is asynchronous since
 * 3.00.2). Nodes already in that state are not asked again.
 */
export async function switchWorkers(
  how: WorkerSwitch,
  action: Action,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const switched = await switchEach(how, action, step, deploy);
  return switched === 0
    ? { outcome: 'unchanged', detail: how.nothingToDo }
    : { outcome: 'done', detail: `${switched} ${how.done}` };
}

/** The same, returning how many were switched (0: all were in the wanted state already). */
export async function switchEach(
  how: WorkerSwitch,
  action: Action,
  step: StepContext,
  deploy: DeployContext,
): Promise<number> {
  const leader = await leaderForStep(action.controllers, step, deploy, how);
  const aliases = action.workers.map((node) => node.alias);
  /** Aliases not yet in the wanted state; undefined when the leader does not answer. */
  const pending = async () => {
    const rows = await clusterState(deploy, leader, step.signal);
    return rows && aliases.filter((alias) => !how.wanted(rows.find((row) => row.name === alias)?.state));
  };
  const todo = (await pending()) ?? aliases;
  if (todo.length === 0) return 0;
  const call = `${how.call}([${todo.map(ddbString).join(', ')}])`;
  step.output(`${call} on ${leader.alias}`);
  if ((await ask(deploy, leader, call, step.signal, { login: true })) === undefined)
    step.output(`${leader.alias} did not confirm ${call}; waiting for the nodes anyway`);
  let left = todo;
  const settled = await poll(
    async () => {
      const now = await pending();
      if (!now) return undefined;
      left = now;
      step.progress(aliases.length - left.length, aliases.length, 'nodes');
      return left.length === 0 ? true : undefined;
    },
    { timeoutMs: deploy.startTimeoutMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', how.aborted);
  if (settled) return todo.length;
  throw new StepError('node-failed', how.late(Math.round(deploy.startTimeoutMs / 1000), left.join(', ')), {
    fix: how.lateFix,
  });
}

/**
 * The leader a step acts through. One may be being elected (a controller just stopped or
 * restarted): it waits a little for one, then fails the step with `words`.
 */
export async function leaderForStep(
  controllers: readonly NodeEndpoint[],
  step: StepContext,
  deploy: DeployContext,
  words: { readonly aborted: string; readonly noLeader: string; readonly noLeaderFix: string },
): Promise<NodeEndpoint> {
  const leader = await pollLeader(
    deploy,
    controllers,
    step.signal,
    Math.min(deploy.startTimeoutMs, electionWaitMs),
  );
  if (step.signal.aborted) throw new StepError('aborted', words.aborted);
  if (!leader) throw new StepError('node-failed', words.noLeader, { fix: words.noLeaderFix });
  return leader;
}
