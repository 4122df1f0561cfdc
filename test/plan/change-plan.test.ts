/**
 * The change of a running cluster as a plan (facts §12): which steps, in which order, for nodes
 * added and removed online, config keys rolled, and controllers moved with the cluster stopped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import { planChange } from '../../source/plan/planners.js';
import type { Plan, Step } from '../../source/plan/plan.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { edited, factsHaText, seed003MovedToThree, topologyOf } from './topologies.js';

const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));
const ha = topologyOf(factsHaText);

function changeOf(applied: Topology, wanted: Topology): Plan {
  const files = renderFiles(wanted, { templates, toolVersion: '0.0.0-test' });
  const plan = planChange(wanted, files, '/work', applied);
  if (!plan) throw new Error('no change plan');
  return plan;
}

const ids = (plan: Plan) => plan.steps.map((step) => step.id);
const step = (plan: Plan, id: string): Step => {
  const found = plan.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${ids(plan).join(' ')}`);
  return found;
};
/** Every step `id` waits for, directly or through others. */
function before(plan: Plan, id: string): Set<string> {
  const seen = new Set<string>();
  const visit = (at: string) => {
    for (const dep of step(plan, at).after)
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
  };
  visit(id);
  return seen;
}

describe('planChange: online', () => {
  it('a data node added on P2 is added on the leader after the agents start, before the workers start; files written on every host', () => {
    const wanted = edited(ha, (t) => {
      t.nodes.push({ alias: 'datanode4', mode: 'datanode', host: 'P2', port: 8804 });
    });
    const plan = changeOf(ha, wanted);
    const add = step(plan, 'add-nodes');
    expect(add.action).toMatchObject({
      type: 'add-nodes',
      nodes: [{ node: { alias: 'datanode4', address: '10.0.0.81', port: 8804 }, mode: 'datanode' }],
    });
    expect([...before(plan, 'add-nodes')]).toEqual(
      expect.arrayContaining(['start/agent1', 'start/agent2', 'start/agent3']),
    );
    expect(step(plan, 'start-workers').after).toEqual(['add-nodes']);
    expect(ids(plan)).toEqual(expect.arrayContaining(['P1/configure', 'P2/configure', 'P3/configure']));
    // Nothing stops or restarts, nothing is counted: an online change.
    expect(plan.steps.filter((s) => /^(stop|restart|snapshot)/.test(s.id))).toEqual([]);
    expect(ids(plan).slice(-3)).toEqual(['P1/record', 'P2/record', 'P3/record']);
  });

  it('a new server P4 is prepared, its agent started, then its nodes added', () => {
    const wanted = edited(ha, (t) => {
      t.hosts.push({ name: 'P4', address: '10.0.0.83' });
      t.nodes.push(
        { alias: 'agent4', mode: 'agent', host: 'P4', port: 8801 },
        { alias: 'datanode4', mode: 'datanode', host: 'P4', port: 8802 },
      );
    });
    const plan = changeOf(ha, wanted);
    expect(plan.hosts).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect([...before(plan, 'start/agent4')]).toEqual(
      expect.arrayContaining(['P4/prepare', 'P4/package', 'P4/configure']),
    );
    expect([...before(plan, 'add-nodes')]).toContain('start/agent4');
  });

  it('a compute node removed is stopped first, before any host is touched; a removed agent after its workers', () => {
    const wanted = edited(ha, (t) => {
      t.nodes = t.nodes.filter((n) => n.alias !== 'computenode3');
    });
    const plan = changeOf(ha, wanted);
    expect(plan.steps[0]).toMatchObject({
      id: 'remove-workers',
      action: { type: 'remove-workers', workers: [{ alias: 'computenode3' }], dataNodes: [] },
    });
    for (const host of ['P1', 'P2', 'P3'])
      expect(step(plan, `${host}/prepare`).after).toContain('remove-workers');
    expect(ids(plan)).not.toContain('add-nodes');
  });

  it('a cluster.cfg key restarts the running data and compute nodes one at a time, after the verify, before the record', () => {
    const wanted = edited(ha, (t) => {
      t.config = { ...t.config, cluster: { TSDBCacheEngineSize: 4 } };
    });
    const plan = changeOf(ha, wanted);
    const restarts = plan.steps.filter((s) => s.id.startsWith('restart/'));
    expect(restarts.map((s) => s.id)).toEqual([
      'restart/datanode1',
      'restart/computenode1',
      'restart/datanode2',
      'restart/computenode2',
      'restart/datanode3',
      'restart/computenode3',
    ]);
    expect(restarts[0]?.after).toEqual(['verify']);
    restarts.slice(1).forEach((s, i) => expect(s.after).toEqual([restarts[i]?.id]));
    expect(restarts[0]?.action).toMatchObject({ type: 'restart-worker', dataNode: true });
    expect(step(plan, 'P1/record').after).toEqual(['restart/computenode3']);
  });

  it('a controller.cfg key restarts the controllers one at a time with their scripts', () => {
    const wanted = edited(ha, (t) => {
      t.config = { ...t.config, controller: { ...t.config?.controller, dfsRecoveryWaitTime: 60000 } };
    });
    const plan = changeOf(ha, wanted);
    const restarts = plan.steps.filter((s) => s.id.startsWith('restart/'));
    expect(restarts.map((s) => s.id)).toEqual([
      'restart/controller1',
      'restart/controller2',
      'restart/controller3',
    ]);
    expect(restarts[0]?.action).toMatchObject({
      type: 'restart-node',
      role: 'controller',
      raft: true,
      process: { start: '/opt/dolphindb/demo/nodes/controller1/start.sh' },
      configFiles: expect.arrayContaining(['/opt/dolphindb/demo/nodes/controller1/config/controller.cfg']),
    });
  });
});

describe('planChange: controllers (seed 003)', () => {
  it('pseudo-HA on two servers → three: snapshot, everything stopped, configs backed up, controller3 copied, all written and started, databases checked', () => {
    const { pseudo, wanted } = seed003MovedToThree();
    const plan = changeOf(pseudo, wanted);
    const copy = step(plan, 'copy/controller3');
    expect(copy.action).toMatchObject({
      type: 'copy-node-dir',
      from: { host: 'server1' },
      to: { host: 'server3' },
    });
    const stops = ids(plan).filter((id) => id.startsWith('stop'));
    expect(stops.length).toBeGreaterThan(0);
    // The snapshot is taken before anything stops; the new server gets its package meanwhile.
    for (const id of stops)
      expect([...before(plan, id)]).toEqual(
        expect.arrayContaining(['snapshot-databases', 'server3/package']),
      );
    expect([...before(plan, 'copy/controller3')]).toEqual(expect.arrayContaining(stops));
    // An early copy while the cluster runs, before anything stops: the stop waits for it.
    expect(step(plan, 'seed/controller3').action).toMatchObject({ type: 'copy-node-dir', seed: true });
    for (const id of stops) expect([...before(plan, id)]).toContain('seed/controller3');
    expect([...before(plan, 'server3/configure')]).toContain('copy/controller3');
    expect([...before(plan, 'server1/configure')]).toContain('server1/backup-configs');
    expect([...before(plan, 'start/controller3')]).toContain('server3/configure');
    expect(step(plan, 'verify-databases').after).toEqual(['verify']);
    const snapshot = step(plan, 'snapshot-databases').action;
    const verify = step(plan, 'verify-databases').action;
    expect(
      snapshot.type === 'snapshot-databases' &&
        verify.type === 'verify-databases' &&
        snapshot.record === verify.record,
    ).toBe(true);
    expect(ids(plan).filter((id) => id.endsWith('/record'))).toEqual([
      'server1/record',
      'server2/record',
      'server3/record',
    ]);
    expect(step(plan, 'server1/record').after).toEqual(['verify-databases']);
  });

  it('3 → 5 controllers: the three that carry the metadata are kept, the two new ones start empty, nothing is copied', () => {
    const wanted = edited(ha, (t) => {
      t.hosts.push({ name: 'P4', address: '10.0.0.83' }, { name: 'P5', address: '10.0.0.84' });
      t.nodes.push(
        { alias: 'controller4', mode: 'controller', host: 'P4', port: 8800 },
        { alias: 'controller5', mode: 'controller', host: 'P5', port: 8800 },
      );
    });
    const plan = changeOf(ha, wanted);
    expect(ids(plan).filter((id) => id.startsWith('copy/'))).toEqual([]);
    expect(ids(plan)).toEqual(
      expect.arrayContaining([
        'snapshot-databases',
        'P4/prepare',
        'P5/prepare',
        'start/controller5',
        'verify-databases',
      ]),
    );
    expect(step(plan, 'elect').action).toMatchObject({
      controllers: expect.arrayContaining([expect.objectContaining({ alias: 'controller5' })]),
    });
  });
});
