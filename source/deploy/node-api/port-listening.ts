import type { NodeEndpoint } from '../../plan/plan.js';
import type { NodeAccess } from './node-session.js';

/** How long a connection to a node's port may take from its own host before it counts as unknown. */
const connectMs = 5_000;

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
      (error: unknown) =>
        // The channel was refused by the host's sshd: nothing listens on the port there.
        /refused|connect failed/i.test(error instanceof Error ? error.message : String(error))
          ? ('refused' as const)
          : ('unknown' as const),
    );
  try {
    return await Promise.race([tried, late]);
  } finally {
    clearTimeout(timer);
  }
}
