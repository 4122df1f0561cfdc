import { describe, expect, it } from 'vitest';
import { parseHostFacts } from '../../source/checks/host-facts.js';
import type { HostExpectation } from '../../source/checks/host-expectations.js';
import { hostFindings } from '../../source/checks/host-findings.js';
import { sudoFindings } from '../../source/checks/sudo-findings.js';

const expect1: HostExpectation = {
  host: 'P1',
  address: '10.0.0.1',
  clusterDir: '/opt/dolphindb/demo',
  serverDir: '/opt/dolphindb/demo/server/2.00.11.3',
  ports: [
    { port: 8800, alias: 'controller1', index: 0 },
    { port: 8802, alias: 'datanode1', index: 2 },
  ],
  volumes: [],
  memory: [{ alias: 'datanode1', maxMemSizeGB: 8 }],
  archive: 'zip',
  downloads: false,
};

/** Probe output as a healthy root login on a fresh host prints it. */
const healthy = [
  'clock 1763900000123456789',
  'os Linux',
  'arch x86_64',
  'uid 0 root',
  'command unzip',
  'command sha256sum',
  'command base64',
  'command tar',
  'cluster.base /opt',
  'cluster.writable',
  'cluster.freekb 52428800',
  'mem MemTotal: 16384000',
  'mem MemAvailable: 12000000',
  'nofile 1024 1048576',
  'cpus 8',
  'listen 0016 1111',
];

function findings(lines: readonly string[], expectation = expect1) {
  const facts = parseHostFacts(lines.join('\n'), expectation.volumes.length);
  return hostFindings({ expect: expectation, facts, packageBytes: 200e6, packageArch: 'x86_64' });
}
const levelOf = (all: ReturnType<typeof findings>, check: string) =>
  all.filter((f) => f.check === check).map((f) => f.level);

describe('host findings from probe output', () => {
  it('passes a healthy host (ssh on port 22 does not clash with the nodes)', () => {
    const all = findings(healthy);
    expect(all.filter((f) => f.level !== 'ok')).toEqual([]);
    expect(all.map((f) => f.check)).toEqual(
      expect.arrayContaining(['platform', 'commands', 'directory', 'disk', 'port', 'memory', 'open-files']),
    );
  });

  it('reports a port held by another program with the node row to change', () => {
    // 0x2260 = 8800
    const port = findings([...healthy, 'listen 2260 4242']).find((f) => f.level === 'error');
    expect(port).toMatchObject({ check: 'port', host: 'P1' });
    expect(port?.message).toContain('8800 (controller1) is already in use');
    expect(port?.fix).toContain('nodes[0].port');
  });

  it('accepts a port held by a process of this cluster (a re-check of a running deployment)', () => {
    const all = findings([...healthy, 'listen 2260 4242', 'ours 4242', 'marker']);
    expect(levelOf(all, 'port')).toEqual(['ok', 'ok']);
    expect(all.find((f) => f.check === 'port')?.message).toContain('held by this deployment');
  });

  it('refuses a non-empty cluster directory that ddb-setup did not create, but not its own', () => {
    const foreign = [...healthy, 'cluster.exists', 'cluster.nonempty'];
    expect(findings(foreign).find((f) => f.check === 'directory')).toMatchObject({ level: 'error' });
    expect(levelOf(findings([...foreign, 'marker']), 'directory')).toEqual(['ok']);
    expect(levelOf(findings([...healthy, 'cluster.exists']), 'directory')).toEqual(['ok']);
  });

  it('gives a user without write access the administrator commands, and a fix to apply with passwordless sudo', () => {
    const user = healthy
      .map((l) => (l === 'uid 0 root' ? 'uid 1001 deploy' : l))
      .filter((l) => l !== 'cluster.writable');
    const withSudo = findings([...user, 'sudo nopasswd']).find((f) => f.check === 'directory');
    expect(withSudo).toMatchObject({ level: 'error' });
    expect(withSudo?.fix).toContain('mkdir -p /opt/dolphindb/demo && chown deploy: /opt/dolphindb/demo');
    expect(withSudo?.autoFix).toEqual({
      host: 'P1',
      script: 'mkdir -p /opt/dolphindb/demo && chown deploy: /opt/dolphindb/demo',
      sudo: true,
    });
    const withPassword = findings([...user, 'sudo password']).find((f) => f.check === 'directory');
    expect(withPassword?.autoFix).toBeUndefined();
    const facts = parseHostFacts([...user, 'sudo password'].join('\n'), 0);
    expect(sudoFindings(expect1, facts)).toMatchObject([{ level: 'warning', check: 'sudo' }]);
  });

  it('refuses too little disk for the package and warns when little is left for data', () => {
    const small = healthy.map((l) => (l.startsWith('cluster.freekb') ? 'cluster.freekb 102400' : l));
    expect(findings(small).find((f) => f.check === 'disk')).toMatchObject({ level: 'error' });
    const tight = healthy.map((l) => (l.startsWith('cluster.freekb') ? 'cluster.freekb 4194304' : l));
    expect(levelOf(findings(tight), 'disk')).toEqual(['warning']);
    // Already unpacked: only the headroom is needed.
    const installed = healthy.map((l) => (l.startsWith('cluster.freekb') ? 'cluster.freekb 1153434' : l));
    expect(levelOf(findings(installed), 'disk')).toEqual(['error']);
    expect(levelOf(findings([...installed, 'installed']), 'disk')).toEqual(['warning']);
  });

  it('counts what an earlier run left on the way to unpacking as free, and says so', () => {
    // 200 MB package: 3 × 195313 KB + 1 GiB headroom are needed; 195213 KB short of that is free.
    const short = healthy.map((l) => (l.startsWith('cluster.freekb') ? 'cluster.freekb 1439301' : l));
    const disk = (extra: string[]) => findings([...short, ...extra]).find((f) => f.check === 'disk');
    expect(disk([])).toMatchObject({ level: 'error' });
    // The whole archive is reused (no room needed for it again).
    expect(disk(['leftover.archive 200000000'])).toMatchObject({
      level: 'warning',
      message:
        'only 1.4 GB free under /opt, and 191 MB counted as free that an earlier run left: the package archive (reused) 191 MB: little room for data',
    });
    // An archive of another size is replaced: not counted; its partial upload is overwritten.
    expect(disk(['leftover.archive 123'])).toMatchObject({ level: 'error' });
    expect(disk(['leftover.archive 123', 'leftover.upload 200000'])).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('a partial upload (overwritten) 195 MB'),
    });
    // A partial unpack marked as ddb-setup's is removed before unpacking.
    expect(disk(['leftover.archive 200000000', 'leftover.unpacking 150000'])).toMatchObject({
      level: 'warning',
      message: expect.stringContaining(
        '337 MB counted as free that an earlier run left: the package archive (reused) 191 MB, a partial unpack (removed first) 146 MB',
      ),
    });
    // Nothing to credit once the package is unpacked.
    expect(disk(['installed', 'leftover.archive 200000000'])?.message).not.toContain('counted as free');
  });

  it('weighs maxMemSize against the host memory', () => {
    const big = { ...expect1, memory: [{ alias: 'datanode1', maxMemSizeGB: 32 }] };
    expect(findings(healthy, big).find((f) => f.check === 'memory')).toMatchObject({
      level: 'warning',
      message:
        'maxMemSize of datanode1 adds up to 32 GB; the host has 15.6 GB: under load a node may be killed for memory',
    });
    const unlimited = { ...expect1, memory: [{ alias: 'datanode1', maxMemSizeGB: 0 }] };
    expect(levelOf(findings(healthy, unlimited), 'memory')).toEqual(['warning']);
  });

  it('names the missing unpacker and refuses another system or CPU', () => {
    const noUnzip = healthy.filter((l) => l !== 'command unzip');
    expect(findings(noUnzip).find((f) => f.check === 'commands')?.message).toContain('no unzip or python3');
    expect(levelOf(findings([...noUnzip, 'command python3']), 'commands')).toEqual(['ok']);
    // Configuration files and the licence travel base64-encoded (remote-scripts.ts writeFilesScript).
    expect(
      findings(healthy.filter((l) => l !== 'command base64')).find((f) => f.check === 'commands'),
    ).toMatchObject({
      level: 'error',
      message: expect.stringContaining('no base64 to write the configuration files'),
    });
    expect(levelOf(findings(healthy.map((l) => (l === 'os Linux' ? 'os Darwin' : l))), 'platform')).toEqual([
      'error',
    ]);
    expect(
      findings(healthy.map((l) => (l === 'arch x86_64' ? 'arch aarch64' : l))).find(
        (f) => f.check === 'platform',
      )?.fix,
    ).toContain('ARM64');
  });

  it('warns below the recommended open files limit, with a fix only root or passwordless sudo can run', () => {
    const low = healthy.map((l) => (l.startsWith('nofile') ? 'nofile 1024 4096' : l));
    const warning = findings(low).find((f) => f.check === 'open-files');
    expect(warning).toMatchObject({ level: 'warning' });
    expect(warning?.autoFix?.script).toContain('/etc/security/limits.d/ddb-setup-nofile.conf');
    const user = low.map((l) => (l === 'uid 0 root' ? 'uid 1001 deploy' : l));
    expect(findings(user).find((f) => f.check === 'open-files')?.autoFix).toBeUndefined();
    expect(
      levelOf(
        findings(healthy.map((l) => (l.startsWith('nofile') ? 'nofile 1024 unlimited' : l))),
        'open-files',
      ),
    ).toEqual(['ok']);
  });

  it('parses clocks with and without nanoseconds', () => {
    expect(parseHostFacts('clock 1763900000123456789', 0).clockMs).toBe(1763900000123);
    expect(parseHostFacts('clock 1763900000N', 0).clockMs).toBe(1763900000000);
    expect(parseHostFacts('clock garbage', 0).clockMs).toBeUndefined();
  });
});
