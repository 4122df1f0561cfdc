import type { DdbValue } from '../dolphindb/decode.js';

/** The query whose rows {@link chunksHeldBy} reads, asked on the leader (facts §12.1). */
export const chunkReplicasQuery = 'select chunkId, replicas from getClusterChunksStatus()';

/**
 * How many chunks each of `aliases` holds a replica of, from the rows of
 * {@link chunkReplicasQuery}: `replicas` is a string such as
 * "datanode1:3:0:false:0,datanode2:3:0:false:0", one entry per replica, the alias before the
 * first ':'. Only aliases holding at least one chunk are in the map.
 */
export function chunksHeldBy(rows: readonly DdbValue[], aliases: readonly string[]): Map<string, number> {
  const wanted = new Set(aliases);
  const held = new Map<string, number>();
  for (const row of rows) {
    const replicas = (row as Record<string, DdbValue> | null)?.['replicas'];
    if (typeof replicas !== 'string') continue;
    // A chunk counts once per node, even if a node were listed twice.
    const holders = new Set(replicas.split(',').map((entry) => entry.trim().split(':')[0] ?? ''));
    for (const alias of holders) if (wanted.has(alias)) held.set(alias, (held.get(alias) ?? 0) + 1);
  }
  return held;
}
