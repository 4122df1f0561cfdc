/**
 * The local executor's time limit: a script that runs past it is killed with everything it
 * started, and the call fails with a message that names the host and the limit.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../source/deploy/executors/local-executor.js';
import { StepError } from '../../source/deploy/step-error.js';

/** True while a process with this exact command line runs (pgrep -f on a unique marker). */
function running(pattern: string): boolean {
  return spawnSync('pgrep', ['-f', pattern]).status === 0;
}

describe('LocalExecutor.exec with timeoutMs', () => {
  it('kills a script that runs past the limit, and what it started, and says so', async () => {
    const executor = new LocalExecutor('P1');
    // A duration no other process uses, so pgrep finds only this one.
    const marker = `sleep 917.${process.pid}`;
    const call = executor.exec(`${marker}\necho late`, { timeoutMs: 1_500 });
    call.catch(() => undefined);
    await expect.poll(() => running(marker), { timeout: 1_400, interval: 20 }).toBe(true);
    await expect(call).rejects.toThrow(StepError);
    await expect(call).rejects.toThrow(/a script on P1 did not finish within 1\.5 s; it was stopped/);
    await expect.poll(() => running(marker), { timeout: 5_000, interval: 20 }).toBe(false);
  });

  it('leaves a script that finishes in time alone', async () => {
    const result = await new LocalExecutor('P1').exec('echo ok; exit 3', { timeoutMs: 5_000 });
    expect(result).toEqual({ code: 3, stdout: 'ok\n', stderr: '' });
  });
});
