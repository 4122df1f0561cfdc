/**
 * The overlay network script mode swarm renders, run by sh against a `docker` stand-in on PATH that
 * answers `network inspect` as an engine would and records `network create`: the network gets an
 * --ip-range and --gateway (without them Docker's endpoints collide with the fixed container
 * addresses), a matching network is kept, and one that is not this deployment's is refused.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';

const root = join(import.meta.dirname, '..', '..');
const loaded = loadTopology(
  readFileSync(join(root, 'test', 'fixtures', 'seeds', 'seed-000-swarm.yaml'), 'utf8'),
);
if (!loaded.topology) throw new Error('seed 000 does not load');
const script = renderFiles(loaded.topology, {
  templates: loadTemplates(join(root, 'templates')),
  toolVersion: 'test',
}).find((file) => file.kind === 'network.sh')?.contents;

const work = mkdtempSync(join(tmpdir(), 'ddbt-network-script-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the script with a fake docker whose `network inspect` prints `found` (none: no network). */
function run(found: string | undefined) {
  const bin = mkdtempSync(join(work, 'bin-'));
  const calls = join(bin, 'calls');
  writeFileSync(
    join(bin, 'docker'),
    [
      '#!/bin/sh',
      `echo "$*" >> '${calls}'`,
      'case "$1 $2" in',
      found === undefined ? '  "network inspect") exit 1 ;;' : `  "network inspect") echo '${found}' ;;`,
      'esac',
      'exit 0',
    ].join('\n'),
  );
  chmodSync(join(bin, 'docker'), 0o755);
  writeFileSync(calls, '');
  const result = spawnSync('sh', ['-c', script ?? 'exit 99'], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin` },
  });
  return { ...result, calls: readFileSync(calls, 'utf8') };
}

describe('network.sh (mode swarm)', () => {
  it('creates the overlay with an ip range outside the fixed addresses and an explicit gateway', () => {
    const result = run(undefined);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('network ddb_overlay created');
    expect(result.calls).toContain(
      'network create -d overlay --attachable --subnet 10.5.0.0/16 --ip-range 10.5.255.0/24 --gateway 10.5.0.1 ddb_overlay',
    );
  });

  it('keeps a network that is this deployment’s, and one made by hand on the same subnet', () => {
    const same = run('overlay true 10.5.0.0/16 10.5.255.0/24');
    expect([same.status, same.stdout.trim()]).toEqual([0, 'network ddb_overlay exists']);
    const byHand = run('overlay true 10.5.0.0/16 ');
    expect(byHand.status).toBe(0);
    expect(byHand.stdout).toContain('made without --ip-range 10.5.255.0/24');
    expect(same.calls + byHand.calls).not.toContain('network create');
  });

  it('refuses a network of the same name that is not an attachable overlay on the subnet', () => {
    for (const found of [
      'bridge false 10.5.0.0/16 ',
      'overlay false 10.5.0.0/16 ',
      'overlay true 10.9.0.0/16 ',
    ]) {
      const result = run(found);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(
        `network ddb_overlay exists but is not this deployment's: ${found.trim()}`,
      );
      expect(result.calls).not.toContain('network create');
    }
  });
});
