import type { Topology } from '../../source/model/topology.js';
import { licenceTyped } from './fake-services.js';
import { blankHost, initialWizardState, type WizardState } from '../../source/wizard/wizard-state.js';

/**
 * A wizard state on `step` for `mode` with hosts at the given addresses, every other answer empty
 * but the licence: modes with Raft controllers exceed the community licence, so those get the
 * licence file of the fake services, already read.
 */
export function stateWith(
  step: WizardState['step'],
  mode: NonNullable<WizardState['mode']>,
  addresses: readonly string[],
  changes: Partial<WizardState> = {},
): WizardState {
  const initial = initialWizardState();
  const raft = mode === 'ha' || mode === 'pseudo-ha' || mode === 'swarm';
  return {
    ...initial,
    ...(raft ? withLicence(initial) : {}),
    step,
    mode,
    hosts: addresses.map((address, index) => ({ ...blankHost(index + 1, {}), address, user: 'root' })),
    nextHostId: addresses.length + 1,
    ...changes,
  };
}

export const threeHosts = ['10.0.0.80', '10.0.0.81', '10.0.0.82'] as const;

/** HA on three hosts, not one count per host: P1 runs two data nodes and the only compute node. */
export const nonUniformTopology: Topology = {
  format: 'ddb-setup/v1',
  name: 'demo',
  mode: 'ha',
  server: { version: '2.00.11.3' },
  deployDir: '/opt/dolphindb',
  ssh: { user: 'root' },
  hosts: [
    { name: 'P1', address: '10.0.0.80' },
    {
      name: 'P2',
      address: '10.0.0.81',
      ssh: { address: '203.0.113.7', port: 2222 },
      deployDir: '/data/dolphindb',
    },
    { name: 'P3', address: '10.0.0.82' },
  ],
  nodes: [
    { alias: 'controller1', mode: 'controller', host: 'P1', port: 8800 },
    { alias: 'controller2', mode: 'controller', host: 'P2', port: 8800 },
    { alias: 'controller3', mode: 'controller', host: 'P3', port: 8800 },
    { alias: 'agent1', mode: 'agent', host: 'P1', port: 8801 },
    { alias: 'dn-a', mode: 'datanode', host: 'P1', port: 8802 },
    { alias: 'dn-b', mode: 'datanode', host: 'P1', port: 8810 },
    { alias: 'cn-1', mode: 'computenode', host: 'P1', port: 8803 },
    { alias: 'agent2', mode: 'agent', host: 'P2', port: 8801 },
    { alias: 'datanode3', mode: 'datanode', host: 'P2', port: 8802 },
    { alias: 'agent3', mode: 'agent', host: 'P3', port: 8801 },
    { alias: 'datanode4', mode: 'datanode', host: 'P3', port: 8802 },
  ],
  config: {
    controller: { dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 1 },
    agent: {},
    cluster: { maxMemSize: 16, 'dn-a.volumes': '/ssd1/dn-a' },
  },
};

/** The licence answer of the fake services' licence file, read. */
export function withLicence(state: WizardState): Pick<WizardState, 'options' | 'licences'> {
  return {
    options: { ...state.options, license: licenceTyped },
    licences: {
      ...state.licences,
      [`file:${licenceTyped}`]: {
        kind: 'terms',
        maxNodes: 40,
        maxMemoryPerNode: 64,
        expires: '2042.01.01',
        clientName: 'ACME Corp',
      },
    },
  };
}
