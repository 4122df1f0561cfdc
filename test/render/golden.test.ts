import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles, type RenderedFile } from '../../source/render/render-files.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));
const cases = [
  'seed-002-cluster',
  'seed-001-ha',
  'seed-003-pseudo-ha-one-server',
  'seed-003-pseudo-ha-two-servers',
  'seed-000-swarm',
  'single',
] as const;

function load(name: string): Topology {
  const loaded = loadTopology(readFileSync(join(fixtures, `${name}.yaml`), 'utf8'));
  if (!loaded.topology) throw new Error(`${name}: ${JSON.stringify(loaded.issues)}`);
  return loaded.topology;
}

/** All files of a deployment as one reviewable text: a header line per file, then its contents. */
function asText(files: readonly RenderedFile[]): string {
  return files
    .map(
      (f) => `==> ${f.host}:${f.path} [${f.node ?? '-'} ${f.kind} ${f.fileMode.toString(8)}]\n${f.contents}`,
    )
    .join('\n');
}

const dolphinConfigKinds = new Set([
  'dolphindb.cfg',
  'controller.cfg',
  'agent.cfg',
  'cluster.nodes',
  'cluster.cfg',
]);

describe.each(cases)('%s', (name) => {
  const topology = load(name);
  const files = renderFiles(topology, { templates, toolVersion: '0.1.0' });

  it('validates without errors', () => {
    expect(validateTopology(topology).filter((issue) => issue.level === 'error')).toEqual([]);
  });

  it('renders the reviewed golden files', async () => {
    await expect(asText(files)).toMatchFileSnapshot(join('..', 'golden', `${name}.txt`));
  });

  it("writes DolphinDB's files with a non-blank first line, no comments and a final newline", () => {
    for (const file of files.filter((f) => dolphinConfigKinds.has(f.kind))) {
      const lines = file.contents.split('\n');
      expect(lines[0]?.trim(), file.path).not.toBe('');
      expect(
        lines.filter((line) => line.startsWith('#')),
        file.path,
      ).toEqual([]);
      expect(file.contents.endsWith('\n') && !file.contents.endsWith('\n\n'), file.path).toBe(true);
    }
  });

  it('gives every controller the same cluster.nodes and cluster.cfg', () => {
    for (const kind of ['cluster.nodes', 'cluster.cfg'] as const) {
      const copies = new Set(files.filter((f) => f.kind === kind).map((f) => f.contents));
      expect(copies.size, kind).toBe(topology.mode === 'single' ? 0 : 1);
    }
  });

  it('writes each path once per host', () => {
    const keys = files.map((f) => `${f.host}:${f.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
