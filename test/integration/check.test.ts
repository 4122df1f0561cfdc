/**
 * `ddb-setup check` on real test hosts: each check fails for its real cause and passes once the
 * cause is gone, and the check itself changes nothing on any host.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';
import { Terminal } from '../helpers/tmux.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('check');
const env = { DDB_SETUP_CONFIG_DIR: join(dir, 'conf') };
let file = '';

type Finding = { level: string; host: string | null; check: string; message: string; fix: string | null };

function check(topology: string, extra: readonly string[] = [], input?: string) {
  const result = runCli(
    ['check', '-f', topology, '--known-hosts', hosts.knownHostsFile, '--format', 'json', ...extra],
    { env, ...(input !== undefined ? { input } : {}) },
  );
  const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  const errors = findings.filter((f) => f.level === 'error');
  return { status: result.status, findings, errors, stderr: result.stderr };
}

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts, [h1, h2, h3]);
  file = writeTestTopology(dir, 'chk', { mode: 'ha', hosts: [h1, h2, h3], packageFile: standInPackage(dir) });
});
afterAll(() => resetHosts(hosts, [h1, h2, h3]));

describe('check', { timeout: 60_000 }, () => {
  it('passes clean hosts and leaves nothing behind on them', async () => {
    const result = check(file);
    expect(result.errors).toEqual([]);
    expect(result.status).toBe(0);
    for (const host of ['P1', 'P2', 'P3']) {
      const mine = result.findings.filter((f) => f.host === host && f.level === 'ok').map((f) => f.check);
      expect(mine).toEqual(
        expect.arrayContaining([
          'ssh',
          'platform',
          'commands',
          'directory',
          'disk',
          'port',
          'memory',
          'reachability',
        ]),
      );
      expect(mine.filter((c) => c === 'port')).toHaveLength(4);
    }
    expect(result.findings.find((f) => f.check === 'clock')).toMatchObject({ level: 'ok' });
    expect(result.findings.find((f) => f.check === 'license')).toMatchObject({ level: 'ok' });
    for (const host of [h1, h2, h3]) {
      expect((await hosts.exec(host, ['test', '-e', testDeployDir])).code).toBe(1);
      // The temporary listeners are stopped before the check ends.
      expect((await hosts.exec(host, ['pgrep', '-f', 'ddb-setup-prob[e]'])).code).toBe(1);
    }
  });

  it('finds a port in use, and passes once it is free', async () => {
    await hosts.occupyPort(h2, 8800);
    try {
      const busy = check(file);
      expect(busy.status).toBe(1);
      expect(busy.errors).toEqual([
        expect.objectContaining({
          host: 'P2',
          check: 'port',
          message: '8800 (controller2) is already in use by another program',
        }),
      ]);
      expect(busy.errors[0]?.fix).toContain("ss -ltnp 'sport = :8800'");
    } finally {
      await hosts.releasePort(h2, 8800);
    }
    expect(check(file).status).toBe(0);
  });

  it('finds a port a firewall closes between two hosts, and passes once it is open again', async () => {
    await hosts.block(h1, h2, { port: 8802 });
    try {
      const blocked = check(file);
      expect(blocked.status).toBe(1);
      expect(blocked.errors).toHaveLength(1);
      expect(blocked.errors[0]).toMatchObject({ host: 'P1', check: 'reachability' });
      expect(blocked.errors[0]?.message).toBe(
        `P2 cannot reach P1 at ${h1.address} on 8802 (datanode1): no answer within the time limit (a firewall drops the packets)`,
      );
      expect(blocked.errors[0]?.fix).toContain('firewall-cmd --permanent --add-port={8802}/tcp');
      // P3 still reaches P1, and P1 still reaches P2.
      expect(blocked.findings).toContainEqual(
        expect.objectContaining({
          host: 'P1',
          check: 'reachability',
          level: 'ok',
          message: 'its ports are reachable from P3',
        }),
      );
      expect(blocked.findings).toContainEqual(
        expect.objectContaining({
          host: 'P2',
          check: 'reachability',
          level: 'ok',
          message: 'its ports are reachable from P1, P3',
        }),
      );
    } finally {
      await hosts.unblock(h1, h2, { port: 8802 });
    }
    expect(check(file).status).toBe(0);
  });

  it('finds every port of a host unreachable when a firewall drops all from another host', async () => {
    await hosts.block(h1, h2);
    try {
      const blocked = check(file);
      expect(blocked.status).toBe(1);
      // Its answers are dropped too, so neither host reaches the other.
      expect(blocked.errors.map((e) => e.message)).toEqual(
        expect.arrayContaining([
          `P2 cannot reach P1 at ${h1.address} on 8800 (controller1), 8801 (agent1), 8802 (datanode1), 8803 (computenode1): no answer within the time limit (a firewall drops the packets)`,
          expect.stringMatching(/^P1 cannot reach P2 at /),
        ]),
      );
    } finally {
      await hosts.unblock(h1, h2);
    }
  });

  it('finds too little disk (a 2 MB file system), and passes on a roomy one', async () => {
    await hosts.exec(h3, [
      'sh',
      '-c',
      `mkdir -p ${testDeployDir} && mount -t tmpfs -o size=2m ddbt-small ${testDeployDir}`,
    ]);
    try {
      const full = check(file);
      expect(full.status).toBe(1);
      expect(full.errors).toEqual([expect.objectContaining({ host: 'P3', check: 'disk' })]);
      expect(full.errors[0]?.message).toMatch(
        /^2 MB free under \/opt\/ddbt; the package and a minimal start need/,
      );
    } finally {
      await hosts.exec(h3, ['umount', testDeployDir]);
    }
    expect(check(file).status).toBe(0);
  });

  it('refuses a non-empty cluster directory it did not create, and leaves its contents alone', async () => {
    await hosts.exec(h1, [
      'sh',
      '-c',
      `mkdir -p ${testDeployDir}/chk && echo mine > ${testDeployDir}/chk/notes.txt`,
    ]);
    const foreign = check(file);
    expect(foreign.status).toBe(1);
    expect(foreign.errors).toEqual([
      expect.objectContaining({
        host: 'P1',
        check: 'directory',
        message: `${testDeployDir}/chk exists, is not empty and was not created by ddb-setup`,
      }),
    ]);
    expect((await hosts.exec(h1, ['cat', `${testDeployDir}/chk/notes.txt`])).stdout).toBe('mine\n');
    await hosts.exec(h1, ['rm', '-rf', testDeployDir]);
    expect(check(file).status).toBe(0);
  });

  it('weighs the licence: valid, expired, exceeded', () => {
    const text = readFileSync(file, 'utf8');
    const expired = join(dir, 'expired.lic');
    writeFileSync(expired, '2020.01.01,16,8,64,ddb-setup tests (stand-in licence),0,-1,,3\n');
    const withExpired = join(dir, 'expired.yaml');
    writeFileSync(withExpired, text.replace(/license: .*/, `license: ${expired}`));
    const expiredErrors = check(withExpired).errors;
    expect(expiredErrors, JSON.stringify(expiredErrors)).toEqual([
      expect.objectContaining({ check: 'license', host: null, message: expect.stringContaining('expired') }),
    ]);
    // Without server.license: the package's own (community) licence, 3 nodes for 9.
    const withPackage = join(dir, 'community.yaml');
    writeFileSync(withPackage, text.replace(/\n *license: .*/, ''));
    const exceeded = check(withPackage);
    expect(exceeded.status).toBe(1);
    expect(exceeded.errors).toEqual([
      expect.objectContaining({ check: 'license', message: expect.stringContaining('9 nodes') }),
    ]);
    expect(check(file).findings.find((f) => f.check === 'license')).toMatchObject({ level: 'ok' });
  });

  it('stops at a changed host key and names the known_hosts line to remove', () => {
    const key = join(dir, 'other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const forged = join(dir, 'forged_known_hosts');
    const others = readFileSync(hosts.knownHostsFile, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith(`${h1.address} `));
    writeFileSync(
      forged,
      [
        ...others,
        `${h1.address} ${readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`,
      ].join('\n'),
    );
    const result = runCli(['check', '-f', file, '--known-hosts', forged, '--format', 'json'], { env });
    expect(result.status).toBe(1);
    const errors = (JSON.parse(result.stdout) as { findings: Finding[] }).findings.filter(
      (f) => f.level === 'error',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        host: 'P1',
        check: 'ssh',
        message: expect.stringContaining('presented a different host key'),
      }),
    ]);
    expect(errors[0]?.fix).toContain(`ssh-keygen -R ${h1.address} -f ${forged}`);
    // The forged line was not replaced.
    expect(readFileSync(forged, 'utf8')).toContain(readFileSync(`${key}.pub`, 'utf8').split(' ')[1]);
  });

  it('on a terminal, asks about each new host key with its fingerprint before logging in, and remembers only accepted ones', async () => {
    const known = join(dir, 'tofu_known_hosts');
    writeFileSync(known, '');
    const single = writeTestTopology(dir, 'tofu', {
      mode: 'single',
      hosts: [h1],
      packageFile: standInPackage(dir),
    });
    const terminal = new Terminal({
      args: ['check', '-f', single, '--known-hosts', known],
      cwd: dir,
      columns: 250,
      env: { DDB_SETUP_CONFIG_DIR: join(dir, 'conf') },
    });
    try {
      // As ssh-keygen -l prints it: SHA256 of the key blob, base64 without padding.
      const blob = Buffer.from((h1.hostKeys[0] ?? '').split(' ')[1] ?? '', 'base64');
      const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
      const question = await terminal.waitFor('Trust it and remember it?', 20_000);
      expect(question).toContain(`P1 (${h1.address}:22) is not in ${known}`);
      expect(question).toContain(`Its host key is ${fingerprint}`);
      // Nothing is remembered before the answer.
      expect(readFileSync(known, 'utf8')).toBe('');
      terminal.type('y');
      terminal.keys('Enter');
      await terminal.waitFor('EXIT=0', 30_000);
      expect(readFileSync(known, 'utf8')).toContain(`${h1.address} ssh-ed25519 `);
    } finally {
      terminal.kill();
    }
  });

  it('reports an unreachable host once, promptly, and still checks the others', async () => {
    await hosts.cut(h3);
    try {
      const started = performance.now();
      const result = check(file);
      // One wait for the cut host (its TCP connect, 3 s), not one in the lock and another in the
      // probe (10 s each before).
      expect(performance.now() - started).toBeLessThan(12_000);
      expect(result.status).toBe(1);
      expect(result.errors, JSON.stringify(result.errors)).toEqual([
        expect.objectContaining({ host: 'P3', check: 'ssh', message: expect.stringContaining('no answer') }),
      ]);
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          host: 'P1',
          check: 'reachability',
          level: 'ok',
          message: 'its ports are reachable from P2',
        }),
      );
      // Its ports were not tested from the others, and the report says so.
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          host: 'P3',
          check: 'reachability',
          level: 'warning',
          message: expect.stringContaining('not tested: this machine could not reach P3'),
        }),
      );
    } finally {
      await hosts.restore(h3);
    }
  });
});
