/**
 * The scripts that receive an upload on the host, run here with sh exactly as a host runs them:
 * the received file's SHA-256 is reported, with openssl and without it (sha256sum), a file that
 * could not be written whole fails, and the sender's move puts it in place.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { placeScript, receiveScript } from '../../source/remote/remote-scripts.js';

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

function receive(name: string, data: Buffer, size: number, path?: string) {
  const partial = join(dir, `${name}.part`);
  const result = spawnSync('/bin/sh', ['-c', receiveScript(partial, size)], {
    input: data,
    encoding: 'utf8',
    env: path === undefined ? process.env : { PATH: path },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, partial };
}

const data = Buffer.from('DolphinDB package bytes\n'.repeat(10_000));
const sha = createHash('sha256').update(data).digest('hex');

describe('receiveScript', () => {
  it.each([
    ['with openssl', undefined],
    ['without openssl (sha256sum)', 'minimal'],
  ])('%s: writes the partial file and prints the sha256 of what arrived', (_, path) => {
    if (path === undefined)
      expect(spawnSync('sh', ['-c', 'command -v openssl']).status, 'openssl (npm test installs it)').toBe(0);
    const which = path === undefined ? undefined : pathWithoutOpenssl();
    const got = receive(`ok-${path ?? 'openssl'}`, data, data.length, which);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toBe(`${sha}\n`);
    expect(readFileSync(got.partial).equals(data)).toBe(true);
  });

  it('a file shorter than sent (the stream ended early) exits 1', () => {
    // As a connection that closes mid-transfer leaves it: fewer bytes on disk than announced.
    const got = receive('short', data, data.length + 1);
    expect(got.code).toBe(1);
    expect(got.stdout).toBe('');
  });

  it('a write that fails (a full disk, as /dev/full behaves) exits 1', () => {
    const result = spawnSync('/bin/sh', ['-c', receiveScript('/dev/full', data.length)], {
      input: data,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No space left/);
    expect(result.stdout).toBe('');
  });
});

describe('placeScript', () => {
  it('moves the received file into place', () => {
    const got = receive('placed', data, data.length);
    const target = join(dir, 'placed');
    expect(spawnSync('/bin/sh', ['-c', placeScript(got.partial, target)]).status).toBe(0);
    expect(readFileSync(target).equals(data)).toBe(true);
    expect(existsSync(got.partial)).toBe(false);
  });
});
