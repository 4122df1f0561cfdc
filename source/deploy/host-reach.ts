import type { NotReached, StepFailure, StepResult } from './events.js';
import type { Executor } from './executor.js';
import { explain, StepError } from './step-error.js';

/** How long a host may take to run `true` during an operation: a login plus a shell start. */
const reachTimeoutMs = 15_000;

/**
 * Whether a command runs on the host at all: undefined when it does, else the connection's own
 * failure (no answer, login refused, host key changed), in the words deploy prints. Asked before
 * acting, so a host that cannot be reached is told apart from a command that failed on it.
 */
export async function unreachable(
  executor: Executor,
  signal: AbortSignal,
  timeoutMs = reachTimeoutMs,
): Promise<StepFailure | undefined> {
  try {
    await executor.exec('true', { signal, timeoutMs });
    return undefined;
  } catch (error) {
    if (signal.aborted) throw error;
    return explain(error);
  }
}

/**
 * The failure of a step that did what it could and left `nodes` alone because their hosts could not
 * be reached: it names each with its reason, and does not hold back the steps after it.
 */
export function notReachedError(
  summary: string,
  nodes: readonly NotReached[],
  failure: Pick<StepFailure, 'kind' | 'fix'>,
): StepError {
  const byReason = new Map<string, string[]>();
  for (const { node, reason } of nodes) byReason.set(reason, [...(byReason.get(reason) ?? []), node]);
  const named = [...byReason].map(([reason, aliases]) => `${aliases.join(', ')} (${reason})`).join('; ');
  return new StepError(failure.kind, `${summary}: ${named}`, { fix: thenAgain(failure), notReached: nodes });
}

/** The failure's own fix, then the one that always follows: run the same command again. */
function thenAgain(failure: Pick<StepFailure, 'fix'>): string {
  return `${failure.fix ? `${failure.fix}; ` : ''}then run the same command again`;
}

/**
 * Stops one process on its host with `stop`, unless the host cannot be reached: then the step fails
 * naming the process and why, without holding back the rest of `stop`. A connection lost while
 * stopping counts the same: whether the process exited is not known.
 */
export async function stopOnHost(
  node: { readonly alias: string; readonly host: string },
  executor: Executor,
  signal: AbortSignal,
  stop: () => Promise<StepResult>,
): Promise<StepResult> {
  const notReached = (failure: StepFailure) =>
    new StepError(failure.kind, `${node.alias} not stopped: ${failure.message}`, {
      fix: thenAgain(failure),
      notReached: [{ node: node.alias, host: node.host, reason: failure.message }],
    });
  const failure = await unreachable(executor, signal);
  if (failure) throw notReached(failure);
  try {
    return await stop();
  } catch (error) {
    if (error instanceof StepError && error.failure.kind === 'unreachable' && !signal.aborted)
      throw notReached(error.failure);
    throw error;
  }
}
