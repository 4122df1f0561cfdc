/**
 * Data helpers for tests of cluster changes (adding nodes, moving controllers, rolling restarts):
 * create a table, write rows, count them, and read where the chunks are. They send plain DolphinDB
 * scripts over an API session (test/stand-in/client.ts TestClient, logged in as an administrator),
 * so they work against the stand-in and against a real DolphinDB server alike. Send them to a data
 * or compute node; a single node works too.
 */
import { rows, type TestClient } from '../stand-in/client.js';

/** A DolphinDB string literal. */
const quote = (s: string): string => JSON.stringify(s);

/**
 * Creates (or opens) `dbPath` hashed on an INT `id` into 4 partitions, and the partitioned table
 * `tableName(id INT, v DOUBLE)` in it unless it exists. HASH, so any id lands in a partition.
 */
export async function createDemoTable(client: TestClient, dbPath: string, tableName: string): Promise<void> {
  await client.script(
    [
      `if (existsDatabase(${quote(dbPath)})) { db = database(${quote(dbPath)}) } else { db = database(${quote(dbPath)}, HASH, [INT, 4]) }`,
      't = table(1:0, `id`v, [INT, DOUBLE])',
      `if (!existsTable(${quote(dbPath)}, ${quote(tableName)})) { createPartitionedTable(db, t, ${quote(tableName)}, "id") }`,
    ].join('\n'),
  );
}

/** Writes rows id = fromId … fromId+count-1 with v = id × 1.5; returns the rows written. */
export async function insertRows(
  client: TestClient,
  dbPath: string,
  tableName: string,
  fromId: number,
  count: number,
): Promise<number> {
  if (count <= 0) return 0;
  const result = await client.script(
    [
      `ids = ${fromId}..${fromId + count - 1}`,
      `tableInsert(loadTable(${quote(dbPath)}, ${quote(tableName)}), ids, ids * 1.5)`,
    ].join('\n'),
  );
  return result?.form === 0 ? Number(result.value) : count;
}

/** The number of rows of the table (`exec count(*) from loadTable(…)`). */
export async function countRows(client: TestClient, dbPath: string, tableName: string): Promise<number> {
  return Number(await client.value(`exec count(*) from loadTable(${quote(dbPath)}, ${quote(tableName)})`));
}

export type ChunkRow = {
  chunkId: string;
  file: string;
  version: number;
  state: string;
  /** `alias:version:corrupted:inResolution:timestamp`, comma-separated. */
  replicas: string;
  replicaCount: number;
};

/** The rows of `rpc(getControllerAlias(), getClusterChunksStatus)` (facts §6.2). */
export async function chunkReplicas(client: TestClient): Promise<ChunkRow[]> {
  return rows(await client.script('rpc(getControllerAlias(), getClusterChunksStatus)')).map((r) => ({
    chunkId: String(r['chunkId']),
    file: String(r['file']),
    version: Number(r['version']),
    state: String(r['state']),
    replicas: String(r['replicas']),
    replicaCount: Number(r['replicaCount']),
  }));
}

/** The aliases in a `replicas` value. */
export const replicaAliases = (replicas: string): string[] =>
  replicas === '' ? [] : replicas.split(',').map((r) => r.split(':')[0] ?? '');
