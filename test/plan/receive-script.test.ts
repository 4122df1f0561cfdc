/**
 * The script that receives an upload on the host, run here with sh exactly as a host runs it: the
 * file appears only when its SHA-256 matches, with openssl and without it (sha256sum), and a file
 * that could not be written whole never does.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { receiveScript, remoteExit } from '../../source/plan/remote-scripts.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-receive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PATH with only what a minimal host has: no openssl. */
function pathWithoutOpenssl(): string {
  const bin = join(dir, 'bin');
  if (!existsSync(bin)) {
    spawnSync('mkdir', [bin]);
    for (const tool of ['cat', 'sha256sum', 'mv', 'wc'])
      symlinkSync(
        spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(),
        join(bin, tool),
      );
  }
  return bin;
}

function receive(name: string, data: Buffer, sha256: string, size: number, path?: string) {
  const target = join(dir, name);
  const result = spawnSync('/bin/sh', ['-c', receiveScript(`${target}.part`, target, sha256, size)], {
    input: data,
    encoding: 'utf8',
    env: path === undefined ? process.env : { PATH: path },
  });
  return { code: result.status, stdout: result.stdout, target };
}

const data = Buffer.from('DolphinDB package bytes\n'.repeat(10_000));
const sha = createHash('sha256').update(data).digest('hex');

describe('receiveScript', () => {
  it.each([
    ['with openssl', undefined],
    ['without openssl (sha256sum)', 'minimal'],
  ])('%s: a matching upload is moved into place', (_, path) => {
    if (path === undefined)
      expect(spawnSync('sh', ['-c', 'command -v openssl']).status, 'openssl (npm test installs it)').toBe(0);
    const which = path === undefined ? undefined : pathWithoutOpenssl();
    const got = receive(`ok-${path ?? 'openssl'}`, data, sha, data.length, which);
    expect(got.code).toBe(0);
    expect(readFileSync(got.target).equals(data)).toBe(true);
    expect(existsSync(`${got.target}.part`)).toBe(false);
  });

  it.each([
    ['with openssl', undefined],
    ['without openssl (sha256sum)', 'minimal'],
  ])('%s: another checksum exits checksumMismatch, prints what arrived, leaves no target', (_, path) => {
    const which = path === undefined ? undefined : pathWithoutOpenssl();
    const got = receive(`bad-${path ?? 'openssl'}`, data, '0'.repeat(64), data.length, which);
    expect(got.code).toBe(remoteExit.checksumMismatch);
    expect(got.stdout.trim()).toBe(sha);
    expect(existsSync(got.target)).toBe(false);
  });

  it('a file shorter than sent (the stream ended early) fails and is not moved into place', () => {
    // As a connection that closes mid-transfer leaves it: fewer bytes on disk than announced.
    const got = receive('short', data, sha, data.length + 1);
    expect(got.code).toBe(1);
    expect(existsSync(got.target)).toBe(false);
  });

  it('a write that fails (a full disk, as /dev/full behaves) exits 1 and moves nothing', () => {
    const target = join(dir, 'full');
    const result = spawnSync('/bin/sh', ['-c', receiveScript('/dev/full', target, sha, data.length)], {
      input: data,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No space left/);
    expect(existsSync(target)).toBe(false);
  });
});
