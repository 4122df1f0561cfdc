/**
 * `npm run bench:change` (root; builds first): pseudo-HA on one server → three-server HA with 1 GB
 * of state in the two controllers that move (512 MB each, beside their metadata), on the test hosts
 * with the stand-in package, while a client in HA mode writes 10 rows a second to the data nodes.
 * Prints the change's time against a floor measured in the same run (the same bytes streamed host →
 * this machine → host with ssh and cat, the path ddb-setup's copy takes), the client's longest gap
 * (the downtime it saw) and its writes per second through the change.
 *
 * A benchmark, not a test: it prints numbers; it fails only when the change does.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { changeRuns, withClient } from '../helpers/change-runs.js';
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
import { testHostsFrom, type TestHost } from '../helpers/test-hosts.js';
import { movedToHa } from '../helpers/topology-edits.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('bench-change');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const db = 'dfs://bench';
const padMb = 512;
const runs = changeRuns(() => hosts.knownHostsFile, env);

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts);
}, 120_000);
afterAll(() => resetHosts(hosts), 120_000);

function ssh(host: TestHost, command: string): string[] {
  return [
    '-i',
    host.identityFile,
    '-o',
    `UserKnownHostsFile=${hosts.knownHostsFile}`,
    '-o',
    'BatchMode=yes',
    `root@${host.address}`,
    command,
  ];
}

/** The floor: `bytes` streamed from h1 through this machine to h2 over two SSH connections. */
function floorMs(path: string): number {
  const started = Date.now();
  execFileSync('sh', [
    '-c',
    `ssh ${ssh(h1, `cat ${path}`)
      .map((w) => `'${w}'`)
      .join(' ')} | ssh ${ssh(h2, 'cat > /tmp/ddbt-floor && sha256sum /tmp/ddbt-floor')
      .map((w) => `'${w}'`)
      .join(' ')}`,
  ]);
  const ms = Date.now() - started;
  execFileSync('ssh', ssh(h2, 'rm -f /tmp/ddbt-floor'));
  return ms;
}

it('pseudo-HA (1 server) → HA (3 servers) with 1 GB of controller state', { timeout: 900_000 }, async () => {
  const file = writeTestTopology(dir, 'bench', {
    mode: 'pseudo-ha',
    hosts: [h1],
    packageFile: standInPackage(dir),
    config: { controller: { raftElectionTick: 100 } },
  });
  const deployed = await runs.deploy(file);
  expect(deployed.status, deployed.stderr).toBe(0);
  await withClient(h1.address, 8804, async (client) => {
    await createDemoTable(client, db, 'pt');
    await insertRows(client, db, 'pt', 1, 10_000);
  });
  for (const alias of ['controller2', 'controller3']) {
    const padded = await hosts.exec(h1, [
      'sh',
      '-c',
      `head -c ${padMb * 1024 * 1024} /dev/urandom > ${testDeployDir}/bench/nodes/${alias}/dfsMeta/ddbt-state-padding.bin`,
    ]);
    expect(padded.code, padded.stderr).toBe(0);
  }
  const floor =
    floorMs(`${testDeployDir}/bench/nodes/controller2/dfsMeta/ddbt-state-padding.bin`) +
    floorMs(`${testDeployDir}/bench/nodes/controller3/dfsMeta/ddbt-state-padding.bin`);

  const moved = movedToHa(file, [
    { alias: 'controller2', host: { name: 'P2', address: h2.address } },
    { alias: 'controller3', host: { name: 'P3', address: h3.address } },
  ]);
  const writer = new HaWriter(
    [8804, 8805, 8806].map((port) => ({ host: h1.address, port })),
    (n) => `tableInsert(loadTable("${db}", "pt"), ${1_000_000 + n}, 1.5)`,
    100,
    600_000,
  );
  writer.start();
  const result = await runs.deploy(moved);
  const ms = result.ms;
  const report = await writer.stop();
  expect(result.status, result.stderr + result.stdout).toBe(0);
  const rows = await withClient(h1.address, 8804, (client) => countRows(client, db, 'pt'));
  expect(rows).toBe(10_000 + report.succeeded);
  const seconds = (n: number) => (n / 1000).toFixed(1);
  console.log(
    [
      `pseudo-HA (1 server) → HA (3 servers), ${2 * padMb} MB of controller state moved:`,
      `  change ${seconds(ms)} s; floor (the same bytes host → here → host with ssh/cat) ${seconds(floor)} s; ratio ${(ms / floor).toFixed(2)}×`,
      `  client in HA mode: ${report.succeeded} of ${report.writes} writes, ${report.failed} failed, ` +
        `longest gap (downtime it saw) ${seconds(report.longestGapMs)} s, ${(report.succeeded / (ms / 1000)).toFixed(1)} writes/s through the change (10/s asked)`,
      `  rows before and during the change, all there: ${rows}`,
    ].join('\n'),
  );
});
