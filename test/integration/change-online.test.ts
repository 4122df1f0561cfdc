/**
 * Changing a running HA cluster by editing its topology (issue 14), on four test hosts with the
 * stand-in package, with a database written before each change and read back after:
 * - a data node and a compute node added on existing servers online, while a client in HA mode
 *   keeps writing to the data nodes it knows (no error, no reconnect);
 * - a fourth server with its agent and a data node;
 * - a compute node removed; a data node that holds chunks refused, nothing touched;
 * - a cluster.cfg and a controller.cfg key changed: rolling restarts, the leader never missing for
 *   longer than one election;
 * - a node added by hand with addNode is drift: plan reports it, deploy does not remove it.
 * Times of each change are printed (the note's measurements).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countRows, createDemoTable, insertRows } from '../helpers/cluster-data.js';
import { standInPackage, testDir, writeTestTopology } from '../helpers/deploy-fixture.js';
import { HaWriter } from '../helpers/ha-writer.js';
import { LeaderWatch } from '../helpers/leader-watch.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { changeRuns, withClient as withClientAt } from '../helpers/change-runs.js';
import { startTestHosts, testHostsFrom, type TestHosts } from '../helpers/test-hosts.js';
import { addNodes, removeNodes, variant } from '../helpers/topology-edits.js';
import { ask, TestClient } from '../stand-in/client.js';

const original = testHostsFrom(inject('testHosts'));
let hosts: TestHosts;
const dir = testDir('change-online');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const db = 'dfs://change';
let file = '';
/** The file as last applied: each test changes the cluster from it. */
let current = '';

beforeAll(async () => {
  assertBuilt();
  await original.stop({ keepKeys: true });
  hosts = await startTestHosts({ count: 4 });
  file = writeTestTopology(dir, 'online', {
    mode: 'ha',
    hosts: hosts.hosts.slice(0, 3),
    packageFile: standInPackage(dir),
    // Raft elections in 1–2 s rather than 8–16 s (facts §2.6); chunks on distinct servers.
    config: { controller: { raftElectionTick: 100, dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 1 } },
  });
  current = file;
}, 120_000);

afterAll(async () => {
  await hosts?.stop({ keepKeys: true });
  await startTestHosts({ count: original.hosts.length, docker: original.docker });
}, 120_000);

const host = (n: number) => hosts.host(n);

const runs = changeRuns(() => hosts.knownHostsFile, env);
const { deploy, status } = runs;
const withClient = <T>(n: number, port: number, use: (client: TestClient) => Promise<T>) =>
  withClientAt(host(n).address, port, use);
const plan = runs.plan;

/** A writer in HA mode over the three first data nodes, each write a row of its own. */
function writer(table: string, base: number): HaWriter {
  return new HaWriter(
    [1, 2, 3].map((n) => ({ host: host(n).address, port: 8802 })),
    (n) => `tableInsert(loadTable("${db}", "${table}"), ${base + n}, ${n}.5)`,
    100,
  );
}

describe('changing a running HA cluster', { timeout: 300_000 }, () => {
  it('deploys the cluster and writes 1,000 rows', async () => {
    const result = await deploy(file);
    expect(result.status, result.stderr + result.stdout).toBe(0);
    await withClient(1, 8802, async (client) => {
      await createDemoTable(client, db, 'pt');
      await insertRows(client, db, 'pt', 1, 1000);
      expect(await countRows(client, db, 'pt')).toBe(1000);
    });
  });

  it('adds a data node and a compute node online: the writer never errs, every row is there', async () => {
    const added = variant(current, 'added', (doc) =>
      addNodes(doc, [
        { alias: 'datanode4', mode: 'datanode', host: 'P2', port: 8804 },
        { alias: 'computenode4', mode: 'computenode', host: 'P3', port: 8805 },
      ]),
    );
    const shown = plan(added);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`~ datanode4 (datanode) added on P2 (${host(2).address}:8804)\n`);
    expect(shown.stdout).toContain('add datanode4, computenode4 to the cluster');

    const live = writer('pt', 100_000);
    live.start();
    const result = await deploy(added);
    const report = await live.stop();
    console.log(
      `add a data node and a compute node online: ${(result.ms / 1000).toFixed(1)} s; writer: ${report.succeeded} of ${report.writes} writes, ` +
        `${report.failed} failed, ${report.reconnects} reconnects, longest gap ${report.longestGapMs} ms`,
    );
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toContain('changed (2 changes) and verified');
    expect(report.failed, report.errors.join('\n')).toBe(0);
    expect(report.reconnects, report.errors.join('\n')).toBe(0);
    const nodes = status(added).nodes;
    expect(nodes.find((n) => n.alias === 'datanode4')?.state).toBe('up');
    expect(nodes.find((n) => n.alias === 'computenode4')?.state).toBe('up');
    // The rows before and during the change, read through the new compute node; and more written.
    await withClient(3, 8805, async (client) => {
      expect(await countRows(client, db, 'pt')).toBe(1000 + report.succeeded);
    });
    await withClient(2, 8804, async (client) => {
      await insertRows(client, db, 'pt', 200_000, 100);
      expect(await countRows(client, db, 'pt')).toBe(1100 + report.succeeded);
    });
    expect(plan(added).stdout).toMatch(/^No changes against what is deployed/);
    current = added;
  });

  it('adds a fourth server with its agent and a data node', async () => {
    const fourth = variant(current, 'fourth', (doc) =>
      addNodes(
        doc,
        [
          { alias: 'agent4', mode: 'agent', host: 'P4', port: 8801 },
          { alias: 'datanode5', mode: 'datanode', host: 'P4', port: 8802 },
        ],
        [{ name: 'P4', address: host(4).address }],
      ),
    );
    const before: number = await withClient(1, 8802, (client) => countRows(client, db, 'pt'));
    const result = await deploy(fourth);
    console.log(`add a server with an agent and a data node: ${(result.ms / 1000).toFixed(1)} s`);
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(status(fourth).nodes.filter((n) => n.state !== 'up')).toEqual([]);
    await withClient(4, 8802, async (client) => {
      expect(await countRows(client, db, 'pt')).toBe(before);
      await insertRows(client, db, 'pt', 300_000, 50);
      expect(await countRows(client, db, 'pt')).toBe(before + 50);
    });
    current = fourth;
  });

  it('removes a compute node; a data node that holds chunks is refused and nothing changes', async () => {
    const holding = variant(current, 'no-datanode1', (doc) => removeNodes(doc, ['datanode1']));
    const agentCfg = `/opt/ddbt/online/nodes/controller1/config/cluster.nodes`;
    const nodesBefore = await hosts.exec(host(1), ['cat', agentCfg]);
    const refused = await deploy(holding);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/datanode1 holds \d+ chunks?/);
    expect(refused.stderr).toContain('rebalanceChunksAmongDataNodes');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect((await hosts.exec(host(1), ['cat', agentCfg])).stdout).toBe(nodesBefore.stdout);
    expect(status(current).nodes.find((n) => n.alias === 'datanode1')?.state).toBe('up');

    const removed = variant(current, 'no-computenode4', (doc) => removeNodes(doc, ['computenode4']));
    const result = await deploy(removed);
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const after = await hosts.exec(host(1), ['cat', agentCfg]);
    expect(after.stdout).not.toContain('computenode4');
    const answer = await ask(host(3).address, 8805, 'version()').catch(() => undefined);
    expect(answer).toBeUndefined(); // stopped
    await withClient(1, 8802, async (client) => {
      expect(await countRows(client, db, 'pt')).toBeGreaterThan(1000);
    });
    current = removed;
  });

  it('a cluster.cfg key and a controller.cfg key roll: one process at a time, the leader never gone longer than an election', async () => {
    const rolled = variant(current, 'rolled', (doc) => {
      doc.setIn(['config', 'cluster', 'maxConnections'], 640);
      doc.setIn(['config', 'controller', 'dfsRecoveryWaitTime'], 60000);
    });
    const watch = new LeaderWatch([1, 2, 3].map((n) => ({ host: host(n).address, port: 8800 })));
    await watch.start();
    const live = writer('pt', 400_000);
    live.start();
    const result = await deploy(rolled);
    const report = await live.stop();
    const leader = await watch.stop();
    console.log(
      `rolling config change on 3 servers (3 controllers, 4 data nodes): ${(result.ms / 1000).toFixed(1)} s; ` +
        `leader missing at most ${leader.longestMissingMs} ms; writer: ${report.succeeded} of ${report.writes} writes, ` +
        `${report.failed} failed, longest gap ${report.longestGapMs} ms`,
    );
    expect(result.status, result.stderr + result.stdout).toBe(0);
    for (const process of [
      'controller controller1',
      'controller controller3',
      'datanode datanode1',
      'datanode datanode4',
    ])
      expect(result.stdout).toContain(`restart ${process} to read its new configuration: done`);
    // One election: raftElectionTick 100 → a follower waits 1–2 s before it calls one (facts §2.6).
    expect(leader.longestMissingMs).toBeLessThan(4_000);
    expect(report.failed, report.errors.join('\n')).toBe(0);
    const config = await hosts.exec(host(2), [
      'cat',
      '/opt/ddbt/online/nodes/controller2/config/controller.cfg',
    ]);
    expect(config.stdout).toContain('dfsRecoveryWaitTime=60000');
    await withClient(2, 8802, async (client) => {
      expect(await countRows(client, db, 'pt')).toBeGreaterThan(1000 + report.succeeded);
    });
    expect(plan(rolled).stdout).toMatch(/^No changes against what is deployed/);
    current = rolled;
  });

  it('a node added by hand with addNode is drift: plan reports it, deploy leaves it', async () => {
    const named = await ask(host(1).address, 8800, 'getActiveMaster()');
    const leader = [1, 2, 3].find((n) => named?.form === 0 && named.value === `controller${n}`);
    expect(leader).toBeDefined();
    await ask(
      host(leader ?? 1).address,
      8800,
      `addNode("${host(1).address}", 8809, "datanode9", true, "datanode")`,
      true,
    );
    const reported = plan(current);
    expect(reported.stdout).toContain('datanode9');
    expect(reported.stdout).toContain('added outside ddb-setup');
    const result = await deploy(current);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the servers were changed outside ddb-setup');
    const nodes = await hosts.exec(host(1), [
      'cat',
      '/opt/ddbt/online/nodes/controller1/config/cluster.nodes',
    ]);
    expect(nodes.stdout).toContain('datanode9');
  });
});
