import { describe, expect, it } from 'vitest';
import { UploadPool } from '../../source/deploy/executors/upload-pool.js';
import type { UploadJob } from '../../source/deploy/executors/upload-messages.js';
import { StepError } from '../../source/deploy/step-error.js';

/** A worker thread made of `body`, which sees `port` (its parentPort) and each message as `m`. */
const workerOf = (body: string): URL =>
  new URL(
    `data:text/javascript,${encodeURIComponent(
      `import { parentPort as port } from 'node:worker_threads'; port.on('message', (m) => { ${body} });`,
    )}`,
  );

const job: UploadJob = {
  target: { host: 'P1', address: '10.0.0.1', port: 22, user: 'root' },
  hostKey: undefined,
  file: { path: '/nonexistent', version: '1:1', size: 10 },
  partial: '/tmp/x.part',
};

describe('UploadPool', () => {
  it("passes the worker's progress and result through, and its failure as a StepError with its fix", async () => {
    const pool = new UploadPool(
      workerOf(`
        if (m.type !== 'start') return;
        port.postMessage({ type: 'progress', id: m.id, done: 4, total: 10 });
        if (m.job.target.host === 'P1') port.postMessage({ type: 'done', id: m.id, result: { code: 0, stdout: 'sum\\n' } });
        else port.postMessage({ type: 'failed', id: m.id, failure: { kind: 'unreachable', message: 'gone', fix: 'boot it' } });
      `),
      1,
    );
    const seen: number[] = [];
    await expect(pool.transfer(job, { onProgress: (done) => seen.push(done) })).resolves.toEqual({
      code: 0,
      stdout: 'sum\n',
    });
    expect(seen).toEqual([4]);
    const failed = pool.transfer({ ...job, target: { ...job.target, host: 'P2' } }, {});
    await expect(failed).rejects.toBeInstanceOf(StepError);
    await expect(failed).rejects.toMatchObject({
      failure: { kind: 'unreachable', message: 'gone', fix: 'boot it' },
    });
  });

  it('an abort reaches the worker, whose answer settles the upload', async () => {
    const pool = new UploadPool(
      workerOf(`
        if (m.type === 'abort') port.postMessage({ type: 'failed', id: m.id, failure: { kind: 'aborted', message: 'aborted during the transfer' } });
      `),
      1,
    );
    const controller = new AbortController();
    const upload = pool.transfer(job, { signal: controller.signal });
    controller.abort();
    await expect(upload).rejects.toMatchObject({ failure: { kind: 'aborted' } });
  });

  it('a worker that dies fails its uploads with what to do, and the next upload gets a new worker', async () => {
    const pool = new UploadPool(
      workerOf(`
        if (m.job.target.host === 'P1') throw new Error('worker broke');
        port.postMessage({ type: 'done', id: m.id, result: { code: 0, stdout: '' } });
      `),
      1,
    );
    await expect(pool.transfer(job, {})).rejects.toThrow(/the upload's worker thread failed: worker broke/);
    await expect(pool.transfer({ ...job, target: { ...job.target, host: 'P2' } }, {})).resolves.toEqual({
      code: 0,
      stdout: '',
    });
  });
});
