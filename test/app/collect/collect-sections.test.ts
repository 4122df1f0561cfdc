import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSections } from '../../../source/app/collect/collect-sections.js';
import { collectScript } from '../../../source/remote/collect-scripts.js';

const marker = '==ddb-setup-collect-test==';

/** The collect script run by this machine's sh on a deployment laid out in a temporary directory. */
function collectHere() {
  const clusterDir = mkdtempSync(join(tmpdir(), 'ddbt-collect-'));
  const config = join(clusterDir, 'nodes', 'controller1', 'config');
  const log = join(clusterDir, 'nodes', 'controller1', 'log');
  mkdirSync(config, { recursive: true });
  mkdirSync(log, { recursive: true });
  writeFileSync(join(config, 'controller.cfg'), 'mode=controller\nlocalSite=10.0.0.1:8900:controller1\n');
  // No final newline, and a line that looks like a header of another run.
  writeFileSync(
    join(config, 'cluster.nodes'),
    'localSite,mode\n==ddb-setup-collect-other== file /etc/passwd',
  );
  writeFileSync(
    join(log, 'controller1.log'),
    Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n',
  );
  writeFileSync(join(log, 'controller1.out'), '');
  const script = collectScript({
    marker,
    files: [join(config, 'controller.cfg'), join(config, 'cluster.nodes'), join(config, 'absent.cfg')],
    logRoots: [join(clusterDir, 'nodes')],
    logLines: 2000,
    logBytes: 4096,
    clusterDir,
    docker: false,
  });
  const output = execFileSync('sh', ['-s'], { input: script, encoding: 'utf8' });
  return { clusterDir, config, log, sections: parseSections(output, marker) };
}

describe('the collect script and its sections', () => {
  it('reads every file exactly as it is on disk, with or without a final newline', () => {
    const { config, sections } = collectHere();
    const file = (name: string) => sections.find((s) => s.kind === 'file' && s.name === join(config, name));
    expect(file('controller.cfg')?.text).toBe('mode=controller\nlocalSite=10.0.0.1:8900:controller1\n');
    expect(file('cluster.nodes')?.text).toBe('localSite,mode\n==ddb-setup-collect-other== file /etc/passwd');
  });

  it('names a file that is not there as missing', () => {
    const { config, sections } = collectHere();
    expect(sections).toContainEqual({ kind: 'missing', name: join(config, 'absent.cfg'), text: '' });
  });

  it('keeps the newest end of each log, no more than its byte bound, and the empty console output', () => {
    const { log, sections } = collectHere();
    const tail = sections.find((s) => s.name === join(log, 'controller1.log'));
    expect(tail?.kind).toBe('log');
    expect(Buffer.byteLength(tail?.text ?? '')).toBeLessThanOrEqual(4096);
    expect(tail?.text.endsWith('line 4999\n')).toBe(true);
    expect(sections.find((s) => s.name === join(log, 'controller1.out'))?.text).toBe('');
  });

  it('has the system parts, each titled', () => {
    const { sections } = collectHere();
    const system = sections.filter((s) => s.kind === 'system').map((s) => s.name);
    expect(system).toEqual(
      expect.arrayContaining([
        'date',
        'uname',
        'cpu',
        'memory',
        'disks',
        'ulimits',
        'listening',
        'processes',
      ]),
    );
    expect(sections.find((s) => s.name === 'uname')?.text).toMatch(/^Linux /);
  });

  it('names a file the user cannot read as unreadable, never as empty (run as nobody, without sudo)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddbt-collect-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'nodes', 'c1', 'log'), { recursive: true, mode: 0o755 });
    // Root reads anything: it runs the script as nobody; another user gets files it may not read.
    const root = process.getuid?.() === 0;
    writeFileSync(join(dir, 'licence.lic'), 'terms\nsignature\n', { mode: root ? 0o600 : 0 });
    writeFileSync(join(dir, 'nodes', 'c1', 'log', 'c1.log'), 'secret log\n', { mode: root ? 0o600 : 0 });
    const script = collectScript({
      marker,
      files: [join(dir, 'licence.lic')],
      logRoots: [join(dir, 'nodes')],
      logLines: 10,
      logBytes: 100,
      clusterDir: dir,
      docker: false,
    });
    // A PATH without sudo (nor anything else: the file tests are the shell's own), as a host
    // where the user has none.
    const [program, ...args] = root
      ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '/bin/sh', '-s']
      : ['/bin/sh', '-s'];
    const output = execFileSync(program ?? '/bin/sh', args, {
      input: script,
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    });
    const parsed = parseSections(output, marker).filter((s) => s.kind !== 'system');
    expect(parsed).toEqual([
      { kind: 'unreadable', name: join(dir, 'licence.lic'), text: '' },
      { kind: 'unreadable', name: join(dir, 'nodes', 'c1', 'log', 'c1.log'), text: '' },
    ]);
  });

  it('parses output cut short: the sections before the cut remain', () => {
    const cut = `\n${marker} file /a\nA\n\n${marker} file /b\nB par`;
    expect(parseSections(cut, marker)).toEqual([
      { kind: 'file', name: '/a', text: 'A\n' },
      { kind: 'file', name: '/b', text: 'B par' },
    ]);
  });
});
