/**
 * Logins other than root's key: a wrong password, a user who may not write the deploy directory
 * (and the fix `check --fix` applies through passwordless sudo), and a password deployment after
 * which the password is found nowhere ddb-setup writes.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetHosts, standInPackage, testDir, testLicence } from '../helpers/deploy-fixture.js';
import { journalText } from '../helpers/journal-files.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const dir = testDir('check-login');
const conf = join(dir, 'conf');
const env = { DDB_SETUP_CONFIG_DIR: conf };
// Distinctive, so a scan finds it anywhere it might have landed.
const password = 'Pw-7f3c9a1e-ddbt';

type Finding = { level: string; host: string | null; check: string; message: string; fix: string | null };

/** A single-node topology on h1 for `user`, logging in by password unless `key`. */
function topology(name: string, user: string, deployDir: string, key = false): string {
  const result = runCli([
    'template',
    '--mode',
    'single',
    '--name',
    name,
    '--hosts',
    h1.address,
    '--ssh-user',
    user,
    ...(key ? ['--identity-file', h1.identityFile] : []),
    '--package',
    standInPackage(dir),
    '--license',
    testLicence(dir),
    '--deploy-dir',
    deployDir,
  ]);
  expect(result.status, result.stderr).toBe(0);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, result.stdout);
  return file;
}

function run(command: string, file: string, extra: readonly string[], input?: string) {
  return runCli([command, '-f', file, '--known-hosts', hosts.knownHostsFile, ...extra], {
    env,
    ...(input !== undefined ? { input } : {}),
  });
}

function findings(stdout: string): Finding[] {
  return (JSON.parse(stdout) as { findings: Finding[] }).findings;
}

/** Every regular file under `root` that contains `needle`. */
function filesContaining(root: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    let stat;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch {
      return;
    }
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else if (stat.isFile() && stat.size < 50_000_000 && readFileSync(path).includes(needle)) found.push(path);
  };
  walk(root);
  return found;
}

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts, [h1]);
  await hosts.addUser(h1, 'deployer', { password });
  await hosts.addUser(h1, 'sudoer', { sudo: true });
});
afterAll(async () => {
  await hosts.exec(h1, ['rm', '-f', '/etc/security/limits.d/ddb-setup-nofile.conf']);
  await resetHosts(hosts, [h1]);
});

describe('check and deploy with other logins', { timeout: 90_000 }, () => {
  it('a wrong password: the login was refused', () => {
    const file = topology('wrongpw', 'deployer', '/home/deployer/ddb');
    const result = run('check', file, ['--format', 'json', '--password-stdin'], 'not-the-password\n');
    expect(result.status).toBe(1);
    expect(findings(result.stdout).filter((f) => f.level === 'error')).toEqual([
      expect.objectContaining({
        host: 'P1',
        check: 'ssh',
        // What was offered is named (the password; an agent too where SSH_AUTH_SOCK is set).
        message: expect.stringMatching(
          new RegExp(
            `^P1 \\(deployer@${h1.address.replaceAll('.', '\\.')}:22\\): the login was refused \\(tried: .*the password\\)$`,
          ),
        ),
      }),
    ]);
  });

  it('a key protected by a passphrase: ssh-agent is named, no passphrase is asked for', () => {
    const key = join(dir, 'locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', key]);
    const file = topology('locked', 'root', '/opt/ddbt', true);
    writeFileSync(file, readFileSync(file, 'utf8').replace(h1.identityFile, key));
    const result = run('check', file, ['--format', 'json']);
    expect(result.status).toBe(1);
    const error = findings(result.stdout).find((f) => f.level === 'error');
    expect(error).toMatchObject({
      check: 'ssh',
      message: `P1 (root@${h1.address}:22): the key ${key} is protected by a passphrase`,
    });
    expect(error?.fix).toContain(`ssh-add ${key}`);
  });

  it("without ssh.identityFile nor an agent: logs in with ~/.ssh's default key, as ssh does; a locked one is named", () => {
    const home = mkdtempSync(join(dir, 'home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    const defaultKey = join(home, '.ssh', 'id_ed25519');
    copyFileSync(h1.identityFile, defaultKey);
    chmodSync(defaultKey, 0o600);
    const file = topology('defaultkey', 'root', '/opt/ddbt-defaultkey');
    expect(readFileSync(file, 'utf8')).not.toContain('identityFile');
    const env = { HOME: home, SSH_AUTH_SOCK: '' };
    const passed = runCli(['check', '-f', file, '--known-hosts', hosts.knownHostsFile, '--format', 'json'], {
      env,
    });
    expect(findings(passed.stdout).find((f) => f.check === 'ssh')).toMatchObject({
      level: 'ok',
      message: 'logged in as root',
    });
    // The same file name, now a key that needs a passphrase: left out, and named in the fix.
    rmSync(defaultKey);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', defaultKey]);
    const refused = runCli(['check', '-f', file, '--known-hosts', hosts.knownHostsFile, '--format', 'json'], {
      env,
    });
    expect(refused.status).toBe(1);
    const error = findings(refused.stdout).find((f) => f.check === 'ssh');
    expect(error).toMatchObject({
      level: 'error',
      message: `P1 (root@${h1.address}:22): the login was refused (tried: no key, agent or password)`,
    });
    expect(error?.fix).toContain(
      '~/.ssh/id_ed25519 needs a passphrase: load it into ssh-agent (ssh-add ~/.ssh/id_ed25519)',
    );
  });

  it('a user who may not write the deploy directory gets the administrator commands', () => {
    const file = topology('nowrite', 'deployer', '/opt/ddbt-deployer');
    const result = run('check', file, ['--format', 'json', '--password-stdin'], `${password}\n`);
    expect(result.status).toBe(1);
    const all = findings(result.stdout);
    expect(all.filter((f) => f.level === 'error')).toEqual([
      expect.objectContaining({
        host: 'P1',
        check: 'directory',
        message: 'deployer cannot write /opt to create /opt/ddbt-deployer/nowrite',
      }),
    ]);
    expect(all.find((f) => f.check === 'directory')?.fix).toContain(
      'mkdir -p /opt/ddbt-deployer/nowrite && chown deployer: /opt/ddbt-deployer/nowrite',
    );
    expect(all.find((f) => f.check === 'sudo')).toMatchObject({ level: 'warning' });
  });

  it('check --fix creates the directory through passwordless sudo after showing the command, then passes', async () => {
    const file = topology('withsudo', 'sudoer', '/opt/ddbt-sudoer', true);
    const before = run('check', file, ['--format', 'json']);
    expect(before.status, before.stdout).toBe(1);
    expect(
      findings(before.stdout)
        .filter((f) => f.level === 'error')
        .map((f) => f.check),
    ).toEqual(['directory']);
    // Without a terminal and without --yes the fixes are shown, not run.
    const shown = run('check', file, ['--fix']);
    expect(shown.stderr).toContain(
      "on P1: sudo -n sh -c 'mkdir -p /opt/ddbt-sudoer/withsudo && chown sudoer: /opt/ddbt-sudoer/withsudo'",
    );
    expect((await hosts.exec(h1, ['test', '-e', '/opt/ddbt-sudoer'])).code).toBe(1);
    const fixed = run('check', file, ['--fix', '--yes']);
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
    expect((await hosts.exec(h1, ['stat', '-c', '%U', '/opt/ddbt-sudoer/withsudo'])).stdout.trim()).toBe(
      'sudoer',
    );
    await hosts.exec(h1, ['rm', '-rf', '/opt/ddbt-sudoer']);
  });

  it('deploys, checks, reads the status and stops by password as a non-root user; the password is in no file, log, journal or output', async () => {
    const file = topology('pwdeploy', 'deployer', '/home/deployer/ddb');
    const deploy = run('deploy', file, ['--yes', '--password-stdin'], `${password}\n`);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout + deploy.stderr).not.toContain(password);
    // A re-check of the running node: its port is this deployment's, not a clash.
    const again = run('check', file, ['--format', 'json', '--password-stdin'], `${password}\n`);
    expect(again.status, again.stdout).toBe(0);
    expect(findings(again.stdout).find((f) => f.check === 'port')?.message).toContain(
      'held by this deployment',
    );
    // status and stop log in the same way.
    const status = run('status', file, ['--format', 'json', '--password-stdin'], `${password}\n`);
    expect(status.status, status.stdout + status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { nodes: { state: string }[] }).nodes.map((n) => n.state)).toEqual([
      'up',
    ]);
    const stop = run('stop', file, ['--password-stdin'], `${password}\n`);
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
    expect(status.stdout + status.stderr + stop.stdout + stop.stderr).not.toContain(password);
    // The journal records the remote commands it ran, and no password.
    const journal = journalText(conf, 'pwdeploy');
    expect(journal).toContain('"command":"deploy"');
    expect(journal).toContain('echo \\"clock');
    expect(filesContaining(conf, password)).toEqual([]);
    expect(filesContaining(dir, password)).toEqual([]);
    // Everything written on the host (its disk's upper layer) — except the login's own hash.
    expect(filesContaining(h1.upperDir, password)).toEqual([]);
    // The password never was on a command line: the host's auth log is not needed to know, the
    // command lines ddb-setup ran are in the journal, which holds none.
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(password);
  });
});
