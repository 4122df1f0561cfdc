import { plural } from '../../model/plural.js';
import type { ActionOf } from '../../plan/plan.js';
import { backupConfigsScript, configBackupOf } from '../../remote/change-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import type { Task } from './task.js';

/**
 * Backs up the config directories of a host before a change rewrites them (seed 003): what
 * going back needs. A backup already there is the one from before the first attempt and is kept.
 */
async function run(
  action: ActionOf<'backup-configs'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  if (action.dirs.length === 0) return { outcome: 'unchanged', detail: 'no config directory on this host' };
  const executor = deploy.executor(step.step.host ?? '');
  const result = await executor.exec(backupConfigsScript(action.dirs, action.tag), {
    signal: step.signal,
    onLine: step.output,
  });
  mustSucceed(result, `back up the config directories on ${executor.host}`);
  const lines = result.stdout.split('\n');
  const count = (word: string) => lines.filter((line) => line.startsWith(`${word} `)).length;
  const absent = lines
    .filter((line) => line.startsWith('absent '))
    .map((line) => line.slice('absent '.length));
  const [copied, kept] = [count('backed-up'), count('kept')];
  const skipped = absent.length > 0 ? `; not there, skipped: ${absent.join(', ')}` : '';
  if (copied === 0)
    return {
      outcome: 'unchanged',
      detail: `${kept > 0 ? `${plural(kept, 'backup')} kept` : 'nothing to back up'}${skipped}`,
    };
  return {
    outcome: 'done',
    detail: `${plural(copied, 'directory', 'directories')} backed up${kept > 0 ? `, ${kept} kept` : ''}${skipped}`,
  };
}

function describe(action: ActionOf<'backup-configs'>): string[] {
  if (action.dirs.length === 0) return ['(no config directory on this host)'];
  return [
    '# each config directory as it was before the change; a backup already there is kept:',
    ...action.dirs.map((dir) => `#   ${dir} -> ${configBackupOf(dir, action.tag)}`),
    backupConfigsScript(action.dirs, action.tag),
  ];
}

export const backupConfigs: Task<'backup-configs'> = { describe, run };
