/**
 * DFS data on a single node (facts §1.2): it is its own controller and data node, with the
 * metadata in `local8848/dfsMeta` and the chunks in `local8848/storage` (CHUNK_METADATA). The
 * script forms of dfs-scripts.ts, a restart that keeps everything, and the loss of each directory.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerError, TestClient, TYPE, columnTypes, rows } from './client.js';
import { chunkReplicas, countRows, createDemoTable, insertRows } from '../helpers/cluster-data.js';
import { exitOf, freePort, run, serverDir, tempDir, waitForLog, write, standInSuite } from './harness.js';

standInSuite();

async function single() {
  const dir = await serverDir(join(tempDir(), 'server'));
  const port = await freePort();
  write(
    join(dir, 'dolphindb.cfg'),
    `localSite=localhost:${port}:local8848\nmode=single\nnewValuePartitionPolicy=add\n`,
  );
  const log = join(dir, 'dolphindb.log');
  const start = async () => {
    const proc = run(join(dir, 'dolphindb'), ['-console', '0']);
    await waitForLog(
      log,
      new RegExp(`Stand-in process ${proc.pid}:[^]*Job scheduler initialization completed\\.`),
    );
    const client = await TestClient.open('127.0.0.1', port);
    await client.login();
    return { proc, client };
  };
  return { dir, start };
}

describe('DFS data on a single node', () => {
  it('creates, writes and queries with the documented script forms', async () => {
    const { start } = await single();
    const { client } = await start();
    try {
      await client.script(
        'db = database("dfs://demo", VALUE, 1..4)\nt = table(1:0, `id`v, [INT, DOUBLE])\ncreatePartitionedTable(db, t, "pt", "id")',
      );
      expect(await client.value('existsDatabase("dfs://demo")')).toBe(true);
      expect(await client.value('existsDatabase("dfs://none")')).toBe(false);
      expect(await client.value('existsTable("dfs://demo", "pt")')).toBe(true);
      expect(await client.script('getClusterDFSDatabases()')).toMatchObject({
        type: TYPE.string,
        values: ['dfs://demo'],
      });
      expect(await client.value('tableInsert(loadTable("dfs://demo", "pt"), 1 2 3, 1.5 2.5 3.5)')).toBe(3);
      expect(
        await client.value(
          'tableInsert(loadTable("dfs://demo", "pt"), table([4, 5] as id, [4.5, 5.5] as v))',
        ),
      ).toBe(2);
      await client.script('loadTable("dfs://demo","pt").append!(table([1,2] as id, [1.0,2.0] as v))');
      await client.script('db2 = database("dfs://demo")\ndb2.createPartitionedTable(t, `pt2, `id)');
      expect(await client.script('getTables(database("dfs://demo"))')).toMatchObject({
        values: ['pt', 'pt2'],
      });

      expect(await client.value('exec count(*) from loadTable("dfs://demo", "pt")')).toBe(7);
      const counted = await client.script('select count(*) from loadTable("dfs://demo", "pt")');
      expect(rows(counted)).toEqual([{ count: 7 }]);
      expect(
        rows(await client.script('select count(*) from loadTable("dfs://demo", "pt") where id = 1')),
      ).toEqual([{ count: 2 }]);
      expect(await client.value('exec sum(v) from loadTable("dfs://demo", "pt")')).toBe(
        1.5 + 2.5 + 3.5 + 4.5 + 5.5 + 1 + 2,
      );
      expect(await countRows(client, 'dfs://demo', 'pt2')).toBe(0);

      // newValuePartitionPolicy=add: 5 was not in 1..4 and became a partition.
      const chunks = rows(await client.script('getClusterChunksStatus()'));
      expect(chunks.map((c) => c['file']).sort()).toEqual([
        '/demo/1/pt',
        '/demo/2/pt',
        '/demo/3/pt',
        '/demo/4/pt',
        '/demo/5/pt',
      ]);
      expect(columnTypes(await client.script('getClusterChunksStatus()'))).toEqual({
        chunkId: TYPE.string,
        file: TYPE.string,
        size: TYPE.long,
        version: TYPE.int,
        vcLength: TYPE.int,
        versionChain: TYPE.string,
        state: TYPE.string,
        replicas: TYPE.string,
        replicaCount: TYPE.int,
        lastUpdated: 12,
        permission: TYPE.string,
      });
      const one = chunks.find((c) => c['file'] === '/demo/1/pt');
      expect(one).toMatchObject({
        version: 2,
        state: 'COMPLETE',
        replicas: 'local8848:2:0:false:0',
        replicaCount: 1,
      });

      await expect(client.script('database("dfs://demo", HASH, [INT, 2])')).rejects.toThrow(
        'It is not allowed to overwrite an existing database.',
      );
      await expect(client.script('loadTable("dfs://demo", "nope")')).rejects.toThrow(ServerError);
      await client.script('dropDatabase("dfs://demo")');
      expect(await client.value('existsDatabase("dfs://demo")')).toBe(false);
      expect(rows(await client.script('getClusterChunksStatus()'))).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('keeps data across a restart in local8848/dfsMeta and local8848/storage, and loses what is removed', async () => {
    const { dir, start } = await single();
    let { proc, client } = await start();
    await createDemoTable(client, 'dfs://keep', 'pt');
    expect(await insertRows(client, 'dfs://keep', 'pt', 1, 10)).toBe(10);
    client.close();
    const restart = async () => {
      proc.child.kill('SIGTERM');
      await exitOf(proc);
      ({ proc, client } = await start());
    };
    await restart();
    expect(await countRows(client, 'dfs://keep', 'pt')).toBe(10);
    expect((await chunkReplicas(client)).map((c) => c.state)).toEqual([
      'COMPLETE',
      'COMPLETE',
      'COMPLETE',
      'COMPLETE',
    ]);
    expect(existsSync(join(dir, 'local8848', 'dfsMeta', 'DFSMetaLog.0'))).toBe(true);
    expect(existsSync(join(dir, 'local8848', 'storage', 'CHUNK_METADATA'))).toBe(true);
    client.close();

    // Without its storage the node still knows the table but holds none of its chunks.
    rmSync(join(dir, 'local8848', 'storage'), { recursive: true });
    await restart();
    await expect(countRows(client, 'dfs://keep', 'pt')).rejects.toThrow(/has no available replica/);
    expect((await chunkReplicas(client)).map((c) => [c.state, c.replicaCount])).toEqual(
      Array.from({ length: 4 }, () => ['RECOVERING', 0]),
    );
    client.close();

    // Without its dfsMeta it knows no database.
    rmSync(join(dir, 'local8848', 'dfsMeta'), { recursive: true });
    await restart();
    expect(await client.value('existsDatabase("dfs://keep")')).toBe(false);
    client.close();
  });
});
