/**
 * A host whose login shell prints on every command (a welcome line in ~/.bashrc, a tool's note on
 * stderr, a line without its newline) — common on real servers, and what breaks tools that read a
 * command's output or speak SFTP through that shell. The pre-flight check, a deployment with its
 * upload, configuration files and licence, and `status` all work as on a quiet host, and the
 * noise shows up in none of their results.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  testLicence,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { startCli } from '../helpers/cli-process.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const dir = testDir('noisy-login');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const noise =
  'echo "Welcome to $(hostname), load is low"\necho "conda: (base) activated" >&2\nprintf "no newline"\n';
let original = '';

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts, [h1]);
  original = (await hosts.exec(h1, ['cat', '/root/.bashrc'])).stdout;
  await hosts.exec(h1, ['sh', '-c', 'cat > /root/.bashrc'], { input: noise });
  // The shell really prints it on a command run over SSH (OpenSSH's client), as sshd runs ours.
  const login = spawnSync(
    'ssh',
    ['-i', h1.identityFile, '-o', `UserKnownHostsFile=${hosts.knownHostsFile}`, '-o', 'BatchMode=yes'].concat(
      [`root@${h1.address}`, 'echo ran'],
    ),
    { encoding: 'utf8' },
  );
  expect(login.stdout).toMatch(/^Welcome to .*, load is low\nno newlineran\n$/);
  expect(login.stderr).toContain('conda: (base) activated');
});
afterAll(async () => {
  await hosts.exec(h1, ['sh', '-c', 'cat > /root/.bashrc'], { input: original });
  await resetHosts(hosts, [h1]);
});

describe('a login shell that prints', { timeout: 120_000 }, () => {
  it('checks, deploys (package, files, licence) and reads the status as on a quiet host', async () => {
    const file = writeTestTopology(dir, 'noisy', {
      mode: 'single',
      hosts: [h1],
      packageFile: standInPackage(dir),
    });
    const access = ['--known-hosts', hosts.knownHostsFile];

    const check = runCli(['check', '-f', file, ...access, '--format', 'json']);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).not.toMatch(/Welcome|conda|no newline/);

    const deploy = await startCli(['deploy', '-f', file, '--yes', ...access, '--format', 'json'], env).done;
    const report = JSON.parse(deploy.stdout || '{}') as { ok?: boolean };
    expect(report.ok, deploy.stdout + deploy.stderr).toBe(true);
    expect(deploy.stdout + deploy.stderr).not.toMatch(/Welcome|conda|no newline/);

    // The licence arrived byte for byte, readable by its owner only.
    const licence = await hosts.exec(h1, [
      'sh',
      '-c',
      `stat -c %a ${testDeployDir}/*/server/*/dolphindb.lic; sha256sum ${testDeployDir}/*/server/*/dolphindb.lic`,
    ]);
    expect(licence.stdout).toMatch(/^600\n/);
    expect(licence.stdout).toContain(
      createHash('sha256')
        .update(readFileSync(testLicence(dir)))
        .digest('hex'),
    );

    const status = runCli(['status', '-f', file, ...access, '--format', 'json']);
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ nodes: [{ state: 'up' }] });
    const stop = runCli(['stop', '-f', file, ...access]);
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
    expect(stop.stdout + stop.stderr).not.toMatch(/Welcome|conda|no newline/);
  });

  it('works for a user whose login shell is csh (not POSIX), which prints too', async () => {
    await hosts.addUser(h1, 'cshuser');
    await hosts.exec(h1, ['usermod', '-s', '/usr/bin/tcsh', 'cshuser']);
    await hosts.exec(h1, ['sh', '-c', 'cat > ~cshuser/.cshrc'], { input: 'echo "csh: hello from .cshrc"\n' });
    const file = writeTestTopology(dir, 'csh', {
      mode: 'single',
      hosts: [h1],
      packageFile: standInPackage(dir),
      extra: ['--ssh-user', 'cshuser', '--deploy-dir', '/home/cshuser/ddb'],
    });
    const access = ['--known-hosts', hosts.knownHostsFile];
    const check = runCli(['check', '-f', file, ...access, '--format', 'json']);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const deploy = await startCli(['deploy', '-f', file, '--yes', ...access, '--format', 'json'], env).done;
    expect((JSON.parse(deploy.stdout || '{}') as { ok?: boolean }).ok, deploy.stdout + deploy.stderr).toBe(
      true,
    );
    expect(deploy.stdout + deploy.stderr).not.toContain('hello from .cshrc');
    const stop = runCli(['stop', '-f', file, ...access]);
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
  });
});
