/**
 * The test-host harness itself (test/hosts/, test/helpers/test-hosts.ts), on the hosts the
 * integration project's global set-up started. Every test leaves the hosts as it found them; the
 * last one stops them, checks that nothing is left, and starts them again with the same identities.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NodeSSH, type Config } from 'node-ssh';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  hostsStateDir,
  processAlive,
  recordedPids,
  startTestHosts,
  tcpProbe,
  testHostsFrom,
  waitFor,
  type TestHost,
} from '../helpers/test-hosts.js';

const run = promisify(execFile);
const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const h2 = hosts.host(2);
const h3 = hosts.host(3);

/** An SSH session to a host (root by key unless told otherwise). Dispose it. */
async function ssh(host: TestHost, config: Partial<Config> = {}): Promise<NodeSSH> {
  const session = new NodeSSH();
  const auth = config.password === undefined ? { privateKey: readFileSync(host.identityFile, 'utf8') } : {};
  await session.connect({
    host: host.address,
    port: host.sshPort,
    username: host.user,
    readyTimeout: 5000,
    ...auth,
    ...config,
  });
  return session;
}

/** Runs one command over a fresh SSH session as root and returns its stdout (exit 0 required). */
async function sshRun(host: TestHost, command: string): Promise<string> {
  const session = await ssh(host);
  try {
    const result = await session.execCommand(command);
    if (result.code !== 0)
      throw new Error(`${command} on ${host.name}: exit ${result.code}: ${result.stderr}`);
    return result.stdout;
  } finally {
    session.dispose();
  }
}

/** Whether `from` opens a TCP connection to `to`:port within 2 s (run inside `from`). */
async function connects(from: TestHost, to: TestHost, port: number): Promise<boolean> {
  const { code } = await hosts.exec(from, [
    'timeout',
    '2',
    'bash',
    '-c',
    `exec 3<>/dev/tcp/${to.address}/${port}`,
  ]);
  return code === 0;
}

async function harnessNamespaces(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout.split('\n').filter((line) => line.startsWith('ddbt-'));
}

async function harnessLinks(): Promise<string[]> {
  const { stdout } = await run('ip', ['-o', 'link', 'show']);
  return stdout
    .split('\n')
    .map((line) => line.split(': ')[1]?.replace(/@.*/, '') ?? '')
    .filter((name) => name.startsWith('ddbt'));
}

function harnessCgroups(): string[] {
  return readdirSync('/sys/fs/cgroup').flatMap((hierarchy) => {
    const dir = join('/sys/fs/cgroup', hierarchy);
    try {
      return readdirSync(dir)
        .filter((name) => name.startsWith('ddbt-'))
        .map((name) => join(dir, name));
    } catch {
      return [];
    }
  });
}

describe('test hosts', () => {
  it('take SSH logins as root by key, each with its own hostname, address and recorded host key', async () => {
    const seen: string[] = [];
    for (const host of hosts.hosts) {
      let presented = '';
      const session = await ssh(host, {
        hostVerifier: (key: Buffer) => {
          // ssh2 passes the key blob, whose base64 is what a known_hosts line holds.
          presented = `ssh-ed25519 ${key.toString('base64')}`;
          return host.hostKeys.includes(presented);
        },
      });
      try {
        const result = await session.execCommand('hostname; id -u; hostname -I');
        const [hostname, uid, addresses = ''] = result.stdout.split('\n');
        expect([hostname, uid]).toEqual([host.hostname, '0']);
        // Its own address (and, with Docker, docker0's).
        expect(addresses.trim().split(' ')).toContain(host.address);
        seen.push(hostname ?? '');
        expect(host.hostKeys).toContain(presented);
      } finally {
        session.dispose();
      }
    }
    expect(new Set(seen).size).toBe(hosts.hosts.length);
  });

  it("give root a fresh server's shell start-up files, not the machine's (no pyenv, conda… in every session)", async () => {
    for (const host of hosts.hosts) {
      const session = await ssh(host);
      try {
        const result = await session.execCommand('cat ~/.bashrc ~/.profile ~/.bash_profile');
        const line = `# ${host.name}: written by ddb-setup's test harness (a fresh server's root)`;
        expect(result.stdout.split('\n')).toEqual([line, line, line]);
      } finally {
        session.dispose();
      }
    }
  });

  it('are checked against known_hosts by OpenSSH: the recorded keys pass, another host’s key fails', async () => {
    const options = (knownHosts: string): string[] =>
      [
        ['-i', h1.identityFile],
        ['-o', 'BatchMode=yes'],
        ['-o', 'StrictHostKeyChecking=yes'],
        ['-o', `UserKnownHostsFile=${knownHosts}`],
        ['-o', 'GlobalKnownHostsFile=/dev/null'],
        ['-o', 'ConnectTimeout=5'],
      ].flat();
    const { stdout } = await run('ssh', [...options(hosts.knownHostsFile), `root@${h1.address}`, 'hostname']);
    expect(stdout.trim()).toBe(h1.hostname);

    const dir = mkdtempSync(join(tmpdir(), 'ddbt-known-hosts-'));
    try {
      const wrong = join(dir, 'known_hosts');
      writeFileSync(wrong, `${h1.address} ${h2.hostKeys[0]}\n`);
      await expect(run('ssh', [...options(wrong), `root@${h1.address}`, 'hostname'])).rejects.toThrow(
        /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('have their own disk: a file written on h1 is on h1 only, not on h2 nor on the machine', async () => {
    const name = `ddbt-probe-${randomBytes(4).toString('hex')}`;
    await sshRun(h1, `echo written-on-h1 > /opt/${name}`);
    try {
      expect(await sshRun(h1, `cat /opt/${name}`)).toBe('written-on-h1');
      expect((await hosts.exec(h2, ['test', '-e', `/opt/${name}`])).code).toBe(1);
      expect(existsSync(`/opt/${name}`)).toBe(false);
      expect(readFileSync(join(h1.upperDir, 'opt', name), 'utf8')).toBe('written-on-h1\n');
      expect(existsSync(join(h2.upperDir, 'opt', name))).toBe(false);
    } finally {
      await sshRun(h1, `rm -f /opt/${name}`);
    }
  });

  it('power off: SSH is refused and every process of the host is gone; boot: SSH is back, disk kept', async () => {
    await sshRun(h3, 'echo survives-reboot > /root/ddbt-kept; setsid sleep 600 >/dev/null 2>&1 </dev/null &');
    const { stdout: before } = await run('ip', ['netns', 'pids', h3.name]);
    expect(before.trim().split('\n').length).toBeGreaterThanOrEqual(2); // sshd and the sleep at least
    await hosts.powerOff(h3);
    try {
      const { stdout: after } = await run('ip', ['netns', 'pids', h3.name]);
      expect(after.trim()).toBe('');
      for (const pid of before.trim().split('\n')) expect(processAlive(Number(pid))).toBe(false);
      expect(await tcpProbe(h3.address, 22)).toBe('refused');
      await expect(ssh(h3)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await hosts.boot(h3);
    }
    expect(await sshRun(h3, 'cat /root/ddbt-kept; pgrep -c sleep || true')).toBe('survives-reboot\n0');
    await sshRun(h3, 'rm /root/ddbt-kept');
  });

  it('cut: the host stops answering (timeouts); restore: it answers again', async () => {
    expect(await tcpProbe(h2.address, 22)).toBe('open');
    await hosts.cut(h2);
    try {
      expect(await tcpProbe(h2.address, 22, 1000)).toBe('timeout');
      expect(await connects(h1, h2, 22)).toBe(false);
    } finally {
      await hosts.restore(h2);
    }
    await waitFor(async () => (await tcpProbe(h2.address, 22)) === 'open', {
      timeoutMs: 10_000,
      what: `${h2.name}:22 to answer after restore`,
    });
    expect(await connects(h1, h2, 22)).toBe(true);
    expect(await sshRun(h2, 'hostname')).toBe(h2.hostname);
  });

  it('occupy-port: other hosts can connect to the port; after release they are refused', async () => {
    const port = 18848;
    expect(await connects(h2, h1, port)).toBe(false);
    await hosts.occupyPort(h1, port);
    try {
      expect(await connects(h2, h1, port)).toBe(true);
      expect(await tcpProbe(h1.address, port)).toBe('open');
      const { stdout } = await hosts.exec(h1, ['ss', '-Hltn', `sport = :${port}`]);
      expect(stdout).toContain(`:${port}`);
      await expect(hosts.occupyPort(h1, port)).rejects.toThrow(/already/);
    } finally {
      await hosts.releasePort(h1, port);
    }
    expect(await connects(h2, h1, port)).toBe(false);
    expect(await tcpProbe(h1.address, port)).toBe('refused');
  });

  it('block: h1 drops everything from h2, while h3 still reaches h1; unblock lifts it', async () => {
    expect(await connects(h2, h1, 22)).toBe(true);
    await hosts.block(h1, h2);
    try {
      expect(await connects(h2, h1, 22)).toBe(false);
      expect(await connects(h3, h1, 22)).toBe(true);
      expect(await tcpProbe(h1.address, 22)).toBe('open'); // the machine is not blocked
    } finally {
      await hosts.unblock(h1, h2);
    }
    expect(await connects(h2, h1, 22)).toBe(true);
  });

  it('add-user: a non-root user logs in with its password (or the key) and has passwordless sudo', async () => {
    const user = `ddbt${randomBytes(3).toString('hex')}`;
    const password = `pw ${randomBytes(6).toString('base64')}`;
    await hosts.addUser(h2, user, { password, sudo: true });
    const session = await ssh(h2, { username: user, password });
    try {
      const result = await session.execCommand('id -un; sudo -n id -u');
      expect(result.stdout).toBe(`${user}\n0`);
    } finally {
      session.dispose();
    }
    await expect(ssh(h2, { username: user, password: `${password}-wrong` })).rejects.toThrow(
      /authentication methods failed/,
    );
    const byKey = await ssh(h2, { username: user });
    byKey.dispose();
    await expect(ssh(h1, { username: user, password })).rejects.toThrow(/authentication methods failed/);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toContain(`${user}:`);
    expect(readFileSync(join(h2.upperDir, 'etc', 'passwd'), 'utf8')).toContain(`${user}:`);
  });

  describe('stop()', () => {
    // Whatever happens below, the next suites get the hosts the global set-up described.
    afterAll(async () => {
      if (!existsSync(join(hostsStateDir, 'hosts.json'))) {
        await startTestHosts({ count: hosts.hosts.length, docker: hosts.docker });
      }
    });

    it('leaves no namespace, link, cgroup, recorded process or directory; hosts come back as they were', async () => {
      const pids = recordedPids();
      expect(pids.length).toBeGreaterThanOrEqual(hosts.hosts.length);
      for (const { pid, startTime } of pids) expect(processAlive(pid, startTime)).toBe(true);

      await hosts.stop({ keepKeys: true });
      expect(await harnessNamespaces()).toEqual([]);
      expect(await harnessLinks()).toEqual([]);
      for (const { pid, startTime } of pids) expect(processAlive(pid, startTime)).toBe(false);
      expect(existsSync('/var/tmp/ddb-setup-test-hosts')).toBe(false);
      // Only the identities and the claim on the machine remain (that is what keepKeys is for).
      expect(readdirSync(hostsStateDir).sort()).toEqual(['keys', 'owner.pid']);

      const again = await startTestHosts({ count: hosts.hosts.length, docker: hosts.docker });
      expect(again.description).toEqual(hosts.description);
      expect(await sshRun(h1, 'hostname')).toBe(h1.hostname);
    });

    it('with Docker: each host runs its own dockerd, which stop() removes with its cgroups', async () => {
      const hadMachineDocker = existsSync('/var/lib/docker');
      await hosts.stop({ keepKeys: true });
      const withDocker = await startTestHosts({ count: hosts.hosts.length, docker: true });
      try {
        const ids = new Set<string>();
        for (const host of withDocker.hosts) {
          expect(host.dockerHost).toMatch(
            /^unix:\/\/\/run\/ddb-setup-test-hosts\/ddbt-h\d+\/run\/docker\.sock$/,
          );
          const { stdout } = await run('docker', [
            '-H',
            host.dockerHost ?? '',
            'info',
            '--format',
            '{{.ID}} {{.Name}}',
          ]);
          const [id, name] = stdout.trim().split(' ');
          expect(name).toBe(host.hostname);
          ids.add(id ?? '');
          expect(await sshRun(host, "docker info --format '{{.Name}}'")).toBe(host.hostname);
        }
        expect(ids.size).toBe(withDocker.hosts.length);
      } finally {
        await withDocker.stop({ keepKeys: true });
      }
      expect(await harnessNamespaces()).toEqual([]);
      expect(await harnessLinks()).toEqual([]);
      expect(harnessCgroups()).toEqual([]);
      expect(existsSync('/var/lib/docker')).toBe(hadMachineDocker);

      const again = await startTestHosts({ count: hosts.hosts.length, docker: hosts.docker });
      expect(again.description).toEqual(hosts.description);
    });
  });
});
