/**
 * Entry of an upload worker thread (upload-pool.ts starts it; the build makes it
 * dist/upload-worker.js). Each job logs in to its host over a connection of its own, checked
 * against the host key the main thread's connection accepted, streams the file and reports
 * progress (at most every 100 ms) and the receiving script's result. Secrets arrive in the job's
 * message, in memory, as they are in the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { explain, StepError } from '../step-error.js';
import { SshExecutor } from './ssh-executor.js';
import type { FromWorker, ToWorker, UploadJob } from './upload-messages.js';

const port = parentPort;
if (!port) throw new Error('upload-worker.js runs only as a worker thread');
const running = new Map<number, AbortController>();
const post = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') running.get(message.id)?.abort();
  else void run(message.id, message.job);
});

async function run(id: number, job: UploadJob): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  const expected = job.hostKey ? Buffer.from(job.hostKey) : undefined;
  const executor = new SshExecutor({
    ...job.target,
    ...(expected
      ? {
          checkHostKey: (key: Buffer) =>
            key.equals(expected)
              ? undefined
              : new StepError(
                  'refused',
                  `${job.target.host} (${job.target.address}) presented another host key to the upload's connection than to the one that checked it: someone may be intercepting the connection`,
                ),
        }
      : {}),
  });
  let last = 0;
  try {
    const result = await executor.receive(job.file, job.partial, {
      signal: controller.signal,
      onProgress: (done, total) => {
        const now = Date.now();
        if (done < total && now - last < 100) return;
        last = now;
        post({ type: 'progress', id, done, total });
      },
    });
    post({ type: 'done', id, result });
  } catch (cause) {
    post({ type: 'failed', id, failure: explain(cause) });
  } finally {
    running.delete(id);
    await executor.close();
  }
}
