import { ChecksumMismatch, type Executor } from './executor.js';
import type { StepContext } from './run-plan.js';
import { StepError } from './step-error.js';

/**
 * Uploads a local file with the step's progress; it appears at `remotePath` only when its checksum
 * matches on arrival. A damaged arrival fails the step with what to do.
 */
export async function uploadVerified(
  executor: Executor,
  localPath: string,
  remotePath: string,
  expected: string | Promise<string>,
  step: StepContext,
): Promise<void> {
  try {
    await executor.upload(localPath, remotePath, expected, {
      signal: step.signal,
      onProgress: (done, total) => step.progress(done, total, 'bytes'),
    });
  } catch (cause) {
    if (!(cause instanceof ChecksumMismatch)) throw cause;
    throw new StepError('command-failed', cause.message, {
      fix: 'run deploy again; if it repeats, check the disk and network of that host',
    });
  }
}
