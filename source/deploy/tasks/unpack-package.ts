import { remoteExit, unpackingDir, unpackScript } from '../../remote/remote-scripts.js';
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
  if (result.code === remoteExit.foreignUnpacking)
    throw new StepError(
      'refused',
      `${unpackingDir(action.serverDir)} on ${executor.host} exists and was not made by ddb-setup: it is left alone`,
      {
        fix: `move it out of the way (ddb-setup unpacks ${packageName} there), then run the same command again`,
      },
    );
  if (result.code === remoteExit.unpackFailed)
    throw unpackFailed(result.stderr, packageName, action, executor.host);
  mustSucceed(result, `unpack ${action.archive} on ${executor.host}`);
  return { outcome: 'done' };
}

/** An unpack that stopped half-way: what the unpacker said, and that the retry needs no cleaning. */
function unpackFailed(
  stderr: string,
  packageName: string,
  action: ActionOf<'unpack-package'>,
  host: string,
): StepError {
  const said = stderr.trim().split('\n').slice(-3).join(' / ') || 'the unpacker failed';
  const where = posix.dirname(action.serverDir);
  return new StepError(
    'command-failed',
    `unpacking ${packageName} on ${host} failed: ${said}; the partial unpack was removed, the archive kept`,
    {
      fix: /no space left|disk full|quota/i.test(said)
        ? `free space under ${where} on ${host} (df -h ${where}), then run the same command again: the archive already there is reused`
        : `see what the unpacker said (disk space, inodes, permissions under ${where}), then run the same command again`,
    },
  );
}

function describe(action: ActionOf<'unpack-package'>): string[] {
  return [unpackScript(action.archive, action.serverDir, '<sha256>', '<time>')];
}

export const unpackPackage: Task<'unpack-package'> = { describe, run };
