/**
 * One run's signal is shared by every step and every node a step asks at once: however many
 * scripts, connections and waits are under way, the signal carries one `abort` listener, Node never
 * prints MaxListenersExceededWarning (issue 13 §9), and an abort still reaches each of them.
 */
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { onAbort } from '../../source/deploy/abort-listeners.js';
import { LocalExecutor } from '../../source/deploy/executors/local-executor.js';
import { poll } from '../../source/deploy/node-api/node-session.js';

const warnings: Error[] = [];
const collect = (warning: Error) => warnings.push(warning);
const servers: Server[] = [];
afterEach(() => {
  process.off('warning', collect);
  warnings.length = 0;
  for (const server of servers.splice(0)) server.close();
});

/** A TCP server on a free loopback port that accepts and holds connections. */
async function listening(): Promise<number> {
  const server = createServer(() => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('onAbort', () => {
  it('adds one listener for any number of waiters, calls each on abort, removes it when all left', () => {
    const controller = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 25 }, (_, i) => onAbort(controller.signal, () => called.push(i)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const stop of stops.slice(0, 20)) stop();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(called).toEqual([20, 21, 22, 23, 24]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const other = new AbortController();
    const stopAll = [onAbort(other.signal, () => undefined), onAbort(other.signal, () => undefined)];
    for (const stop of stopAll) stop();
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });

  it('calls at once on a signal already aborted, and never without a signal', () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    onAbort(controller.signal, () => calls++);
    expect(calls).toBe(1);
    onAbort(undefined, () => calls++)();
    expect(calls).toBe(1);
  });
});

describe('LocalExecutor and poll on one shared signal', () => {
  it('30 scripts, connections and waits at once: one listener, no MaxListenersExceededWarning', async () => {
    process.on('warning', collect);
    const executor = new LocalExecutor('P1');
    const port = await listening();
    const controller = new AbortController();
    const { signal } = controller;
    const streams = await Promise.all(
      Array.from({ length: 10 }, () => executor.openStream('127.0.0.1', port, signal)),
    );
    const scripts = Array.from({ length: 10 }, () => executor.exec('exec sleep 37', { signal }));
    const waits = Array.from({ length: 10 }, () =>
      poll(async () => undefined, { timeoutMs: 60_000, intervalMs: 60_000, signal }),
    );
    // Counted before the abort, asserted after it: a failure must not leave the scripts running.
    const listeners = getEventListeners(signal, 'abort').length;
    controller.abort();
    expect(listeners).toBe(1);
    // Each script is killed, each wait ends, and the connections stay the caller's to close.
    for (const script of scripts) await expect(script).rejects.toThrow('aborted before it finished');
    expect(await Promise.all(waits)).toEqual(Array.from({ length: 10 }, () => undefined));
    for (const stream of streams) stream.destroy();
    // A warning is emitted on the next tick; wait for one to have had its chance.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('a connection that is still being made is cut by the abort; one that closed stops waiting', async () => {
    const executor = new LocalExecutor('P1');
    const port = await listening();
    const controller = new AbortController();
    const stream = await executor.openStream('127.0.0.1', port, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.destroy();
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const aborted = new AbortController();
    aborted.abort();
    await expect(executor.openStream('127.0.0.1', port, aborted.signal)).rejects.toThrow(/aborted/);
    await expect(executor.exec('echo never', { signal: aborted.signal })).rejects.toThrow(/aborted/);
  });
});
