import type { ActionOf } from '../../plan/plan.js';
import { readRecordScript } from '../../remote/change-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import {
  compareSnapshots,
  parseSnapshot,
  readThroughFirst,
  refusalsText,
  snapshotQueries,
  snapshotSummary,
} from '../node-api/database-snapshot.js';
import { poll } from '../node-api/node-session.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { readRecord } from './snapshot-databases.js';
import type { Task } from './task.js';

/**
 * After the change: every database and table of the snapshot is listed again with at least the
 * rows it had (facts §12.3). Nodes just started may not list everything at once (a table's chunks
 * still recovering), so it asks again until all is there or the start timeout has passed.
 */
async function run(
  action: ActionOf<'verify-databases'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const recorded = await readRecord(action, step, deploy);
  const before = recorded === undefined ? undefined : parseSnapshot(recorded);
  if (!before)
    throw new StepError(
      'command-failed',
      recorded === undefined
        ? `no snapshot of the databases on ${action.host} (${action.record}) to compare with`
        : `${action.record} on ${action.host} is not a snapshot of databases`,
      {
        fix: 'the snapshot is taken before the change stops the cluster: run the change again (deploy) from a running cluster, or compare the databases by hand',
      },
    );
  let missing: string[] | undefined;
  let refused = '';
  const answer = await poll(
    async () => {
      const read = await readThroughFirst(deploy, action.via, step.signal, new Date().toISOString());
      if (!('snapshot' in read)) {
        refused = refusalsText(read);
        return undefined;
      }
      const lacking = compareSnapshots(before, read.snapshot);
      if (lacking.length !== missing?.length) step.output(`through ${read.node}: ${lacking.length} missing`);
      missing = lacking;
      return lacking.length === 0 ? read : undefined;
    },
    { timeoutMs: deploy.startTimeoutMs, intervalMs: 2_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while checking the databases');
  if (answer) return { outcome: 'done', detail: `${snapshotSummary(before)}: all there` };
  if (missing)
    throw new StepError('node-failed', `databases missing after the change: ${missing.join('; ')}`, {
      fix: `compare with the snapshot in ${action.record} on ${action.host}; the controllers' metadata from before the change is in the config and metadata backups. If chunks are still recovering (getClusterChunksStatus()), run the same command again later`,
    });
  throw new StepError(
    'node-failed',
    `no data or compute node listed the databases (${refused || 'none to ask'})`,
    {
      fix: 'check that the cluster is up (ddb-setup status), then run the same command again',
    },
  );
}

function describe(action: ActionOf<'verify-databases'>): string[] {
  const via = action.via.map((node) => node.alias).join(', ');
  return [
    `# the snapshot taken before the change, on ${action.host}:`,
    readRecordScript(action.record),
    `${snapshotQueries.databases}  (on the first of ${via} that answers, as the administrator; again until all is there)`,
    `${snapshotQueries.tables('<database>')}  (each database)`,
    `${snapshotQueries.rows('<database>', '<table>')}  (each table)`,
    '# every database and table of the snapshot must be listed, each with at least the rows it had',
  ];
}

export const verifyDatabases: Task<'verify-databases'> = { describe, run };
