/**
 * `start`, `status` and `stop` on a 7-process cluster (pseudo-HA on 127.0.0.1, so no SSH) running on
 * the stand-in: each asks many nodes at once over one abort signal, and none may print Node's
 * MaxListenersExceededWarning on stderr (issue 13 §9). Needs the built program (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptFromLog, agentLog, standInSuite } from './harness.js';
import { renderedCluster, requireBuiltCli } from './rendered-cluster.js';

requireBuiltCli();
standInSuite();

describe('start, status and stop on 7 processes', () => {
  it('print no MaxListenersExceededWarning', async () => {
    const { topology, files, run } = await renderedCluster('pseudo-ha', 7);

    const start = run(['start', '-f', topology]);
    // Whatever happens next, the harness stops every process start began.
    for (const s of files.filter((f) => f.kind === 'start.sh')) {
      const log = join(s.path, '..', 'log', `${s.node}.log`);
      if (existsSync(log)) await adoptFromLog(log);
      if (s.node?.startsWith('agent')) agentLog(log);
    }
    expect(start.status, start.stdout + start.stderr).toBe(0);
    expect(start.stderr).not.toContain('MaxListenersExceededWarning');

    const status = run(['status', '-f', topology]);
    expect(status.stdout).toContain('7 of 7 nodes up');
    expect(status.stderr).not.toContain('MaxListenersExceededWarning');

    const stop = run(['stop', '-f', topology]);
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
    expect(stop.stderr).not.toContain('MaxListenersExceededWarning');

    const stopped = run(['status', '-f', topology]);
    expect(stopped.stdout).toContain('0 of 7 nodes up');
    expect(stopped.stderr).not.toContain('MaxListenersExceededWarning');
  }, 180_000);
});
