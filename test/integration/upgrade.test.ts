/**
 * Upgrades on real test hosts with the stand-in package in two versions (test/stand-in/pack.mjs
 * --version). A 3-server HA cluster is upgraded server by server while a client in HA mode writes
 * every 100 ms through the data nodes: no write fails, no gap; every node then runs the new version
 * (pnodeRun(version)); dolphindb.lic and every .cfg are byte-identical; deploying the old version
 * again is refused without --allow-downgrade and goes back with it. An upgrade cut short by a host
 * powered off is finished by the next deploy, leaving no server with half the files.
 *
 * The writer here runs version() and creates no DFS database, so getClusterChunksStatus() is an
 * empty table and the chunk waits of the roll pass at once (they are tested for their query, not
 * for recovery times; the stand-in's chunks and recovery are tested in test/stand-in/data.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { createWizardServices } from '../../source/app/wizard-services.js';
import { readTopology } from '../../source/app/read-topology.js';
import { startCli } from '../helpers/cli-process.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { HaWriter, type Site } from '../helpers/ha-writer.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { testHostsFrom, waitFor, type TestHost } from '../helpers/test-hosts.js';
import { ask, rows } from '../stand-in/client.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const all = [h1, h2, h3];
const dir = testDir('upgrade');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const known = ['--known-hosts', hosts.knownHostsFile];
const OLD = '2.00.11.3';
const NEW = '2.00.12.3';
let oldPackage = '';
let newPackage = '';

// Raft elections in seconds rather than the default 8–16 s (facts §2.6).
const fastRaft = { controller: { raftElectionTick: 100 } };

beforeAll(() => {
  assertBuilt();
  oldPackage = standInPackage(dir, OLD);
  newPackage = standInPackage(dir, NEW);
});
afterAll(() => resetHosts(hosts));

type Node = { alias: string; host: string; port: number; mode: string };
type TopologyFile = { hosts: { name: string; address: string }[]; nodes: Node[] };

function nodesOf(file: string): (Node & { address: string })[] {
  const topology = parse(readFileSync(file, 'utf8')) as TopologyFile;
  return topology.nodes.map((n) => ({
    ...n,
    address: topology.hosts.find((h) => h.name === n.host)?.address ?? '',
  }));
}

/** The wizard's deployment of `file` (what its Deploy screen runs), without the screens. */
function wizardDeploy(file: string) {
  const read = readTopology(file, () => '');
  if (!('topology' in read) || !read.topology) throw new Error(`${file} does not read`);
  const services = createWizardServices({
    cwd: dir,
    now: () => new Date(),
    toolVersion: 'test',
    knownHostsFile: hosts.knownHostsFile,
  });
  return services.runDeployment({
    topology: read.topology,
    topologyFile: file,
    plan: services.planDeployment(read.topology, file),
    passwords: new Map(),
    onEvent: () => undefined,
    signal: new AbortController().signal,
  });
}

async function cli(args: readonly string[]) {
  return startCli([...args, ...known], env).done;
}

/** sha256 of every .cfg file and licence copy under the deploy directory of a host. */
async function ownConfig(host: TestHost): Promise<Map<string, string>> {
  const find = `find ${testDeployDir} \\( -name '*.cfg' -o -name dolphindb.lic \\) -type f -exec sha256sum {} + | sort -k2`;
  const result = await hosts.exec(host, ['sh', '-c', find]);
  return new Map(
    result.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [sum = '', path = ''] = line.split(/\s+/);
        return [path, sum] as const;
      }),
  );
}

/** The release each node reports: version() on controllers and agents, pnodeRun(version) on the leader. */
async function versions(file: string): Promise<Map<string, string>> {
  const nodes = nodesOf(file);
  const seen = new Map<string, string>();
  for (const n of nodes.filter((x) => x.mode === 'controller' || x.mode === 'agent')) {
    const answer = await ask(n.address, n.port, 'version()').catch(() => undefined);
    seen.set(n.alias, answer?.form === 0 ? (String(answer.value).split(' ')[0] ?? '') : 'no answer');
  }
  for (const c of nodes.filter((x) => x.mode === 'controller')) {
    const leader = await ask(c.address, c.port, 'getActiveMaster()').catch(() => undefined);
    if (leader?.form !== 0 || leader.value !== c.alias) continue;
    const table = await ask(c.address, c.port, 'pnodeRun(version)', true);
    for (const row of rows(table)) seen.set(String(row['node']), String(row['value']).split(' ')[0] ?? '');
  }
  return seen;
}

async function allOn(file: string, version: string): Promise<boolean> {
  const seen = await versions(file);
  return seen.size === nodesOf(file).length && [...seen.values()].every((v) => v === version);
}

describe('upgrade', { timeout: 600_000 }, () => {
  it('rolls a 3-server HA cluster to another version while an HA client writes every 100 ms, then back', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'roll', {
      mode: 'ha',
      hosts: all,
      packageFile: oldPackage,
      config: fastRaft,
    });
    const deployed = await cli(['deploy', '-f', file, '--yes']);
    expect(deployed.status, deployed.stderr).toBe(0);
    expect(await allOn(file, OLD)).toBe(true);

    // A file beside the metadata the backups must carry (the stand-in keeps its own in DFSMetaLog.0).
    for (const [i, host] of all.entries())
      await hosts.exec(host, [
        'sh',
        '-c',
        `mkdir -p ${testDeployDir}/roll/nodes/controller${i + 1}/dfsMeta && echo meta${i + 1} > ${testDeployDir}/roll/nodes/controller${i + 1}/dfsMeta/ddbt-marker`,
      ]);
    const before = await Promise.all(all.map(ownConfig));

    // Refused before anything changes: a package of another version than --to.
    const wrongPackage = await cli(['upgrade', '-f', file, '--to', NEW, '--package', oldPackage, '--yes']);
    expect(wrongPackage.status).toBe(1);
    expect(wrongPackage.stderr).toContain(`is version ${OLD}, not ${NEW}`);
    expect(wrongPackage.stderr).not.toMatch(/\n\s+at /);
    expect(await allOn(file, OLD)).toBe(true);
    for (const host of all) {
      const untouched = await hosts.exec(host, ['ls', `${testDeployDir}/roll/server`]);
      expect(untouched.stdout.split('\n')).not.toContain(NEW);
    }

    const dataNodes: Site[] = nodesOf(file)
      .filter((n) => n.mode === 'datanode')
      .map((n) => ({ host: n.address, port: n.port }));
    const writer = new HaWriter(dataNodes, 'version()', 100);
    writer.start();
    const started = Date.now();
    const upgraded = await cli(['upgrade', '-f', file, '--to', NEW, '--package', newPackage, '--yes']);
    const upgradeMs = Date.now() - started;
    const report = await writer.stop();
    console.log(
      `rolling upgrade of 3 servers: ${(upgradeMs / 1000).toFixed(1)} s; ${report.writes} writes, ` +
        `${report.failed} failed, ${report.reconnects} reconnects, longest wait of a write ${report.longestWaitMs} ms, ` +
        `longest gap between writes ${report.longestGapMs} ms`,
    );
    expect(upgraded.status, upgraded.stdout + upgraded.stderr).toBe(0);
    expect(upgraded.stderr).toContain(`The hosts run DolphinDB ${OLD}; the topology says ${NEW}`);
    expect(upgraded.stderr).toContain('server by server (P1, P2, P3)');
    expect(upgraded.stdout).toContain(`upgraded from ${OLD} to ${NEW}`);
    // The roll went server by server: P1's turn ended before P2's began.
    const p1Back = upgraded.stdout.indexOf('no chunk is RECOVERING after P1 is back');
    expect(p1Back).toBeGreaterThan(0);
    expect(upgraded.stdout.indexOf('stop the data and compute nodes of P2')).toBeGreaterThan(p1Back);
    expect(report.failed, report.errors.join('\n')).toBe(0);
    expect(report.longestGapMs).toBeLessThan(2_000);
    expect(report.reconnects).toBeGreaterThan(0); // the writer did lose its node and moved on

    expect(await allOn(file, NEW)).toBe(true);
    const after = await Promise.all(all.map(ownConfig));
    for (const [i, host] of all.entries()) {
      const was = before[i] ?? new Map<string, string>();
      const now = after[i] ?? new Map<string, string>();
      for (const [path, sum] of was) expect(now.get(path), `${host.name} ${path}`).toBe(sum);
      // The new version's licence is the same file, byte for byte.
      const licence = was.get(`${testDeployDir}/roll/server/${OLD}/dolphindb.lic`);
      expect(licence).toBeDefined();
      expect(now.get(`${testDeployDir}/roll/server/${NEW}/dolphindb.lic`)).toBe(licence);
      // The old version stays; the metadata backup holds what was there.
      const kept = await hosts.exec(host, [
        'sh',
        '-c',
        `test -x ${testDeployDir}/roll/server/${OLD}/dolphindb && cat ${testDeployDir}/roll/nodes/controller${i + 1}/dfsMeta_BAK-${OLD}/ddbt-marker`,
      ]);
      expect(kept.stdout.trim(), `${host.name}: ${kept.stderr}`).toBe(`meta${i + 1}`);
    }

    // Deploying the file, which still names the old version, is refused without the flag…
    const refused = await cli(['deploy', '-f', file, '--yes']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`server.version ${OLD} is older than ${NEW}`);
    expect(refused.stderr).toContain('--allow-downgrade');
    expect(await allOn(file, NEW)).toBe(true);
    // …and goes back with it, to the files kept on every host.
    const back = await cli(['deploy', '-f', file, '--yes', '--allow-downgrade']);
    expect(back.status, back.stdout + back.stderr).toBe(0);
    expect(back.stdout).toContain(`upgraded from ${NEW} to ${OLD}`);
    expect(await allOn(file, OLD)).toBe(true);
  });

  it('a cluster with one controller is upgraded all at once, the downtime said first; the wizard then refuses to deploy the old version over it', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'whole', { mode: 'cluster', hosts: all, packageFile: oldPackage });
    const deployed = await cli(['deploy', '-f', file, '--yes']);
    expect(deployed.status, deployed.stderr).toBe(0);
    // The wizard with the new version: it reads what the servers run, as deploy does, and refuses
    // with the command to run instead of switching versions under the running nodes.
    const newer = join(dir, 'whole-newer.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['server', 'version'], NEW);
    doc.setIn(['server', 'package'], newPackage);
    writeFileSync(newer, doc.toString());
    const before = await Promise.all(all.map((host) => ownConfig(host)));
    await expect(wizardDeploy(newer)).rejects.toThrow(
      new RegExp(
        `the servers run DolphinDB ${OLD} and the topology says ${NEW}: the wizard does not change the version of a running cluster; nothing was changed\\. Fix: ddb-setup upgrade -f ${newer} --to ${NEW}`,
      ),
    );
    expect(await Promise.all(all.map((host) => ownConfig(host)))).toEqual(before);
    expect(await allOn(file, OLD)).toBe(true);
    const upgraded = await cli(['upgrade', '-f', file, '--to', NEW, '--package', newPackage, '--yes']);
    expect(upgraded.status, upgraded.stdout + upgraded.stderr).toBe(0);
    expect(upgraded.stderr).toContain('DOWNTIME: every node stops, then all start on');
    expect(await allOn(file, NEW)).toBe(true);
    // The wizard on the file, which still says the old version: refused, as deploy refuses it.
    await expect(wizardDeploy(file)).rejects.toThrow(
      new RegExp(
        `server.version ${OLD} is older than ${NEW}, which the hosts run; nothing was changed\\. Fix: .* \\(with ddb-setup deploy -f `,
      ),
    );
    expect(await allOn(file, NEW)).toBe(true);
  });

  it('an upgrade cut short by a host powered off is finished by the next deploy; no server has half the files', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'cut', {
      mode: 'ha',
      hosts: all,
      packageFile: oldPackage,
      config: fastRaft,
    });
    const deployed = await cli(['deploy', '-f', file, '--yes']);
    expect(deployed.status, deployed.stderr).toBe(0);

    // This time the topology file itself names the new version and package, and deploy upgrades.
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['server', 'version'], NEW);
    doc.setIn(['server', 'package'], newPackage);
    writeFileSync(file, doc.toString());
    const run = startCli(['deploy', '-f', file, '--yes', ...known], env);
    // Pull the plug on P2 once P1 is back on the new version, in the middle of the roll.
    await waitFor(async () => ((await versions(file)).get('controller1') === NEW ? true : undefined), {
      timeoutMs: 300_000,
      intervalMs: 200,
      what: 'controller1 on the new version',
    });
    await hosts.powerOff(h2);
    const cut = await run.done;
    expect(cut.status).not.toBe(0);
    expect(cut.stderr).toContain('run the same command again');
    await hosts.boot(h2);

    const resumed = await cli(['deploy', '-f', file, '--yes']);
    expect(resumed.status, resumed.stdout + resumed.stderr).toBe(0);
    // It carries on where the cut left it: P1 is done, P2 (powered off mid-way) and P3 are rolled.
    expect(resumed.stderr).toContain('server by server (P2, P3)');
    expect(await allOn(file, NEW)).toBe(true);
    // Every server directory is whole: the same files as the package, no unpack left half done.
    const listings = await Promise.all(
      all.map(async (host) => {
        const result = await hosts.exec(host, [
          'sh',
          '-c',
          `cd ${testDeployDir}/cut/server && ls -a && cd ${NEW} && find . -type f ! -name dolphindb.lic ! -name 'dolphindb.lic.*' ! -name .ddb-setup-package -exec sha256sum {} + | sort -k2`,
        ]);
        return result.stdout;
      }),
    );
    for (const listing of listings) expect(listing).not.toContain('.unpacking');
    expect(listings[1]).toBe(listings[0]);
    expect(listings[2]).toBe(listings[0]);
  });
});
