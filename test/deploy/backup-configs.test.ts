/**
 * backup-configs on this machine: each config directory is copied once to `.bak-<tag>`, a backup
 * already there (the state before the first attempt) is kept, and a directory not there is named.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupConfigs } from '../../source/deploy/tasks/backup-configs.js';
import { runLocalTask } from '../helpers/local-task.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-setup-backup-configs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configDir(name: string, contents: string): string {
  const dir = join(root, name, 'config');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'controller.cfg'), contents);
  writeFileSync(join(dir, 'sub', 'cluster.nodes'), `nodes of ${name}`);
  return dir;
}

describe('backup-configs', () => {
  it('copies each directory once; a second run keeps the first backups', async () => {
    const a = configDir('controller1', 'before');
    const b = configDir('controller2', 'before');
    const action = { type: 'backup-configs', dirs: [a, b], tag: 'move1' } as const;
    const first = await runLocalTask(backupConfigs, action);
    expect(first.result).toEqual({ outcome: 'done', detail: '2 directories backed up' });
    expect(readFileSync(join(`${a}.bak-move1`, 'sub', 'cluster.nodes'), 'utf8')).toBe('nodes of controller1');
    expect(existsSync(`${a}.bak-move1.partial`)).toBe(false);

    // The change rewrote the config; the backup must stay the one from before.
    writeFileSync(join(a, 'controller.cfg'), 'after');
    const again = await runLocalTask(backupConfigs, action);
    expect(again.result).toEqual({ outcome: 'unchanged', detail: '2 backups kept' });
    expect(readFileSync(join(`${a}.bak-move1`, 'controller.cfg'), 'utf8')).toBe('before');
  });

  it('skips a directory that is not there and says so', async () => {
    const a = configDir('agent1', 'x');
    const missing = join(root, 'agent9', 'config');
    const { result } = await runLocalTask(backupConfigs, {
      type: 'backup-configs',
      dirs: [a, missing],
      tag: 't',
    });
    expect(result).toEqual({
      outcome: 'done',
      detail: `1 directory backed up; not there, skipped: ${missing}`,
    });
    expect(existsSync(`${missing}.bak-t`)).toBe(false);
  });

  it('replaces a partial copy left by a run cut short', async () => {
    const a = configDir('controller3', 'whole');
    mkdirSync(`${a}.bak-p.partial`);
    writeFileSync(join(`${a}.bak-p.partial`, 'half'), '');
    const { result } = await runLocalTask(backupConfigs, { type: 'backup-configs', dirs: [a], tag: 'p' });
    expect(result.outcome).toBe('done');
    expect(existsSync(join(`${a}.bak-p`, 'half'))).toBe(false);
    expect(readFileSync(join(`${a}.bak-p`, 'controller.cfg'), 'utf8')).toBe('whole');
  });
});
