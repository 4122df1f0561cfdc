/**
 * Package uploads through the built worker thread (dist/upload-worker.js, as the program runs
 * them): the file arrives whole and verified with progress reported to the calling thread, over a
 * connection held to the host key the calling thread's connection accepted; an abort stops it and
 * leaves nothing at the path; the worker does not keep the program alive once idle.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SshExecutor } from '../../source/deploy/executors/ssh-executor.js';
import { uploadPool, useUploadWorkers } from '../../source/deploy/executors/upload-pool.js';
import { StepError } from '../../source/deploy/step-error.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const worker = join(import.meta.dirname, '..', '..', 'dist', 'upload-worker.js');
const local = mkdtempSync(join(tmpdir(), 'ddb-setup-upload-worker-'));
const opened: SshExecutor[] = [];

beforeAll(() => {
  if (!existsSync(worker)) throw new Error(`${worker} is missing: run npm run build first`);
  useUploadWorkers(pathToFileURL(worker));
});

afterAll(async () => {
  useUploadWorkers(undefined);
  await Promise.all(opened.map((executor) => executor.close()));
  rmSync(local, { recursive: true, force: true });
});

/** An executor for host `n` that checks the host key the way the known_hosts policy does. */
function executor(n: number, seen: Buffer[] = []): SshExecutor {
  const host = hosts.host(n);
  const known = Buffer.from((host.hostKeys[0] ?? '').split(' ')[1] ?? '', 'base64');
  const made = new SshExecutor({
    host: `P${n}`,
    address: host.address,
    port: host.sshPort,
    user: host.user,
    identityFile: host.identityFile,
    checkHostKey: (offered) => {
      seen.push(offered);
      return offered.equals(known) ? undefined : new StepError('refused', 'unexpected host key');
    },
  });
  opened.push(made);
  return made;
}

function file(name: string, bytes: number): { path: string; sum: string } {
  const path = join(local, name);
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) data.writeUInt32LE(i, i);
  writeFileSync(path, data);
  return { path, sum: createHash('sha256').update(data).digest('hex') };
}

describe('uploads in the worker thread', () => {
  it('arrives verified on every host at once, with progress up to the whole size', async () => {
    const { path, sum } = file('package.zip', 9 << 20);
    const target = `/tmp/worker-upload.${process.pid}.zip`;
    const progress = new Map<number, number>();
    const seen: Buffer[] = [];
    await Promise.all(
      hosts.hosts.map((_, index) =>
        executor(index + 1, seen).upload(path, target, sum, {
          onProgress: (done, total) => {
            expect(total).toBe(9 << 20);
            progress.set(index, done);
          },
        }),
      ),
    );
    expect(uploadPool()).toBeDefined();
    for (const [index, host] of hosts.hosts.entries()) {
      expect(progress.get(index)).toBe(9 << 20);
      expect((await hosts.exec(host, ['sha256sum', target])).stdout.split(' ')[0]).toBe(sum);
      await hosts.exec(host, ['rm', '-f', target]);
    }
    // Each host's key was offered twice: to the calling thread's policy only once, the worker's
    // connection is held to that same key without asking the policy again.
    expect(seen).toHaveLength(hosts.hosts.length);
  });

  it('an abort stops the upload in the worker and nothing appears at the path', async () => {
    const { path, sum } = file('big.zip', 64 << 20);
    const target = `/tmp/worker-abort.${process.pid}.zip`;
    const controller = new AbortController();
    const upload = executor(1).upload(path, target, sum, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0) controller.abort();
      },
    });
    await expect(upload).rejects.toThrow(/aborted/);
    expect((await hosts.exec(hosts.host(1), ['test', '-e', target])).code).toBe(1);
    await hosts.exec(hosts.host(1), ['rm', '-f', `${target}.ddb-setup-part`]);
  });

  it("refuses a host whose key differs from the one the calling thread's connection accepted", async () => {
    const { path } = file('small.zip', 1 << 20);
    const host = hosts.host(2);
    const pool = uploadPool();
    if (!pool) throw new Error('no upload pool');
    const upload = pool.transfer(
      {
        target: {
          host: 'P2',
          address: host.address,
          port: host.sshPort,
          user: host.user,
          identityFile: host.identityFile,
        },
        hostKey: Buffer.from('not the key this host presents'),
        file: { path, version: 'v', size: 1 << 20 },
        partial: `/tmp/worker-refused.${process.pid}.part`,
      },
      {},
    );
    await expect(upload).rejects.toThrow(/presented another host key .* someone may be intercepting/);
    expect((await hosts.exec(host, ['test', '-e', `/tmp/worker-refused.${process.pid}.part`])).code).toBe(1);
  });
});
