/**
 * The process-age script, run here with sh as a host runs it, against a stand-in process whose
 * command line looks like DolphinDB's (an interpreter before `dolphindb -console 0`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasReadConfigs, parseProcessAge } from '../../source/deploy/process-age.js';
import { processAgeScript } from '../../source/remote/process-age-script.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-setup-age-'));
const fake = join(root, 'dolphindb');
writeFileSync(fake, 'sleep 30\n');
const child = spawn('sh', [fake, '-console', '0', '-config', join(root, 'c.cfg')], { stdio: 'ignore' });
afterAll(() => {
  child.kill();
  rmSync(root, { recursive: true, force: true });
});

const age = (pidFile: string, files: string[]) => {
  const result = spawnSync('sh', ['-c', processAgeScript(pidFile, files)], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return parseProcessAge(result.stdout);
};

describe.runIf(process.platform === 'linux')('processAgeScript', () => {
  it('reads the running process start time and the config files mtimes', () => {
    const pidFile = join(root, 'dolphindb.pid');
    writeFileSync(pidFile, `${child.pid}\n`);
    const old = join(root, 'old.cfg');
    const fresh = join(root, 'fresh.cfg');
    writeFileSync(old, '');
    writeFileSync(fresh, '');
    const now = Date.now() / 1000;
    utimesSync(old, now - 3600, now - 3600);
    utimesSync(fresh, now + 3600, now + 3600);

    const before = age(pidFile, [old, join(root, 'absent.cfg')]);
    expect(Math.abs((before.startedAt ?? 0) - now)).toBeLessThan(5);
    expect(before.newestConfig).toBe(Math.floor(now - 3600));
    expect(hasReadConfigs(before)).toBe(true);
    expect(hasReadConfigs(age(pidFile, [old, fresh]))).toBe(false);
  });

  it('sees no process behind a stale pid file or none', () => {
    const stale = join(root, 'stale.pid');
    writeFileSync(stale, `${process.pid}\n`);
    expect(age(stale, []).startedAt).toBeUndefined();
    expect(age(join(root, 'none.pid'), []).startedAt).toBeUndefined();
  });
});
