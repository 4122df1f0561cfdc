/**
 * The SSH executor against a real sshd: a script past its time limit is killed on the host and
 * the call fails with a clear message, also when the host never starts it; closing a connection to a host that stopped answering lets
 * go of the socket instead of keeping the program alive.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SshExecutor } from '../../source/deploy/executors/ssh-executor.js';
import { StepError } from '../../source/deploy/step-error.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const opened: SshExecutor[] = [];

afterAll(async () => {
  await Promise.all(opened.map((executor) => executor.close()));
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
