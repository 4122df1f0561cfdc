/**
 * How `deploy` tells SSH problems apart, before it changes anything: a refused login, a host key
 * never seen (refused without --yes), a host key that changed (always refused), an unreachable host.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const dir = testDir('deploy-ssh');
const env = { DDB_SETUP_CONFIG_DIR: dir };
let file = '';

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts, [h1]);
  file = writeTestTopology(dir, 'ssh', { mode: 'single', hosts: [h1], packageFile: standInPackage(dir) });
});
afterAll(() => resetHosts(hosts, [h1]));

async function deploy(knownHosts: string, extra: readonly string[] = [], topology = file) {
  return startCli(['deploy', '-f', topology, '--known-hosts', knownHosts, ...extra], env).done;
}

/** Nothing was created on the host. */
async function untouched(): Promise<void> {
  expect((await hosts.exec(h1, ['test', '-e', testDeployDir])).code).toBe(1);
}

describe('deploy and SSH', { timeout: 60_000 }, () => {
  it('a key the host does not accept: "login was refused", nothing changed', async () => {
    const key = join(dir, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const stranger = join(dir, 'stranger.yaml');
    writeFileSync(stranger, readFileSync(file, 'utf8').replace(h1.identityFile, key));
    const result = await deploy(hosts.knownHostsFile, ['--yes'], stranger);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`P1 (root@${h1.address}:22): the login was refused`);
    await untouched();
  });

  it('a host key never seen: refused without --yes, with its SHA256 fingerprint', async () => {
    const empty = join(dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    // No terminal to confirm on: deploy insists on --yes before anything.
    const noYes = await deploy(empty);
    expect(noYes.status).toBe(2);
    expect(noYes.stderr).toContain('add --yes');
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', '-'], {
      input: `${h1.hostKeys[0]}\n`,
      encoding: 'utf8',
    }).split(' ')[1];
    // With --yes it is accepted, remembered and its fingerprint printed.
    const accepted = await deploy(empty, ['--yes']);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain(`new host key ${fingerprint} remembered`);
    expect(readFileSync(empty, 'utf8')).toContain(`${h1.address} ${h1.hostKeys[0]}`);
  });

  it('a host key that changed: always refused, even with --yes', async () => {
    const other = hosts.host(2).hostKeys[0] ?? '';
    const lying = join(dir, 'lying_known_hosts');
    writeFileSync(lying, `${h1.address} ${other}\n`);
    const result = await deploy(lying, ['--yes']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('presented a different host key');
    expect(result.stderr).toContain('ssh-keygen -R');
  });

  it('an unreachable host: says so, with what to check', async () => {
    await hosts.cut(h1);
    try {
      const result = await deploy(hosts.knownHostsFile, ['--yes']);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/P1 \(root@10\.250\.0\.11:22\): no answer/);
    } finally {
      await hosts.restore(h1);
    }
  });
});
