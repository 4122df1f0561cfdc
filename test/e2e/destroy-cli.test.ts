/**
 * destroy's command line, refused before any host is contacted (the topology's addresses are never
 * reached: a refusal that tried would hang on them): no terminal and no --confirm, a --confirm that
 * is not the cluster's name, and `plan --operation` that previews it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasStackTrace, runCli } from '../helpers/run-cli.js';

let workDir = '';
let file = '';

beforeAll(() => {
  assertBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'ddb-setup-destroy-cli-'));
  const template = runCli([
    'template',
    '--mode',
    'cluster',
    '--name',
    'shop',
    '--hosts',
    '10.0.0.80,10.0.0.81',
  ]);
  expect(template.status, template.stderr).toBe(0);
  file = join(workDir, 'shop.yaml');
  writeFileSync(file, template.stdout);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('destroy refusals', () => {
  it.each([
    { args: [], says: 'there is no terminal to type its name on: add --confirm NAME (--confirm shop)' },
    { args: ['--yes', '--data'], says: 'add --confirm NAME (--confirm shop)' },
    {
      args: ['--confirm', 'Shop'],
      says: "--confirm Shop is not this cluster's name: the topology names it shop",
    },
  ])('destroy $args: exit 2, names the flag and the fix, nothing contacted', ({ args, says }) => {
    const result = runCli(['destroy', '-f', file, ...args], { env: { DDB_SETUP_CONFIG_DIR: workDir } });
    expect(result.status, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain(says);
    expect(result.stderr).toContain('nothing was changed');
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });
});

describe('plan --operation destroy', () => {
  it('prints the destroy plan, data kept; with --data the data goes', () => {
    const kept = runCli(['plan', '-f', file, '--operation', 'destroy']);
    expect(kept.status, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('`ddb-setup destroy` carries them out');
    expect(kept.stdout).toContain('remove what ddb-setup created in /opt/dolphindb/shop, data kept');
    const data = runCli(['plan', '-f', file, '--operation', 'destroy', '--data']);
    expect(data.stdout).toContain('remove what ddb-setup created in /opt/dolphindb/shop, data included');
  });

  it('an unknown operation, or --data without destroy, is a usage error naming the flag', () => {
    const unknown = runCli(['plan', '-f', file, '--operation', 'remove']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--operation remove is not known: use deploy, start, stop, destroy');
    const data = runCli(['plan', '-f', file, '--data']);
    expect(data.status).toBe(2);
    expect(data.stderr).toContain('--data goes with --operation destroy');
  });
});
