/**
 * One run per cluster at a time, decided on the host: run against this machine through the local
 * executor (the same sh scripts as over SSH). The deploy directory is unique per test, so the
 * lock files (/tmp/ddb-setup-<hash>.lock) are this test's own.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterBusy } from '../../source/app/cluster-busy.js';
import { acquireClusterLock, type ClusterLease } from '../../source/app/cluster-lock.js';
import { LocalExecutor } from '../../source/deploy/executors/local-executor.js';
import { templateTopology } from '../../source/model/template-topology.js';

let serial = 0;
function cluster() {
  const topology = templateTopology({ mode: 'single', addresses: ['127.0.0.1'] });
  const withDir = { ...topology, deployDir: `/opt/ddbt-lock-${process.pid}-${++serial}` };
  const executors = new Map(withDir.hosts.map((host) => [host.name, new LocalExecutor(host.name)]));
  return { topology: withDir, executors };
}
const now = new Date('2026-12-04T10:00:00Z');
const leases: ClusterLease[] = [];
afterEach(async () => {
  for (const lease of leases.splice(0)) await lease.release();
});

async function refusal(promise: Promise<unknown>): Promise<ClusterBusy> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClusterBusy);
  return error as ClusterBusy;
}

describe('cluster lock', () => {
  it('a second run is refused at once, told who holds it; after release it goes ahead', async () => {
    const { topology, executors } = cluster();
    const first = await acquireClusterLock(topology, executors, 'deploy', now);
    leases.push(first);
    const busy = await refusal(acquireClusterLock(topology, executors, 'check', now));
    expect(busy.holder).toMatchObject({ machine: hostname(), pid: process.pid, command: 'deploy' });
    expect(busy.message).toContain('another run acts on this cluster: `deploy` by ');
    expect(busy.message).toContain(`@${hostname()}, PID ${process.pid}, since 2026-12-04 10:00:00 UTC`);
    await first.release();
    leases.push(await acquireClusterLock(topology, executors, 'check', now));
  });

  it("another deployment's lock (another directory) does not block this one", async () => {
    const a = cluster();
    const b = cluster();
    leases.push(await acquireClusterLock(a.topology, a.executors, 'deploy', now));
    leases.push(await acquireClusterLock(b.topology, b.executors, 'deploy', now));
  });

  it('a holder left by a run of this machine that has ended is taken over', async () => {
    const { topology, executors } = cluster();
    leases.push(await acquireClusterLock(topology, executors, 'deploy', now));
    // Make the holder's details name a process that has ended (a run killed with -9).
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout,
    );
    const renamed = await new LocalExecutor('P1').exec(
      `for f in /tmp/ddb-setup-*.lock.$(id -u).json; do grep -q '"command":"deploy"' "$f" && grep -q '"pid":${process.pid}' "$f" && sed -i 's/"pid":${process.pid}/"pid":${dead}/' "$f" && echo "$f"; done`,
    );
    expect(renamed.stdout).toContain('.json');
    const taken = await acquireClusterLock(topology, executors, 'deploy', now);
    leases.push(taken);
    // The new run holds it now: a third is refused, naming this process.
    expect((await refusal(acquireClusterLock(topology, executors, 'stop', now))).holder?.pid).toBe(
      process.pid,
    );
  });

  it('a run that stops renewing loses the lock after its lease; the message says when', async () => {
    const { topology, executors } = cluster();
    // A heartbeat slower than the lease: the holder lets go by itself, as after a kill -9.
    leases.push(
      await acquireClusterLock(topology, executors, 'deploy', now, {
        leaseSeconds: 3,
        heartbeatMs: 3_600_000,
      }),
    );
    await refusal(acquireClusterLock(topology, executors, 'check', now));
    await expect
      .poll(
        () =>
          acquireClusterLock(topology, executors, 'check', now).then(
            (lease) => (leases.push(lease), true),
            () => false,
          ),
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
  });

  it('a run that loses the race by a moment still learns who holds the lock (its details come just after)', async () => {
    const { topology, executors } = cluster();
    const first = acquireClusterLock(topology, executors, 'deploy', now);
    // Started together: one of them may find the lock taken before the holder's details exist.
    const second = acquireClusterLock(topology, executors, 'deploy', now);
    const results = await Promise.allSettled([first, second]);
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    leases.push(...won);
    expect(won).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ClusterBusy);
    expect((lost?.reason as ClusterBusy).holder?.pid).toBe(process.pid);
  });
});
