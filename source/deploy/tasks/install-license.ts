import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checksumScript, installLicenseScript } from '../../remote/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from '../must-succeed.js';
import { quickScriptMs } from '../script-limits.js';
import type { ActionOf } from '../../plan/plan.js';
import type { StepResult } from '../events.js';
import type { Task } from './task.js';

/** Installs the licence (mode 0600) unless the same licence is already in place. */
async function run(
  action: ActionOf<'install-license'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  let contents: Buffer;
  try {
    contents = await readFile(action.localPath);
  } catch (cause) {
    throw new StepError(
      'command-failed',
      `cannot read the licence ${action.localPath}: ${(cause as Error).message}`,
      {
        fix: 'set server.license to the path of your dolphindb.lic (relative to the topology file)',
      },
    );
  }
  const sum = createHash('sha256').update(contents).digest('hex');
  const current = await executor.exec(checksumScript([action.target]), {
    signal: step.signal,
    timeoutMs: quickScriptMs,
  });
  if (current.stdout.split(' ')[0] === sum) return { outcome: 'unchanged' };
  const uploaded = `${action.target}.ddb-setup-new`;
  await executor.writeFiles([{ path: uploaded, contents, mode: 0o600 }]);
  mustSucceed(
    await executor.exec(installLicenseScript(uploaded, action.target), { timeoutMs: quickScriptMs }),
    `install the licence on ${executor.host}`,
  );
  return { outcome: 'done' };
}

function describe(action: ActionOf<'install-license'>): string[] {
  return [
    `upload ${action.localPath} -> ${action.target}.ddb-setup-new`,
    installLicenseScript(`${action.target}.ddb-setup-new`, action.target),
  ];
}

export const installLicense: Task<'install-license'> = { describe, run };
