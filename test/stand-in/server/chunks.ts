/**
 * A data node's chunks (facts §2.3 `volumes`, default `<HomeDir>/<alias>/storage`; `chunkMetaDir`
 * default the first volume; facts §1.2 single node: `local8848/storage/CHUNK_METADATA`). The
 * chunk list with versions is `<chunkMetaDir>/CHUNK_METADATA/chunks.json`, each chunk's rows are in
 * `<first volume>/CHUNKS<file>/<chunkId>.json` (stand-in: JSON files, where DolphinDB keeps binary
 * column files). Both are written atomically. A node started with an empty storage holds nothing.
 */
import { basename, join } from 'node:path';
import { readJson, writeAtomically } from './atomic-file.js';
import type { ColumnDef, JsonColumns } from './dfs-rows.js';
import { ScriptError } from './errors.js';
import { log } from './log.js';

export type ChunkEntry = { chunkId: string; file: string; version: number; rows: number };
export type StoredChunk = ChunkEntry & { columns: ColumnDef[]; data: JsonColumns };

/** The storage directory a node uses: its first `volumes` entry, or the documented default. */
export function storageDirs(home: string, alias: string, settings: ReadonlyMap<string, string>) {
  const volumes = (settings.get('volumes') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  // A data node started by its agent already runs in `<agent home>/<alias>` (agent.ts), which is
  // the documented `<HomeDir>/<alias>`; a single node runs in the server directory.
  const volume =
    volumes[0] ?? (basename(home) === alias ? join(home, 'storage') : join(home, alias, 'storage'));
  const metaDir = settings.get('chunkMetaDir') || volume;
  return { volume, metaDir };
}

export class ChunkStore {
  private readonly metaFile: string;
  private readonly entries: Map<string, ChunkEntry>;

  constructor(
    readonly volume: string,
    metaDir: string,
  ) {
    this.metaFile = join(metaDir, 'CHUNK_METADATA', 'chunks.json');
    const saved = readJson<ChunkEntry[]>(this.metaFile) ?? [];
    this.entries = new Map(saved.map((e) => [e.chunkId, e]));
    log.info(`Storage ${volume}: ${this.entries.size} chunk(s) in ${this.metaFile}.`);
  }

  /** chunkId → version, what the heartbeat reports. */
  versions(): Map<string, number> {
    return new Map([...this.entries.values()].map((e) => [e.chunkId, e.version]));
  }

  private dataFile(entry: { chunkId: string; file: string }): string {
    return join(this.volume, 'CHUNKS', entry.file, `${entry.chunkId}.json`);
  }

  private saveMeta(): void {
    writeAtomically(this.metaFile, JSON.stringify([...this.entries.values()], null, 1) + '\n');
  }

  read(chunkId: string): StoredChunk {
    const entry = this.entries.get(chunkId);
    if (!entry) throw new ScriptError(`The chunk ${chunkId} is not on this node.`); // stand-in
    const stored = readJson<{ columns: ColumnDef[]; data: JsonColumns }>(this.dataFile(entry));
    if (!stored) throw new ScriptError(`The data of the chunk ${entry.file} is missing.`); // stand-in
    return { ...entry, ...stored };
  }

  /**
   * Appends rows as the write of version `version`; the replica must hold `prev` (0: none), so a
   * stale replica never takes a write it could not apply on top of what it has.
   */
  append(
    chunkId: string,
    file: string,
    prev: number,
    version: number,
    columns: ColumnDef[],
    data: JsonColumns,
  ): void {
    const entry = this.entries.get(chunkId);
    const have = entry?.version ?? 0;
    if (have !== prev) throw new ScriptError(`The replica of ${file} is at version ${have}, not ${prev}.`); // stand-in
    const old = entry ? this.read(chunkId).data : columns.map(() => []);
    const merged = columns.map((_, i) => [...(old[i] ?? []), ...(data[i] ?? [])]);
    this.store({ chunkId, file, version, rows: merged[0]?.length ?? 0, columns, data: merged });
  }

  /** Takes a whole copy from another replica (recovery). */
  replace(chunk: StoredChunk): void {
    if (this.entries.get(chunk.chunkId)?.version === chunk.version) return;
    this.store(chunk);
    log.info(`Recovered the chunk ${chunk.file} (${chunk.chunkId}) at version ${chunk.version}.`);
  }

  private store(chunk: StoredChunk): void {
    writeAtomically(
      this.dataFile(chunk),
      JSON.stringify({ columns: chunk.columns, data: chunk.data }) + '\n',
    );
    this.entries.set(chunk.chunkId, {
      chunkId: chunk.chunkId,
      file: chunk.file,
      version: chunk.version,
      rows: chunk.rows,
    });
    this.saveMeta();
  }
}
