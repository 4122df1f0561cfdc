/** An opened topology's rows survive unrelated edits; per-host counts build the rows they say. */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';
import { currentTopology } from '../../source/wizard/wizard-topology.js';
import {
  initialWizardState,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../source/wizard/wizard-state.js';
import { nonUniformTopology } from '../helpers/wizard-states.js';
import { templateTopology } from '../../source/model/template-topology.js';
import { optionsFields } from '../../source/wizard/options-fields.js';
import { assessWizard } from '../../source/wizard/wizard-selectors.js';

/**
 * Pseudo-HA on two hosts with their own names, controllers not where the template puts them
 * (1 and 2 on db1) and rows in per-host order: no set of counts rebuilds these rows.
 */
const ownNames: Topology = {
  format: 'ddb-setup/v1',
  name: 'ph',
  mode: 'pseudo-ha',
  server: { version: '2.00.11.3' },
  hosts: [
    { name: 'db1', address: '10.0.0.80' },
    { name: 'db2', address: '10.0.0.81' },
  ],
  nodes: [
    { alias: 'ctl1', mode: 'controller', host: 'db1', port: 9000 },
    { alias: 'ctl2', mode: 'controller', host: 'db1', port: 9001 },
    { alias: 'agentA', mode: 'agent', host: 'db1', port: 9002 },
    { alias: 'dataA', mode: 'datanode', host: 'db1', port: 9003 },
    { alias: 'ctl3', mode: 'controller', host: 'db2', port: 9000 },
    { alias: 'agentB', mode: 'agent', host: 'db2', port: 9002 },
    { alias: 'dataB', mode: 'datanode', host: 'db2', port: 9003 },
  ],
  config: { controller: { dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 1 }, agent: {}, cluster: {} },
};

function open(topology: Topology, ...actions: WizardAction[]): WizardState {
  return [{ type: 'openTopology', file: '/t/demo.yaml', topology } as WizardAction, ...actions].reduce(
    wizardReducer,
    initialWizardState(),
  );
}

function errors(topology: Topology): string[] {
  return validateTopology(topology)
    .filter((issue) => issue.level === 'error')
    .map((issue) => `${issue.path}: ${issue.message}`);
}

describe('an opened topology whose layout is not one count per host', () => {
  it.each([
    ['nonUniformTopology', nonUniformTopology],
    ['ownNames', ownNames],
  ])('%s is a valid file to start from', (_name, topology) => {
    expect(errors(topology)).toEqual([]);
  });

  it('is written back identically when an unrelated option changes, but for that option', () => {
    const state = open(nonUniformTopology, { type: 'updateOptions', changes: { replicationFactor: '3' } });
    expect(state.opened).toBeUndefined();
    const { topology, problems } = currentTopology(state);
    expect(problems).toEqual([]);
    expect(topology).toEqual({
      ...nonUniformTopology,
      config: {
        ...nonUniformTopology.config,
        controller: { dfsReplicationFactor: 3, dfsReplicaReliabilityLevel: 1 },
      },
    });
  });

  it('round-trips identically through the answers when nothing changes', () => {
    const state = open(nonUniformTopology, { type: 'updateOptions', changes: { replicationFactor: '2' } });
    expect(currentTopology(state).topology).toEqual(nonUniformTopology);
  });

  it('keeps every row, host name and placement when a host’s SSH user changes', () => {
    const state = open(ownNames, { type: 'updateHost', id: 2, changes: { user: 'deploy' } });
    const topology = currentTopology(state).topology;
    expect(topology?.nodes).toEqual(ownNames.nodes);
    expect(topology?.hosts).toEqual([
      { name: 'db1', address: '10.0.0.80' },
      { name: 'db2', address: '10.0.0.81', ssh: { user: 'deploy' } },
    ]);
    expect(errors(topology ?? ownNames)).toEqual([]);
  });

  it('shows the per-host counts, aliases and ports on the Layout screen', () => {
    const { layout } = open(nonUniformTopology);
    expect(layout).toMatchObject({
      datanodes: '2,1,1',
      computenodes: '1,0,0',
      controllers: '3',
      basePort: '8800',
      aliases: { datanode1: 'dn-a', datanode2: 'dn-b', computenode1: 'cn-1' },
      ports: { datanode2: '8810', computenode1: '8803' },
    });
  });

  it('keys a volume typed on Options by the node it was typed for, before and after the first edit', () => {
    // dn-a answers to the template's datanode1 while the file is still exact and once it is a draft.
    const opened = open(nonUniformTopology);
    expect(currentTopology(opened).generated.slice(3, 7)).toEqual([
      'agent1',
      'datanode1',
      'datanode2',
      'computenode1',
    ]);
    const state = wizardReducer(opened, {
      type: 'updateOptions',
      changes: { volumes: { datanode2: '/ssd2/dn-b' } },
    });
    expect(currentTopology(state).topology?.config?.cluster).toEqual({
      maxMemSize: 16,
      'dn-a.volumes': '/ssd1/dn-a',
      'dn-b.volumes': '/ssd2/dn-b',
    });
  });

  it('rebuilds from the counts once the layout itself changes, keeping the aliases and ports it can', () => {
    const state = open(nonUniformTopology, { type: 'updateLayout', changes: { datanodes: '2,2,1' } });
    expect(state.layout.kept).toBeUndefined();
    const topology = currentTopology(state).topology;
    expect(topology?.nodes.map((n) => `${n.host} ${n.alias}:${n.port}`)).toEqual([
      'P1 controller1:8800',
      'P2 controller2:8800',
      'P3 controller3:8800',
      'P1 agent1:8801',
      'P1 dn-a:8802',
      'P1 dn-b:8810',
      'P1 cn-1:8803',
      'P2 agent2:8801',
      'P2 datanode3:8802',
      'P2 datanode4:8803',
      'P3 agent3:8801',
      'P3 datanode5:8802',
    ]);
    expect(errors(topology ?? nonUniformTopology)).toEqual([]);
  });

  it.each<[string, WizardAction]>([
    ['adding a host', { type: 'addHost' }],
    ['removing a host', { type: 'removeHost', id: 3 }],
    ['choosing another mode', { type: 'selectMode', mode: 'cluster' }],
    ['typing an alias', { type: 'updateLayout', changes: { aliases: { agent1: 'ag1' } } }],
  ])('drops the kept rows on %s', (_name, action) => {
    expect(open(nonUniformTopology).layout.kept).toBeDefined();
    expect(open(nonUniformTopology, action).layout.kept).toBeUndefined();
  });

  it('keeps them when the same mode is chosen again', () => {
    const state = open(ownNames, { type: 'goBack' }, { type: 'selectMode', mode: 'pseudo-ha' });
    expect(currentTopology(state).topology?.nodes).toEqual(ownNames.nodes);
  });
});

describe('per-host counts', () => {
  const hosts = ['10.0.0.80', '10.0.0.81', '10.0.0.82'];
  function state(datanodes: string, computenodes: string): WizardState {
    const opened = open(nonUniformTopology);
    return wizardReducer(
      { ...opened, hosts: opened.hosts.map((host, index) => ({ ...host, address: hosts[index] ?? '' })) },
      { type: 'updateLayout', changes: { datanodes, computenodes, aliases: {}, ports: {} } },
    );
  }

  it('put on each host the data and compute nodes its count says, ports per host from the base', () => {
    const { topology, problems } = currentTopology(state('1,3,1', '0,0,2'));
    expect(problems).toEqual([]);
    expect(topology?.nodes.slice(3).map((n) => `${n.host} ${n.mode} ${n.alias}:${n.port}`)).toEqual([
      'P1 agent agent1:8801',
      'P1 datanode datanode1:8802',
      'P2 agent agent2:8801',
      'P2 datanode datanode2:8802',
      'P2 datanode datanode3:8803',
      'P2 datanode datanode4:8804',
      'P3 agent agent3:8801',
      'P3 datanode datanode5:8802',
      'P3 computenode computenode1:8803',
      'P3 computenode computenode2:8804',
    ]);
  });

  it('give a host with neither no agent', () => {
    const { topology } = currentTopology(state('2,2,0', '0'));
    expect(topology?.nodes.filter((n) => n.host === 'P3').map((n) => n.alias)).toEqual(['controller3']);
    expect(errors(topology ?? nonUniformTopology)).toEqual([]);
  });

  it.each([
    ['2,1', 'give one count per server: 3 counts, not 2'],
    ['2,x,1', 'give a whole number from 0 to 64, or one per host in order, e.g. 2,1,1'],
    ['0,0,0', 'a cluster stores its data on data nodes: give 1 or more'],
  ])('say what is wrong with %s on the count', (datanodes, message) => {
    expect(currentTopology(state(datanodes, '')).problems).toEqual([
      { step: 'layout', field: 'datanodes', message },
    ]);
  });
});

describe('an opened swarm topology', () => {
  const swarmFile: Topology = {
    ...templateTopology({ mode: 'swarm', addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'] }),
    swarm: {
      manager: 'P1',
      image: 'registry.lan:5000/dolphindb:v2.00.11.3',
      imageArchive: './images/ddb.tar.gz',
      network: { name: 'ddb_net', subnet: '10.9.0.0/16' },
      dataDir: '/data/ddbdocker',
      ipRange: '10.9.200.0/24',
    },
  };

  it('keeps its image, archive, network, data directory and ip range when an answer changes', () => {
    expect(errors(swarmFile)).toEqual([]);
    const state = open(swarmFile, { type: 'updateOptions', changes: { maxMemSize: '6' } });
    expect(state.opened).toBeUndefined();
    const { topology } = currentTopology(state);
    expect(topology?.swarm).toEqual(swarmFile.swarm);
    expect(topology?.config?.cluster?.['maxMemSize']).toBe(6);
  });

  it('asks for the Docker image and its archive instead of a server package', () => {
    const state = open(swarmFile, { type: 'updateOptions', changes: { imageArchive: '/srv/other.tar' } });
    const labels = optionsFields(state.options, assessWizard(state), state.mode).map((field) => field.label);
    expect(labels).toEqual(expect.arrayContaining(['Docker image', 'Image archive']));
    expect(labels).not.toContain('Package');
    expect(currentTopology(state).topology?.swarm?.imageArchive).toBe('/srv/other.tar');
  });
});
