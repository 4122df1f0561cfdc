import type { ActionOf } from '../../plan/plan.js';
import { imageStateScript, loadImageScript, pullScript } from '../../remote/docker-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { Executor } from '../executor.js';
import { uploadVerified } from '../upload-verified.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** A pull that has not finished by then is given up on (a registry that does not answer). */
const pullMs = 600_000;

/**
 * Makes `swarm.image` present on the host (every `docker run` uses --pull=never). Kept when the host
 * has it. With `swarm.imageArchive` the archive is sent (once per host, checksum verified) and
 * loaded: no registry is tried, so intranet hosts never wait on one. Otherwise the host pulls it;
 * where it cannot, ddb-setup sends a `docker save` from this machine's own engine.
 */
async function run(
  action: ActionOf<'load-image'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const executor = deploy.executor(step.step.host ?? '');
  if (await present(executor, action.image, step.signal))
    return { outcome: 'unchanged', detail: 'already on the host' };
  if (action.archive) {
    await send(action.archive.path, action, step, deploy);
    return { outcome: 'done', detail: `loaded from ${action.archive.fileName}` };
  }
  const pulled = await executor
    .exec(pullScript(action.image), { signal: step.signal, timeoutMs: pullMs })
    .catch((error: unknown) => ({
      code: 1,
      stdout: '',
      stderr: error instanceof Error ? error.message : String(error),
    }));
  if (pulled.code === 0 && (await present(executor, action.image, step.signal)))
    return { outcome: 'done', detail: 'pulled by the host' };
  const why = pulled.stderr.trim().split('\n').pop() ?? `exit code ${pulled.code}`;
  step.output(`cannot pull ${action.image} (${why}); sending this machine's copy`);
  let local: string;
  try {
    local = await deploy.localImage(action.image);
  } catch (cause) {
    throw new StepError(
      'command-failed',
      `${executor.host} has not got ${action.image} and cannot pull it (${why}), and this machine cannot save it either (${(cause as Error).message})`,
      {
        fix: `make an archive where the image is (docker save ${action.image} -o image.tar) and set swarm.imageArchive to it: ddb-setup sends it to the hosts`,
      },
    );
  }
  await send(local, action, step, deploy);
  return { outcome: 'done', detail: 'sent from this machine' };
}

async function present(executor: Executor, image: string, signal: AbortSignal): Promise<boolean> {
  const result = await executor.exec(imageStateScript(image), { signal, timeoutMs: quickScriptMs });
  return result.code === 0 && result.stdout.trim() !== '';
}

/** Uploads an archive with progress and checksum, loads it, and checks the image is there. */
async function send(
  localPath: string,
  action: ActionOf<'load-image'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<void> {
  const executor = deploy.executor(step.step.host ?? '');
  await uploadVerified(executor, localPath, action.remoteArchive, deploy.localChecksum(localPath), step);
  const loaded = await executor.exec(loadImageScript(action.remoteArchive), {
    signal: step.signal,
    onLine: step.output,
  });
  mustSucceed(loaded, `docker load on ${executor.host}`);
  if (!(await present(executor, action.image, step.signal)))
    throw new StepError('command-failed', `the archive ${localPath} does not hold ${action.image}`, {
      fix: `make it with docker save ${action.image} -o FILE (docker image ls shows the exact name and tag)`,
    });
}

function describe(action: ActionOf<'load-image'>): string[] {
  const check = `${imageStateScript(action.image)}   (nothing more when the host has it)`;
  if (action.archive)
    return [
      check,
      `upload ${action.archive.path} -> ${action.remoteArchive} (checksum verified on arrival)`,
      loadImageScript(action.remoteArchive),
    ];
  return [
    check,
    pullScript(action.image),
    `(when the host cannot pull: docker save ${action.image} on this machine, uploaded, then ${loadImageScript(action.remoteArchive)})`,
  ];
}

export const loadImage: Task<'load-image'> = { describe, run };
