import { onAbort } from '../deploy/abort-listeners.js';
import type { Executor } from '../deploy/executor.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { parseProber, proberScript } from './prober-script.js';
import type { HostFacts } from './host-facts.js';
import type { HostExpectation } from './host-expectations.js';
import { listenerScript, reachabilityPairs, type ConnectResult } from './reachability.js';

/**
 * How long one connection may take to open before it counts as dropped by a firewall, and how long
 * the one confirming attempt of a failed pair waits: a busy machine (the one running ddb-setup, or
 * a loaded host) can delay a forwarded connection past the first limit, and a finding that blocks
 * a deployment must have been seen twice.
 */
export type ConnectTiming = { readonly firstMs: number; readonly confirmMs: number };
const defaultTiming: ConnectTiming = { firstMs: 3_000, confirmMs: 10_000 };
/**
 * How many connections one source host opens at once. Each is a channel of that host's SSH
 * connection and a connect() by its sshd: at 30 hosts with 4 ports each a source has 116 to make,
 * and 3,480 in all; unbounded, they all queued at once on every sshd and on this machine's one
 * thread. A test's time limit starts when it leaves the queue. Not lower: a firewall dropping
 * everything a source sends holds every slot for the whole limit, so each wave of `perSourceLimit`
 * costs firstMs (and confirmMs again for the confirmations): 4 waves at 30 hosts.
 */
const perSourceLimit = 32;
/** The listeners' own end, should ddb-setup vanish without stopping them. */
const listenerSeconds = 30;

type Target = { readonly expect: HostExpectation; readonly facts: HostFacts };

/**
 * Tests every cluster port from every other host: a temporary listener on each free port of the
 * target, then a TCP connection from each source host (over SSH that is a forwarded connection made
 * by the source's sshd, so it takes the real network path between the two servers). A port that is
 * already in use is tested against whatever holds it.
 */
export async function connectAll(
  targets: readonly Target[],
  executors: ReadonlyMap<string, Executor>,
  signal?: AbortSignal,
  timing: ConnectTiming = defaultTiming,
): Promise<ConnectResult[]> {
  const stop = new AbortController();
  // Removed when done: a wizard that checks again and again hands in the same signal.
  const stopWaiting = onAbort(signal, () => stop.abort());
  try {
    const ready = new Map(
      await Promise.all(
        targets.map(
          async (target) =>
            [target.expect.host, await startListener(target, executors, stop.signal)] as const,
        ),
      ),
    );
    const pairs = reachabilityPairs(targets.map((t) => t.expect));
    const factsOf = new Map(targets.map((t) => [t.expect.host, t.facts]));
    // In pair order, as the findings list them: what cannot be tested is known now.
    const planned: (ConnectResult | Omit<ConnectResult, 'outcome'>)[] = [];
    for (const { from, to } of pairs)
      for (const port of [...to.ports, ...(to.swarmPorts ?? [])]) {
        if (publishedByOwnContainer(to, factsOf.get(to.host), port.port)) continue;
        const base = { from, to: to.host, address: to.address, port };
        if (ready.get(to.host)?.missing.has(port.port))
          planned.push({
            ...base,
            outcome: 'not-tested',
            detail: `${to.host} has neither python3 nor perl for a temporary listener`,
          });
        else if (!executors.get(from))
          planned.push({ ...base, outcome: 'not-tested', detail: `no connection to ${from}` });
        else planned.push(base);
      }
    type Test = Omit<ConnectResult, 'outcome'>;
    type Outcome = Pick<ConnectResult, 'outcome' | 'detail'>;
    /** Each test's outcome, every source's tests at once. */
    const testAll = async (tests: readonly Test[], timeoutMs: number): Promise<Map<Test, Outcome>> => {
      const bySource = new Map<string, Test[]>();
      for (const test of tests) bySource.set(test.from, [...(bySource.get(test.from) ?? []), test]);
      const outcomes = new Map<Test, Outcome>();
      await Promise.all(
        [...bySource].map(async ([from, mine]) => {
          const executor = executors.get(from) as Executor;
          const seen = await connectFrom(executor, factsOf.get(from), mine, timeoutMs, stop.signal);
          mine.forEach((test, i) => outcomes.set(test, seen[i] ?? { outcome: 'not-tested' }));
        }),
      );
      return outcomes;
    };
    const tried = await testAll(
      planned.filter((p): p is Test => !('outcome' in p)),
      timing.firstMs,
    );
    const first = planned.map((p): ConnectResult =>
      'outcome' in p ? p : { ...p, ...(tried.get(p) ?? { outcome: 'not-tested' }) },
    );
    // Every failure is tried once more, with a longer wait, while the listeners still run: only a
    // pair that fails twice becomes a finding (a refusal is confirmed too: it costs one round trip).
    const failed = (r: ConnectResult) => r.outcome === 'timeout' || r.outcome === 'refused';
    const again = await testAll(first.filter(failed), timing.confirmMs);
    const results = first.map((r) => ({ ...r, ...again.get(r) }));
    // Stop the listeners now, not at their next heartbeat: a check run right after this one must
    // not find their ports taken.
    await Promise.all(
      [...ready].map(([host, listener]) =>
        listener.pid === undefined
          ? undefined
          : executors
              .get(host)
              ?.exec(`kill ${listener.pid} 2>/dev/null; true`, { timeoutMs: 10_000 })
              .catch(() => undefined),
      ),
    );
    return results;
  } finally {
    stopWaiting();
    stop.abort();
  }
}

/**
 * A port this deployment's container publishes: Docker forwards it into the container, where the
 * node may not run yet (a container restarted without its data nodes refuses), so a connection says
 * nothing of the network. It was tested while free, before the first deployment.
 */
function publishedByOwnContainer(to: HostExpectation, facts: HostFacts | undefined, port: number): boolean {
  return to.swarm?.containers.some((name) => facts?.docker.published.get(name)?.includes(port)) === true;
}

/** Starts the listener on the target's free ports; resolves once it listens (or cannot). */
async function startListener(
  target: Target,
  executors: ReadonlyMap<string, Executor>,
  signal: AbortSignal,
): Promise<{ missing: Set<number>; pid?: number }> {
  const free = [...target.expect.ports, ...(target.expect.swarmPorts ?? [])]
    .map((p) => p.port)
    .filter((port) => !target.facts.listening.has(port));
  const executor = executors.get(target.expect.host);
  if (free.length === 0 || !executor) return { missing: new Set() };
  return new Promise((resolve) => {
    const missing = new Set<number>();
    let pid: number | undefined;
    executor
      .exec(listenerScript(free, listenerSeconds), {
        signal,
        timeoutMs: (listenerSeconds + 5) * 1000,
        onLine: (line) => {
          if (line.startsWith('pid ')) pid = Number(line.slice(4)) || undefined;
          else if (line === 'ready') resolve({ missing, ...(pid !== undefined ? { pid } : {}) });
          else if (line === 'no-listener') free.forEach((port) => missing.add(port));
        },
      })
      // Ended (no interpreter, or stopped): whatever was not confirmed cannot be told apart from a block.
      .then(
        () => resolve({ missing: missing.size > 0 ? missing : new Set(free) }),
        () => resolve({ missing: new Set(free) }),
      );
  });
}

/**
 * Connects from one source host to each of its targets, at most perSourceLimit at once, each within
 * timeoutMs: with python3 there, one prober command on the host (prober-script.ts); else (or when
 * that command fails) one forwarded SSH connection per target.
 */
async function connectFrom(
  executor: Executor,
  facts: HostFacts | undefined,
  tests: readonly Pick<ConnectResult, 'address' | 'port'>[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Pick<ConnectResult, 'outcome' | 'detail'>[]> {
  const key = (test: Pick<ConnectResult, 'address' | 'port'>) => `${test.address}:${test.port.port}`;
  if (facts?.commands.has('python3')) {
    const waves = Math.ceil(tests.length / perSourceLimit);
    try {
      const result = await executor.exec(
        proberScript([...new Set(tests.map(key))], perSourceLimit, timeoutMs / 1000),
        {
          signal,
          timeoutMs: (waves + 1) * timeoutMs + 10_000,
        },
      );
      const outcomes = parseProber(result.stdout);
      if (outcomes)
        return tests.map((test) => {
          const outcome = outcomes.get(key(test));
          return outcome
            ? { outcome }
            : { outcome: 'not-tested', detail: `the prober on ${executor.host} said nothing of it` };
        });
    } catch {
      // The command could not run: the forwarded connections below tell what can be told.
    }
  }
  const limit = concurrencyLimit(perSourceLimit);
  return Promise.all(
    tests.map((test) => limit(() => connectOnce(executor, test.address, test.port.port, signal, timeoutMs))),
  );
}

/** One TCP connection from a host; reached when it opens, whatever answers. */
async function connectOnce(
  executor: Executor,
  address: string,
  port: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Pick<ConnectResult, 'outcome' | 'detail'>> {
  let timer: NodeJS.Timeout | undefined;
  const opening = executor.openStream(address, port, signal);
  // Opening is all that is tested: the stream is closed as soon as it exists, also when that is
  // after the time limit.
  opening.then(
    (stream) => stream.destroy(),
    () => undefined,
  );
  const limit = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return (await Promise.race([opening, limit])) === 'timeout'
      ? { outcome: 'timeout' }
      : { outcome: 'reached' };
  } catch (error) {
    const message = (error as Error).message;
    if (/prohibited|administratively/i.test(message))
      return { outcome: 'not-tested', detail: `its sshd forbids TCP forwarding (${message})` };
    if (/timed? ?out/i.test(message)) return { outcome: 'timeout' };
    return { outcome: 'refused' };
  } finally {
    clearTimeout(timer);
  }
}
