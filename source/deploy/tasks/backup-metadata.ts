import { plural } from '../../model/plural.js';
import type { ActionOf } from '../../plan/plan.js';
import { backupMetadataScript, metadataBackupOf } from '../../remote/upgrade-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import type { Task } from './task.js';

/**
 * Backs up the stopped processes' metadata before their server changes version (facts §12.2):
 * what going back to the old version needs if the new one changed the metadata's format.
 */
async function run(
  action: ActionOf<'backup-metadata'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  if (action.dirs.length === 0) return { outcome: 'unchanged', detail: 'no metadata on this host' };
  const executor = deploy.executor(step.step.host ?? '');
  const result = await executor.exec(backupMetadataScript(action.dirs, action.version), {
    signal: step.signal,
    onLine: step.output,
  });
  mustSucceed(result, `back up the metadata on ${executor.host}`);
  const copied = result.stdout.split('\n').filter((line) => line.startsWith('backed-up ')).length;
  const kept = result.stdout.split('\n').filter((line) => line.startsWith('kept ')).length;
  if (copied === 0)
    return { outcome: 'unchanged', detail: kept > 0 ? `${plural(kept, 'backup')} kept` : 'no metadata yet' };
  return { outcome: 'done', detail: `${plural(copied, 'directory', 'directories')} backed up` };
}

function describe(action: ActionOf<'backup-metadata'>): string[] {
  if (action.dirs.length === 0) return ['(no controller or data node on this host: no metadata)'];
  return [
    `# the metadata as ${action.version} left it, to go back to ${action.version} if the new version changes its format:`,
    `# stop the nodes, put each backup back in place of its directory, deploy ${action.version} (--allow-downgrade)`,
    ...action.dirs.map((dir) => `#   ${dir} -> ${metadataBackupOf(dir, action.version)}`),
    backupMetadataScript(action.dirs, action.version),
  ];
}

export const backupMetadata: Task<'backup-metadata'> = { describe, run };
