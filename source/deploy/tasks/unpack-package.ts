import { remoteExit, unpackScript } from '../../remote/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from '../must-succeed.js';
import type { ActionOf } from '../../plan/plan.js';
import type { StepResult } from '../events.js';
import type { Task } from './task.js';
import { posix } from 'node:path';

/** Unpacks the archive placed by the transfer step; nothing to do when the server directory has it. */
async function run(
  action: ActionOf<'unpack-package'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const checksum = deploy.archiveChecksums.get(executor.host);
  // The transfer step read the server directory's stamp: it records a checksum only when the
  // directory does not hold this package yet.
  if (checksum === undefined) return { outcome: 'unchanged' };
  // The archive is named after the package file (its last path part), on every host.
  const packageName = posix.basename(action.archive);
  const result = await executor.exec(
    unpackScript(action.archive, action.serverDir, `${checksum} ${packageName}`, deploy.stamp),
    { signal: step.signal },
  );
  if (result.code === remoteExit.noUnpacker)
    throw new StepError(
      'command-failed',
      `${executor.host} has neither unzip nor python3 to unpack the package`,
      {
        fix: 'install unzip on the host (apt-get install unzip / yum install unzip)',
      },
    );
  if (result.code === remoteExit.notAServerPackage)
    throw new StepError(
      'command-failed',
      `${packageName} is not a DolphinDB server package (no server/dolphindb)`,
      {
        fix: 'set server.package to the DolphinDB_Linux64_V<version>.zip from dolphindb.cn',
      },
    );
  mustSucceed(result, `unpack ${action.archive} on ${executor.host}`);
  return { outcome: 'done' };
}

function describe(action: ActionOf<'unpack-package'>): string[] {
  return [unpackScript(action.archive, action.serverDir, '<sha256>', '<time>')];
}

export const unpackPackage: Task<'unpack-package'> = { describe, run };
