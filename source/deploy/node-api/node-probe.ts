import type { NodeEndpoint } from '../../plan/plan.js';
import { DdbError } from '../dolphindb/client.js';
import type { DdbValue } from '../dolphindb/decode.js';
import { openSession, type NodeAccess } from './node-session.js';
import { refusedOnHost } from './port-listening.js';

/**
 * What asking a node directly showed: it answered; its port was refused from its own host (the
 * process is not listening: seen down); or nothing could be learnt (no answer in time, a broken
 * connection), with the words of the failure.
 */
export type NodeProbe =
  | { readonly kind: 'answered'; readonly value: DdbValue }
  | { readonly kind: 'refused' }
  | { readonly kind: 'silent'; readonly message: string };

/**
 * Asks one node `script` in a fresh session, through its own host (a tunnel over SSH), and says
 * what was seen. Call it only for a host known to be reachable: a refusal then is the node's port.
 */
export async function probeNode(
  access: NodeAccess,
  node: NodeEndpoint,
  script: string,
  signal: AbortSignal,
): Promise<NodeProbe> {
  let session;
  try {
    session = await openSession(access, node, signal);
  } catch (error) {
    return refusedOnHost(error)
      ? { kind: 'refused' }
      : { kind: 'silent', message: (error as Error).message || String(error) };
  }
  try {
    return { kind: 'answered', value: await session.run(script) };
  } catch (error) {
    // The node answered, with an error of its own (a function it does not have): it is up.
    if (error instanceof DdbError) return { kind: 'answered', value: null };
    return { kind: 'silent', message: (error as Error).message || String(error) };
  } finally {
    session.close();
  }
}
