/**
 * How the node that runs a script reaches DFS state (facts §2.1: the controller keeps the metadata,
 * data nodes keep the chunks): metadata operations go to this node's own metadata on a controller or
 * single node, else to the leader the node knows from its heartbeats (heartbeat.ts); chunk reads and
 * writes go to this node's own storage or to the data node that holds the replica. The node-to-node
 * calls are `standinDfs(op, json)` and `standinChunk(op, json)`, JSON in a STRING (stand-in only).
 */
import type { ChunkStore, StoredChunk } from './chunks.js';
import type { NodeSite } from './dfs-meta.js';
import { ScriptError } from './errors.js';
import type { NodeRuntime } from './node.js';
import { PeerError } from './peer.js';
import { str, type Value } from './values.js';

const asJson = (value: Value): unknown =>
  value.kind === 'scalar' && typeof value.value === 'string' ? (JSON.parse(value.value) as unknown) : null;

async function remote(
  node: NodeRuntime,
  site: NodeSite,
  fn: string,
  op: string,
  args: object,
): Promise<unknown> {
  try {
    return asJson(await node.peers.get(site.host, site.port).call(fn, [str(op), str(JSON.stringify(args))]));
  } catch (error) {
    if (error instanceof PeerError) throw new ScriptError(error.message);
    throw new ScriptError(
      `Failed to reach ${site.alias} (${site.host}:${site.port}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A metadata operation (DfsMaster.handle) where the metadata is. */
export async function masterCall<R>(node: NodeRuntime, op: string, args: object = {}): Promise<R> {
  if (node.dfsMaster) return (await node.dfsMaster.handle(op, args as Record<string, unknown>)) as R;
  const alias = node.controllerAlias();
  const site = alias ? node.siteOf(alias) : undefined;
  // stand-in wording
  if (!site) throw new ScriptError('No controller is known to this node: DFS databases are not available.');
  return (await remote(node, site, 'standinDfs', op, args)) as R;
}

/** The chunk operations a data node answers (`standinChunk`). */
export function chunkOp(store: ChunkStore | undefined, op: string, args: Record<string, unknown>): unknown {
  if (!store) throw new ScriptError('This node holds no chunks.'); // stand-in wording
  switch (op) {
    case 'read':
      return store.read(String(args['chunkId']));
    case 'append': {
      const a = args as unknown as StoredChunk & { prev: number };
      store.append(a.chunkId, a.file, a.prev, a.version, a.columns, a.data);
      return null;
    }
    default:
      throw new ScriptError(`Unknown chunk operation ${op}.`);
  }
}

/** A chunk operation on the data node `site` (this node's own storage when it is that node). */
export async function chunkCall<R>(node: NodeRuntime, site: NodeSite, op: string, args: object): Promise<R> {
  if (site.alias === node.alias && node.chunkStore)
    return chunkOp(node.chunkStore, op, args as Record<string, unknown>) as R;
  return (await remote(node, site, 'standinChunk', op, args)) as R;
}
