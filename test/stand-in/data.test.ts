/**
 * DFS data in a Raft cluster (data-cluster.ts): chunks placed on dfsReplicationFactor=2 distinct
 * data nodes (never compute nodes), rows that survive data node and controller restarts, stale
 * replicas recovered, and the data loss of a controller or data node that starts without its
 * directories (facts §2.5, §2.6, §12.1–§12.3).
 */
import { cpSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask, rows } from './client.js';
import {
  chunkReplicas,
  countRows,
  createDemoTable,
  insertRows,
  replicaAliases,
} from '../helpers/cluster-data.js';
import { dataCluster, type Controller } from './data-cluster.js';
import { readText, waitFor, standInSuite } from './harness.js';

standInSuite();

const databasesOn = async (c: Controller) => {
  const v = await ask(c.host, c.port, 'getClusterDFSDatabases()');
  return v?.form === 1 ? v.values : undefined;
};

describe('DFS data in a Raft cluster', () => {
  it('places replicas on data nodes, keeps rows across restarts and recovers stale replicas', async () => {
    const cluster = await dataCluster();
    cluster.controllers.forEach(cluster.start);
    cluster.startAgent();
    await cluster.startNodes(['dn1', 'dn2', 'dn3', 'cn1']);

    const dn1 = await cluster.on('dn1');
    const cn1 = await cluster.on('cn1');
    try {
      await createDemoTable(dn1, 'dfs://demo', 'pt');
      expect(await insertRows(dn1, 'dfs://demo', 'pt', 1, 20)).toBe(20);
      expect(await countRows(dn1, 'dfs://demo', 'pt')).toBe(20);
      // A compute node holds nothing but queries the same data.
      expect(await countRows(cn1, 'dfs://demo', 'pt')).toBe(20);
      expect(await cn1.value('exec count(*) from loadTable("dfs://demo", "pt") where id = 3')).toBe(1);

      let chunks = await chunkReplicas(dn1);
      expect(chunks).toHaveLength(4);
      for (const c of chunks) {
        expect(c.state).toBe('COMPLETE');
        expect(c.replicaCount).toBe(2);
        const aliases = replicaAliases(c.replicas);
        expect(new Set(aliases).size).toBe(2);
        for (const a of aliases) expect(['dn1', 'dn2', 'dn3']).toContain(a);
        expect(c.replicas).toMatch(/^dn\d:1:0:false:0,dn\d:1:0:false:0$/);
      }

      // dn2 is down while rows are written: its chunks are behind, then recovered when it is back.
      await cluster.stopNodes(['dn2']);
      expect(await insertRows(dn1, 'dfs://demo', 'pt', 21, 20)).toBe(20);
      chunks = await chunkReplicas(dn1);
      const withDn2 = chunks.filter((c) => c.replicas.includes('dn2') || c.replicaCount < 2);
      expect(withDn2.length).toBeGreaterThan(0);
      for (const c of withDn2) {
        expect(c.state).toBe('RECOVERING');
        expect(replicaAliases(c.replicas)).not.toContain('dn2');
      }
      expect(await countRows(cn1, 'dfs://demo', 'pt')).toBe(40);
      await cluster.startNodes(['dn2']);
      chunks = await waitFor(
        async () => {
          const now = await chunkReplicas(dn1);
          return now.every((c) => c.state === 'COMPLETE' && c.replicaCount === 2) ? now : undefined;
        },
        { what: 'every chunk COMPLETE after dn2 recovered' },
      );
      expect(readText(join(cluster.server, 'agent1', 'log', 'dn2.log'))).toMatch(
        /Recovered the chunk \/demo\/Key\d\/pt/,
      );
      const dn2 = await cluster.on('dn2');
      try {
        expect(await countRows(dn2, 'dfs://demo', 'pt')).toBe(40);
      } finally {
        dn2.close();
      }

      // All controllers restart: the databases are still known, the rows still there.
      for (const c of cluster.controllers) await cluster.stop(c);
      cluster.controllers.forEach(cluster.start);
      await cluster.leader();
      for (const c of cluster.controllers) expect(await databasesOn(c)).toEqual(['dfs://demo']);
      expect(
        await waitFor(() => countRows(dn1, 'dfs://demo', 'pt'), { what: 'rows after controller restart' }),
      ).toBe(40);

      // A data node whose storage is gone holds no chunk: with the other replicas down, its chunks
      // have no replica and the table cannot be read; once they are back, it copies them again.
      dn1.close();
      await cluster.stopNodes(['dn1', 'dn2', 'dn3']);
      rmSync(join(cluster.home, 'dn1', 'storage'), { recursive: true });
      await cluster.startNodes(['dn1']);
      const empty = await cluster.on('dn1');
      try {
        const after = await chunkReplicas(empty);
        const onDn1 = chunks.filter((c) => replicaAliases(c.replicas).includes('dn1')).map((c) => c.chunkId);
        for (const c of after.filter((x) => onDn1.includes(x.chunkId))) {
          expect(c.state).not.toBe('COMPLETE');
          expect(c.replicaCount).toBe(0);
        }
        await expect(countRows(empty, 'dfs://demo', 'pt')).rejects.toThrow(/no available replica/);
        await cluster.startNodes(['dn2', 'dn3']);
        await waitFor(
          async () => ((await chunkReplicas(empty)).every((c) => c.state === 'COMPLETE') ? true : undefined),
          { what: 'chunks COMPLETE again' },
        );
        expect(await countRows(empty, 'dfs://demo', 'pt')).toBe(40);
      } finally {
        empty.close();
      }
    } finally {
      dn1.close();
      cn1.close();
    }
  }, 150_000);

  it('addNode takes vectors and nodeType; new chunks never go to compute nodes', async () => {
    const cluster = await dataCluster();
    cluster.controllers.forEach(cluster.start);
    cluster.startAgent();
    await cluster.startNodes(['dn1', 'dn2', 'cn1']);
    const [p1 = 0, p2 = 0] = cluster.spare;
    await cluster.onLeader(
      `addNode(["127.0.0.1", "127.0.0.1"], [${p1}, ${p2}], ["dn4", "cn2"], true, ["datanode", "computenode"])`,
    );
    const leader = await cluster.leader();
    const perf = rows(await ask(leader.host, leader.port, 'getClusterPerf()'));
    expect(
      perf
        .filter((r) => ['dn4', 'cn2'].includes(String(r['name'])))
        .map((r) => [r['name'], r['mode'], r['state']]),
    ).toEqual([
      ['dn4', 0, 0],
      ['cn2', 4, 0],
    ]);
    for (const c of cluster.controllers)
      expect(readFileSync(join(c.dir, 'config', 'cluster.nodes'), 'utf8')).toContain(
        `127.0.0.1:${p2}:cn2,computenode`,
      );
    await cluster.startNodes(['cn2']);
    const cn = await cluster.on('cn1');
    try {
      await createDemoTable(cn, 'dfs://more', 'pt');
      expect(await insertRows(cn, 'dfs://more', 'pt', 1, 100)).toBe(100);
      const chunks = await chunkReplicas(cn);
      expect(chunks).toHaveLength(4);
      for (const c of chunks) expect(replicaAliases(c.replicas).sort()).toEqual(['dn1', 'dn2']);
    } finally {
      cn.close();
    }
  }, 90_000);

  it('keeps the databases in each controller’s dfsMeta: gone without it, back with a copy, lost to an empty majority', async () => {
    const cluster = await dataCluster();
    const [ctl1, ctl2, ctl3] = cluster.controllers as [Controller, Controller, Controller];
    cluster.controllers.forEach(cluster.start);
    cluster.startAgent();
    await cluster.startNodes(['dn1', 'dn2']);
    const dn1 = await cluster.on('dn1');
    try {
      await createDemoTable(dn1, 'dfs://demo', 'pt');
      await insertRows(dn1, 'dfs://demo', 'pt', 1, 10);
    } finally {
      dn1.close();
    }
    for (const c of cluster.controllers)
      await waitFor(async () => ((await databasesOn(c))?.length === 1 ? true : undefined));
    for (const c of cluster.controllers) await cluster.stop(c);

    // ctl1 started without its dfsMeta and raft directories knows no database…
    const dirs = (c: Controller) => [join(c.dir, 'dfsMeta'), join(cluster.home, c.alias, 'raft')];
    for (const d of dirs(ctl1)) renameSync(d, `${d}.bak`);
    cluster.start(ctl1);
    await waitFor(async () => ((await databasesOn(ctl1))?.length === 0 ? true : undefined), {
      what: 'ctl1 without dfsMeta to know no database',
    });
    await cluster.stop(ctl1);
    // …and with a copy of them it knows them again.
    for (const d of dirs(ctl1)) {
      cpSync(`${d}.bak`, d, { recursive: true });
      rmSync(`${d}.bak`, { recursive: true });
    }
    cluster.start(ctl1);
    await waitFor(async () => ((await databasesOn(ctl1))?.[0] === 'dfs://demo' ? true : undefined), {
      what: 'ctl1 with its copied dfsMeta to know dfs://demo',
    });
    await cluster.stop(ctl1);

    // Two of three controllers lose their directories: they elect an empty leader (their term
    // passes ctl1's first, so ctl1 follows it), and its empty metadata replaces ctl1's.
    for (const c of [ctl2, ctl3]) for (const d of dirs(c)) rmSync(d, { recursive: true, force: true });
    const term1 = (
      JSON.parse(readFileSync(join(cluster.home, 'ctl1', 'raft', 'raftHardstate1'), 'utf8')) as {
        term: number;
      }
    ).term;
    cluster.start(ctl2);
    await waitFor(
      () => {
        const terms = [...readText(ctl2.log).matchAll(/ctl2 became candidate at term (\d+)/g)].map((m) =>
          Number(m[1]),
        );
        return Math.max(0, ...terms) > term1 ? true : undefined;
      },
      { timeoutMs: 30_000, what: `ctl2's term to pass ctl1's ${term1}` },
    );
    cluster.start(ctl3);
    const empty = await cluster.leader([ctl2, ctl3]);
    expect(await databasesOn(empty)).toEqual([]);
    cluster.start(ctl1);
    await waitFor(async () => ((await cluster.activeMaster(ctl1)) === empty.alias ? true : undefined), {
      what: 'ctl1 to follow the empty leader',
    });
    await waitFor(async () => ((await databasesOn(ctl1))?.length === 0 ? true : undefined), {
      what: 'ctl1 to lose dfs://demo to the empty leader',
    });
    expect(readFileSync(join(ctl1.dir, 'dfsMeta', 'DFSMetaLog.0'), 'utf8')).not.toContain('dfs://demo');
    const dn = await cluster.on('dn1');
    try {
      await waitFor(
        async () => ((await dn.value('existsDatabase("dfs://demo")')) === false ? true : undefined),
        { what: 'the data node to see the database gone' },
      );
    } finally {
      dn.close();
    }
  }, 120_000);
});
