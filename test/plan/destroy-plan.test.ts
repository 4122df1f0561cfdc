/**
 * The destroy plans: every process stopped in stop's order first; on each host the removal waits
 * for that host's own stops only, names exactly the files render writes there (and the applied
 * topology deploy records), and keeps data
 * unless asked; in mode swarm containers go, then the network, then the workers leave, the manager
 * last, and the files only after the host left (its marker says what to leave).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStep } from '../../source/deploy/tasks.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { formatPlan } from '../../source/plan/format-plan.js';
import { planOperation } from '../../source/plan/planners.js';
import type { ActionOf, Plan } from '../../source/plan/plan.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { step } from '../helpers/plans.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));

function load(name: string): Topology {
  const loaded = loadTopology(readFileSync(join(fixtures, `${name}.yaml`), 'utf8'));
  if (!loaded.topology) throw new Error(`${name}: ${JSON.stringify(loaded.issues)}`);
  return loaded.topology;
}

function destroy(topology: Topology, data = false): Plan {
  const files = renderFiles(topology, { templates, toolVersion: '0.0.0-test' });
  return planOperation('destroy', topology, files, '/work/topologies', { data });
}

function removal(plan: Plan, host: string): ActionOf<'remove-created'> {
  const { action } = step(plan, `${host}/remove`);
  if (action.type !== 'remove-created') throw new Error(`${host}/remove is ${action.type}`);
  return action;
}

/** Index of a step in the plan: what runs after what. */
const at = (plan: Plan, id: string) => plan.steps.findIndex((s) => s.id === id);

describe('destroy plan, modes over SSH', () => {
  const topology = load('seed-001-ha');
  const plan = destroy(topology);
  const files = renderFiles(topology, { templates, toolVersion: '0.0.0-test' });

  it('stops every process in stop order, tolerating a stop.sh an earlier destroy removed', () => {
    const stops = plan.steps.filter((s) => s.action.type === 'stop-node' || s.action.type === 'stop-workers');
    expect(stops.map((s) => s.id)).toEqual(plan.steps.filter((s) => s.phase !== 'remove').map((s) => s.id));
    for (const s of stops) if (s.action.type === 'stop-node') expect(s.action.scriptMayBeGone).toBe(true);
    // Without a leader, data nodes still running are left to the removal on their hosts.
    expect(step(plan, 'stop-workers').action).toMatchObject({ leftToHosts: true });
  });

  it('removes on each host exactly the files render writes there and the applied topology, after that host’s stops only', () => {
    for (const host of plan.hosts) {
      const action = removal(plan, host);
      expect(action.files).toEqual([
        ...files.filter((f) => f.host === host).map((f) => f.path),
        `${action.root}/.ddb-setup-topology.yaml`,
      ]);
      expect(action.data).toBe(false);
      const own = plan.steps.filter((s) => s.host === host && s.phase !== 'remove').map((s) => s.id);
      expect(step(plan, `${host}/remove`).after).toEqual(['stop-workers', ...own]);
    }
  });

  it('data is every process directory of the host, the cluster directory its root, and --data sets it', () => {
    const host = plan.hosts[0] ?? '';
    const action = removal(plan, host);
    const nodes = topology.nodes.filter((n) => n.host === host).map((n) => n.alias);
    expect(action.root).toMatch(new RegExp(`/${topology.name}$`));
    expect(action.dataDirs).toEqual(nodes.map((alias) => `${action.root}/nodes/${alias}`));
    expect(action.packageDir).toBe(`${action.root}/server`);
    expect(action.dirs.at(-1)).toBe(`${action.root}/server`);
    expect(removal(destroy(topology, true), host).data).toBe(true);
  });

  it('plan prints it for destroy, with the removal script verbatim', () => {
    const text = formatPlan(plan, describeStep, 'destroy');
    expect(text).toContain('`ddb-setup destroy` carries them out');
    expect(text).toContain('remove what ddb-setup created in');
    expect(text).toContain('echo "kept $d: data (destroy --data removes it)"');
  });
});

describe('destroy plan, mode swarm', () => {
  const topology = load('seed-000-swarm');
  const plan = destroy(topology);
  const swarm = topology.swarm;
  if (!swarm) throw new Error('seed 000 is a swarm');
  const containers = plan.steps.filter((s) => s.action.type === 'remove-container');
  const leaves = plan.steps.filter((s) => s.action.type === 'leave-swarm');

  it('removes each container after its own stop, then the network, then the workers leave, the manager last', () => {
    expect(containers.length).toBeGreaterThan(0);
    for (const s of containers) {
      expect(s.after).toContain(`stop/${s.node ?? ''}`);
      expect(at(plan, s.id)).toBeGreaterThan(at(plan, `stop/${s.node ?? ''}`));
    }
    const network = step(plan, 'network/remove');
    expect([...network.after].sort()).toEqual(containers.map((s) => s.id).sort());
    expect(network.host).toBe(swarm.manager);
    const manager = step(plan, `${swarm.manager}/leave`);
    const workers = leaves.filter((s) => s.host !== swarm.manager);
    expect(workers.length).toBe(plan.hosts.length - 1);
    for (const w of workers) {
      expect(w.after).toEqual(['network/remove']);
      expect(w.action).toMatchObject({ role: 'worker', manager: swarm.manager });
    }
    expect(manager.after).toEqual(['network/remove', ...workers.map((s) => s.id)]);
    expect(manager.action).toMatchObject({ role: 'manager' });
  });

  it('removes the files under dataDir only after the host left, data kept', () => {
    for (const host of plan.hosts) {
      const action = removal(plan, host);
      expect(action.root).toBe(swarm.dataDir.replace(/\/+$/, ''));
      expect(step(plan, `${host}/remove`).after).toContain(`${host}/leave`);
      expect(action.dataDirs.every((dir) => dir.startsWith(`${action.root}/cluster/`))).toBe(true);
      expect(action.data).toBe(false);
      expect(action.packageDir).toBeUndefined();
    }
  });

  it('deploy records in the marker the swarm it formed or joined and the network it created', () => {
    const deploy = planOperation(
      'deploy',
      topology,
      renderFiles(topology, { templates, toolVersion: '0.0.0-test' }),
      '/work/topologies',
    );
    const text = formatPlan(deploy, describeStep);
    expect(text).toContain("'swarm formed by ddb-setup'");
    expect(text).toContain("'swarm joined by ddb-setup'");
    expect(text).toContain(`'network ${swarm.network.name} created by ddb-setup'`);
  });
});
