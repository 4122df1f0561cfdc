/**
 * A renewed licence (server.license changed) on a running HA cluster of the test hosts: deploy copies
 * it to every server (mode 0600) and applies it with updateLicense() on every node, the processes
 * running on (facts §5 online update); a licence with smaller limits, which DolphinDB refuses
 * online, is applied by restarting the nodes one at a time, the cluster staying up. status shows
 * each node's expiry.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { startCli } from '../helpers/cli-process.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { testHostsFrom, type TestHost } from '../helpers/test-hosts.js';
import { ask } from '../stand-in/client.js';

const hosts = testHostsFrom(inject('testHosts'));
const all = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('licence-renewal');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const known = ['--known-hosts', hosts.knownHostsFile];
let packageFile = '';

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir);
});
afterAll(() => resetHosts(hosts));

/** A licence in the layout the stand-in reads (test/stand-in/server/licence.ts); client and authorization as the tests' own. */
function licence(name: string, expiry: string, maxNodes: number): string {
  const file = join(dir, name);
  writeFileSync(file, `${expiry},16,8,${maxNodes},ddb-setup tests (stand-in licence),0,-1,,3\n`);
  return file;
}

function withLicence(file: string, licencePath: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['server', 'license'], licencePath);
  writeFileSync(file, doc.toString());
}

type Node = { alias: string; host: string; port: number; mode: string; address: string };
function nodesOf(file: string): Node[] {
  const t = parse(readFileSync(file, 'utf8')) as {
    hosts: { name: string; address: string }[];
    nodes: Node[];
  };
  return t.nodes.map((n) => ({ ...n, address: t.hosts.find((h) => h.name === n.host)?.address ?? '' }));
}

/** Each node's license() field, by alias. */
async function licenceField(file: string, field: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const n of nodesOf(file)) {
    const dict = await ask(n.address, n.port, 'license()');
    if (dict?.form !== 5) throw new Error(`${n.alias}: license() is not a dictionary`);
    const i = dict.keys.form === 1 ? dict.keys.values.indexOf(field) : -1;
    // A dictionary of mixed values: an ANY vector whose elements are scalars of their own.
    const value = dict.values.form === 1 ? dict.values.values[i] : undefined;
    seen[n.alias] = String(
      value !== null && typeof value === 'object' && 'value' in value ? value.value : value,
    );
  }
  return seen;
}

/** The pid of every DolphinDB process of the deployment on a host, by the alias its log names. */
async function pids(host: TestHost): Promise<string[]> {
  const ps = await hosts.exec(host, ['ps', '-eo', 'pid,args']);
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(`${testDeployDir}/`) && line.includes('-logFile'))
    .map((line) => `${/-logFile \S*\/([^/\s]+)\.log/.exec(line)?.[1]} ${line.trim().split(/\s+/)[0]}`)
    .sort();
}

async function deploy(file: string) {
  const result = await startCli(['deploy', '-f', file, '--yes', '--format', 'json', ...known], env).done;
  const report = JSON.parse(result.stdout || '{}') as {
    ok: boolean;
    journal: string;
    steps: { id: string; state: string }[];
  };
  // The report has each step's state; what it did (its detail) is in the run's journal.
  const records = report.journal
    ? readFileSync(report.journal, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; id?: string; state?: string; detail?: string })
    : [];
  const step = (id: string) => ({
    state: report.steps.find((s) => s.id === id)?.state,
    detail: records.filter((r) => r.type === 'step' && r.id === id && r.state !== 'running').at(-1)?.detail,
  });
  return { ...result, report, step };
}

describe('licence renewal', { timeout: 600_000 }, () => {
  it('applies a renewed licence online, and one with smaller limits by restarting the nodes one at a time', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'lic', {
      mode: 'ha',
      hosts: all,
      packageFile,
      config: { controller: { raftElectionTick: 100 } },
    });
    withLicence(file, licence('first.lic', '2042.01.01', 64));
    const first = await deploy(file);
    expect(first.report.ok, first.stderr).toBe(true);
    expect(first.step('apply-license')?.state).toBe('unchanged'); // every node started with it

    // Renewed: a later expiry, the same client, authorization and limits.
    const before = await Promise.all(all.map(pids));
    withLicence(file, licence('renewed.lic', '2043.06.30', 64));
    const renewed = await deploy(file);
    expect(renewed.report.ok, renewed.stderr).toBe(true);
    expect(renewed.step('apply-license')).toMatchObject({ state: 'done' });
    expect(renewed.step('apply-license')?.detail).toMatch(/^updateLicense\(\) on \d+ node/);
    expect(
      Object.values(await licenceField(file, 'expiration')).every(
        (v) => v === String(Date.UTC(2043, 5, 30) / 86_400_000),
      ),
    ).toBe(true);
    expect(await Promise.all(all.map(pids))).toEqual(before); // online: nothing restarted
    for (const host of all) {
      const stat = await hosts.exec(host, [
        'sh',
        '-c',
        `stat -c '%a' ${testDeployDir}/lic/server/*/dolphindb.lic`,
      ]);
      expect(stat.stdout.trim()).toBe('600');
    }
    const status = await startCli(['status', '-f', file, '--format', 'json', ...known], env).done;
    const nodes = (
      JSON.parse(status.stdout) as { nodes: { alias: string; licence: { expires: string } | null }[] }
    ).nodes;
    expect(nodes.every((n) => n.licence?.expires === '2043.06.30')).toBe(true);

    // Smaller limits: refused online (facts §5), so every node restarts, one at a time.
    withLicence(file, licence('smaller.lic', '2043.06.30', 32));
    const smaller = await deploy(file);
    expect(smaller.report.ok, smaller.stderr + smaller.stdout).toBe(true);
    expect(smaller.step('apply-license')?.detail).toMatch(/^refused online .*every node restarted/);
    expect(Object.values(await licenceField(file, 'maxNodes')).every((v) => v === '32')).toBe(true);
    const after = await Promise.all(all.map(pids));
    for (const [i, was] of before.entries()) expect(after[i]).not.toEqual(was);
  });
});
