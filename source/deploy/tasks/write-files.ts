import { plural } from '../../model/plural.js';
import { createHash } from 'node:crypto';
import { backupScript, checksumScript } from '../../remote/remote-scripts.js';
import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';
import type { Task } from './task.js';
import { mustSucceed } from '../must-succeed.js';
import { quickScriptMs } from '../script-limits.js';

/**
 * Writes the files whose contents differ from what the host has. A different existing file is
 * copied to `<file>.bak-<stamp>` first, whoever wrote it; an identical one is not touched.
 */
async function run(
  { files }: ActionOf<'write-files'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const listing = await executor.exec(checksumScript(files.map((file) => file.path)), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(listing, `read the config files on ${executor.host}`);
  const existing = new Map<string, string>();
  for (const line of listing.stdout.split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.*)$/.exec(line);
    if (match?.[1] && match[2]) existing.set(match[2], match[1]);
  }
  const changed = files.filter(
    (file) => existing.get(file.path) !== createHash('sha256').update(file.contents).digest('hex'),
  );
  let backedUp = 0;
  for (const file of changed) {
    if (!existing.has(file.path)) continue;
    mustSucceed(
      await executor.exec(backupScript(file.path, deploy.stamp), { timeoutMs: quickScriptMs }),
      `back up ${file.path} on ${executor.host}`,
    );
    backedUp++;
  }
  // All at once: over SSH, one command for the lot (ssh-executor.ts).
  await executor.writeFiles(
    changed.map((file) => ({ path: file.path, contents: file.contents, mode: file.fileMode })),
  );
  let written = 0;
  for (const file of changed) {
    step.output(
      `wrote ${file.path}${existing.has(file.path) ? ` (previous kept as .bak-${deploy.stamp})` : ''}`,
    );
    written++;
    step.progress(written, files.length, 'files');
  }
  if (written === 0)
    return { outcome: 'unchanged', detail: `${plural(files.length, 'file')} already up to date` };
  return {
    outcome: 'done',
    detail: `${written} of ${plural(files.length, 'file')} written${backedUp > 0 ? `, ${backedUp} backed up` : ''}`,
  };
}

function describe(action: ActionOf<'write-files'>): string[] {
  return [
    checksumScript(action.files.map((file) => file.path)),
    ...action.files.map(
      (file) =>
        `write ${file.path} (mode ${file.fileMode.toString(8).padStart(4, '0')}) unless identical; a different file is kept as ${file.path}.bak-<time>`,
    ),
  ];
}

export const writeFiles: Task<'write-files'> = { describe, run };
