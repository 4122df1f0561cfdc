import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasStackTrace, runCli } from '../helpers/run-cli.js';

/**
 * Issue 17 item 6.3: a config value that would run a command must be refused by every command that
 * reads the topology, before any file is written or host contacted.
 */
const corpusFile = join(import.meta.dirname, '..', 'corpus', '67-config-value-shell-injection.yaml');

let dir = '';
let marker = '';
let topologyFile = '';

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ddb-setup-config-values-'));
  marker = join(dir, 'pwned');
  topologyFile = join(dir, 'topology.yaml');
  // The corpus file, with the command pointed at this run's own marker file.
  const text = readFileSync(corpusFile, 'utf8').replace('/tmp/pwned', marker);
  writeFileSync(topologyFile, text);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('a shell command in a config value', () => {
  it.each([
    ['validate', ['validate', '-f']],
    ['check', ['check', '-f']],
    ['render', ['render', '-o', 'OUT', '-f']],
    ['plan', ['plan', '-f']],
  ])('%s exits 1, names the field and the fix, and runs nothing', (_name, args) => {
    const out = join(dir, `out-${_name}`);
    const result = runCli([...args.map((arg) => (arg === 'OUT' ? out : arg)), topologyFile]);
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(1);
    expect(output).toContain('config.cluster.maxMemSize: maxMemSize contains "$("');
    expect(output).toContain('remove it');
    expect(hasStackTrace(output)).toBe(false);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});
