import { remoteExit, unpackScript } from '../../plan/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from './must-succeed.js';

type Action = { archive: string; serverDir: string };

/** Unpacks the archive placed by the transfer step; nothing to do when the server directory has it. */
export async function unpackPackage(
  action: Action,
  step: StepContext,
  deploy: DeployContext,
): Promise<'done' | 'unchanged'> {
  const executor = deploy.executor(step.step.host ?? '');
  const checksum = deploy.archiveChecksums.get(executor.host);
  // The transfer step read the server directory's stamp: it records a checksum only when the
  // directory does not hold this package yet.
  if (checksum === undefined) return 'unchanged';
  const result = await executor.exec(
    unpackScript(
      action.archive,
      action.serverDir,
      `${checksum} ${deploy.packageSource.fileName}`,
      deploy.stamp,
    ),
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
      `${deploy.packageSource.fileName} is not a DolphinDB server package (no server/dolphindb)`,
      {
        fix: 'set server.package to the DolphinDB_Linux64_V<version>.zip from dolphindb.cn',
      },
    );
  mustSucceed(result, `unpack ${action.archive} on ${executor.host}`);
  return 'done';
}
