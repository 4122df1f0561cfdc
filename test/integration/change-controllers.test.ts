/**
 * Moving and adding controllers (issue 14, seed 003 done correctly), on five test hosts with the
 * stand-in package, whose controllers keep the databases in their Raft/dfsMeta directories and
 * whose data nodes keep their chunks (a controller started without its directory knows no
 * database): rows written before each change are read back after, and more are written.
 * - pseudo-HA on one server → three-server HA;
 * - pseudo-HA on two servers → three, with the new server powered off half way, then deploy again;
 * - three controllers → five.
 * Times and the writer's downtime are printed (the note's measurements).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countRows, createDemoTable, insertRows } from '../helpers/cluster-data.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { HaWriter } from '../helpers/ha-writer.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { changeRuns, withClient as withClientAt } from '../helpers/change-runs.js';
import { startTestHosts, testHostsFrom, type TestHosts } from '../helpers/test-hosts.js';
import { addNodes, movedToHa, variant } from '../helpers/topology-edits.js';
import { TestClient } from '../stand-in/client.js';

const original = testHostsFrom(inject('testHosts'));
let hosts: TestHosts;
const dir = testDir('change-controllers');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const db = 'dfs://moved';
let packageFile = '';

beforeAll(async () => {
  assertBuilt();
  await original.stop({ keepKeys: true });
  hosts = await startTestHosts({ count: 5 });
  packageFile = standInPackage(dir);
}, 120_000);

afterAll(async () => {
  await hosts?.stop({ keepKeys: true });
  await startTestHosts({ count: original.hosts.length, docker: original.docker });
}, 120_000);

const host = (n: number) => hosts.host(n);
const fast = { controller: { raftElectionTick: 100 } };

const runs = changeRuns(() => hosts.knownHostsFile, env);
const { deploy, status } = runs;
const withClient = <T>(n: number, port: number, use: (client: TestClient) => Promise<T>) =>
  withClientAt(host(n).address, port, use);
const deployRun = runs.deployRun;

/** Deploys `file` fresh and writes `rows` rows through the data node at host n, port. */
async function deployWithData(file: string, n: number, port: number, rows: number): Promise<void> {
  const result = await deploy(file);
  expect(result.status, result.stderr + result.stdout).toBe(0);
  await withClient(n, port, async (client) => {
    await createDemoTable(client, db, 'pt');
    await insertRows(client, db, 'pt', 1, rows);
    expect(await countRows(client, db, 'pt')).toBe(rows);
  });
}

/** After a move: every node up under one leader, the rows there, and more can be written. */
async function expectDataKept(file: string, n: number, port: number, rows: number): Promise<void> {
  const seen = status(file);
  expect(
    seen.nodes.filter((node) => node.state !== 'up'),
    JSON.stringify(seen),
  ).toEqual([]);
  expect(seen.leader).not.toBeNull();
  await withClient(n, port, async (client) => {
    expect(await countRows(client, db, 'pt')).toBe(rows);
    await insertRows(client, db, 'pt', 900_000, 10);
    expect(await countRows(client, db, 'pt')).toBe(rows + 10);
  });
}

describe('moving and adding controllers', { timeout: 400_000 }, () => {
  it('pseudo-HA on one server → three-server HA: the metadata moves with controller2 and controller3', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'one', {
      mode: 'pseudo-ha',
      hosts: [host(1)],
      packageFile,
      config: fast,
    });
    await deployWithData(file, 1, 8804, 500);
    const moved = movedToHa(file, [
      { alias: 'controller2', host: { name: 'P2', address: host(2).address } },
      { alias: 'controller3', host: { name: 'P3', address: host(3).address } },
    ]);
    const shown = runs.plan(moved);
    expect(shown.stdout).toContain('stops the whole cluster for about');
    expect(shown.stdout).toContain("copy controller2's Raft and metadata directories from P1");

    const live = new HaWriter(
      [8804, 8805, 8806].map((port) => ({ host: host(1).address, port })),
      (n) => `tableInsert(loadTable("${db}", "pt"), ${500_000 + n}, 1.5)`,
      100,
      120_000,
    );
    live.start();
    const result = await deploy(moved);
    const report = await live.stop();
    console.log(
      `pseudo-HA (1 server) → HA (3 servers): ${(result.ms / 1000).toFixed(1)} s; writer: ${report.succeeded} of ${report.writes} writes, ` +
        `${report.failed} failed, longest gap (the downtime a client saw) ${report.longestGapMs} ms`,
    );
    expect(result.status, result.stderr + result.stdout).toBe(0);
    for (const n of [2, 3]) {
      const copied = await hosts.exec(host(n), [
        'cat',
        `${testDeployDir}/one/nodes/controller${n}/.ddb-setup-copied`,
      ]);
      expect(copied.code, copied.stderr).toBe(0);
    }
    const backup = await hosts.exec(host(1), [
      'sh',
      '-c',
      `ls -d ${testDeployDir}/one/nodes/controller1/config.bak-*`,
    ]);
    expect(backup.code, backup.stderr).toBe(0);
    await expectDataKept(moved, 1, 8804, 500 + report.succeeded);
  });

  it('pseudo-HA on two servers → three, the new server powered off half way: deploy again completes it', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'two', {
      mode: 'pseudo-ha',
      hosts: [host(1), host(2)],
      packageFile,
      config: fast,
    });
    await deployWithData(file, 2, 8802, 300);
    const moved = movedToHa(file, [{ alias: 'controller3', host: { name: 'P3', address: host(3).address } }]);
    const run = deployRun(moved);
    // Once the cluster is stopped and controller3's directory is on its way, P3 goes dark.
    await run.waitForLine(/copy controller3's Raft and metadata directories from P1/, 120_000);
    await hosts.powerOff(host(3));
    const failed = await run.done;
    expect(failed.status, failed.stdout).not.toBe(0);
    expect(failed.stderr).toContain('run the same command again');
    await hosts.boot(host(3));
    const resumed = await deploy(moved);
    console.log(
      `pseudo-HA (2 servers) → HA (3), resumed after P3 was powered off: ${(resumed.ms / 1000).toFixed(1)} s`,
    );
    expect(resumed.status, resumed.stderr + resumed.stdout).toBe(0);
    await expectDataKept(moved, 2, 8802, 300);
  });

  it('three controllers → five: the new ones learn the metadata from the leader', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'five', {
      mode: 'ha',
      hosts: [host(1), host(2), host(3)],
      packageFile,
      extra: ['--computenodes', '0'],
      config: fast,
    });
    await deployWithData(file, 1, 8802, 400);
    const five = variant(file, 'five', (doc) =>
      addNodes(
        doc,
        [
          { alias: 'controller4', mode: 'controller', host: 'P4', port: 8800 },
          { alias: 'controller5', mode: 'controller', host: 'P5', port: 8800 },
        ],
        [
          { name: 'P4', address: host(4).address },
          { name: 'P5', address: host(5).address },
        ],
      ),
    );
    const result = await deploy(five);
    console.log(`three controllers → five: ${(result.ms / 1000).toFixed(1)} s`);
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(
      status(five).nodes.filter((n) => n.alias.startsWith('controller') && n.state === 'up'),
    ).toHaveLength(5);
    await expectDataKept(five, 2, 8802, 400);
  });
});
