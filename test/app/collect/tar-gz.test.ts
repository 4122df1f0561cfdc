import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarGz } from '../../../source/app/collect/tar-gz.js';

describe('tarGz', () => {
  it('writes an archive the system tar unpacks: contents, a block-sized file, long paths (prefix and PAX)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddbt-tar-'));
    const prefixed = `bundle/hosts/P1/written/opt/dolphindb/${'d'.repeat(60)}/nodes/controller1/config/controller.cfg`;
    const pax = `bundle/${'x'.repeat(160)}/${'y'.repeat(120)}.log`;
    const entries = [
      { path: 'bundle/MANIFEST.txt', contents: 'hello\nwörld\n' },
      { path: 'bundle/block.bin', contents: Buffer.alloc(512, 7) },
      { path: prefixed, contents: 'localSite=10.0.0.1:8900:controller1\n' },
      { path: pax, contents: 'a long one\n' },
      { path: 'bundle/empty.txt', contents: '' },
    ];
    const archive = join(dir, 'b.tar.gz');
    writeFileSync(archive, tarGz(entries, new Date('2026-01-02T03:04:05Z')));
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(entries.map((entry) => entry.path));
    execFileSync('tar', ['-xzf', archive, '-C', dir]);
    for (const entry of entries)
      expect(readFileSync(join(dir, entry.path))).toEqual(Buffer.from(entry.contents));
    const verbose = execFileSync('tar', ['-tvzf', archive], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    expect(verbose).toContain('-rw-------');
    expect(verbose).toContain('2026-01-02 03:04');
  });
});
