import { createHash, randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { ClusterBusy, type LockHolder } from './cluster-busy.js';
import type { Executor } from '../deploy/executor.js';
import { deploymentIdentity } from '../model/deployment-identity.js';
import type { Topology } from '../model/topology.js';
import { processAlive } from '../store/process-alive.js';
import {
  acquireLockScript,
  heartbeatScript,
  leaseSeconds,
  lockExit,
  lockPath,
  releaseLockScript,
  takeOverScript,
} from '../remote/lock-scripts.js';

/** A held lock: kept alive until released. */
export type ClusterLease = { release(): Promise<void> };

/** How often the lease is renewed: well inside leaseSeconds, so two lost heartbeats cost nothing. */
const heartbeatMs = 5_000;

/**
 * Takes the cluster's lock on every host it can reach (in host order; all or none), so that one
 * run at a time acts on a cluster, whoever starts it and from wherever. A run found holding it is
 * named and this run refused at once (ClusterBusy); a holder whose process on this machine has
 * ended is taken over. Hosts without an executor (not reached) are skipped: nothing can act there.
 */
export async function acquireClusterLock(
  topology: Topology,
  executors: ReadonlyMap<string, Executor>,
  command: string,
  now: Date,
  /** Shorter lease and heartbeat, for tests of a run that stops renewing. */
  timing: { readonly leaseSeconds: number; readonly heartbeatMs: number } = { leaseSeconds, heartbeatMs },
): Promise<ClusterLease> {
  const identity = deploymentIdentity(topology);
  const token = randomUUID();
  const details = JSON.stringify({
    token,
    machine: hostname(),
    pid: process.pid,
    user: safeUser(),
    command,
    since: now.toISOString(),
    cluster: identity.name,
  }).slice(1, -1);
  const locks = topology.hosts.flatMap((host) => {
    const executor = executors.get(host.name);
    const place = identity.places.find((p) => p.startsWith(`${host.address}:`)) ?? host.address;
    const hash = createHash('sha256')
      .update(place.slice(place.indexOf(':') + 1))
      .digest('hex')
      .slice(0, 16);
    return executor ? [{ executor, lock: lockPath(hash) }] : [];
  });
  const taken: typeof locks = [];
  const release = async () => {
    await Promise.all(
      taken.map(({ executor, lock }) => executor.exec(releaseLockScript(lock, token)).catch(() => undefined)),
    );
  };
  // A host that cannot be reached is skipped: nothing can act on it, and the run (a stop with a
  // host gone) must go on with the others. Only another run's lock refuses.
  const take = async (entry: (typeof locks)[number]) => {
    try {
      await acquireOne(entry.executor, entry.lock, details, timing.leaseSeconds);
      taken.push(entry);
    } catch (error) {
      if (error instanceof ClusterBusy) throw error;
    }
  };
  try {
    // The first reachable host alone, then the others together: two runs started at once meet on the first
    // host, so one of them gets every lock and the other none (never each a part, both refused),
    // and the rest costs one round trip, not one per host.
    let next = 0;
    while (next < locks.length && taken.length === 0) await take(locks[next++] as (typeof locks)[number]);
    const results = await Promise.allSettled(locks.slice(next).map(take));
    const refusal = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refusal) throw refusal.reason;
  } catch (error) {
    await release();
    throw error;
  }
  const timer = setInterval(() => {
    for (const { executor, lock } of taken)
      executor.exec(heartbeatScript(lock, token)).catch(() => undefined);
  }, timing.heartbeatMs);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await release();
    },
  };
}

async function acquireOne(executor: Executor, lock: string, details: string, lease: number): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const result = await executor.exec(acquireLockScript(lock, details, lease));
    if (result.code === 0) return;
    if (result.code === lockExit.noFlock)
      throw new ClusterBusy(
        `${executor.host} has no flock command (package util-linux), so ddb-setup cannot make sure that one run at a time acts on the cluster; install util-linux there and run the same command again`,
      );
    if (result.code !== lockExit.held)
      throw new ClusterBusy(
        `cannot take the cluster's lock on ${executor.host} (${lock}): ${result.stderr.trim() || `exit ${result.code}`}; check that /tmp there is writable, then run the same command again`,
      );
    const holder = holderFrom(executor.host, result.stdout);
    // Our own machine's run that ended (killed, crashed) leaves a holder that would let go by
    // itself within the lease: take over now instead, once.
    if (attempt === 0 && holder && holder.machine === hostname() && !processAlive(holder.pid)) {
      await executor.exec(takeOverScript(lock, holder.token));
      continue;
    }
    throw new ClusterBusy(busyMessage(executor.host, holder, lease), holder);
  }
}

function busyMessage(host: string, holder: LockHolder | undefined, lease: number): string {
  if (!holder)
    return `another run holds this cluster's lock on ${host}; wait for it to finish and run the same command again`;
  const who = `${holder.user}@${holder.machine}, PID ${holder.pid}`;
  const base = `another run acts on this cluster: \`${holder.command}\` by ${who}, since ${holder.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} (lock on ${host})`;
  const left = lease - holder.silentFor;
  return holder.silentFor > 2 * (heartbeatMs / 1000)
    ? `${base}. It has given no sign of life for ${holder.silentFor} s; if it is gone, its lock ends by itself in ${Math.max(left, 1)} s: run the same command again then`
    : `${base}. Wait for it to finish, then run the same command again`;
}

/** The first live holder in the acquire script's `holder AGE JSON` lines. */
function holderFrom(host: string, stdout: string): LockHolder | undefined {
  for (const line of stdout.split('\n')) {
    const match = /^holder (\d+) (\{.*\})$/.exec(line.trim());
    if (!match) continue;
    try {
      const parsed = JSON.parse(match[2] ?? '') as Partial<Omit<LockHolder, 'host' | 'silentFor'>>;
      return {
        host,
        machine: String(parsed.machine ?? 'unknown machine'),
        pid: Number(parsed.pid ?? 0),
        user: String(parsed.user ?? 'unknown user'),
        command: String(parsed.command ?? 'unknown command'),
        since: String(parsed.since ?? 'unknown time'),
        silentFor: Number(match[1]),
        token: String(parsed.token ?? ''),
      };
    } catch {
      // A holder's file cut mid-write: look at the next.
    }
  }
  return undefined;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown user';
  }
}
