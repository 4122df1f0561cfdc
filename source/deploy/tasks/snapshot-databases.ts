import { posix } from 'node:path';
import type { ActionOf } from '../../plan/plan.js';
import { readRecordScript } from '../../remote/change-scripts.js';
import { command } from '../../remote/shell.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import {
  parseSnapshot,
  readThroughFirst,
  refusalsText,
  snapshotQueries,
  snapshotSummary,
} from '../node-api/database-snapshot.js';
import { poll } from '../node-api/node-session.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** A running cluster answers at once; a few tries cover a node busy for a moment. */
const answerWaitMs = 15_000;

/**
 * Records every database, table and row count before a change stops the cluster, for
 * verify-databases to compare with afterwards. A record already there is the cluster as it was
 * before the first attempt (a resumed run may find it stopped by then) and is kept.
 */
async function run(
  action: ActionOf<'snapshot-databases'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(action.host);
  const existing = await readRecord(action, step, deploy);
  if (existing !== undefined) {
    const kept = parseSnapshot(existing);
    if (!kept)
      throw new StepError(
        'command-failed',
        `${action.record} on ${action.host} is not a snapshot of databases`,
        {
          fix: `look at ${action.record} on ${action.host}: remove it if it is damaged (and the cluster still runs as before the change), then run the same command again`,
        },
      );
    return { outcome: 'unchanged', detail: `taken ${kept.takenAt}: ${snapshotSummary(kept)}` };
  }
  let refused = '';
  const answer = await poll(
    async () => {
      const read = await readThroughFirst(deploy, action.via, step.signal, new Date().toISOString());
      if ('snapshot' in read) return read;
      refused = refusalsText(read);
      return undefined;
    },
    { timeoutMs: answerWaitMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while reading the databases');
  if (!answer)
    throw new StepError(
      'node-failed',
      `no data or compute node listed the databases (${refused || 'none to ask'})`,
      {
        fix: 'the snapshot is taken while the cluster runs, before the change stops it: start the cluster (ddb-setup start), then run the same command again',
      },
    );
  mustSucceed(
    await executor.exec(command('mkdir', '-p', posix.dirname(action.record)), { timeoutMs: quickScriptMs }),
    `create the directory of ${action.record} on ${action.host}`,
  );
  await executor.writeFiles([
    { path: action.record, contents: `${JSON.stringify(answer.snapshot, null, 2)}\n`, mode: 0o644 },
  ]);
  const summary = snapshotSummary(answer.snapshot);
  step.output(`through ${answer.node}: ${summary}; kept in ${action.record}`);
  return { outcome: 'done', detail: summary };
}

function describe(action: ActionOf<'snapshot-databases'>): string[] {
  const via = action.via.map((node) => node.alias).join(', ');
  return [
    `# kept when ${action.record} is there on ${action.host} (the databases before the first attempt):`,
    readRecordScript(action.record),
    `${snapshotQueries.databases}  (on the first of ${via} that answers, as the administrator)`,
    `${snapshotQueries.tables('<database>')}  (each database)`,
    `${snapshotQueries.rows('<database>', '<table>')}  (each table)`,
    command('mkdir', '-p', posix.dirname(action.record)),
    `write ${action.record} (mode 0644) on ${action.host}: {takenAt, databases: [{path, tables: [{name, rows}]}]}`,
  ];
}

export const snapshotDatabases: Task<'snapshot-databases'> = { describe, run };

/** The record's text on its host; undefined when it is not there. */
export async function readRecord(
  action: { readonly host: string; readonly record: string },
  step: StepContext,
  deploy: DeployContext,
): Promise<string | undefined> {
  const result = await deploy.executor(action.host).exec(readRecordScript(action.record), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(result, `read ${action.record} on ${action.host}`);
  return result.stdout.trim() === 'absent' ? undefined : result.stdout;
}
