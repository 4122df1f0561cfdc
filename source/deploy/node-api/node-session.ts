import type { NodeEndpoint } from '../../plan/plan.js';
import { onAbort } from '../abort-listeners.js';
import { DdbSession } from '../dolphindb/client.js';
import type { DdbValue } from '../dolphindb/decode.js';
import type { DeployContext } from '../deploy-context.js';
import { StepError } from '../step-error.js';

/** What talking to nodes needs: a way to each host, and the administrator's login. */
export type NodeAccess = Pick<DeployContext, 'executor' | 'admin'>;

/**
 * Opens an API session on a node through its own host's executor: over SSH that is a tunnel, so the
 * node's port need not be reachable from this machine (only from its host).
 */
export async function openSession(
  deploy: NodeAccess,
  node: NodeEndpoint,
  signal: AbortSignal,
  timeoutMs = 5_000,
): Promise<DdbSession> {
  const executor = deploy.executor(node.host);
  return DdbSession.open((s) => executor.openStream(node.address, node.port, s), { timeoutMs, signal });
}

/**
 * Runs one script on a node in a fresh session; undefined when the node does not answer. With
 * `login`, a refused administrator login throws a StepError instead: waiting would not help.
 */
export async function ask(
  deploy: NodeAccess,
  node: NodeEndpoint,
  script: string,
  signal: AbortSignal,
  options: { login?: boolean } = {},
): Promise<DdbValue | undefined> {
  let session: DdbSession;
  try {
    session = await openSession(deploy, node, signal);
  } catch {
    // Not reachable (a host down, a node not started): no answer, whatever the transport said.
    return undefined;
  }
  try {
    if (options.login) await deploy.admin.logIn(session);
    return await session.run(script);
  } catch (error) {
    if (error instanceof StepError && error.failure.kind === 'login-refused') throw error;
    return undefined;
  } finally {
    session.close();
  }
}

/** Waits (polling) until `probe` returns a value, the deadline passes or the run is aborted. */
export async function poll<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; signal: AbortSignal },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (options.signal.aborted || Date.now() >= deadline) return undefined;
    // Stop waiting for the abort when the timer fires: a long wait must not pile up waiters.
    await new Promise<void>((resolve) => {
      let stopWaiting = () => undefined as void;
      const wake = () => {
        clearTimeout(timer);
        stopWaiting();
        resolve();
      };
      const timer = setTimeout(wake, options.intervalMs ?? 500);
      stopWaiting = onAbort(options.signal, wake);
    });
  }
}

/**
 * Waits for a node that has just been started: `up` once it answers the API, `exited` as soon as
 * `alive` (asked every few probes) says its process is gone, `timeout` after startTimeoutMs.
 */
export async function awaitStart(
  deploy: Pick<DeployContext, 'executor' | 'admin' | 'startTimeoutMs'>,
  node: NodeEndpoint,
  signal: AbortSignal,
  alive: () => Promise<boolean>,
): Promise<'up' | 'exited' | 'timeout'> {
  let checks = 0;
  const answered = await poll(
    async () => {
      if ((await ask(deploy, node, 'version()', signal)) !== undefined) return 'up' as const;
      // A dead node need not be waited for.
      if (++checks % 4 === 0 && !(await alive())) return 'exited' as const;
      return undefined;
    },
    { timeoutMs: deploy.startTimeoutMs, intervalMs: 500, signal },
  );
  return answered ?? 'timeout';
}

/**
 * Runs one script on a node as the administrator and returns its value; unlike {@link ask} it
 * throws what failed (the server's own message, a refused login, no connection), for a caller that
 * must say why a change was refused.
 */
export async function runAsAdmin(
  deploy: NodeAccess,
  node: NodeEndpoint,
  script: string,
  signal: AbortSignal,
): Promise<DdbValue> {
  const session = await openSession(deploy, node, signal);
  try {
    await deploy.admin.logIn(session);
    return await session.run(script);
  } finally {
    session.close();
  }
}
