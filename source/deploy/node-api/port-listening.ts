import type { NodeEndpoint } from '../../plan/plan.js';
import type { NodeAccess } from './node-session.js';

/** How long a connection to a node's port may take from its own host before it counts as unknown. */
const connectMs = 5_000;

/**
 * Whether opening a connection to a node's port from its own host failed because nothing listens
 * there: the host's sshd reports the refusal ("Channel open failure: Connection refused" or
 * "Connect failed"), a local connection ECONNREFUSED.
 */
export function refusedOnHost(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return e?.code === 'ECONNREFUSED' || /refused|connect failed/i.test(String(e?.message ?? error));
}

/**
 * Whether the node's port takes connections, tried from the node's own host (so no firewall
 * between the hosts and this machine is in the way): `refused` is a node seen down; `open` or
 * `unknown` (no answer in time, or the host itself not reached) may be a running node.
 */
export async function portState(
  deploy: Pick<NodeAccess, 'executor'>,
  node: NodeEndpoint,
  signal: AbortSignal,
): Promise<'open' | 'refused' | 'unknown'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'unknown'>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), connectMs);
  });
  const tried = deploy
    .executor(node.host)
    .openStream(node.address, node.port, signal)
    .then(
      (stream) => {
        stream.destroy();
        return 'open' as const;
      },
      (error: unknown) => (refusedOnHost(error) ? ('refused' as const) : ('unknown' as const)),
    );
  try {
    return await Promise.race([tried, late]);
  } finally {
    clearTimeout(timer);
  }
}
