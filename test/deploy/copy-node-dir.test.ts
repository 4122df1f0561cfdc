/**
 * copy-node-dir between two "hosts" on this machine (two LocalExecutors, two directories): the tree
 * arrives whole and verified, with its marker; a resumed run keeps it, even without the source; a
 * target holding someone else's files is refused; the source is never changed.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyNodeDir } from '../../source/deploy/tasks/copy-node-dir.js';
import { failureOf, runLocalTask } from '../helpers/local-task.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-setup-copy-node-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A controller's directory on the old server: config, Raft log, metadata, a symlink. */
function sourceDir(name: string): string {
  const dir = join(root, 'old', name, 'nodes', 'controller3');
  mkdirSync(join(dir, 'raft', 'snapshots'), { recursive: true });
  mkdirSync(join(dir, 'dfsMeta'), { recursive: true });
  mkdirSync(join(dir, 'log'), { recursive: true });
  writeFileSync(join(dir, 'config.cfg'), 'localSite=10.0.0.3:8900:controller3\n');
  writeFileSync(join(dir, 'raft', 'raftWAL'), Buffer.alloc(5 << 20, 7));
  writeFileSync(join(dir, 'raft', 'snapshots', 'snap 1'), 'with a space');
  writeFileSync(join(dir, 'dfsMeta', 'DFSMetaLog.0'), 'meta');
  symlinkSync('config.cfg', join(dir, 'link.cfg'));
  return dir;
}

/** The tree as `find` sees it with each file's contents, to compare two directories. */
function treeOf(dir: string): string {
  return execFileSync(
    'sh',
    [
      '-c',
      'find . ! -name .ddb-setup-copied | LC_ALL=C sort | while read -r f; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -f "$f" ]; then echo "$f $(sha256sum < "$f")"; else echo "$f/"; fi; done',
    ],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
}

const action = (from: string, to: string) =>
  ({
    type: 'copy-node-dir',
    alias: 'controller3',
    from: { host: 'P1', dir: from },
    to: { host: 'P4', dir: to },
  }) as const;

describe('copy-node-dir', () => {
  it('copies the whole tree, verified, and keeps it on a resumed run', async () => {
    const from = sourceDir('a');
    const to = join(root, 'new', 'a', 'nodes', 'controller3');
    const before = treeOf(from);
    const { result, output } = await runLocalTask(copyNodeDir, action(from, to), 'P4');
    expect(result.outcome).toBe('done');
    expect(result.detail).toMatch(/^4 files \(\d+ bytes\) copied from P1, verified$/);
    expect(treeOf(to)).toBe(before);
    expect(treeOf(from)).toBe(before);
    expect(readFileSync(join(to, '.ddb-setup-copied'), 'utf8')).toMatch(
      new RegExp(`^files-sha256 [0-9a-f]{64}\nfiles 4\nfrom P1:${from}\n$`),
    );
    expect(output.at(-1)).toBe(`${to} on P4: 4 files, the same as on P1`);
    // Nothing left behind: no archive, no partial copy, on either side.
    expect(readdirSync(join(root, 'old', 'a', 'nodes'))).toEqual(['controller3']);
    expect(readdirSync(join(root, 'new', 'a', 'nodes'))).toEqual(['controller3']);

    // Started on its new server, the controller changes its files: still the copy, kept.
    writeFileSync(join(to, 'raft', 'raftWAL'), 'newer');
    const again = await runLocalTask(copyNodeDir, action(from, to), null);
    expect(again.result).toEqual({
      outcome: 'unchanged',
      detail: `verified copy already there (from P1:${from})`,
    });
  });

  it('keeps a verified copy when the source is gone, and fails without one', async () => {
    const from = sourceDir('b');
    const to = join(root, 'new', 'b', 'nodes', 'controller3');
    await runLocalTask(copyNodeDir, action(from, to));
    rmSync(from, { recursive: true });
    expect((await runLocalTask(copyNodeDir, action(from, to))).result.outcome).toBe('unchanged');

    const elsewhere = join(root, 'new', 'b2', 'nodes', 'controller3');
    const failure = await failureOf(copyNodeDir, action(from, elsewhere));
    expect(failure.message).toBe(`the state of controller3 is missing on P1: ${from} does not exist`);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('refuses a target holding files it did not copy, and takes one with empty directories only', async () => {
    const from = sourceDir('c');
    const to = join(root, 'new', 'c', 'nodes', 'controller3');
    mkdirSync(join(to, 'raft'), { recursive: true });
    writeFileSync(join(to, 'raft', 'raftWAL'), 'someone else');
    const failure = await failureOf(copyNodeDir, action(from, to));
    expect(failure.message).toBe(`${to} on P4 holds files ddb-setup did not copy there`);
    expect(failure.fix).toContain(to);
    expect(readFileSync(join(to, 'raft', 'raftWAL'), 'utf8')).toBe('someone else');

    // What the new server's preparation made: config/ and log/, no file.
    rmSync(to, { recursive: true });
    mkdirSync(join(to, 'config'), { recursive: true });
    mkdirSync(join(to, 'log'));
    expect((await runLocalTask(copyNodeDir, action(from, to))).result.outcome).toBe('done');
    expect(treeOf(to)).toBe(treeOf(from));
  });

  it('refuses to copy from a directory its process still runs from', async () => {
    const from = sourceDir('e');
    const to = join(root, 'new', 'e', 'nodes', 'controller3');
    // A process whose command line names a file in the directory, as DolphinDB's names its -config.
    const live = spawn('sh', ['-c', 'sleep 30', join(from, 'config.cfg')], { stdio: 'ignore' });
    try {
      writeFileSync(join(from, 'dolphindb.pid'), `${live.pid}\n`);
      const failure = await failureOf(copyNodeDir, action(from, to));
      expect(failure.message).toBe(`controller3 still runs from ${from} on P1 (pid ${live.pid})`);
      expect(existsSync(to)).toBe(false);
    } finally {
      live.kill();
    }
    // A stale pid file (the process gone) is no obstacle.
    await new Promise((resolve) => live.once('exit', resolve));
    expect((await runLocalTask(copyNodeDir, action(from, to))).result.outcome).toBe('done');
  });

  it('makes the copy again over a partial copy left by a run cut short', async () => {
    const from = sourceDir('d');
    const to = join(root, 'new', 'd', 'nodes', 'controller3');
    mkdirSync(`${to}.partial-copy`, { recursive: true });
    writeFileSync(join(`${to}.partial-copy`, 'half'), '');
    expect((await runLocalTask(copyNodeDir, action(from, to))).result.outcome).toBe('done');
    expect(existsSync(join(to, 'half'))).toBe(false);
    expect(treeOf(to)).toBe(treeOf(from));
  });

  it('an early copy while the process runs, then only what changed travels once it stopped', async () => {
    const from = sourceDir('f');
    const to = join(root, 'new', 'f', 'nodes', 'controller3');
    const early = await runLocalTask(copyNodeDir, { ...action(from, to), seed: true });
    expect(early.result.outcome).toBe('done');
    expect(existsSync(to)).toBe(false); // not in place: unverified
    expect(existsSync(`${to}.partial-copy/raft/raftWAL`)).toBe(true);
    // Meanwhile the controller wrote on: a file changed, one added, one gone, a new directory.
    writeFileSync(join(from, 'dfsMeta', 'DFSMetaLog.0'), 'meta, later');
    mkdirSync(join(from, 'raft', 'new'));
    writeFileSync(join(from, 'raft', 'new', 'raftWAL.2'), 'more');
    rmSync(join(from, 'raft', 'snapshots', 'snap 1'));
    expect((await runLocalTask(copyNodeDir, { ...action(from, to), seed: true })).result.outcome).toBe(
      'unchanged',
    );
    const final = await runLocalTask(copyNodeDir, action(from, to));
    expect(final.result.outcome).toBe('done');
    expect(final.result.detail).toMatch(/; 2 changed since the early copy/);
    expect(treeOf(to)).toBe(treeOf(from));
    expect(existsSync(`${to}.partial-copy`)).toBe(false);
  });
});
