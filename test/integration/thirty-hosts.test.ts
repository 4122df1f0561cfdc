/**
 * Thirty servers (issue 16): an ha topology with 3 controllers and an agent and a data node on each
 * of 30 test hosts, deployed with the stand-in package; `status` sees every node up and one leader,
 * and a second `deploy` changes nothing. With 3 hosts powered off, `check` names exactly those
 * three and finishes, and `status` answers, names them and shows none of their nodes up.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { standInPackage, testDir, writeTestTopology } from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { startCli } from '../helpers/cli-process.js';
import { startTestHosts, testHostsFrom, type TestHosts } from '../helpers/test-hosts.js';

const count = 30;
const original = testHostsFrom(inject('testHosts'));
let hosts: TestHosts;
const dir = testDir('thirty-hosts');
const env = { DDB_SETUP_CONFIG_DIR: dir };
let file = '';

beforeAll(async () => {
  assertBuilt();
  await original.stop({ keepKeys: true });
  hosts = await startTestHosts({ count });
  file = writeTestTopology(dir, 'thirty', {
    mode: 'ha',
    hosts: hosts.hosts,
    packageFile: standInPackage(dir),
    extra: ['--computenodes', '0'],
    // Raft elections in about a second (facts §2.6): the test is about ddb-setup, not Raft.
    config: { controller: { raftElectionTick: 100 } },
  });
}, 120_000);

afterAll(async () => {
  await hosts?.stop({ keepKeys: true });
  await startTestHosts({ count: original.hosts.length, docker: original.docker });
}, 120_000);

const withHosts = () => ['-f', file, '--known-hosts', hosts.knownHostsFile];

async function deploy() {
  const result = await startCli(['deploy', ...withHosts(), '--yes', '--format', 'json'], env).done;
  return {
    ...result,
    report: JSON.parse(result.stdout || '{}') as { ok: boolean; steps: { id: string; state: string }[] },
  };
}

type Status = {
  leader: string | null;
  nodes: { host: string; alias: string; mode: string; state: string; reason?: string }[];
  unreachable: { host: string; reason: string }[];
};
function status(): Status & { code: number } {
  const result = runCli(['status', ...withHosts(), '--format', 'json'], { env });
  if (result.stdout.trim() === '')
    throw new Error(`status printed nothing (exit ${result.status}):\n${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as Status), code: result.status };
}

describe(`${count} hosts`, { timeout: 300_000 }, () => {
  it('deploy: every node up with one leader, and a second deploy changes nothing', async () => {
    const first = await deploy();
    expect(first.report.ok, first.stderr.slice(-3000)).toBe(true);
    const seen = status();
    expect(seen.code).toBe(0);
    expect(seen.nodes).toHaveLength(3 + 2 * count);
    expect(seen.nodes.filter((node) => node.state !== 'up')).toEqual([]);
    expect(seen.leader).toMatch(/^controller[123]$/);

    const second = await deploy();
    expect(second.report.ok, second.stderr.slice(-3000)).toBe(true);
    expect(second.report.steps.filter((step) => step.state !== 'unchanged')).toEqual([
      expect.objectContaining({ id: 'verify', state: 'done' }),
    ]);
  });

  it('3 hosts powered off: check names exactly those three; status names them and shows none of their nodes up', async () => {
    // The last three: none holds a controller, so the cluster keeps its leader.
    const off = hosts.hosts.slice(-3);
    await Promise.all(off.map((host) => hosts.powerOff(host)));
    const offAddresses = off.map((host) => host.address);

    const check = runCli(['check', ...withHosts(), '--format', 'json'], { env });
    expect(check.status, check.stderr).toBe(1);
    const findings = (
      JSON.parse(check.stdout) as { findings: { level: string; host: string; message: string }[] }
    ).findings;
    const errors = findings.filter((finding) => finding.level === 'error');
    const named = new Set(errors.map((finding) => finding.host));
    const offNames = off.map((host) => `P${hosts.hosts.indexOf(host) + 1}`);
    // Every error is about the three hosts that are off, and each of them has one.
    expect([...named].sort()).toEqual([...offNames].sort());
    for (const finding of errors)
      expect(offAddresses.some((a) => finding.message.includes(a)) || offNames.includes(finding.host)).toBe(
        true,
      );

    const seen = status();
    expect(seen.code).toBe(3);
    expect(seen.unreachable.map((entry) => entry.host).sort()).toEqual([...offNames].sort());
    const onOff = seen.nodes.filter((node) => offNames.includes(node.host));
    expect(onOff).toHaveLength(6);
    for (const node of onOff) expect(node.state).toBe('unknown');
    expect(seen.nodes.filter((node) => !offNames.includes(node.host) && node.state !== 'up')).toEqual([]);
    expect(seen.leader).toMatch(/^controller[123]$/);
  });
});
