/**
 * `collect` on a 3-host HA cluster with one host powered off and one failed node (issue 15 item 4):
 * the bundle names the down host, holds the failed node's diagnosis and the config drift that caused
 * it, and a scan of every file in the archive finds no password (SSH or admin), no licence signature,
 * no private key and no swarm join token — each of which was put where collect reads.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, cliPath, projectRoot, type CliResult } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('collect');
const adminPassword = 'Adm-4e1d7c-ddbt';
const sshPassword = 'Ssh-9b2f60-ddbt';
const env = { DDB_SETUP_CONFIG_DIR: join(dir, 'conf') };
const known = ['--known-hosts', hosts.knownHostsFile];
const signature = ['Q2ZkYXNkZmFzZGZhc2RmYXNkZmFzZGY0NTY3ODkw', 'U2lnbmF0dXJlTGluZVR3b0FCQ0RFRkdISUpLTE1O'];
const privateKey = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
];
const joinToken = 'SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx';
let file = '';

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts);
  file = writeTestTopology(dir, 'collected', {
    mode: 'ha',
    hosts: [h1, h2, h3],
    packageFile: standInPackage(dir),
    config: { controller: { raftElectionTick: 100 } },
  });
  // The licence the topology names, now with signature lines after its terms (facts §5): the
  // stand-in reads the first line only.
  writeFileSync(
    join(dir, 'test-enterprise.lic'),
    `2042.01.01,16,8,64,ddb-setup tests,0,-1,,3\n${signature.join('\n')}\n`,
  );
  const deployed = await runCli(['deploy', '-f', file, '--yes', ...known], { env });
  expect(deployed.status, deployed.stdout + deployed.stderr).toBe(0);
  const changed = await runCli(['admin-password', '-f', file, '--new-password-stdin', ...known], {
    env,
    input: `${adminPassword}\n`,
  });
  expect(changed.status, changed.stdout + changed.stderr).toBe(0);
}, 240_000);
afterAll(() => resetHosts(hosts));

/**
 * The built program with standard input, without runCli's minute limit: a deploy on this shared
 * machine can take longer.
 */
function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env, NO_COLOR: '1', DDB_DEBUG: undefined, FORCE_COLOR: undefined },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
  });
}

/** Every file under `root`, with its path relative to it. */
function filesUnder(root: string, prefix = ''): { path: string; text: string }[] {
  return readdirSync(join(root, prefix)).flatMap((name) => {
    const path = prefix ? `${prefix}/${name}` : name;
    return statSync(join(root, path)).isDirectory()
      ? filesUnder(root, path)
      : [{ path, text: readFileSync(join(root, path), 'utf8') }];
  });
}

describe('collect', { timeout: 300_000 }, () => {
  it('healthy: every host reached, nothing not up, no drift; a small bundle in seconds', async () => {
    const bundle = join(dir, 'healthy.tar.gz');
    const started = Date.now();
    const result = await runCli(['collect', '-f', file, '-o', bundle, ...known], {
      env: { ...env, DDB_ADMIN_PASSWORD: adminPassword },
    });
    const seconds = (Date.now() - started) / 1000;
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ P1 reached, clock [+-]\d+ ms/);
    expect(result.stdout).toContain('nodes not up: none');
    expect(result.stdout).toContain('config drift: none');
    // The manifest comes first, the bundle's path last.
    expect(result.stdout.indexOf('files (')).toBeLessThan(result.stdout.indexOf(`bundle: ${bundle}`));
    const bytes = statSync(bundle).size;
    console.log(`collect, 3 hosts, healthy: ${seconds.toFixed(1)} s, ${(bytes / 1024).toFixed(1)} KB`);
    expect(statSync(bundle).mode & 0o777).toBe(0o600);
  });

  it('one host powered off, one node failed: the down host named, the diagnosis and the drift in it, no secret anywhere', async () => {
    const withAdmin = { env: { ...env, DDB_ADMIN_PASSWORD: adminPassword } };
    // controller3 fails to start: its nodes file now starts with a blank line (facts §9).
    const stopped = await runCli(['stop', '-f', file, '--node', 'controller3', ...known], withAdmin);
    expect(stopped.status, stopped.stdout + stopped.stderr).toBe(0);
    const nodesFile = `${testDeployDir}/collected/nodes/controller3/config/cluster.nodes`;
    await hosts.exec(h3, ['sh', '-c', `sed -i '1s/^/\\n/' ${nodesFile}`]);
    const started = await runCli(['start', '-f', file, '--node', 'controller3', ...known], withAdmin);
    expect(started.status).not.toBe(0);
    expect(started.stdout + started.stderr).toContain('nodes file');
    // Secrets where collect reads: a node log with a script's login, a key, a join token, both passwords.
    const log = `${testDeployDir}/collected/nodes/agent1/log/agent1.log`;
    const planted = [
      `<INFO> script: login("admin", "${adminPassword}"); pnodeRun(x)`,
      `<INFO> ssh password=${sshPassword} (pasted by someone)`,
      ...privateKey,
      `<INFO> docker swarm join --token ${joinToken} 10.250.0.11:2377`,
    ];
    await hosts.exec(h1, ['sh', '-c', `cat >> ${log}`], { input: `${planted.join('\n')}\n` });

    // collect logs in by password, as a user who reads root's files through passwordless sudo.
    await Promise.all(
      [h1, h3].map((host) => hosts.addUser(host, 'support', { password: sshPassword, sudo: true })),
    );
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['ssh', 'user'], 'support');
    doc.deleteIn(['ssh', 'identityFile']);
    const byPassword = join(dir, 'collected-by-password.yaml');
    writeFileSync(byPassword, doc.toString());

    await hosts.powerOff(h2);
    try {
      const bundle = join(dir, 'faults.tar.gz');
      const started = Date.now();
      const result = await runCli(['collect', '-f', byPassword, '-o', bundle, '--password-stdin', ...known], {
        ...withAdmin,
        input: `${sshPassword}\n`,
      });
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `collect, 3 hosts, one off: ${seconds.toFixed(1)} s, ${(statSync(bundle).size / 1024).toFixed(1)} KB`,
      );
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/✗ P2 NOT REACHED: P2 \(support@10\.250\.0\.12:22\)/);
      expect(result.stdout).toMatch(/✓ P1 reached/);
      // The licence (0600, root's) was read through sudo, not passed over.
      expect(result.stdout).not.toContain('not readable');
      expect(result.stderr).toContain('not reached: P2');
      expect(result.stdout).toContain('controller3 on P3: down');
      expect(result.stdout).toContain('datanode2 on P2: unknown (its host was not reached)');
      expect(result.stdout).toMatch(
        /diagnosis: the nodes file \S*cluster\.nodes starts with a blank line or is empty/,
      );
      expect(result.stdout).toContain(`P3 ${nodesFile}: diff in `);
      expect(result.stdout).toMatch(/licence-signature/);
      expect(result.stdout).toMatch(/agent1\.log:\d+ {2}private-key/);

      const out = join(dir, 'unpacked');
      mkdirSync(out);
      execFileSync('tar', ['-xzf', bundle, '-C', out]);
      const [root] = readdirSync(out);
      const files = filesUnder(join(out, root ?? ''));
      const text = (path: string) => files.find((f) => f.path === path)?.text ?? '';
      expect(text('MANIFEST.txt')).toBe(result.stdout.slice(0, result.stdout.indexOf('\n✓ bundle:')));
      // The down host: named in status and the manifest, and nothing of it collected.
      const status = JSON.parse(text('status.json')) as { unreachable: { host: string }[] };
      expect(status.unreachable.map((u) => u.host)).toEqual(['P2']);
      expect(files.some((f) => f.path.startsWith('hosts/P2/'))).toBe(false);
      expect(files.some((f) => f.path === 'hosts/P1/system.txt')).toBe(true);
      // The failed node's diagnosis, from its log, which is in the bundle too.
      const diagnoses = JSON.parse(text('diagnoses.json')) as {
        alias: string;
        diagnosis?: { cause: string; log: string };
      }[];
      const c3 = diagnoses.find((d) => d.alias === 'controller3');
      expect(c3?.diagnosis?.cause).toMatch(/starts with a blank line or is empty/);
      expect(text(c3?.diagnosis?.log ?? '')).toContain('Failed to load the nodes file');
      // The drift that caused it, as a diff of what ddb-setup wrote against the host's copy.
      expect(text(`hosts/P3/drift${nodesFile}.diff`)).toMatch(/^@@ -1,\d+ \+1,\d+ @@\n\+\n/m);
      // The licence: its terms kept, its signature gone.
      const licence = files.find(
        (f) => f.path.startsWith('hosts/P1/written/') && f.path.endsWith('/dolphindb.lic'),
      );
      expect(licence?.text.split('\n')[0]).toBe('2042.01.01,16,8,64,ddb-setup tests,0,-1,,3');
      // The whole archive scanned: no secret of any kind.
      expect(files.length).toBeGreaterThan(20);
      for (const { path, text: body } of files) {
        for (const secret of [
          adminPassword,
          sshPassword,
          joinToken,
          'SWMTKN',
          'PRIVATE KEY-----',
          ...signature,
        ])
          expect(body.includes(secret), `${secret} in ${path}`).toBe(false);
      }
      // The planted lines are there, redacted, so the scan above looked where they were.
      expect(text('hosts/P1/logs/agent1.log')).toContain('login("admin", "[redacted]")');
    } finally {
      await hosts.boot(h2);
    }
  });

  it('-o: a bad one names the flag and the fix, exit 2, no stack trace; a directory takes the bundle', async () => {
    const result = await runCli(['collect', '-f', file, '-o', join(dir, 'no-such-dir', 'b.tar.gz')], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/-o .*no-such-dir\/b\.tar\.gz: the directory .* does not exist/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const wrong = await runCli(['collect', '-f', file, '-o', join(dir, 'bundle.zip')], { env });
    expect(wrong.stderr).toContain('name it FILE.tar.gz');
    expect(wrong.status).toBe(2);
    // A directory is fine: the bundle goes into it under its own name.
    const into = join(dir, 'into');
    mkdirSync(into);
    const intoDir = await runCli(['collect', '-f', file, '-o', into, ...known], { env });
    expect(intoDir.status, intoDir.stderr).toBe(0);
    expect(readdirSync(into)).toEqual([
      expect.stringMatching(/^ddb-setup-collect-collected-\d{8}T\d{6}\.tar\.gz$/),
    ]);
  });
});
