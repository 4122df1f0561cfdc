/**
 * The SSH executor against a real sshd: a script past its time limit is killed on the host and
 * the call fails with a clear message, also when the host never starts it; closing a connection to a host that stopped answering lets
 * go of the socket instead of keeping the program alive; an upload appears at its path only
 * when its checksum matches, also one that was still being computed when the upload began.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ChecksumMismatch } from '../../source/deploy/executor.js';
import { SshExecutor } from '../../source/deploy/executors/ssh-executor.js';
import { StepError } from '../../source/deploy/step-error.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const opened: SshExecutor[] = [];

const local = mkdtempSync(join(tmpdir(), 'ddb-setup-ssh-executor-'));

afterAll(async () => {
  await Promise.all(opened.map((executor) => executor.close()));
  rmSync(local, { recursive: true, force: true });
});

function executor(): SshExecutor {
  const made = new SshExecutor({
    host: 'P1',
    address: h1.address,
    port: h1.sshPort,
    user: h1.user,
    identityFile: h1.identityFile,
  });
  opened.push(made);
  return made;
}

/** TCP sockets this test process holds open. */
function sockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
}

async function runningOnHost(pattern: string): Promise<boolean> {
  return (await hosts.exec(h1, ['pgrep', '-f', pattern])).code === 0;
}

describe('SshExecutor', () => {
  it('upload: the file appears at its path when its checksum matches, awaited at the end', async () => {
    const file = join(local, 'package.zip');
    const data = Buffer.alloc(3 << 20, 'package bytes ');
    writeFileSync(file, data);
    const target = `/tmp/upload.${process.pid}.zip`;
    let give: (sum: string) => void = () => undefined;
    const sha256 = new Promise<string>((resolve) => (give = resolve));
    const upload = executor().upload(file, target, sha256);
    setTimeout(() => give(createHash('sha256').update(data).digest('hex')), 200);
    await upload;
    expect((await hosts.exec(h1, ['sha256sum', target])).stdout.split(' ')[0]).toBe(
      createHash('sha256').update(data).digest('hex'),
    );
    expect((await hosts.exec(h1, ['test', '-e', `${target}.ddb-setup-part`])).code).toBe(1);
    await hosts.exec(h1, ['rm', '-f', target]);
  });

  it('upload: another checksum fails with ChecksumMismatch and leaves nothing at the path', async () => {
    const file = join(local, 'other.zip');
    writeFileSync(file, 'not what was announced\n');
    const target = `/tmp/mismatch.${process.pid}.zip`;
    const upload = executor().upload(file, target, '0'.repeat(64));
    await expect(upload).rejects.toThrow(ChecksumMismatch);
    await expect(upload).rejects.toThrow(/arrived damaged/);
    expect((await hosts.exec(h1, ['test', '-e', target])).code).toBe(1);
    await hosts.exec(h1, ['rm', '-f', `${target}.ddb-setup-part`]);
  });

  it('kills a script that runs past timeoutMs on the host, says so, and stays usable', async () => {
    const ssh = executor();
    const marker = `sleep 917.${process.pid}`;
    const call = ssh.exec(`${marker}\necho late`, { timeoutMs: 2_000 });
    call.catch(() => undefined);
    await expect.poll(() => runningOnHost(marker), { timeout: 1_900, interval: 50 }).toBe(true);
    await expect(call).rejects.toThrow(StepError);
    await expect(call).rejects.toThrow(/a script on P1 did not finish within 2 s; it was stopped/);
    await expect.poll(() => runningOnHost(marker), { timeout: 5_000, interval: 50 }).toBe(false);
    expect((await ssh.exec('echo ok', { timeoutMs: 10_000 })).stdout).toBe('ok\n');
  });

  it('gives up, with the same message, when the host does not even start the script (a ~/.bashrc that waits)', async () => {
    const original = (await hosts.exec(h1, ['cat', '/root/.bashrc'])).stdout;
    const marker = `sleep 918.${process.pid}`;
    await hosts.exec(h1, ['sh', '-c', 'cat > /root/.bashrc'], { input: `${marker}\n` });
    try {
      const call = executor().exec('echo never', { timeoutMs: 1_000 });
      await expect(call).rejects.toThrow(/a script on P1 did not finish within 1 s; it was stopped/);
    } finally {
      await hosts.exec(h1, ['sh', '-c', 'cat > /root/.bashrc'], { input: original });
      // The waiting start-up file's sleep, found by its unique marker and stopped by PID.
      const pids = (await hosts.exec(h1, ['pgrep', '-f', marker])).stdout.split('\n').filter(Boolean);
      if (pids.length > 0) await hosts.exec(h1, ['kill', ...pids]);
    }
  });

  it('close() lets go of the socket of a host that stopped answering', async () => {
    const before = sockets();
    const ssh = executor();
    expect((await ssh.exec('true')).code).toBe(0);
    expect(sockets()).toBe(before + 1);
    await hosts.cut(h1);
    try {
      await ssh.close();
      await expect.poll(sockets, { timeout: 5_000, interval: 50 }).toBe(before);
    } finally {
      await hosts.restore(h1);
    }
  });

  it('a port where no sshd listens: "connection refused", not a crash or a timeout', async () => {
    const refused = new SshExecutor({ host: 'P1', address: h1.address, port: 1, user: 'root' });
    opened.push(refused);
    await expect(refused.exec('true')).rejects.toThrow(
      /P1 \(root@10\.250\.0\.11:1\): connection refused: no SSH server listens on port 1/,
    );
  });
});
