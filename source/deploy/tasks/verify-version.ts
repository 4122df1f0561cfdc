import type { ActionOf } from '../../plan/plan.js';
import type { DdbValue } from '../dolphindb/decode.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { findLeader } from '../node-api/cluster-state.js';
import { ask, poll } from '../node-api/node-session.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** `version()` answers `<version> <build date>…` (facts §6.2): the release is the first word. */
export function releaseOf(answer: DdbValue | undefined): string | undefined {
  return typeof answer === 'string' ? answer.trim().split(/\s+/)[0] : undefined;
}

/**
 * After an upgrade, every node runs the new version: `pnodeRun(version)` on the leader for the
 * data and compute nodes (facts §12.2 step 6) and `version()` on every controller and agent.
 */
async function run(
  action: ActionOf<'verify-version'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const seen = new Map<string, string>();
  for (const node of action.processes)
    seen.set(node.alias, releaseOf(await ask(deploy, node, 'version()', step.signal)) ?? 'no answer');
  if (action.workers.length > 0) {
    // The leader's list of live nodes lags behind nodes just started: ask again for a while.
    await poll(
      async () => {
        const leader = await findLeader(deploy, action.controllers, step.signal);
        const rows = leader
          ? await ask(deploy, leader, 'pnodeRun(version)', step.signal, { login: true })
          : undefined;
        if (!Array.isArray(rows)) return undefined;
        for (const row of rows) {
          const r = (row ?? {}) as Record<string, DdbValue>;
          seen.set(String(r['node']), releaseOf(r['value']) ?? 'no answer');
        }
        return action.workers.every((alias) => seen.get(alias) === action.version) ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, signal: step.signal },
    );
  }
  const wrong = [...action.processes.map((n) => n.alias), ...action.workers].filter(
    (alias) => seen.get(alias) !== action.version,
  );
  if (wrong.length > 0)
    throw new StepError(
      'node-failed',
      `not on ${action.version}: ${wrong.map((alias) => `${alias} (${seen.get(alias) ?? 'not listed by pnodeRun'})`).join(', ')}`,
      { fix: 'run `ddb-setup status`, then the same command again' },
    );
  return { outcome: 'done', detail: `${seen.size} nodes run ${action.version}` };
}

function describe(action: ActionOf<'verify-version'>): string[] {
  return [
    `version() on ${action.processes.map((n) => n.alias).join(', ')}`,
    ...(action.workers.length > 0 ? [`pnodeRun(version) on the leader: ${action.workers.join(', ')}`] : []),
    `each must be ${action.version}`,
  ];
}

export const verifyVersion: Task<'verify-version'> = { describe, run };
