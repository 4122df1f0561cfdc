import type { ActionOf, NodeEndpoint } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { findLeader, pollLeader } from '../node-api/cluster-state.js';
import { nodeLicence, sameLicence } from '../node-api/licence-state.js';
import { openSession } from '../node-api/node-session.js';
import { switchEach } from '../node-api/switch-workers.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { restartProcess } from './restart-process.js';
import { starting } from './start-workers.js';
import { stopping } from './stop-workers.js';
import type { Task } from './task.js';

type Process = ActionOf<'apply-license'>['processes'][number];

/**
 * Makes the running nodes use the licence file just installed (facts §5): `updateLicense()` on
 * each node, which DolphinDB accepts online only for the same client and authorization with limits
 * not smaller and not a trial licence. When a node refuses, the documented way is a restart: every
 * node is restarted one at a time (data and compute nodes, agents, then controllers with the leader
 * last), so a cluster that tolerates one node down stays up.
 */
async function run(
  action: ActionOf<'apply-license'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const nodes = [...action.workers, ...action.processes.map((p) => p.node)];
  let updated = 0;
  const refused: string[] = [];
  for (const node of nodes) {
    const before = await nodeLicence(deploy, node, step.signal);
    if (!before) continue; // not running: it reads the new file when it starts
    const failure = await updateLicense(deploy, node, step.signal);
    if (failure !== undefined) {
      step.output(`${node.alias}: ${failure}`);
      refused.push(node.alias);
      break; // the same licence is refused by every node: restart them all
    }
    if (!sameLicence(before, await nodeLicence(deploy, node, step.signal))) updated++;
  }
  if (refused.length === 0)
    return updated === 0
      ? { outcome: 'unchanged', detail: 'every running node has this licence' }
      : { outcome: 'done', detail: `updateLicense() on ${updated} node(s)` };
  step.output('the licence cannot be applied online: restarting every node, one at a time');
  await restartAll(action, step, deploy);
  return { outcome: 'done', detail: `refused online (${refused.join(', ')}): every node restarted` };
}

/** Runs `updateLicense()` as the administrator; the server's message when it refuses. */
async function updateLicense(
  deploy: DeployContext,
  node: NodeEndpoint,
  signal: AbortSignal,
): Promise<string | undefined> {
  const session = await openSession(deploy, node, signal);
  try {
    await deploy.admin.logIn(session);
    await session.run('updateLicense()');
    return undefined;
  } catch (error) {
    if (error instanceof StepError && error.failure.kind === 'login-refused') throw error;
    return (error as Error).message;
  } finally {
    session.close();
  }
}

async function restartAll(action: ActionOf<'apply-license'>, step: StepContext, deploy: DeployContext) {
  for (const worker of action.workers) {
    const one = { controllers: action.controllers, workers: [worker] };
    await switchEach(stopping, one, step, deploy);
    await switchEach(starting, one, step, deploy);
  }
  const leader = await findLeader(deploy, action.controllers, step.signal);
  // Agents and single nodes first, then the followers, the leader last: one election only.
  const order = [...action.processes].sort((a, b) => rank(a, action, leader) - rank(b, action, leader));
  for (const process of order) {
    await restartProcess(process, step, deploy);
    if (action.controllers.some((c) => c.alias === process.node.alias))
      await awaitLeader(action, step, deploy);
  }
}

function rank(p: Process, action: ActionOf<'apply-license'>, leader: NodeEndpoint | undefined): number {
  if (p.node.alias === leader?.alias) return 2;
  return action.controllers.some((c) => c.alias === p.node.alias) ? 1 : 0;
}

async function awaitLeader(action: ActionOf<'apply-license'>, step: StepContext, deploy: DeployContext) {
  const leader = await pollLeader(deploy, action.controllers, step.signal, deploy.startTimeoutMs);
  if (!leader) throw new StepError('node-failed', 'no leader after restarting a controller');
}

function describe(action: ActionOf<'apply-license'>): string[] {
  const all = [...action.workers, ...action.processes.map((p) => p.node)].map((n) => n.alias);
  return [
    `updateLicense() on every running node (${all.join(', ')}): each reads dolphindb.lic again`,
    'if a node refuses it (another client or authorization, smaller limits, a trial licence: facts §5),',
    'restart every node one at a time: stopDataNode/startDataNode through the leader, then stop.sh/start.sh',
  ];
}

export const applyLicense: Task<'apply-license'> = { describe, run };
