/**
 * What verify-databases calls missing after a change, from two snapshots: a database or table no
 * longer listed, a table with fewer rows; more rows or new tables are not a loss.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareSnapshots,
  parseSnapshot,
  snapshotQueries,
  snapshotSummary,
  type DatabaseSnapshot,
} from '../../source/deploy/node-api/database-snapshot.js';
import { snapshotDatabases } from '../../source/deploy/tasks/snapshot-databases.js';
import { verifyDatabases } from '../../source/deploy/tasks/verify-databases.js';
import { failureOf, runLocalTask } from '../helpers/local-task.js';

const before: DatabaseSnapshot = {
  takenAt: '2026-12-05T04:00:00.000Z',
  databases: [
    {
      path: 'dfs://trades',
      tables: [
        { name: 'pt', rows: 1000 },
        { name: 'quotes', rows: 11_000 },
      ],
    },
    { path: 'dfs://empty', tables: [] },
    {
      path: 'dfs://x',
      tables: [
        { name: 'a', rows: 1344 },
        { name: 'b', rows: 1 },
        { name: 'c', rows: 0 },
      ],
    },
  ],
};

describe('compareSnapshots', () => {
  it('finds nothing missing in the same cluster, or one written to since', () => {
    expect(compareSnapshots(before, before)).toEqual([]);
    const grown: DatabaseSnapshot = {
      takenAt: 'later',
      databases: [
        ...before.databases.map((db) => ({
          ...db,
          tables: db.tables.map((t) => ({ ...t, rows: t.rows + 5 })),
        })),
        { path: 'dfs://new', tables: [{ name: 't', rows: 3 }] },
      ],
    };
    expect(compareSnapshots(before, grown)).toEqual([]);
  });

  it('names each database, table and row count that is missing', () => {
    const after: DatabaseSnapshot = {
      takenAt: 'later',
      databases: [
        { path: 'dfs://trades', tables: [{ name: 'pt', rows: 0 }] },
        { path: 'dfs://empty', tables: [] },
      ],
    };
    expect(compareSnapshots(before, after)).toEqual([
      'dfs://trades/pt: 1,000 rows before, 0 now',
      'dfs://trades/quotes: table not listed any more',
      'dfs://x: database not listed any more (3 tables before)',
    ]);
  });
});

describe('the record', () => {
  it('sums up databases, tables and rows', () => {
    expect(snapshotSummary(before)).toBe('3 databases, 5 tables, 13,345 rows');
    expect(
      snapshotSummary({ takenAt: 'now', databases: [{ path: 'dfs://a', tables: [{ name: 't', rows: 1 }] }] }),
    ).toBe('1 database, 1 table, 1 row');
  });

  it('reads back what was written, and nothing else', () => {
    expect(parseSnapshot(JSON.stringify(before, null, 2))).toEqual(before);
    expect(parseSnapshot('absent\n')).toBeUndefined();
    expect(parseSnapshot('null')).toBeUndefined();
    expect(
      parseSnapshot('{"takenAt":"x","databases":[{"path":"dfs://a","tables":[{"name":"t"}]}]}'),
    ).toBeUndefined();
  });

  it('asks DolphinDB with quoted paths and names', () => {
    expect(snapshotQueries.tables('dfs://trades')).toBe('getTables(database("dfs://trades"))');
    expect(snapshotQueries.rows('dfs://a"b', 'pt')).toBe('exec count(*) from loadTable("dfs://a\\"b", "pt")');
  });
});

describe('the tasks and their record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-snapshot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // No node is asked in these cases: the record alone decides.
  const action = { controllers: [], via: [], host: 'P1', record: join(dir, 'databases.json') };

  it('keeps a snapshot already taken (the cluster before the first attempt)', async () => {
    writeFileSync(action.record, JSON.stringify(before));
    const { result } = await runLocalTask(snapshotDatabases, { type: 'snapshot-databases', ...action });
    expect(result).toEqual({
      outcome: 'unchanged',
      detail: 'taken 2026-12-05T04:00:00.000Z: 3 databases, 5 tables, 13,345 rows',
    });
  });

  it('fails the verification without a snapshot, saying how to get one', async () => {
    const failure = await failureOf(verifyDatabases, {
      type: 'verify-databases',
      ...action,
      record: join(dir, 'none.json'),
    });
    expect(failure.message).toBe(
      `no snapshot of the databases on P1 (${join(dir, 'none.json')}) to compare with`,
    );
    expect(failure.fix).toContain('run the change again');
  });
});
