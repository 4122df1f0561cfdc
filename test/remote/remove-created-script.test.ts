/**
 * destroy's removal script, run here with sh exactly as a host runs it, on a cluster directory laid
 * out as a deployment leaves it (the package really unpacked by the unpack script, so its list is
 * the one a host has): it removes ddb-setup's files, backups, partial files and package, keeps data
 * unless asked, keeps every file it did not create with the directories holding it (and then the
 * marker), refuses a directory without the marker or one a process still runs from, and a second
 * run removes nothing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { removeCreatedScript, removeExit, type Removal } from '../../source/remote/destroy-scripts.js';
import { prepareScript, unpackScript } from '../../source/remote/remote-scripts.js';

const top = mkdtempSync(join(tmpdir(), 'ddb-setup-remove-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

let root = '';
let removal: Removal;

/** A single-node deployment's directory: marker, package, config, scripts, a backup, data, logs. */
beforeEach(() => {
  root = join(mkdtempSync(join(top, 'case-')), 'demo');
  const node = join(root, 'nodes', 'single1');
  const serverDir = join(root, 'server', '2.00.11.3');
  sh(prepareScript(root, 'demo', [join(root, 'server'), join(node, 'config'), join(node, 'log')]));
  const source = join(root, '..', 'source', 'server');
  mkdirSync(join(source, 'web', 'js'), { recursive: true });
  writeFileSync(join(source, 'dolphindb'), '#!/bin/sh\n');
  writeFileSync(join(source, 'dolphindb.lic'), 'package licence\n');
  writeFileSync(join(source, 'web', 'js', 'app.js'), 'x');
  const archive = join(root, 'server', 'pkg.tar.gz');
  spawnSync('tar', ['-czf', archive, '-C', join(source, '..'), 'server']);
  expect(sh(unpackScript(archive, serverDir, 'abc pkg.tar.gz', 'T')).code).toBe(0);
  for (const file of [
    'config/dolphindb.cfg',
    'start.sh',
    'stop.sh',
    'config/dolphindb.cfg.bak-20261205T010000Z',
  ])
    writeFileSync(join(node, file), 'ours\n');
  writeFileSync(join(node, 'log', 'single1.log'), 'a log line\n');
  mkdirSync(join(node, 'storage'));
  writeFileSync(join(node, 'storage', 'chunk'), 'data');
  writeFileSync(join(root, 'server', 'pkg.tar.gz.ddb-setup-part'), 'half an upload');
  removal = {
    root,
    files: [join(node, 'config', 'dolphindb.cfg'), join(node, 'start.sh'), join(node, 'stop.sh')],
    packageDir: join(root, 'server'),
    archives: [join(root, 'server', 'pkg.tar.gz')],
    dirs: [join(node, 'config'), join(node, 'log'), node, join(root, 'nodes'), join(root, 'server')],
    dataDirs: [node],
    data: false,
  };
});

function sh(script: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves once the child runs its own program (spawn returns before its exec). */
async function started(child: ChildProcess, word: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(word)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`process ${child.pid} never ran ${word}`);
}

/** Every path under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('removeCreatedScript', () => {
  it('removes what ddb-setup created and keeps the data, with the marker that keeps the directory ours', () => {
    const result = sh(removeCreatedScript(removal));
    expect(result.code, result.stderr).toBe(0);
    expect(tree(root)).toEqual([
      '.ddb-setup',
      'nodes',
      'nodes/single1',
      'nodes/single1/log',
      'nodes/single1/log/single1.log',
      'nodes/single1/storage',
      'nodes/single1/storage/chunk',
    ]);
    expect(result.stdout).toContain(
      `removed ${join(root, 'nodes/single1/config/dolphindb.cfg.bak-20261205T010000Z')}`,
    );
    expect(result.stdout).toContain(`removed ${join(root, 'server/2.00.11.3')}`);
    expect(result.stdout).toContain(`removed ${join(root, 'server/pkg.tar.gz.ddb-setup-part')}`);
    expect(result.stdout).toContain(`kept ${join(root, 'nodes/single1')}: data (destroy --data removes it)`);
    // Again: nothing left to remove, and it says what it keeps.
    const again = sh(removeCreatedScript(removal));
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('removed ');
    expect(again.stdout).toContain('kept ');
  });

  it('with data: the whole directory goes, marker last', () => {
    const result = sh(removeCreatedScript({ ...removal, data: true }));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(root)).toBe(false);
    expect(result.stdout.trim().split('\n').pop()).toBe(`removed ${root}`);
    expect(sh(removeCreatedScript({ ...removal, data: true })).stdout.trim()).toBe('absent');
  });

  it('a file ddb-setup did not create survives, with every directory holding it and the marker', () => {
    const notes = join(root, 'notes.txt');
    const plugin = join(root, 'server', '2.00.11.3', 'plugins', 'mine.so');
    writeFileSync(notes, 'mine');
    mkdirSync(join(plugin, '..'), { recursive: true });
    writeFileSync(plugin, 'mine');
    const result = sh(removeCreatedScript({ ...removal, data: true }));
    expect(result.code, result.stderr).toBe(0);
    expect(tree(root)).toEqual([
      '.ddb-setup',
      'notes.txt',
      'server',
      'server/2.00.11.3',
      'server/2.00.11.3/plugins',
      'server/2.00.11.3/plugins/mine.so',
    ]);
    expect(result.stdout).toContain(
      `kept ${join(root, 'server/2.00.11.3')}: it holds files that were not in the package`,
    );
    expect(result.stdout).toMatch(new RegExp(`kept ${root}: it still holds .*notes\\.txt`));
  });

  it('refuses a directory without the marker and touches nothing', () => {
    rmSync(join(root, '.ddb-setup'));
    const before = tree(root);
    const result = sh(removeCreatedScript({ ...removal, data: true }));
    expect(result.code).toBe(removeExit.foreign);
    expect(result.stderr).toContain('was not created by ddb-setup');
    expect(tree(root)).toEqual(before);
  });

  it('stops with SIGTERM what still runs from the directory, then removes', async () => {
    // A process whose command line is a node's: `dolphindb -…` with a path inside the directory.
    const child = spawn('/bin/sh', ['-c', 'sleep 30; true', 'dolphindb', '-home', join(root, 'nodes')], {
      stdio: 'ignore',
    });
    // A user's program with a file in there open is not a node: left alone, and no obstacle.
    const user = spawn('/bin/sh', ['-c', 'sleep 30; true', 'tail', '-f', join(root, 'notes.txt')], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await started(child, 'dolphindb');
    await started(user, 'tail');
    const result = sh(removeCreatedScript({ ...removal, data: true }, 5));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `stopping DolphinDB processes still running from ${root} (pid ${child.pid})`,
    );
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(root)).toBe(false);
    expect(user.exitCode).toBeNull();
    user.kill('SIGKILL');
  });

  it('refuses, naming the PID and touching nothing, when a process outlives SIGTERM and the wait', async () => {
    const before = tree(root);
    const child = spawn(
      '/bin/sh',
      ['-c', "trap '' TERM; sleep 30; true", 'dolphindb', '-home', join(root, 'nodes')],
      {
        stdio: 'ignore',
      },
    );
    await started(child, 'dolphindb');
    try {
      const result = sh(removeCreatedScript({ ...removal, data: true }, 1));
      expect(result.code).toBe(removeExit.running);
      expect(result.stderr).toContain(`after 1s (pid ${child.pid}`);
      expect(tree(root)).toEqual(before);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
