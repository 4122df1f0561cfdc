/**
 * `deploy` of every SSH mode onto real test hosts with the stand-in server package, then `status`:
 * every node up and, for Raft, one leader. A second deploy of a healthy cluster changes nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { startCli } from '../helpers/cli-process.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('deploy-modes');
const env = { DDB_SETUP_CONFIG_DIR: dir };
let packageFile = '';

// Raft elections in seconds rather than the default 8–16 s (facts §2.6), so the suite stays quick.
const fastRaft = { controller: { raftElectionTick: 100 } };

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir);
});
afterAll(() => resetHosts(hosts));

async function deploy(file: string) {
  const run = startCli(
    ['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile, '--format', 'json'],
    env,
  );
  const result = await run.done;
  return {
    ...result,
    report: JSON.parse(result.stdout || '{}') as { ok: boolean; steps: { id: string; state: string }[] },
  };
}

type Status = {
  leader: string | null;
  nodes: { host: string; alias: string; state: string; leader: boolean }[];
};
function status(file: string): Status & { code: number } {
  const result = runCli(['status', '-f', file, '--known-hosts', hosts.knownHostsFile, '--format', 'json']);
  if (result.stdout.trim() === '')
    throw new Error(`status printed nothing (exit ${result.status}):\n${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as Status), code: result.status };
}

/** Every file ddb-setup writes on a host, with inode and modification time (nanoseconds). */
async function ownFiles(host: typeof h1): Promise<string> {
  const find = `find ${testDeployDir} -type f \\( -name '*.cfg' -o -name cluster.nodes -o -name '*.sh' -o -name dolphindb.lic -o -name .ddb-setup-package \\) -exec stat -c '%n %i %y' {} + | sort`;
  const result = await hosts.exec(host, ['sh', '-c', find]);
  expect(result.stdout).toContain('start.sh');
  return result.stdout;
}

describe('deploy', { timeout: 180_000 }, () => {
  it('single: one host, the node answers, and a second deploy changes nothing', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'single', { mode: 'single', hosts: [h1], packageFile });
    const first = await deploy(file);
    expect(first.report.ok, first.stderr + first.stdout).toBe(true);
    expect(status(file)).toMatchObject({ code: 0, nodes: [{ alias: expect.any(String), state: 'up' }] });

    const before = await ownFiles(h1);
    const second = await deploy(file);
    expect(second.report.ok).toBe(true);
    expect(second.report.steps.filter((step) => step.state !== 'unchanged')).toEqual([
      expect.objectContaining({ id: 'verify', state: 'done' }),
    ]);
    // Nothing ddb-setup writes was rewritten: same inode (writes go through a rename) and mtime.
    expect(await ownFiles(h1)).toEqual(before);
  });

  it('cluster (seed 002 shape): one controller, an agent and data nodes on three hosts', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'cluster', { mode: 'cluster', hosts: [h1, h2, h3], packageFile });
    const result = await deploy(file);
    expect(result.report.ok, result.stderr).toBe(true);
    const s = status(file);
    expect(s.code).toBe(0);
    expect(s.nodes.every((node) => node.state === 'up')).toBe(true);
    expect(s.leader).not.toBeNull();
  });

  it('ha: three Raft controllers on three hosts elect one leader; every node is up', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'ha', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const result = await deploy(file);
    expect(result.report.ok, result.stderr).toBe(true);
    const s = status(file);
    expect(s.code).toBe(0);
    expect(s.nodes.filter((node) => node.leader)).toHaveLength(1);
    expect(s.nodes.find((node) => node.leader)?.alias).toBe(s.leader);

    // With a host down, status still answers (the SSH timeout is short): what cannot be asked is
    // unknown, with the host's reason, never down or up (exit 3).
    await hosts.powerOff(h3);
    const down = status(file);
    expect(down.code).toBe(3);
    expect(down.nodes.filter((node) => node.state === 'unknown').map((node) => node.alias)).toEqual(
      expect.arrayContaining(['controller3', 'agent3', 'datanode3']),
    );
    expect(down.nodes.filter((node) => node.host === 'P3').every((node) => node.state === 'unknown')).toBe(
      true,
    );
    expect(down.nodes.find((node) => node.alias === 'controller1')?.state).toBe('up');
  });

  it('pseudo-ha on one host: three controllers share it', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'pseudo1', {
      mode: 'pseudo-ha',
      hosts: [h1],
      packageFile,
      config: fastRaft,
    });
    const result = await deploy(file);
    expect(result.report.ok, result.stderr).toBe(true);
    expect(status(file)).toMatchObject({ code: 0, leader: expect.any(String) });
  });

  it('pseudo-ha on two hosts', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'pseudo2', {
      mode: 'pseudo-ha',
      hosts: [h1, h2],
      packageFile,
      config: fastRaft,
    });
    const result = await deploy(file);
    expect(result.report.ok, result.stderr).toBe(true);
    expect(status(file)).toMatchObject({ code: 0, leader: expect.any(String) });
  });
});
