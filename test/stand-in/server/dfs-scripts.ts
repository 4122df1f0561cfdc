/**
 * The DFS script functions tests and HA clients send (DolphinDB manual pages of the same names):
 * `database`, `existsDatabase`, `dropDatabase`, `getClusterDFSDatabases`, `existsTable`,
 * `getTables`, `table(capacity:size, names, types)`, `createPartitionedTable`, `loadTable`,
 * `tableInsert`, `append!`, `getClusterChunksStatus`, and `sum`. Databases and tables are handles
 * (values.ts `handle`); a query over a table handle reads every chunk (materializeTable). Writes
 * split rows by partition, ask the leader for each chunk's replicas and write to each of them.
 */
import type { ColumnDef, JsonColumns } from './dfs-rows.js';
import { STORABLE, coerce, toJson, vectors } from './dfs-rows.js';
import { chunkCall, masterCall } from './dfs-access.js';
import type { DatabaseMeta, ReadPlan, TableMeta, WritePlan } from './dfs-meta.js';
import type { StoredChunk } from './chunks.js';
import { elems, type Session } from './evaluate.js';
import { ScriptError } from './errors.js';
import { log } from './log.js';
import type { NodeRuntime } from './node.js';
import { makeScheme, partitionOf } from './partitions.js';
import {
  T,
  VOID,
  bool,
  int,
  scalar,
  table,
  typeName,
  vector,
  type Elem,
  type Handle,
  type Value,
} from './values.js';

type Fn = (node: NodeRuntime, args: Value[], session: Session) => Value | Promise<Value>;

const text = (args: Value[], i: number, fn: string): string => {
  const v = args[i];
  if (!v || v.kind !== 'scalar' || (v.type !== T.string && v.type !== T.symbol))
    throw new ScriptError(`The argument ${i + 1} of ${fn} must be a string scalar.`);
  return String(v.value ?? '');
};

function dfsPath(path: string): string {
  // stand-in: only DFS databases are kept
  if (!path.startsWith('dfs://'))
    throw new ScriptError(`The stand-in keeps dfs:// databases only, not [${path}].`);
  return path;
}

const handle = (of: Handle['of'], path: string, tableName = ''): Handle => ({
  kind: 'handle',
  of,
  path,
  table: tableName,
});

function handleArg(args: Value[], i: number, of: Handle['of'], fn: string): Handle {
  const v = args[i];
  if (v?.kind === 'handle' && v.of === of) return v;
  throw new ScriptError(
    `The argument ${i + 1} of ${fn} must be a ${of === 'database' ? 'database' : 'DFS table'} handle.`,
  );
}

/** A database path from a handle or a string. */
function databaseArg(args: Value[], i: number, fn: string): string {
  const v = args[i];
  if (v?.kind === 'handle' && v.of === 'database') return v.path;
  return dfsPath(text(args, i, fn));
}

const getDatabase = (node: NodeRuntime, path: string) =>
  masterCall<DatabaseMeta | null>(node, 'database', { path });

/** The columns of an in-memory table, or the column arguments of tableInsert. */
function columnsOf(args: Value[], fn: string): Value[] {
  const only = args[0];
  if (args.length === 1 && only?.kind === 'table') return only.columns.map(([, c]) => c);
  for (const a of args)
    if (a.kind !== 'scalar' && a.kind !== 'vector')
      throw new ScriptError(`${fn} takes a table or one vector or scalar per column.`);
  return args;
}

/** Inserts rows into a DFS table; returns how many were written. */
/** Writes this node coordinates now: a safe shutdown lets them end first (facts §2.7 SIGTERM). */
let writing = 0;
const whenIdle: (() => void)[] = [];

/** Resolves once no write this node coordinates is under way, or after `timeoutMs`. */
export function writesEnded(timeoutMs: number): Promise<void> {
  if (writing === 0) return Promise.resolve();
  return new Promise((resolve) => {
    whenIdle.push(resolve);
    setTimeout(resolve, timeoutMs).unref();
  });
}

async function insert(node: NodeRuntime, target: Handle, values: Value[]): Promise<number> {
  writing++;
  try {
    return await insertRows(node, target, values);
  } finally {
    writing--;
    if (writing === 0) for (const resolve of whenIdle.splice(0)) resolve();
  }
}

async function insertRows(node: NodeRuntime, target: Handle, values: Value[]): Promise<number> {
  const { database, table: meta } = await masterCall<{ database: DatabaseMeta; table: TableMeta }>(
    node,
    'table',
    {
      path: target.path,
      table: target.table,
    },
  );
  if (values.length !== meta.columns.length)
    throw new ScriptError(
      `The table ${meta.name} has ${meta.columns.length} columns; ${values.length} were given.`,
    ); // stand-in
  const columns = values.map((v) => elems(v));
  const rows = Math.max(...columns.map((c) => c.length));
  const at = (c: Elem[], r: number) => (c.length === 1 ? (c[0] ?? null) : (c[r] ?? null));
  if (columns.some((c) => c.length !== 1 && c.length !== rows))
    throw new ScriptError('The columns to insert must have the same length.');
  const keyIndex = meta.columns.findIndex((c) => c.name === meta.partitionColumn);
  const policy = node.settings.get('newValuePartitionPolicy') ?? 'skip'; // facts §1.3 default skip
  const groups = new Map<string, { rows: number[]; newValue: number | string | undefined }>();
  for (let r = 0; r < rows; r++) {
    const key = at(columns[keyIndex] ?? [], r);
    let partition = partitionOf(database.scheme, key);
    let newValue: number | string | undefined;
    if (partition === undefined && database.scheme.type === 'VALUE' && key !== null) {
      if (policy === 'fail')
        throw new ScriptError(`The value ${String(key)} is not in the partition scheme of ${database.path}.`); // stand-in
      if (policy === 'add') {
        newValue = typeof key === 'bigint' ? Number(key) : typeof key === 'boolean' ? Number(key) : key;
        partition = String(newValue);
      }
    }
    if (partition === undefined) continue; // outside the scheme: dropped
    const group = groups.get(partition) ?? { rows: [], newValue };
    group.rows.push(r);
    groups.set(partition, group);
  }
  let written = 0;
  for (const [partition, group] of groups) {
    const data: JsonColumns = meta.columns.map((c, i) =>
      group.rows.map((r) => toJson(coerce(c.type, at(columns[i] ?? [], r), c.name))),
    );
    const plan = await masterCall<WritePlan>(node, 'beginWrite', {
      path: target.path,
      table: target.table,
      partition,
      newValue: group.newValue,
    });
    const ok: string[] = [];
    const failures: string[] = [];
    for (const site of plan.targets)
      try {
        await chunkCall(node, site, 'append', {
          chunkId: plan.chunkId,
          file: plan.file,
          prev: plan.prev,
          version: plan.version,
          columns: meta.columns,
          data,
        });
        ok.push(site.alias);
      } catch (error) {
        failures.push(`${site.alias}: ${error instanceof Error ? error.message : String(error)}`);
      }
    await masterCall(node, 'endWrite', { chunkId: plan.chunkId, version: plan.version, ok });
    if (failures.length > 0) log.warn(`Writing ${plan.file}: ${failures.join('; ')}`);
    if (ok.length === 0)
      throw new ScriptError(`The write to ${plan.file} failed on every replica: ${failures.join('; ')}`);
    written += group.rows.length;
  }
  return written;
}

/** Every row of a DFS table, read from one live replica of each chunk (this node's own first). */
export async function materializeTable(node: NodeRuntime, target: Handle): Promise<Value> {
  const { table: meta } = await masterCall<{ table: TableMeta }>(node, 'table', {
    path: target.path,
    table: target.table,
  });
  const plan = await masterCall<ReadPlan>(node, 'readPlan', { path: target.path, table: target.table });
  const data: JsonColumns = meta.columns.map(() => []);
  for (const chunk of plan) {
    const sources = [...chunk.sources].sort(
      (a, b) => Number(b.alias === node.alias) - Number(a.alias === node.alias),
    );
    let got: StoredChunk | undefined;
    const errors: string[] = [];
    for (const site of sources) {
      try {
        const c = await chunkCall<StoredChunk>(node, site, 'read', { chunkId: chunk.chunkId });
        if (c.version === chunk.version) {
          got = c;
          break;
        }
        errors.push(`${site.alias} holds version ${c.version}`);
      } catch (error) {
        errors.push(`${site.alias}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!got) throw new ScriptError(`Failed to read the chunk ${chunk.file}: ${errors.join('; ')}`); // stand-in
    got.data.forEach((column, i) => data[i]?.push(...column));
  }
  return { ...table(vectors(meta.columns, data), meta.name) };
}

export const DFS_FUNCTIONS: Record<string, Fn> = {
  database: async (node, args) => {
    const path = dfsPath(text(args, 0, 'database'));
    if (args.length === 1) {
      // stand-in: opening needs an existing database
      if (!(await getDatabase(node, path))) throw new ScriptError(`The database [${path}] does not exist.`);
      return handle('database', path);
    }
    const typeCode = Number(elems(args[1] ?? VOID)[0]);
    const scheme = makeScheme(typeCode, elems(args[2] ?? VOID));
    await masterCall(node, 'createDatabase', { path, scheme });
    return handle('database', path);
  },
  existsDatabase: async (node, args) =>
    bool((await getDatabase(node, text(args, 0, 'existsDatabase'))) !== null),
  dropDatabase: async (node, args) => {
    await masterCall(node, 'dropDatabase', { path: dfsPath(text(args, 0, 'dropDatabase')) });
    return VOID;
  },
  getClusterDFSDatabases: async (node) => vector(T.string, await masterCall<string[]>(node, 'databases')),
  existsTable: async (node, args) => {
    const db = await getDatabase(node, text(args, 0, 'existsTable'));
    return bool(db !== null && Object.hasOwn(db.tables, text(args, 1, 'existsTable')));
  },
  getTables: async (node, args) => {
    const path = databaseArg(args, 0, 'getTables');
    const db = await getDatabase(node, path);
    if (!db) throw new ScriptError(`The database [${path}] does not exist.`);
    return vector(T.string, Object.keys(db.tables).sort());
  },
  table: (_node, args) => {
    // table(capacity:size, colNames, colTypes): an empty in-memory table with typed columns.
    const size = Number(elems(args[0] ?? VOID)[1] ?? 0);
    const names = elems(args[1] ?? VOID).map(String);
    const types = elems(args[2] ?? VOID).map(Number);
    if (names.length !== types.length) throw new ScriptError('table() needs one type per column name.');
    return table(
      names.map((n, i) => [
        n,
        vector(
          types[i] ?? T.int,
          Array.from({ length: size }, () => null),
        ),
      ]),
    );
  },
  createPartitionedTable: async (node, args) => {
    const db = handleArg(args, 0, 'database', 'createPartitionedTable');
    const schema = args[1];
    if (schema?.kind !== 'table')
      throw new ScriptError('The argument 2 of createPartitionedTable must be a table.');
    const name = text(args, 2, 'createPartitionedTable');
    const partitionColumn = elems(args[3] ?? VOID).map(String)[0] ?? '';
    const columns: ColumnDef[] = schema.columns.map(([n, c]) => ({ name: n, type: c.type }));
    for (const c of columns)
      if (!STORABLE.has(c.type))
        throw new ScriptError(`The stand-in cannot store ${typeName(c.type)} columns.`);
    if (!columns.some((c) => c.name === partitionColumn))
      throw new ScriptError(`The partitioning column ${partitionColumn} is not a column of the table.`); // stand-in
    await masterCall(node, 'createTable', { path: db.path, table: { name, columns, partitionColumn } });
    return handle('table', db.path, name);
  },
  loadTable: async (node, args) => {
    const path = databaseArg(args, 0, 'loadTable');
    const name = text(args, 1, 'loadTable');
    await masterCall(node, 'table', { path, table: name });
    return handle('table', path, name);
  },
  tableInsert: async (node, args) =>
    int(
      await insert(node, handleArg(args, 0, 'table', 'tableInsert'), columnsOf(args.slice(1), 'tableInsert')),
    ),
  'append!': async (node, args) => {
    await insert(node, handleArg(args, 0, 'table', 'append!'), columnsOf(args.slice(1), 'append!'));
    return VOID;
  },
  sum: (_node, args) => {
    const v = args[0] ?? VOID;
    const e = elems(v).filter((x) => x !== null);
    const type = v.kind === 'vector' || v.kind === 'scalar' ? v.type : T.double;
    if (type === T.double || type === T.float)
      return scalar(
        T.double,
        e.reduce<number>((s, x) => s + Number(x), 0),
      );
    return scalar(
      T.long,
      e.reduce<bigint>((s, x) => s + BigInt(Math.trunc(Number(x))), 0n),
    );
  },
  getClusterChunksStatus: (node) => {
    // DOCS funcs/g/getClusterChunksStatus: "It can be executed only on a controller" (and a single node).
    if (!node.dfsMaster)
      throw new ScriptError('getClusterChunksStatus can only be executed on a controller.'); // stand-in wording
    return node.dfsMaster.statusTable();
  },
};
