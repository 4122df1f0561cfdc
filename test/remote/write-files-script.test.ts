/**
 * The script that writes configuration files and the licence over SSH, run here with sh exactly
 * as a host runs it (on `sh -s`'s standard input): exact bytes (binary, no final newline, quotes,
 * a line that looks like the here-document's end), the modes asked for, nothing left half-written,
 * and nothing moved into place when one file cannot be written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFilesScript } from '../../source/remote/remote-scripts.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-write-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string) {
  return spawnSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8' });
}

describe('writeFilesScript', () => {
  it('writes each file byte for byte with its mode, and leaves no partial file', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
    const files = [
      {
        path: join(dir, 'controller.cfg'),
        contents: 'mode=controller\nlocalSite=10.0.0.1:8800:controller1\n',
        mode: 0o644,
      },
      {
        path: join(dir, 'no-final-newline'),
        contents: 'it\'s "quoted" $HOME `x`\nDDB_SETUP_EOF',
        mode: 0o755,
      },
      { path: join(dir, 'dolphindb.lic'), contents: binary, mode: 0o600 },
      { path: join(dir, 'empty'), contents: '', mode: 0o644 },
    ];
    const result = run(writeFilesScript(files));
    expect(result.status, result.stderr).toBe(0);
    for (const file of files) {
      expect(readFileSync(file.path).equals(Buffer.from(file.contents)), file.path).toBe(true);
      expect(statSync(file.path).mode & 0o777, file.path).toBe(file.mode);
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.ddb-setup-part'))).toEqual([]);
  });

  it('replaces an existing file whole', () => {
    const path = join(dir, 'replaced.cfg');
    writeFileSync(path, 'old contents that are longer than the new ones\n');
    expect(run(writeFilesScript([{ path, contents: 'new\n', mode: 0o644 }])).status).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('new\n');
  });

  it('moves nothing into place when one of the files cannot be written', () => {
    const first = join(dir, 'first.cfg');
    const result = run(
      writeFilesScript([
        { path: first, contents: 'a\n', mode: 0o644 },
        { path: join(dir, 'missing-dir', 'second.cfg'), contents: 'b\n', mode: 0o644 },
      ]),
    );
    expect(result.status).not.toBe(0);
    expect(existsSync(first)).toBe(false);
  });
});
