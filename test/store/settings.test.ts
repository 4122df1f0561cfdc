import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettingsStore, memorySettingsStore, type SshDefaults } from '../../source/store/settings.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-settings-'));
  dirs.push(dir);
  return dir;
}

describe('settings store', () => {
  it('remembers recent topologies newest first, at most 10, keeping the last deployment state', () => {
    const store = createSettingsStore({ cwd: tempDir() });
    for (let i = 1; i <= 12; i++)
      store.rememberTopology({ file: `/t/${i}.yaml`, cluster: `c${i}`, mode: 'ha', usedAt: `2025-01-${i}` });
    store.recordDeploy('/t/5.yaml', 'failed');
    store.rememberTopology({ file: '/t/5.yaml', cluster: 'c5', mode: 'ha', usedAt: '2025-02-01' });
    const recent = store.recentTopologies();
    expect(recent).toHaveLength(10);
    expect(recent[0]).toEqual({
      file: '/t/5.yaml',
      cluster: 'c5',
      mode: 'ha',
      usedAt: '2025-02-01',
      lastDeploy: 'failed',
    });
    expect(recent.map((r) => r.file)).not.toContain('/t/1.yaml');
  });

  it('persists across instances in the given directory (conf), and never writes a secret', () => {
    const dir = tempDir();
    const store = createSettingsStore({ cwd: dir });
    store.rememberSshDefaults({
      user: 'root',
      port: 22,
      auth: 'password',
      password: 'hunter2',
      passphrase: 'x',
    } as SshDefaults);
    store.rememberTopology({ file: '/t/a.yaml', cluster: 'a', mode: 'single', usedAt: 'now' });
    const again = createSettingsStore({ cwd: dir });
    expect(again.sshDefaults()).toEqual({ user: 'root', port: 22, auth: 'password' });
    expect(again.recentTopologies()).toHaveLength(1);
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('passphrase');
  });

  it('has an in-memory twin for tests', () => {
    const store = memorySettingsStore();
    store.rememberSshDefaults({ user: 'deploy', identityFile: '~/.ssh/k', auth: 'key' });
    expect(store.sshDefaults()).toEqual({ user: 'deploy', identityFile: '~/.ssh/k', auth: 'key' });
  });
});

describe('settings store: a recent file belongs to one deployment', () => {
  it('a file saved over with another deployment does not inherit the last deployment state', () => {
    const store = createSettingsStore({ cwd: tempDir() });
    const entry = { file: '/t/ddb.yaml', cluster: 'ddb', mode: 'ha', usedAt: '2026-12-01' };
    store.rememberTopology({ ...entry, deployment: 'ddb-aaaaaaaaaa' });
    store.recordDeploy('/t/ddb.yaml', 'ok');
    // The same deployment opened again keeps it…
    store.rememberTopology({ ...entry, deployment: 'ddb-aaaaaaaaaa', usedAt: '2026-12-02' });
    expect(store.recentTopologies()[0]?.lastDeploy).toBe('ok');
    // …another cluster saved under the same file name and cluster name does not.
    store.rememberTopology({ ...entry, deployment: 'ddb-bbbbbbbbbb', usedAt: '2026-12-03' });
    expect(store.recentTopologies()[0]).toEqual({
      ...entry,
      deployment: 'ddb-bbbbbbbbbb',
      usedAt: '2026-12-03',
    });
  });
});
