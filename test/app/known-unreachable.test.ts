/**
 * check tries every host once up front: a host that cannot be reached is replaced by an executor
 * that fails at once with that host's own words, so the lock and the probe do not each wait again.
 */
import { describe, expect, it } from 'vitest';
import { knownUnreachable } from '../../source/app/known-unreachable.js';
import { LocalExecutor } from '../../source/deploy/executors/local-executor.js';
import { SshExecutor } from '../../source/deploy/executors/ssh-executor.js';
import type { Executor } from '../../source/deploy/executor.js';

describe('knownUnreachable', () => {
  it('keeps a reachable host’s executor; a refused one fails at once, with the connection’s words', async () => {
    const local = new LocalExecutor('P1');
    // Port 1 on loopback: nothing listens, the connection is refused.
    const refused = new SshExecutor({ host: 'P2', address: '127.0.0.1', port: 1, user: 'root' });
    const executors = new Map<string, Executor>([
      ['P1', local],
      ['P2', refused],
    ]);
    const { executors: checked, unreached } = await knownUnreachable(executors);
    expect(unreached).toEqual(['P2']);
    expect(checked.get('P1')).toBe(local);
    const stand = checked.get('P2');
    expect(stand).not.toBe(refused);
    const message = 'P2 (root@127.0.0.1:1): connection refused: no SSH server listens on port 1';
    await expect(stand?.exec('true')).rejects.toThrow(message);
    await expect(stand?.openStream('127.0.0.1', 8848)).rejects.toThrow(message);
    await checked.get('P2')?.close();
    await refused.close();
  });
});
