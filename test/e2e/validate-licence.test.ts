import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasStackTrace, runCli } from '../helpers/run-cli.js';

/*
 * Issue 13 item 1: `validate` weighs the topology against the licence it can read offline (the
 * server.license file), and says so correctly when it cannot.
 */

let dir = '';
const haHosts = '10.0.0.80,10.0.0.81,10.0.0.82';

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ddb-setup-validate-licence-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An HA topology naming `./<licence>`, written next to it. */
function haWith(licence: string): string {
  const file = join(dir, `ha-${licence}.yaml`);
  const text = runCli(['template', '--mode', 'ha', '--hosts', haHosts, '--license', `./${licence}`]).stdout;
  writeFileSync(file, text);
  return file;
}

describe('validate and the licence', () => {
  it('is an error when the nodes exceed the licence file it reads, with only fixes that can be done', () => {
    writeFileSync(join(dir, 'community.lic'), '2042.01.01,8,2,3,Trial Users,0,-1,,1\n');
    const result = runCli(['validate', '-f', haWith('community.lic')]);
    expect(result.status).toBe(1);
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
    const text = result.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      '9 nodes (3 controllers, 3 data nodes, 3 compute nodes; agents not counted) exceed the limit of 3 nodes in server.license ./community.lic',
    );
    expect(text).toContain(
      'put a licence that allows at least 9 nodes at server.license, or use mode single or cluster (mode ha needs at least 4 nodes: 3 controllers and a data node)',
    );
    expect(text).not.toContain('remove');
  });

  it('passes when the licence file allows the layout', () => {
    writeFileSync(join(dir, 'acme.lic'), '2042.01.01,64,32,12,ACME Corp\n');
    expect(runCli(['validate', '-f', haWith('acme.lic')]).status).toBe(0);
  });

  it('warns, and says why, when the licence file cannot be read here', () => {
    const result = runCli(['validate', '-f', haWith('missing.lic')]);
    expect(result.status).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toMatch(
      /cannot read server\.license \S+missing\.lic: no such file; the pre-flight check reads it again before deploying/,
    );
  });

  it('says it has not read a downloaded package’s licence when none is given', () => {
    const file = join(dir, 'ha-none.yaml');
    writeFileSync(file, runCli(['template', '--mode', 'ha', '--hosts', haHosts]).stdout);
    const result = runCli(['validate', '-f', file]);
    expect(result.status).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'validate does not download server.package to read its licence',
    );
  });
});
