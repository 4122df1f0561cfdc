import type { Executor } from '../deploy/executor.js';
import { unreachable } from '../deploy/host-reach.js';
import { StepError } from '../deploy/step-error.js';

/** How long a host has to log in and run `true` in that first pass: the connection's own limits, and a margin. */
const firstReachMs = 15_000;

/**
 * Tries every host once, all at once, and hands back the executors with each host that could not
 * be reached replaced by one that fails at once with that host's own failure. Why: `check` asks
 * every host several times (the cluster's lock, the probe, the listeners), and a host that is off
 * or cut off would cost each of them a full connection time-out, one after another (measured on
 * 30 test hosts with 3 cut off: 23 s, 10 s of them in the lock and 10 s in the probe). It is still
 * reported once, with the same words, by what asks it first.
 */
export async function knownUnreachable(
  executors: ReadonlyMap<string, Executor>,
  signal?: AbortSignal,
): Promise<{ executors: Map<string, Executor>; unreached: string[] }> {
  const never = new AbortController().signal;
  const tried = await Promise.all(
    [...executors].map(async ([host, executor]) => {
      const failure = await unreachable(executor, signal ?? never, firstReachMs);
      return [
        host,
        failure ? failedExecutor(host, new StepError(failure.kind, failure.message, failure)) : executor,
      ] as const;
    }),
  );
  return {
    executors: new Map(tried),
    unreached: tried.filter(([host, executor]) => executor !== executors.get(host)).map(([host]) => host),
  };
}

/** An executor of a host known not to be reachable: every call fails with why, at once. */
function failedExecutor(host: string, error: StepError): Executor {
  const fail = () => Promise.reject(error);
  return { host, exec: fail, upload: fail, writeFiles: fail, openStream: fail, close: async () => undefined };
}
