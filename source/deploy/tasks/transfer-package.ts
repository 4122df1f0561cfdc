import { downloadScript, packageStateScript } from '../../remote/remote-scripts.js';

import type { DeployContext } from '../deploy-context.js';
import { uploadVerified } from '../upload-verified.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from '../must-succeed.js';
import { archiveChecksumMs } from '../script-limits.js';
import type { ActionOf } from '../../plan/plan.js';
import type { StepResult } from '../events.js';
import type { Task } from './task.js';

/**
 * Puts the package archive on the host, unless the server directory was already unpacked from it or
 * the archive is already there. A URL is downloaded by the host itself when it can reach it;
 * otherwise ddb-setup's one local copy is uploaded. Every arrival is verified by checksum.
 */
async function run(
  action: ActionOf<'transfer-package'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  const state = await executor.exec(packageStateScript(action.archive, action.serverDir), {
    signal: step.signal,
    timeoutMs: archiveChecksumMs,
  });
  mustSucceed(state, `read the package state on ${executor.host}`);
  const [stamp = '-', archiveSum = '-'] = state.stdout.trim().split('\n');
  const source = action.source;

  if (source.kind === 'file') {
    const expected = deploy.localChecksum(source.path);
    // A host with neither a server directory nor an archive needs the upload whatever the local
    // checksum is: it starts at once, and the arrival is checked once the hash is ready (hashing
    // 120 MB here takes 0.1–0.2 s, more while the logins keep this process busy).
    if (stamp !== '-' || archiveSum !== '-') {
      const sum = await expected;
      if (stamp.split(' ')[0] === sum) return { outcome: 'unchanged', detail: 'already unpacked' };
      deploy.archiveChecksums.set(executor.host, sum);
      if (archiveSum === sum) return { outcome: 'unchanged', detail: 'already transferred' };
    }
    await uploadVerified(executor, source.path, action.archive, expected, step);
    deploy.archiveChecksums.set(executor.host, await expected);
    return { outcome: 'done', detail: 'uploaded and verified' };
  }

  // A URL: the stamp names the file it came from, as the checksum is not known in advance.
  if (stamp.split(' ')[1] === source.fileName) return { outcome: 'unchanged', detail: 'already unpacked' };
  const fetched = await executor.exec(downloadScript(source.url, action.archive), { signal: step.signal });
  if (fetched.code === 0) {
    deploy.archiveChecksums.set(executor.host, fetched.stdout.trim().split('\n').pop() ?? '');
    return { outcome: 'done', detail: 'downloaded by the host' };
  }
  step.output(`${executor.host} cannot download ${source.url} itself; uploading ddb-setup's copy`);
  let local: string;
  try {
    local = await deploy.localCopyOf(source.url);
  } catch (cause) {
    throw new StepError(
      'command-failed',
      `neither ${executor.host} nor this machine can download ${source.url}: ${(cause as Error).message}`,
      {
        fix: 'download the package where you can and set server.package to the local file',
      },
    );
  }
  const expected = await deploy.localChecksum(local);
  deploy.archiveChecksums.set(executor.host, expected);
  await uploadVerified(executor, local, action.archive, expected, step);
  return { outcome: 'done', detail: 'uploaded and verified' };
}

function describe(action: ActionOf<'transfer-package'>): string[] {
  const check = packageStateScript(action.archive, action.serverDir);
  const move =
    action.source.kind === 'file'
      ? `upload ${action.source.path} -> ${action.archive} (skipped when ${action.serverDir} already holds this package; checksum verified on arrival)`
      : `${downloadScript(action.source.url, action.archive)}\n(when the host cannot reach the URL: ddb-setup downloads it once and uploads it)`;
  return [check, move];
}

export const transferPackage: Task<'transfer-package'> = { describe, run };
