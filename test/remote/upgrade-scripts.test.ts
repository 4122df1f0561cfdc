/**
 * The upgrade's scripts, run here with sh as a host runs them. The metadata backup: it copies a directory to
 * `<dir>_BAK-<version>` once, keeps a backup already there (the state before the first attempt),
 * replaces a `.partial` copy an interrupted run left, and says when there is nothing to back up.
 * The licence carried to the new version: the running one's bytes, the package's kept aside.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupMetadataScript, carryLicenseScript } from '../../source/remote/upgrade-scripts.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-setup-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (dirs: string[]) =>
  spawnSync('sh', ['-c', backupMetadataScript(dirs, '2.00.11.3')], { encoding: 'utf8' });

describe('backupMetadataScript', () => {
  it('copies once, keeps the first backup, replaces a partial copy, names an absent directory', () => {
    const meta = join(root, 'controller1', 'dfsMeta');
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'DFSMetaLog.0'), 'before');
    const backup = `${meta}_BAK-2.00.11.3`;
    // A copy cut short by an earlier run is not a backup.
    mkdirSync(`${backup}.partial`);
    writeFileSync(join(`${backup}.partial`, 'half'), '');
    const absent = join(root, 'datanode1', 'storage', 'CHUNK_METADATA');

    const first = run([meta, absent]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe(`backed-up ${backup}\nabsent ${absent}\n`);
    expect(readFileSync(join(backup, 'DFSMetaLog.0'), 'utf8')).toBe('before');
    expect(existsSync(join(backup, 'half'))).toBe(false);
    expect(existsSync(`${backup}.partial`)).toBe(false);

    // The metadata changes under the new version; the backup of the old one stays as it was.
    writeFileSync(join(meta, 'DFSMetaLog.0'), 'after');
    const again = run([meta]);
    expect(again.stdout).toBe(`kept ${backup}\n`);
    expect(readFileSync(join(backup, 'DFSMetaLog.0'), 'utf8')).toBe('before');
  });

  it("carries the running version's licence to the new one, keeping the package's aside, once", () => {
    const from = join(root, 'server', '2.00.11.3', 'dolphindb.lic');
    const target = join(root, 'server', '2.00.12.3', 'dolphindb.lic');
    mkdirSync(join(root, 'server', '2.00.11.3'), { recursive: true });
    mkdirSync(join(root, 'server', '2.00.12.3'), { recursive: true });
    writeFileSync(from, 'enterprise\n');
    writeFileSync(target, 'community\n');
    const carry = () => spawnSync('sh', ['-c', carryLicenseScript(from, target)], { encoding: 'utf8' });
    expect(carry().stdout).toBe('copied\n');
    expect(readFileSync(target, 'utf8')).toBe('enterprise\n');
    expect(readFileSync(`${target}.package`, 'utf8')).toBe('community\n');
    expect(spawnSync('stat', ['-c', '%a', target], { encoding: 'utf8' }).stdout.trim()).toBe('600');
    expect(carry().stdout).toBe('same\n');
    expect(readFileSync(`${target}.package`, 'utf8')).toBe('community\n');
  });
});
