import type { ActionOf } from '../../plan/plan.js';
import { processAgeScript } from '../../remote/process-age-script.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import { clusterState, findLeader } from '../node-api/cluster-state.js';
import { watchLeader } from '../node-api/leader-watch.js';
import { poll } from '../node-api/node-session.js';
import { majorityWithout, type MajorityCheck } from '../node-api/raft-majority.js';
import { hasReadConfigs, parseProcessAge } from '../process-age.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import { describeRestart, restartProcess, secondsSince } from './restart-process.js';
import { sites } from './sites.js';
import { awaitScriptedStart, pidFileOf } from './start-node.js';
import type { Task } from './task.js';

type Action = ActionOf<'restart-node'>;

/**
 * Restarts a controller, agent or single node with its scripts so that it reads its changed config
 * files, unless it started after they were written (a resumed run). A Raft controller is stopped
 * only while the other controllers alive are a majority, so the group keeps (or re-elects) a
 * leader; the step ends when a leader lists it alive again. An agent's data and compute nodes keep
 * running; a single node is down meanwhile (the plan's cost says so).
 */
async function run(action: Action, step: StepContext, deploy: DeployContext): Promise<StepResult> {
  const { process } = action;
  const executor = deploy.executor(process.node.host);
  const script = processAgeScript(pidFileOf(process.start), action.configFiles);
  const read = await executor.exec(script, { signal: step.signal, timeoutMs: quickScriptMs });
  mustSucceed(read, `reading when ${process.node.alias} started on ${executor.host}`);
  const controller = action.role === 'controller';
  if (hasReadConfigs(parseProcessAge(read.stdout))) {
    // It may still be starting: a run cut short right after start.sh.
    await awaitScriptedStart(executor, process.node, process.start, process.logFile, step, deploy);
    if (controller) await awaitRejoined(action, step, deploy);
    return {
      outcome: 'unchanged',
      detail: 'started after its config files were last written: it has read them',
    };
  }
  if (controller && action.raft) await awaitMajorityWithout(action, step, deploy);
  const watch = controller ? watchLeader(deploy, action.controllers, step.signal) : undefined;
  const since = Date.now();
  let missingMs: number | undefined;
  try {
    await restartProcess(process, step, deploy);
    const upIn = secondsSince(since);
    if (!watch)
      return {
        outcome: 'done',
        detail:
          action.role === 'single'
            ? `restarted: down for ${upIn}`
            : `restarted in ${upIn} (its data and compute nodes kept running)`,
      };
    missingMs = await watch.stop(await awaitRejoined(action, step, deploy));
    return {
      outcome: 'done',
      detail: `restarted in ${upIn}; ${missingMs === 0 ? 'leader kept' : `no leader for ${(missingMs / 1000).toFixed(1)} s`}`,
    };
  } finally {
    if (watch && missingMs === undefined) await watch.stop(Date.now());
  }
}

/**
 * Waits, at most startTimeoutMs, until there is a leader and the other controllers it sees alive
 * are a majority of the group; fails without stopping anything otherwise.
 */
async function awaitMajorityWithout(action: Action, step: StepContext, deploy: DeployContext): Promise<void> {
  const alias = action.process.node.alias;
  const aliases = action.controllers.map((node) => node.alias);
  let last: MajorityCheck | undefined;
  const remains = await poll(
    async () => {
      const leader = await findLeader(deploy, action.controllers, step.signal);
      const rows = leader && (await clusterState(deploy, leader, step.signal));
      if (!leader || !rows) return undefined;
      // The leader answered: it is alive whatever its row says.
      const alive = new Set([leader.alias, ...rows.filter((row) => row.state === 1).map((row) => row.name)]);
      last = majorityWithout(aliases, alive, alias);
      return last.remains ? true : undefined;
    },
    { timeoutMs: deploy.startTimeoutMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', `aborted before restarting ${alias}`);
  if (remains) return;
  const seen = last
    ? `${last.others} other controller(s) alive, ${last.needed} needed`
    : 'no controller is leader';
  throw new StepError(
    'node-failed',
    `restarting ${alias} now would leave the group without a majority (${seen}): start the other controllers first`,
    {
      fix: 'run `ddb-setup status`, start the controllers that are down (`ddb-setup start --node ALIAS`), then run the same command again',
    },
  );
}

/**
 * Waits, at most startTimeoutMs, until the group has a leader that lists this controller alive;
 * returns when it was seen.
 */
async function awaitRejoined(action: Action, step: StepContext, deploy: DeployContext): Promise<number> {
  const { node, logFile } = action.process;
  const back = await poll(
    async () => {
      const leader = await findLeader(deploy, action.controllers, step.signal);
      if (!leader) return undefined;
      if (leader.alias === node.alias) return Date.now();
      const rows = await clusterState(deploy, leader, step.signal);
      return rows?.some((row) => row.name === node.alias && row.state === 1) ? Date.now() : undefined;
    },
    { timeoutMs: deploy.startTimeoutMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', `aborted while ${node.alias} was rejoining`);
  if (back !== undefined) return back;
  throw new StepError(
    'node-failed',
    `${node.alias} answers again, but after ${Math.round(deploy.startTimeoutMs / 1000)} s no leader lists it alive`,
    {
      fix: `run \`ddb-setup status\`; read ${logFile} on ${node.host} (Raft messages name the group's state)`,
    },
  );
}

function describe(action: Action): string[] {
  const { node } = action.process;
  const controller = action.role === 'controller';
  return [
    ...processAgeScript(pidFileOf(action.process.start), action.configFiles).split('\n'),
    `(nothing more when ${node.alias} started a second or more after its newest config file was written)`,
    ...(controller && action.raft
      ? [
          `getActiveMaster() on ${sites(action.controllers)}, getClusterPerf(true) on the leader until the others alive are a majority without ${node.alias}`,
        ]
      : []),
    ...describeRestart(action.process),
    ...(controller
      ? [
          `getActiveMaster() and getClusterPerf(true) until a leader lists ${node.alias} alive (the time without a leader is reported)`,
        ]
      : []),
  ];
}

export const restartNode: Task<'restart-node'> = { describe, run };
