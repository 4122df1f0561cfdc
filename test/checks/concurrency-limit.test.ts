/** Reachability tests run at most N at a time per source host, each in its turn, none lost. */
import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../source/checks/concurrency-limit.js';

/** A task that runs until `finish()` is called, recording how many ran at once. */
function gate() {
  let finish = () => undefined as void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish: () => finish() };
}

describe('concurrencyLimit', () => {
  it('never more than the limit at once; the next starts as one finishes, in order', async () => {
    const limit = concurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const results = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await g.done;
        running -= 1;
        return i * 10;
      }),
    );
    // Let the first tasks start.
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]?.finish();
    await results[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.finish();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('a task that fails frees its place and its caller sees the failure', async () => {
    const limit = concurrencyLimit(1);
    const failing = limit(() => Promise.reject(new Error('refused')));
    const next = limit(async () => 'ran');
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe('ran');
  });
});
