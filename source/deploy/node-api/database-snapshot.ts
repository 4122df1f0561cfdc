import { plural } from '../../model/plural.js';
import type { NodeEndpoint } from '../../plan/plan.js';
import { DdbError, ddbString } from '../dolphindb/client.js';
import type { DdbValue } from '../dolphindb/decode.js';
import { StepError } from '../step-error.js';
import { openSession, type NodeAccess } from './node-session.js';

export type TableRows = { readonly name: string; readonly rows: number };
export type DatabaseRows = { readonly path: string; readonly tables: readonly TableRows[] };
/** The cluster's databases as one data or compute node lists them (facts §12.3). */
export type DatabaseSnapshot = { readonly takenAt: string; readonly databases: readonly DatabaseRows[] };

/** The scripts asked, in this order: the databases, each one's tables, each table's rows. */
export const snapshotQueries = {
  databases: 'getClusterDFSDatabases()',
  tables: (path: string) => `getTables(database(${ddbString(path)}))`,
  rows: (path: string, table: string) =>
    `exec count(*) from loadTable(${ddbString(path)}, ${ddbString(table)})`,
};

/** A count of rows can take long on a large table: far longer than a node's quick answers. */
const queryTimeoutMs = 120_000;

/** What a node said instead of the databases: nothing (not reachable), or DolphinDB's error. */
export type NoSnapshot = { readonly node: string; readonly error: string };

/**
 * Lists every database, table and row count through `node`, in one session logged in as the
 * administrator (a DFS table is read only by a user allowed to). A refused login throws; a node that
 * does not answer or an error of DolphinDB's (a cluster still recovering) is returned as such.
 */
export async function readDatabases(
  deploy: NodeAccess,
  node: NodeEndpoint,
  signal: AbortSignal,
  takenAt: string,
): Promise<DatabaseSnapshot | NoSnapshot> {
  let session;
  try {
    session = await openSession(deploy, node, signal, queryTimeoutMs);
  } catch {
    return { node: node.alias, error: 'no answer' };
  }
  try {
    await deploy.admin.logIn(session);
    const databases: DatabaseRows[] = [];
    for (const path of strings(await session.run(snapshotQueries.databases))) {
      const tables: TableRows[] = [];
      for (const name of strings(await session.run(snapshotQueries.tables(path))))
        tables.push({ name, rows: Number(await session.run(snapshotQueries.rows(path, name))) });
      databases.push({ path, tables });
    }
    return { takenAt, databases };
  } catch (error) {
    if (error instanceof StepError && error.failure.kind === 'login-refused') throw error;
    return { node: node.alias, error: error instanceof DdbError ? error.message : 'no answer' };
  } finally {
    session.close();
  }
}

function strings(value: DdbValue): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.map(String) : [];
}

/** A snapshot read back from its record; undefined when it is not one. */
export function parseSnapshot(text: string): DatabaseSnapshot | undefined {
  try {
    const value = JSON.parse(text) as { takenAt?: unknown; databases?: unknown };
    if (typeof value.takenAt !== 'string' || !Array.isArray(value.databases)) return undefined;
    const valid = (value.databases as { path?: unknown; tables?: unknown }[]).every(
      (db) =>
        typeof db.path === 'string' &&
        Array.isArray(db.tables) &&
        (db.tables as { name?: unknown; rows?: unknown }[]).every(
          (t) => typeof t.name === 'string' && typeof t.rows === 'number',
        ),
    );
    return valid ? (value as DatabaseSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What `after` lacks of `before`: a database or table no longer listed, a table with fewer rows.
 * More rows, new tables or databases are fine (the cluster may be written to meanwhile).
 */
export function compareSnapshots(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const now = new Map(
    after.databases.map((db) => [db.path, new Map(db.tables.map((t) => [t.name, t.rows]))]),
  );
  const missing: string[] = [];
  for (const db of before.databases) {
    const tables = now.get(db.path);
    if (!tables) {
      missing.push(`${db.path}: database not listed any more (${plural(db.tables.length, 'table')} before)`);
      continue;
    }
    for (const table of db.tables) {
      const rows = tables.get(table.name);
      if (rows === undefined) missing.push(`${db.path}/${table.name}: table not listed any more`);
      else if (rows < table.rows)
        missing.push(
          `${db.path}/${table.name}: ${rowsText(table.rows)} before, ${rows.toLocaleString('en-US')} now`,
        );
    }
  }
  return missing;
}

/** `3 databases, 5 tables, 12,345 rows`. */
export function snapshotSummary(snapshot: DatabaseSnapshot): string {
  const tables = snapshot.databases.flatMap((db) => db.tables);
  const rows = tables.reduce((sum, table) => sum + table.rows, 0);
  return `${plural(snapshot.databases.length, 'database')}, ${plural(tables.length, 'table')}, ${rowsText(rows)}`;
}

function rowsText(rows: number): string {
  return `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}

/**
 * The snapshot through the first of `via` that answers with one; else what each said. Asked one
 * after the other: one node answering is enough, and each costs a full listing.
 */
export async function readThroughFirst(
  deploy: NodeAccess,
  via: readonly NodeEndpoint[],
  signal: AbortSignal,
  takenAt: string,
): Promise<{ readonly snapshot: DatabaseSnapshot; readonly node: string } | readonly NoSnapshot[]> {
  const refusals: NoSnapshot[] = [];
  for (const node of via) {
    if (signal.aborted) break;
    const answer = await readDatabases(deploy, node, signal, takenAt);
    if ('databases' in answer) return { snapshot: answer, node: node.alias };
    refusals.push(answer);
  }
  return refusals;
}

/** `datanode1: no answer; datanode2: <DolphinDB's error>`. */
export function refusalsText(refusals: readonly NoSnapshot[]): string {
  return refusals.map((r) => `${r.node}: ${r.error}`).join('; ');
}
