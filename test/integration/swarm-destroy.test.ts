/**
 * `destroy` in mode swarm on real Docker engines: the containers go, then the overlay network
 * ddb-setup created, then the workers ddb-setup joined leave the swarm (and the manager forgets
 * them); a manager whose swarm was formed by hand before the deployment stays in it, since its
 * marker records no swarm of ddb-setup's; the files go, the data and a user's file stay. A swarm
 * ddb-setup formed ends with the destroy, and --data leaves nothing of the deployment. The hosts
 * are restarted with Docker for this file only, and given back as the global set-up made them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDir, testLicence } from '../helpers/deploy-fixture.js';
import { startCli } from '../helpers/cli-process.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { buildStandInImage, type StandInImage } from '../helpers/stand-in-image.js';
import { startTestHosts, testHostsFrom, type TestHost, type TestHosts } from '../helpers/test-hosts.js';

const original = testHostsFrom(inject('testHosts'));
const dir = testDir('swarm-destroy');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const dataDir = '/ddbdocker';
let hosts: TestHosts;
let image: StandInImage;

beforeAll(async () => {
  assertBuilt();
  await original.stop({ keepKeys: true });
  hosts = await startTestHosts({ count: 3, docker: true });
  image = await buildStandInImage({ dockerHost: docker(hosts.host(1)) });
  await hosts.exec(hosts.host(1), ['docker', 'image', 'rm', image.image]);
}, 180_000);

afterAll(async () => {
  image?.remove();
  await hosts?.stop({ keepKeys: true });
  await startTestHosts({ count: original.hosts.length, docker: original.docker });
}, 120_000);

function docker(host: TestHost): string {
  if (!host.dockerHost) throw new Error(`${host.name} has no Docker engine`);
  return host.dockerHost;
}

function writeTopology(name: string): string {
  const [h1, h2, h3] = hosts.hosts;
  const result = runCli([
    'template',
    '--mode',
    'swarm',
    '--name',
    name,
    '--hosts',
    [h1, h2, h3].map((host) => host?.address).join(','),
    '--ssh-user',
    'root',
    '--identity-file',
    h1?.identityFile ?? '',
    '--license',
    testLicence(dir),
  ]);
  if (result.status !== 0) throw new Error(`template failed: ${result.stderr}`);
  const doc = parseDocument(result.stdout);
  doc.setIn(['swarm', 'image'], image.image);
  doc.setIn(['swarm', 'dataDir'], dataDir);
  doc.setIn(['swarm', 'imageArchive'], image.archive);
  doc.setIn(['config', 'controller', 'raftElectionTick'], 100);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, doc.toString());
  return file;
}

/** `STATE MANAGER` of the host's swarm membership. */
async function swarmOf(host: TestHost): Promise<string> {
  const info = await hosts.exec(host, [
    'docker',
    'info',
    '--format',
    '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}',
  ]);
  return info.stdout.trim();
}

describe('destroy in mode swarm', { timeout: 480_000 }, () => {
  it('containers, then the network, then the workers it joined leave; a swarm formed by hand stays; data and a user file stay', async () => {
    const [h1, h2, h3] = hosts.hosts as [TestHost, TestHost, TestHost];
    // The manager's swarm exists before the deployment: not ddb-setup's to end.
    expect((await hosts.exec(h1, ['docker', 'swarm', 'init', '--advertise-addr', h1.address])).code).toBe(0);
    const file = writeTopology('ddb');
    const deployed = await startCli(
      ['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile, '--format', 'json'],
      env,
    ).done;
    expect(deployed.status, deployed.stdout.slice(-3000) + deployed.stderr).toBe(0);
    expect((await hosts.exec(h2, ['cat', `${dataDir}/.ddb-setup`])).stdout).toContain(
      'swarm joined by ddb-setup',
    );
    expect((await hosts.exec(h1, ['cat', `${dataDir}/.ddb-setup`])).stdout).not.toContain('swarm formed');
    await hosts.exec(h1, ['sh', '-c', `echo mine > ${dataDir}/notes.txt`]);

    const result = await startCli(
      ['destroy', '-f', file, '--confirm', 'ddb', '--known-hosts', hosts.knownHostsFile],
      env,
    ).done;
    expect(result.status, result.stdout + result.stderr).toBe(0);
    // In that order: the network only after every container, leaving only after the network.
    const order = (pattern: RegExp) => result.stdout.split('\n').findIndex((line) => pattern.test(line));
    const lastContainer = Math.max(
      ...['ddb_controller1', 'ddb_agent2', 'ddb_agent3'].map((c) =>
        order(new RegExp(`✓ \\[P\\d\\] remove container ${c}: done`)),
      ),
    );
    expect(lastContainer).toBeGreaterThan(0);
    expect(order(/✓ \[P1\] remove overlay network ddb_overlay .*: done/)).toBeGreaterThan(lastContainer);
    expect(order(/✓ \[P2\] leave the swarm .*: done \(left the swarm\)/)).toBeGreaterThan(
      order(/remove overlay network ddb_overlay .*: done/),
    );
    expect(result.stdout).toMatch(
      /✓ \[P1\] leave the swarm .*: unchanged \(stays in its swarm: ddb-setup did not form it here\)/,
    );

    for (const host of [h1, h2, h3])
      expect((await hosts.exec(host, ['docker', 'ps', '-aq'])).stdout.trim()).toBe('');
    expect((await hosts.exec(h1, ['docker', 'network', 'inspect', 'ddb_overlay'])).code).not.toBe(0);
    expect(await swarmOf(h1)).toBe('active true');
    expect(await swarmOf(h2)).toBe('inactive false');
    expect(await swarmOf(h3)).toBe('inactive false');
    // The manager forgot the workers that left.
    expect((await hosts.exec(h1, ['docker', 'node', 'ls', '-q'])).stdout.trim().split('\n')).toHaveLength(1);

    const left = await hosts.exec(h1, ['find', dataDir, '-mindepth', '1', '-maxdepth', '2']);
    const entries = left.stdout.trim().split('\n').sort();
    expect(entries).toContain(`${dataDir}/notes.txt`);
    expect(entries).toContain(`${dataDir}/.ddb-setup`);
    expect(entries).toContain(`${dataDir}/cluster/ddb_controller1`);
    expect(entries.filter((path) => /\/(cfg|containers)$|dolphindb\.lic$/.test(path))).toEqual([]);

    const again = await startCli(
      ['destroy', '-f', file, '--confirm', 'ddb', '--known-hosts', hosts.knownHostsFile],
      env,
    ).done;
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('✓ nothing to destroy');
  });

  it('a swarm ddb-setup formed ends with destroy --data, and nothing of the deployment is left', async () => {
    const [h1, h2, h3] = hosts.hosts as [TestHost, TestHost, TestHost];
    // From empty hosts: what the first test left (a swarm formed by hand, kept data) goes first.
    for (const host of [h1, h2, h3])
      await hosts.exec(host, [
        'sh',
        '-c',
        `docker rm -f $(docker ps -aq) >/dev/null 2>&1; docker swarm leave --force >/dev/null 2>&1; rm -rf ${dataDir}; true`,
      ]);
    const file = writeTopology('ddb');
    const deployed = await startCli(
      ['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile, '--format', 'json'],
      env,
    ).done;
    expect(deployed.status, deployed.stdout.slice(-3000) + deployed.stderr).toBe(0);
    expect((await hosts.exec(h1, ['cat', `${dataDir}/.ddb-setup`])).stdout).toContain(
      'swarm formed by ddb-setup',
    );

    const result = await startCli(
      ['destroy', '-f', file, '--confirm', 'ddb', '--data', '--known-hosts', hosts.knownHostsFile],
      env,
    ).done;
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ \[P1\] leave the swarm .*: done \(left; the swarm it formed is gone\)/);
    for (const host of [h1, h2, h3]) {
      expect(await swarmOf(host)).toBe('inactive false');
      expect((await hosts.exec(host, ['docker', 'ps', '-aq'])).stdout.trim()).toBe('');
      expect((await hosts.exec(host, ['ls', '-A', dataDir])).code).not.toBe(0);
    }
  });
});
