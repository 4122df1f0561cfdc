/**
 * The controller's DFS metadata (facts §2.6 dfsMetaDir, §12.2–§12.3: the controller's `dfsMeta`
 * directory holds what databases exist): databases with their partitioning, tables with their
 * schema, and every chunk (one per partition and table) with its version and the data nodes that
 * hold its replicas. Kept in `<dfsMetaDir>/DFSMetaLog.0` (stand-in: one JSON document rewritten
 * atomically on every change, with a version number that grows with each change, where DolphinDB
 * keeps a log and checkpoints). A controller started without that file knows no database.
 *
 * Only the leader (or the sole controller, or a single node) changes it; in a Raft group the leader
 * then sends the whole document to the other controllers (raft.ts). The data nodes report which
 * chunk versions they hold with their heartbeats; that part is not persisted (the real controller
 * learns it from the data nodes too).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readJson, writeAtomically } from './atomic-file.js';
import type { ColumnDef } from './dfs-rows.js';
import { ScriptError } from './errors.js';
import { log } from './log.js';
import type { Scheme } from './partitions.js';
import { placeReplicas } from './placement.js';
import { T, table, vector, type Value } from './values.js';

export type TableMeta = { name: string; columns: ColumnDef[]; partitionColumn: string };
export type DatabaseMeta = { path: string; scheme: Scheme; tables: Record<string, TableMeta> };
export type ChunkMeta = {
  chunkId: string;
  path: string;
  table: string;
  partition: string;
  /** `/<db name>/<partition>/<table>` as getClusterChunksStatus shows it (DOCS example `/testDB/9/i`). */
  file: string;
  /** Grows by one with every write; 0 for a chunk that has no data yet. */
  version: number;
  /** Aliases of the data nodes that hold a replica. */
  replicas: string[];
  lastUpdated: number;
  /**
   * The write that made `version`, until a replica is known to hold it: `prev` to roll back to
   * when none took it by `until` (its coordinator stopped mid-write), as DolphinDB's two-phase
   * commit rolls back a transaction that did not commit. Kept in the metadata, so a controller
   * restarted since still knows it.
   */
  uncommitted?: { prev: number; until: number };
};
export type Meta = {
  /** Grows by one with every change: the "log index" Raft compares (raft.ts vote rule). */
  version: number;
  databases: Record<string, DatabaseMeta>;
  chunks: Record<string, ChunkMeta>;
};

export type NodeSite = { readonly alias: string; readonly host: string; readonly port: number };

/** What the metadata needs to know about the cluster around it. */
export interface MasterCluster {
  /** Every data node (never compute nodes: they hold no chunks). */
  dataNodes(): NodeSite[];
  alive(alias: string): boolean;
  readonly replicationFactor: number;
  readonly reliabilityLevel: number;
  isLeader(): boolean;
  leaderAlias(): string;
  /** Sends the changed metadata to the other controllers (Raft); resolves when they answered. */
  replicate(): Promise<void>;
  /** A single node's own chunks (it is its own data node). */
  localChunks?(): ReadonlyMap<string, number>;
  readonly localAlias: string;
}

export type WritePlan = {
  chunkId: string;
  file: string;
  /** The version the replicas must be at before the write… */
  prev: number;
  /** …and after it. */
  version: number;
  targets: NodeSite[];
};
export type ReadPlan = { chunkId: string; file: string; version: number; sources: NodeSite[] }[];
export type RecoveryTask = { chunkId: string; source: NodeSite };

export const META_FILE = 'DFSMetaLog.0';
const EMPTY: Meta = { version: 0, databases: {}, chunks: {} };

export class DfsMaster {
  private meta: Meta;
  private readonly file: string;
  /** alias → chunkId → version the data node last reported (or was written at). */
  private readonly reported = new Map<string, Map<string, number>>();
  /**
   * Chunks being recovered, with when the lock lapses: a write to one waits until its copy is noted
   * (or the lock lapses), as a chunk being recovered takes no write meanwhile; without it a chunk
   * written all the time never catches up.
   */
  private readonly recovering = new Map<string, number>();

  constructor(
    readonly dir: string,
    private readonly cluster: MasterCluster,
  ) {
    this.file = join(dir, META_FILE);
    this.meta = readJson<Meta>(this.file) ?? structuredClone(EMPTY);
    const dbs = Object.keys(this.meta.databases).length;
    log.info(
      `DFS metadata: ${dbs} database(s), ${Object.keys(this.meta.chunks).length} chunk(s), version ${this.meta.version} from ${this.file}.`,
    );
  }

  get version(): number {
    return this.meta.version;
  }

  snapshot(): string {
    return JSON.stringify(this.meta);
  }

  /** A follower takes the leader's metadata as it stands (Raft: the leader's log wins). */
  applySnapshot(text: string): void {
    const meta = JSON.parse(text) as Meta;
    if (meta.version === this.meta.version && text === this.snapshot()) return;
    log.info(`DFS metadata replaced by the leader's: version ${this.meta.version} -> ${meta.version}.`);
    this.meta = meta;
    this.save();
  }

  private save(): void {
    writeAtomically(this.file, JSON.stringify(this.meta) + '\n');
  }

  private async mutate<R>(change: (meta: Meta) => R): Promise<R> {
    if (!this.cluster.isLeader())
      // stand-in wording; data nodes send changes to the leader they know
      throw new ScriptError(
        `Metadata changes must go to the leader ${this.cluster.leaderAlias() || '(none)'}.`,
      );
    const result = change(this.meta);
    this.meta.version += 1;
    this.save();
    await this.cluster.replicate();
    return result;
  }

  databases(): string[] {
    return Object.keys(this.meta.databases).sort();
  }

  database(path: string): DatabaseMeta | undefined {
    return this.meta.databases[path];
  }

  /** A table and its database; throws when either is missing. */
  table(path: string, name: string): { database: DatabaseMeta; table: TableMeta } {
    const database = this.requireDatabase(path);
    const t = database.tables[name];
    // stand-in wording
    if (!t) throw new ScriptError(`The table [${name}] does not exist in the database [${path}].`);
    return { database, table: t };
  }

  private requireDatabase(path: string): DatabaseMeta {
    const database = this.meta.databases[path];
    if (!database) throw new ScriptError(`The database [${path}] does not exist.`); // stand-in wording
    return database;
  }

  /** The operations other nodes ask for with `standinDfs(op, json)` (dfs-access.ts). */
  async handle(op: string, args: Record<string, unknown>): Promise<unknown> {
    const s = (k: string) => String(args[k] ?? '');
    switch (op) {
      case 'databases':
        return this.databases();
      case 'database':
        return this.database(s('path')) ?? null;
      case 'table':
        return this.table(s('path'), s('table'));
      case 'createDatabase':
        return this.createDatabase(s('path'), args['scheme'] as Scheme);
      case 'dropDatabase':
        return this.dropDatabase(s('path'));
      case 'createTable':
        return this.createTable(s('path'), args['table'] as TableMeta);
      case 'beginWrite':
        return this.beginWrite(s('path'), s('table'), s('partition'), args['newValue'] as number | string);
      case 'endWrite':
        this.endWrite(s('chunkId'), Number(args['version']), args['ok'] as string[]);
        return null;
      case 'recovered':
        // A replica's copy is in place: writes to the chunk go on, to it too when it is current.
        this.recovering.delete(s('chunkId'));
        this.endWrite(s('chunkId'), Number(args['version']), args['ok'] as string[]);
        return null;
      case 'readPlan':
        await this.expirePending();
        return this.readPlan(s('path'), s('table'));
      default:
        throw new ScriptError(`Unknown DFS operation ${op}.`);
    }
  }

  private async createDatabase(path: string, scheme: Scheme): Promise<DatabaseMeta> {
    const existing = this.meta.databases[path];
    if (existing) {
      // An existing database with the same scheme is opened; another scheme is refused.
      if (JSON.stringify(existing.scheme) === JSON.stringify(scheme)) return existing;
      throw new ScriptError('It is not allowed to overwrite an existing database.');
    }
    return this.mutate((meta) => {
      const database: DatabaseMeta = { path, scheme, tables: {} };
      meta.databases[path] = database;
      log.info(`Created the database ${path} (${scheme.type}).`);
      return database;
    });
  }

  private async dropDatabase(path: string): Promise<null> {
    this.requireDatabase(path);
    return this.mutate((meta) => {
      delete meta.databases[path];
      for (const [id, chunk] of Object.entries(meta.chunks)) if (chunk.path === path) delete meta.chunks[id];
      log.info(`Dropped the database ${path}.`);
      return null;
    });
  }

  private async createTable(path: string, t: TableMeta): Promise<TableMeta> {
    const database = this.requireDatabase(path);
    if (database.tables[t.name])
      throw new ScriptError(`The table [${t.name}] already exists in the database [${path}].`); // stand-in
    return this.mutate((meta) => {
      const db = meta.databases[path];
      if (db) db.tables[t.name] = t;
      return t;
    });
  }

  private versionOf(alias: string, chunkId: string): number | undefined {
    if (alias === this.cluster.localAlias && this.cluster.localChunks)
      return this.cluster.localChunks().get(chunkId);
    return this.reported.get(alias)?.get(chunkId);
  }

  /** A replica counts when its node is alive and holds the chunk's current version. */
  private upToDate(alias: string, chunk: ChunkMeta): boolean {
    return this.cluster.alive(alias) && (this.versionOf(alias, chunk.chunkId) ?? 0) === chunk.version;
  }

  private site(alias: string): NodeSite {
    return this.cluster.dataNodes().find((n) => n.alias === alias) ?? { alias, host: '', port: 0 };
  }

  /**
   * A write to one partition of a table: the chunk (created and placed on its first write), its
   * next version, and the live replicas that hold the current one. Fails when none of them is
   * online (stand-in wording).
   */
  private async beginWrite(
    path: string,
    tableName: string,
    partition: string,
    newValue: number | string | undefined,
  ): Promise<WritePlan> {
    this.table(path, tableName);
    await this.expirePending();
    const find = () =>
      Object.values(this.meta.chunks).find(
        (c) => c.path === path && c.table === tableName && c.partition === partition,
      );
    let chunk = find();
    if (chunk) {
      const id = chunk.chunkId;
      while ((this.recovering.get(id) ?? 0) > Date.now()) await new Promise((r) => setTimeout(r, 10));
      chunk = find();
    }
    let replicas: string[] | undefined;
    if (!chunk) {
      const held = new Map<string, number>();
      for (const c of Object.values(this.meta.chunks))
        for (const r of c.replicas) held.set(r, (held.get(r) ?? 0) + 1);
      replicas = placeReplicas(
        this.cluster
          .dataNodes()
          .filter((n) => this.cluster.alive(n.alias))
          .map((n) => ({ alias: n.alias, host: n.host, chunks: held.get(n.alias) ?? 0 })),
        this.cluster.replicationFactor,
        this.cluster.reliabilityLevel,
      );
    }
    const targets = chunk
      ? chunk.replicas.filter((r) => this.upToDate(r, chunk as ChunkMeta))
      : (replicas ?? []);
    if (chunk && targets.length === 0)
      throw new ScriptError(
        `No replica of the chunk ${chunk.file} is online at version ${chunk.version}; the write is refused.`,
      );
    return this.mutate((meta) => {
      if (!chunk) {
        const name = path.replace(/^dfs:\/\//, '');
        chunk = {
          chunkId: randomUUID(),
          path,
          table: tableName,
          partition,
          file: `/${name}/${partition}/${tableName}`,
          version: 0,
          replicas: replicas ?? [],
          lastUpdated: Date.now(),
        };
        meta.chunks[chunk.chunkId] = chunk;
        // newValuePartitionPolicy=add: the new value becomes a partition of the scheme.
        const db = meta.databases[path];
        if (newValue !== undefined && db?.scheme.type === 'VALUE' && !db.scheme.values.includes(newValue))
          db.scheme.values.push(newValue);
      }
      const prev = chunk.version;
      chunk.version += 1;
      chunk.lastUpdated = Date.now();
      chunk.uncommitted = { prev, until: Date.now() + 10_000 };
      return {
        chunkId: chunk.chunkId,
        file: chunk.file,
        prev,
        version: chunk.version,
        targets: targets.map((a) => this.site(a)),
      };
    });
  }

  /** The replicas that took a write are at its version (before their next heartbeat says so). */
  private endWrite(chunkId: string, version: number, ok: readonly string[]): void {
    const chunk = this.meta.chunks[chunkId];
    if (ok.length === 0 && chunk?.version === version && chunk.uncommitted)
      void this.rollBack(chunkId, { prev: chunk.uncommitted.prev, version });
    for (const alias of ok) this.noteReplica(alias, chunkId, version);
  }

  /** A write no replica took: its chunk goes back to the version before it. */
  private async rollBack(chunkId: string, write: { prev: number; version: number }): Promise<void> {
    const chunk = this.meta.chunks[chunkId];
    if (chunk?.version !== write.version || !this.cluster.isLeader()) return;
    log.warn(`Rolled back the write of ${chunk.file} at version ${write.version}: no replica took it.`);
    await this.mutate((meta) => {
      const c = meta.chunks[chunkId];
      if (c?.version !== write.version) return;
      c.version = write.prev;
      delete c.uncommitted;
    });
  }

  /**
   * Writes whose coordinator went away (stopped mid-write) are given up and rolled back; a write a
   * replica is known to hold is committed.
   */
  private async expirePending(): Promise<void> {
    if (!this.cluster.isLeader()) return;
    const now = Date.now();
    for (const chunk of Object.values(this.meta.chunks)) {
      const write = chunk.uncommitted;
      if (!write) continue;
      const taken = [...this.reported.values()].some((m) => m.get(chunk.chunkId) === chunk.version);
      if (taken)
        delete chunk.uncommitted; // saved with the next change
      else if (write.until < now)
        await this.rollBack(chunk.chunkId, { prev: write.prev, version: chunk.version });
    }
  }

  private noteReplica(alias: string, chunkId: string, version: number): void {
    let m = this.reported.get(alias);
    if (!m) this.reported.set(alias, (m = new Map()));
    m.set(chunkId, version);
  }

  /** For a query: every chunk of the table with data, and the live replicas at its version. */
  private readPlan(path: string, tableName: string): ReadPlan {
    this.table(path, tableName);
    return Object.values(this.meta.chunks)
      .filter((c) => c.path === path && c.table === tableName && c.version > 0)
      .map((c) => {
        const sources = c.replicas.filter((r) => this.upToDate(r, c)).map((r) => this.site(r));
        if (sources.length === 0)
          // stand-in wording: the query fails rather than return fewer rows
          throw new ScriptError(`The chunk ${c.file} has no available replica at version ${c.version}.`);
        return { chunkId: c.chunkId, file: c.file, version: c.version, sources };
      });
  }

  /** A data node's heartbeat: the chunks it holds and their versions. */
  report(alias: string, chunks: Readonly<Record<string, number>>): void {
    this.reported.set(alias, new Map(Object.entries(chunks)));
  }

  /**
   * The chunks a data node must copy from another replica: it is listed as a replica but is behind
   * (it was down during writes) or lost the chunk (empty storage). Only the leader hands them out.
   */
  recoveryTasks(alias: string): RecoveryTask[] {
    if (!this.cluster.isLeader()) return [];
    const tasks: RecoveryTask[] = [];
    for (const chunk of Object.values(this.meta.chunks)) {
      if (chunk.version === 0 || !chunk.replicas.includes(alias) || this.upToDate(alias, chunk)) continue;
      const source = chunk.replicas.find((r) => r !== alias && this.upToDate(r, chunk));
      if (!source) continue;
      tasks.push({ chunkId: chunk.chunkId, source: this.site(source) });
      this.recovering.set(chunk.chunkId, Date.now() + 2_000);
    }
    return tasks;
  }

  /**
   * getClusterChunksStatus() (DOCS funcs/g/getClusterChunksStatus): one row per chunk. `replicas`
   * lists the live replicas that hold the chunk as `alias:version:0:false:0` (alias, replica version,
   * corrupted, in resolution, report time — the last three fixed by the stand-in), comma-separated;
   * `state` is COMPLETE when every replica the metadata lists is alive at the chunk's version, else
   * RECOVERING (stand-in: also while a replica's node is down).
   */
  statusTable(): Value {
    const chunks = Object.values(this.meta.chunks).sort((a, b) => a.file.localeCompare(b.file));
    const holders = chunks.map((c) =>
      c.replicas.filter((r) => this.cluster.alive(r) && this.versionOf(r, c.chunkId) !== undefined),
    );
    const complete = chunks.map((c) => c.replicas.every((r) => this.upToDate(r, c)));
    return table([
      [
        'chunkId',
        vector(
          T.string,
          chunks.map((c) => c.chunkId),
        ),
      ],
      [
        'file',
        vector(
          T.string,
          chunks.map((c) => c.file),
        ),
      ],
      [
        'size',
        vector(
          T.long,
          chunks.map(() => 0n),
        ),
      ],
      [
        'version',
        vector(
          T.int,
          chunks.map((c) => c.version),
        ),
      ],
      [
        'vcLength',
        vector(
          T.int,
          chunks.map((c) => (c.version > 0 ? 1 : 0)),
        ),
      ],
      [
        'versionChain',
        vector(
          T.string,
          chunks.map((c) => (c.version > 0 ? `0:0:${c.version}:0 -> ` : '')),
        ),
      ],
      [
        'state',
        vector(
          T.string,
          complete.map((ok) => (ok ? 'COMPLETE' : 'RECOVERING')),
        ),
      ],
      [
        'replicas',
        vector(
          T.string,
          chunks.map((c, i) =>
            (holders[i] ?? []).map((r) => `${r}:${this.versionOf(r, c.chunkId) ?? 0}:0:false:0`).join(','),
          ),
        ),
      ],
      [
        'replicaCount',
        vector(
          T.int,
          holders.map((h) => h.length),
        ),
      ],
      [
        'lastUpdated',
        vector(
          T.timestamp,
          chunks.map((c) => BigInt(c.lastUpdated)),
        ),
      ],
      [
        'permission',
        vector(
          T.string,
          chunks.map(() => 'READ_WRITE'),
        ),
      ],
    ]);
  }
}
