import { describe, it } from 'vitest';
import type { Topology, TopologyNode } from '../../source/model/topology.js';
import { base, edit, err, expectRule, nodeAt, warn, type RuleCase } from './helpers.js';

/** One host whose only worker, datanode1, is turned into computenode1. */
const computeOnly = edit(base('cluster', 1), (t) => {
  Object.assign(nodeAt(t, 2), { alias: 'computenode1', mode: 'computenode' });
});

/** 0 controller1, 1 agent1, 2 datanode1 on P1; 3 agent2, 4 datanode2 on P2. */
const cluster = base('cluster');

function withRows(topology: Topology, ...rows: TopologyNode[]): Topology {
  return edit(topology, (t) => void t.nodes.push(...rows));
}

const withP3 = edit(cluster, (t) => void t.hosts.push({ name: 'P3', address: '10.0.0.82' }));

const cases: RuleCase[] = [
  {
    name: 'data node on a host without an agent',
    failing: edit(cluster, (t) => void t.nodes.splice(3, 1)),
    expected: err(
      'nodes[3]',
      'missing-agent',
      'P2 runs datanode2 but no agent, and only an agent can start them: add a row `{ alias: agent-P2, mode: agent, host: P2, port: 8903 }`',
    ),
    passing: edit(cluster, (t) => {
      t.nodes.splice(3, 1);
      t.nodes.push({ alias: 'agent-P2', mode: 'agent', host: 'P2', port: 8903 });
    }),
  },
  {
    name: 'two agents on one host',
    failing: withRows(cluster, { alias: 'agent1b', mode: 'agent', host: 'P1', port: 8903 }),
    expected: err(
      'nodes[5]',
      'duplicate-agent',
      'P1 has 2 agents (agent1, agent1b): DolphinDB runs exactly one agent per server; remove all but one',
    ),
    passing: cluster,
  },
  {
    name: 'an agent with nothing to start',
    failing: withRows(withP3, { alias: 'agent3', mode: 'agent', host: 'P3', port: 8901 }),
    expected: warn(
      'nodes[5]',
      'unneeded-agent',
      'agent3 runs on P3, which has no data or compute node: it has nothing to start; remove it or add a node on P3',
    ),
    passing: withRows(
      withP3,
      { alias: 'agent3', mode: 'agent', host: 'P3', port: 8901 },
      { alias: 'computenode3', mode: 'computenode', host: 'P3', port: 8902 },
    ),
  },
  {
    name: 'a cluster of compute nodes only',
    failing: computeOnly,
    expected: err(
      'nodes',
      'no-datanode',
      'the cluster has no data node, so it cannot store anything: add at least one row with `mode: datanode` (and an agent on its host)',
    ),
    passing: withRows(computeOnly, { alias: 'datanode1', mode: 'datanode', host: 'P1', port: 8903 }),
  },
];

describe('agent rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));
});
