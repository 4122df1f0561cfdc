import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { planTopology } from '../../source/plan/planners.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { seed } from './topologies.js';

const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));

function deployPlan(topology: Topology) {
  return planTopology(topology, renderFiles(topology, { templates, toolVersion: '0.0.0-test' }), '/work');
}

describe('the applied topology in a deploy plan', () => {
  it('is recorded on every host, after the whole cluster was verified, as the last steps', () => {
    const topology = seed('seed-001-ha');
    const plan = deployPlan(topology);
    const last = plan.steps.slice(-3);
    expect(last.map((step) => step.id)).toEqual(['P1/record', 'P2/record', 'P3/record']);
    // After the licence reaches the running nodes, which comes after the whole cluster was verified.
    expect(last.every((step) => step.after.length === 1 && step.after[0] === 'apply-license')).toBe(true);
    expect(plan.steps.find((step) => step.id === 'apply-license')?.after).toEqual(['verify']);
    expect(last.map((step) => step.action)).toEqual(
      ['P1', 'P2', 'P3'].map(() =>
        expect.objectContaining({
          type: 'record-topology',
          path: '/DolphinDB/demo/.ddb-setup-topology.yaml',
        }),
      ),
    );
  });

  it('holds the topology itself: read back, it is the one deployed', () => {
    const topology = seed('seed-003-pseudo-ha-two-servers');
    const action = deployPlan(topology).steps.at(-1)?.action;
    if (action?.type !== 'record-topology') throw new Error('the last step records the topology');
    expect(action.contents).toMatch(/^# The topology ddb-setup deploy last applied/);
    const back = loadTopology(action.contents).topology;
    expect(back?.nodes).toEqual(topology.nodes);
    expect(back?.hosts).toEqual(topology.hosts);
    expect(back?.config).toEqual(topology.config);
    expect(back?.server).toEqual(topology.server);
    expect(back?.deployDir).toBe(topology.deployDir);
  });

  it("keeps swarm's optional imageArchive and ipRange: read back, the swarm section is the one deployed", () => {
    const swarm = seed('seed-000-swarm');
    if (!swarm.swarm) throw new Error('seed 000 has its swarm section');
    const topology = {
      ...swarm,
      swarm: { ...swarm.swarm, imageArchive: './ddb-image.tar', ipRange: '10.5.255.0/24' },
    };
    const record = deployPlan(topology).steps.find((step) => step.action.type === 'record-topology')?.action;
    if (record?.type !== 'record-topology') throw new Error('a deploy plan records the topology');
    expect(loadTopology(record.contents).topology?.swarm).toEqual(topology.swarm);
  });

  it('in mode swarm lives in swarm.dataDir, beside the marker', () => {
    const topology = seed('seed-000-swarm');
    const records = deployPlan(topology).steps.filter((step) => step.action.type === 'record-topology');
    expect(records.length).toBeGreaterThan(0);
    for (const step of records)
      expect(step.action).toMatchObject({ path: `${topology.swarm?.dataDir}/.ddb-setup-topology.yaml` });
  });
});
