import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { planTopology } from '../../source/plan/planners.js';
import { describeStep } from '../../source/deploy/tasks.js';
import { formatPlan } from '../../source/plan/format-plan.js';
import { packageSourceOf } from '../../source/plan/package-source.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));

function load(name: string): Topology {
  const loaded = loadTopology(readFileSync(join(fixtures, `${name}.yaml`), 'utf8'));
  if (!loaded.topology) throw new Error(`${name}: ${JSON.stringify(loaded.issues)}`);
  return loaded.topology;
}

function planFor(topology: Topology) {
  return planTopology(
    topology,
    renderFiles(topology, { templates, toolVersion: '0.0.0-test' }),
    '/work/topologies',
  );
}

describe('buildPlan', () => {
  it.each(['seed-001-ha', 'seed-002-cluster', 'seed-003-pseudo-ha-two-servers', 'single'])(
    '%s: the plan as `ddb-setup plan` prints it',
    async (name) => {
      await expect(formatPlan(planFor(load(name)), describeStep)).toMatchFileSnapshot(
        join('..', 'golden', `plan-${name}.txt`),
      );
    },
  );

  it('starts all Raft controllers, then waits for a leader, then agents, then workers through the leader', () => {
    const plan = planFor(load('seed-001-ha'));
    const byId = new Map(plan.steps.map((step) => [step.id, step]));
    const controllerStarts = plan.steps.filter((s) => s.phase === 'start-controllers').map((s) => s.id);
    expect(controllerStarts).toHaveLength(3);
    expect(byId.get('elect')?.after).toEqual(controllerStarts);
    for (const agent of plan.steps.filter((s) => s.phase === 'start-agents'))
      expect(agent.after).toContain('elect');
    expect(byId.get('start-workers')?.after).toEqual(
      plan.steps.filter((s) => s.phase === 'start-agents').map((s) => s.id),
    );
    expect(byId.get('verify')?.after).toEqual(['start-workers']);
  });

  it('transfers the package once per host and writes each host only its own files', () => {
    const topology = load('seed-002-cluster');
    const plan = planFor(topology);
    const transfers = plan.steps.filter((s) => s.action.type === 'transfer-package');
    expect(transfers.map((s) => s.host)).toEqual(plan.hosts);
    for (const step of plan.steps) {
      if (step.action.type !== 'write-files') continue;
      expect(new Set(step.action.files.map((f) => f.host))).toEqual(new Set([step.host]));
    }
  });

  it('resolves a relative package path against the topology file directory', () => {
    const topology = { ...load('single'), server: { version: '2.00.11.3', package: 'pkgs/ddb.zip' } };
    expect(packageSourceOf(topology, '/work/topologies')).toEqual({
      kind: 'file',
      path: '/work/topologies/pkgs/ddb.zip',
      fileName: 'ddb.zip',
    });
    expect(packageSourceOf({ ...topology, server: { version: '3.00.2' } }, '/x')).toEqual({
      kind: 'url',
      url: 'https://www.dolphindb.cn/downloads/DolphinDB_Linux64_V3.00.2.zip',
      fileName: 'DolphinDB_Linux64_V3.00.2.zip',
    });
  });

  it('quotes every path it puts in a remote command', () => {
    const topology = { ...load('single'), deployDir: "/opt/it's" };
    const text = formatPlan(planFor(topology), describeStep);
    expect(text).toContain(`mkdir -p '/opt/it'\\''s/`);
  });
});
