/**
 * What the SSH executor says when the port answers but no usable SSH server is behind it: real
 * TCP servers on loopback that close at once, answer HTTP, reset, or stay silent. Each gets its own
 * message and a fix, instead of the SSH library's words.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SshExecutor } from '../../source/deploy/executors/ssh-executor.js';
import { explain } from '../../source/deploy/step-error.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Logs in to a loopback port served by `behave`; returns the error's message and fix. */
async function failureOf(behave: (socket: Socket) => void): Promise<{ message: string; fix?: string }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    behave(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const executor = new SshExecutor({
    host: 'P1',
    address: '127.0.0.1',
    port,
    user: 'root',
    timeoutMs: 1_000,
  });
  cleanups.push(async () => {
    await executor.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const failure = await executor.exec('true').then(
    () => explain(new Error('logged in')),
    (error: unknown) => explain(error),
  );
  return { message: failure.message, ...(failure.fix ? { fix: failure.fix } : {}) };
}

describe('a port without a usable SSH server', () => {
  it.each([
    ['closes at once', (socket: Socket) => socket.destroy()],
    ['answers in HTTP', (socket: Socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')],
    ['resets the connection', (socket: Socket) => socket.resetAndDestroy()],
  ])('%s: closed before SSH answered, with the port to check', async (_, behave) => {
    const failure = await failureOf(behave);
    expect(failure.message).toMatch(
      /^P1 \(root@127\.0\.0\.1:\d+\): the connection was closed before SSH answered: port \d+ is not an SSH server's/,
    );
    expect(failure.fix).toMatch(
      /check that port \d+ is sshd's \(ssh\.port\).*try: ssh -p \d+ root@127\.0\.0\.1$/,
    );
  });

  it('accepts and says nothing: no SSH greeting within the time limit', async () => {
    const failure = await failureOf(() => undefined);
    expect(failure.message).toMatch(
      /the port accepted the connection, but no SSH server greeted within 1 s$/,
    );
    expect(failure.fix).toContain('MaxStartups');
  });
});
