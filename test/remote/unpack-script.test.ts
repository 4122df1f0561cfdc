/**
 * The unpack script, run here with sh exactly as a host runs it: a partial `.unpacking` directory
 * an earlier run left (marked as ddb-setup's) is removed and the unpack completes; one without the
 * mark is left alone; an unpack that fails half-way removes its own partial directory at once and
 * keeps the archive for the retry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { remoteExit, unpackingMark, unpackScript } from '../../source/remote/remote-scripts.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-setup-unpack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir = '';
let serverDir = '';
let archive = '';
beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
  serverDir = join(dir, 'server', '2.00.11.3');
  archive = join(dir, 'server', 'pkg.tar.gz');
  const source = join(dir, 'source');
  mkdirSync(join(source, 'server'), { recursive: true });
  writeFileSync(join(source, 'server', 'dolphindb'), '#!/bin/sh\n');
  mkdirSync(join(dir, 'server'));
  spawnSync('tar', ['-czf', archive, '-C', source, 'server']);
});

function unpack() {
  const result = spawnSync('/bin/sh', ['-c', unpackScript(archive, serverDir, 'abc pkg.tar.gz', 'T')], {
    encoding: 'utf8',
  });
  return { code: result.status, stderr: result.stderr };
}

describe('unpackScript', () => {
  it('removes the partial directory an earlier run marked as its own, then unpacks', () => {
    const partial = `${serverDir}.unpacking`;
    mkdirSync(join(partial, 'server'), { recursive: true });
    writeFileSync(join(partial, unpackingMark), 'abc pkg.tar.gz\n');
    writeFileSync(join(partial, 'server', 'half-written.so'), 'x');
    expect(unpack()).toMatchObject({ code: 0 });
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(join(serverDir, 'dolphindb'))).toBe(true);
    expect(existsSync(join(serverDir, 'half-written.so'))).toBe(false);
    expect(readFileSync(join(serverDir, '.ddb-setup-package'), 'utf8')).toBe('abc pkg.tar.gz\n');
    expect(existsSync(archive)).toBe(false);
  });

  it('removes an empty one (its mark could not even be written)', () => {
    mkdirSync(`${serverDir}.unpacking`);
    expect(unpack()).toMatchObject({ code: 0 });
    expect(existsSync(join(serverDir, 'dolphindb'))).toBe(true);
  });

  it('never touches one without the mark', () => {
    const foreign = join(`${serverDir}.unpacking`, 'someone.txt');
    mkdirSync(`${serverDir}.unpacking`);
    writeFileSync(foreign, 'keep me');
    const result = unpack();
    expect(result.code).toBe(remoteExit.foreignUnpacking);
    expect(result.stderr).toContain('was not made by ddb-setup');
    expect(readFileSync(foreign, 'utf8')).toBe('keep me');
    expect(existsSync(serverDir)).toBe(false);
  });

  it('a failed unpack removes its partial directory and keeps the archive', () => {
    // Cut the archive short: tar writes what it can, then fails (as on a disk that fills up).
    const whole = readFileSync(archive);
    writeFileSync(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    const result = unpack();
    expect(result.code).toBe(remoteExit.unpackFailed);
    expect(existsSync(`${serverDir}.unpacking`)).toBe(false);
    expect(existsSync(serverDir)).toBe(false);
    expect(existsSync(archive)).toBe(true);
  });

  it('an unpacker that asks a question reads nothing of the script, which arrives on standard input', () => {
    // unzip on a full disk asks "Continue? (y/n/^C)"; over SSH the script is sh's standard input.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'unzip'),
      `#!/bin/sh\nif read answer; then echo "$answer" > ${join(dir, 'read-by-unzip')}; fi\nexit 50\n`,
      { mode: 0o755 },
    );
    const zip = join(dir, 'server', 'pkg.zip');
    writeFileSync(zip, 'PK');
    const result = spawnSync('/bin/sh', ['-s'], {
      // Longer than the shell reads at once, so the rest is still on standard input when unzip runs.
      input: `${unpackScript(zip, serverDir, 'abc pkg.zip', 'T')}\n# ${'x'.repeat(65536)}\ntrue\n`,
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    });
    expect(result.status).toBe(remoteExit.unpackFailed);
    expect(existsSync(join(dir, 'read-by-unzip'))).toBe(false);
    expect(existsSync(`${serverDir}.unpacking`)).toBe(false);
  });
});
