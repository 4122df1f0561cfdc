/**
 * What is deployed, read from the servers (issue 14, item 1): deploy leaves the applied topology on
 * every host; `plan` prints the difference of a changed file against it, with how and cost; a node
 * added by hand to cluster.nodes is drift, which plan reports and deploy refuses to write over.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadTopology } from '../../source/model/parse-topology.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { startCli } from '../helpers/cli-process.js';
import { ask } from '../stand-in/client.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const all = [h1, h2, h3];
const dir = testDir('deployed-difference');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const name = 'diff';
const clusterDir = `${testDeployDir}/${name}`;
const applied = `${clusterDir}/.ddb-setup-topology.yaml`;
const nodesFile = (controller: number) => `${clusterDir}/nodes/controller${controller}/config/cluster.nodes`;
let file = '';

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts);
  file = writeTestTopology(dir, name, {
    mode: 'ha',
    hosts: all,
    packageFile: standInPackage(dir),
    // Raft elections in seconds rather than 8–16 s (facts §2.6).
    config: { controller: { raftElectionTick: 100 } },
  });
}, 120_000);
afterAll(() => resetHosts(hosts));

async function deploy(topologyFile: string) {
  const run = startCli(
    ['deploy', '-f', topologyFile, '--yes', '--known-hosts', hosts.knownHostsFile, '--format', 'json'],
    env,
  );
  return run.done;
}

function plan(topologyFile: string, ...extra: string[]) {
  return runCli(['plan', '-f', topologyFile, '--known-hosts', hosts.knownHostsFile, ...extra], { env });
}

/** A copy of the test's topology file, changed by `edit` on its YAML document. */
function variant(label: string, edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  const out = file.replace(/\.yaml$/, `-${label}.yaml`);
  writeFileSync(out, doc.toString());
  return out;
}

/** The node rows of the topology, for editing. */
function nodesOf(doc: ReturnType<typeof parseDocument>) {
  return doc.get('nodes') as { items: { get: (key: string) => unknown }[] } & {
    add: (value: unknown) => void;
  };
}

async function cat(host: typeof h1, path: string): Promise<string> {
  const result = await hosts.exec(host, ['cat', path]);
  expect(result.code, `${path} on ${host.name}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Each controller's cluster.nodes with its inode and modification time: byte and write identical. */
async function nodesFiles(): Promise<string[]> {
  return Promise.all(
    all.map(async (host, i) => {
      const stat = await hosts.exec(host, ['stat', '-c', '%i %y', nodesFile(i + 1)]);
      return `${stat.stdout}${await cat(host, nodesFile(i + 1))}`;
    }),
  );
}

describe('deployed difference', { timeout: 240_000 }, () => {
  it('deploy leaves the applied topology on every host, the same everywhere, as the file was validated', async () => {
    // Before the first deploy nothing is deployed: plan prints the steps alone.
    const fresh = plan(file);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).not.toContain('against what is deployed');
    expect(fresh.stdout).toMatch(/^Plan: cluster diff/);

    const result = await deploy(file);
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const texts = await Promise.all(all.map((host) => cat(host, applied)));
    expect(new Set(texts).size).toBe(1);
    const recorded = loadTopology(texts[0] ?? '').topology;
    const original = loadTopology(readFileSync(file, 'utf8')).topology;
    expect(recorded?.nodes).toEqual(original?.nodes);
    expect(recorded?.hosts).toEqual(original?.hosts);
    expect(recorded?.config).toEqual(original?.config);

    // The same file again: no changes.
    const same = plan(file);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^No changes against what is deployed \(read from P1, P2, P3\)\./);
  });

  it('plan shows a data node added as online, no restart, and a compute node removed with its cost', () => {
    const added = variant('added', (doc) => {
      nodesOf(doc).add(doc.createNode({ alias: 'datanode4', mode: 'datanode', host: 'P2', port: 8804 }));
    });
    const withAdded = plan(added);
    expect(withAdded.status, withAdded.stderr).toBe(0);
    expect(withAdded.stdout).toContain(
      [
        'Changes against what is deployed (read from P1, P2, P3):',
        `  ~ datanode4 (datanode) added on P2 (${h2.address}:8804)`,
        `      how:  online, no restart: cluster.nodes (and cluster.cfg) rewritten identically on every controller, addNode("${h2.address}", 8804, "datanode4", false, "datanode") on the leader, then startDataNode (facts §12.1)`,
        '      cost: online, no restart',
      ].join('\n'),
    );
    // Then the steps deploy would run: the change, online.
    expect(withAdded.stdout).toMatch(/\nPlan: cluster diff \(mode ha/);
    expect(withAdded.stdout).toContain('add datanode4 to the cluster');

    const removed = variant('removed', (doc) => {
      const nodes = nodesOf(doc);
      const index = nodes.items.findIndex((item) => item.get('alias') === 'computenode3');
      doc.deleteIn(['nodes', index]);
    });
    const withRemoved = plan(removed, '--format', 'json');
    expect(withRemoved.status, withRemoved.stderr).toBe(0);
    const json = JSON.parse(withRemoved.stdout) as {
      deployed: { state: string; readFrom: string[] };
      changes: { kind: string; what: string; cost: string }[];
      drift: unknown[];
      plan: { steps: unknown[] };
    };
    expect(json.deployed).toMatchObject({ state: 'deployed', readFrom: ['P1', 'P2', 'P3'] });
    expect(json.changes).toEqual([
      expect.objectContaining({
        kind: 'node-removed',
        what: `computenode3 (computenode) removed from P3 (${h3.address}:8803)`,
        cost: 'stops computenode3',
      }),
    ]);
    expect(json.drift).toEqual([]);
    expect(json.plan.steps.length).toBeGreaterThan(0);
  });

  it('deploy refuses a node moved to another port before touching anything: cluster.nodes stays as it was', async () => {
    const moved = variant('moved-deploy', (doc) => {
      const item = nodesOf(doc).items.find((i) => i.get('alias') === 'computenode3') as unknown as {
        set: (key: string, value: unknown) => void;
      };
      item.set('port', 8813);
    });
    const before = await nodesFiles();
    const result = await deploy(moved);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('asks for changes deploy does not apply');
    expect(result.stderr).toContain(
      `computenode3 moved from P3 (${h3.address}:8803) to P3 (${h3.address}:8813)`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await nodesFiles()).toEqual(before);
  });

  it('a node added to cluster.nodes by hand is drift: plan reports it, deploy refuses and writes nothing', async () => {
    const row = `${h3.address}:8809:datanode9,datanode\n`;
    for (const [i, host] of all.entries()) {
      const appended = await hosts.exec(host, ['sh', '-c', `cat >> ${nodesFile(i + 1)}`], { input: row });
      expect(appended.code, appended.stderr).toBe(0);
    }
    const reported = plan(file);
    expect(reported.status, reported.stderr).toBe(0);
    expect(reported.stdout).toContain(
      `Not in ${file}, found on the servers: datanode9 on ${h3.address}:8809 (datanode) in cluster.nodes of controller1, controller2, controller3 — added outside ddb-setup`,
    );
    expect(reported.stdout).toContain(
      `fix: ddb-setup will not remove it: add it to ${file}, or remove it yourself`,
    );

    const before = await nodesFiles();
    const appliedBefore = await cat(h1, applied);
    const result = await deploy(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the servers were changed outside ddb-setup');
    expect(result.stderr).toContain('nothing changed');
    expect(await nodesFiles()).toEqual(before);
    expect(await cat(h1, applied)).toBe(appliedBefore);
  });

  it('a node added with addNode on the leader is drift too, on every controller; deploy leaves it', async () => {
    // The leader, as the controllers name it (facts §6.2 getActiveMaster).
    const answer = await ask(h1.address, 8800, 'getActiveMaster()');
    const named = answer?.form === 0 ? String(answer.value) : '';
    const leader = all.find((_, i) => named === `controller${i + 1}`);
    expect(leader, `getActiveMaster() said ${named}`).toBeDefined();
    await ask(
      leader?.address ?? '',
      8800,
      `addNode("${h1.address}", 8808, "datanode8", true, "datanode")`,
      true,
    );
    const reported = plan(file);
    expect(reported.status, reported.stderr).toBe(0);
    expect(reported.stdout).toContain(
      `Not in ${file}, found on the servers: datanode8 on ${h1.address}:8808 (datanode) in cluster.nodes of controller1, controller2, controller3 — added outside ddb-setup`,
    );
    const before = await nodesFiles();
    const result = await deploy(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('datanode8');
    expect(await nodesFiles()).toEqual(before);
  });

  it('hosts that do not hold the same applied topology are named', async () => {
    const original = await cat(h3, applied);
    const changed = await hosts.exec(h3, ['sh', '-c', `cat > ${applied}`], {
      input: original.replace('port: 8803 }', 'port: 8813 }'),
    });
    expect(changed.code, changed.stderr).toBe(0);
    const reported = plan(file);
    expect(reported.status, reported.stderr).toBe(0);
    expect(reported.stdout).toContain('! P3 holds another applied topology than P1, P2');
    const restored = await hosts.exec(h3, ['sh', '-c', `cat > ${applied}`], { input: original });
    expect(restored.code, restored.stderr).toBe(0);
  });

  it('plan --offline reads no host; with a host down, plan still prints and names it', async () => {
    const offline = plan(file, '--offline');
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/^Plan: cluster diff/);
    expect(offline.stderr).toBe('');

    await hosts.powerOff(h3);
    const partial = plan(file);
    expect(partial.status, partial.stderr).toBe(0);
    expect(partial.stdout).toMatch(/^No changes against what is deployed \(read from P1, P2\)\./);
    expect(partial.stderr).toMatch(/not read: P3 /);
  });
});
