import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import {
  base,
  edit,
  err,
  expectRule,
  hostAt,
  issuesWithCode,
  nodeAt,
  warn,
  type RuleCase,
} from './helpers.js';

/** controller1, agent1, datanode1 on P1 (10.0.0.80); agent2, datanode2 on P2 (10.0.0.81). */
const cluster = base('cluster');

function renameHost(topology: Topology, from: string, to: string): Topology {
  return edit(topology, (t) => {
    for (const host of t.hosts) if (host.name === from) host.name = to;
    for (const node of t.nodes) if (node.host === from) node.host = to;
  });
}

const cases: RuleCase[] = [
  {
    name: 'another format version',
    failing: edit(cluster, (t) => void (t.format = 'ddb-setup/v2')),
    expected: err(
      'format',
      'unsupported-format',
      'format is "ddb-setup/v2": this version of ddb-setup reads `format: ddb-setup/v1`',
    ),
    passing: cluster,
  },
  {
    name: 'upper case and "_" in the cluster name',
    failing: edit(cluster, (t) => void (t.name = 'Demo_1')),
    expected: err(
      'name',
      'invalid-name',
      'name "Demo_1" is used in directory and container names: use a lower-case letter, then up to 31 lower-case letters, digits or "-" (e.g. demo)',
    ),
    passing: edit(cluster, (t) => void (t.name = 'demo-1')),
  },
  {
    name: 'a space in a host name',
    failing: renameHost(cluster, 'P2', 'P 2'),
    expected: err(
      'hosts[1].name',
      'invalid-host-name',
      'host name "P 2" must start with a letter or digit and use only letters, digits, ".", "_" or "-"',
    ),
    passing: renameHost(cluster, 'P2', 'P-2'),
  },
  {
    name: 'two hosts with one name',
    failing: edit(cluster, (t) => void t.hosts.push({ name: 'P1', address: '10.0.0.90' })),
    expected: err(
      'hosts[2].name',
      'duplicate-host',
      'host name "P1" is also used by hosts[0]: give each host its own name',
    ),
    passing: edit(cluster, (t) => void t.hosts.push({ name: 'P3', address: '10.0.0.90' })),
  },
  {
    name: 'two hosts with one address',
    failing: edit(cluster, (t) => void (hostAt(t, 1).address = '10.0.0.80')),
    expected: err(
      'hosts[1].address',
      'duplicate-address',
      'P2 and P1 both have address 10.0.0.80: one server is one host, so list all its processes under P1',
    ),
    passing: cluster,
  },
  {
    name: 'a host without nodes',
    failing: edit(cluster, (t) => void t.hosts.push({ name: 'P3', address: '10.0.0.82' })),
    expected: warn('hosts[2]', 'unused-host', 'host P3 runs no node: add nodes for it or remove it'),
    passing: cluster,
  },
  {
    name: 'an alias starting with a digit',
    failing: edit(cluster, (t) => void (nodeAt(t, 2).alias = '2datanode')),
    expected: err(
      'nodes[2].alias',
      'invalid-alias',
      'alias "2datanode" must start with a letter and use only letters, digits, "_" or "-" (e.g. datanode1)',
    ),
    passing: edit(cluster, (t) => void (nodeAt(t, 2).alias = 'data-node_1')),
  },
  {
    name: 'an alias used twice',
    failing: edit(cluster, (t) => void (nodeAt(t, 4).alias = 'datanode1')),
    expected: err(
      'nodes[4].alias',
      'duplicate-alias',
      'alias "datanode1" is already used by nodes[2]: aliases must be unique in the cluster',
    ),
    passing: cluster,
  },
  {
    name: 'aliases that differ only in case',
    failing: edit(cluster, (t) => void (nodeAt(t, 4).alias = 'DataNode1')),
    expected: warn(
      'nodes[4].alias',
      'alias-case',
      'aliases "datanode1" and "DataNode1" differ only in case: DolphinDB keeps them apart, people and scripts often do not',
    ),
    passing: edit(cluster, (t) => void (nodeAt(t, 4).alias = 'DataNode2')),
  },
  {
    name: 'a node on a misspelt host',
    failing: edit(cluster, (t) => void (nodeAt(t, 4).host = 'p2')),
    expected: err(
      'nodes[4].host',
      'unknown-host',
      'datanode2 runs on host "p2", which is not in hosts: did you mean P2?',
    ),
    passing: cluster,
  },
  {
    name: 'a node on a host nothing like a known one',
    failing: edit(cluster, (t) => void (nodeAt(t, 4).host = 'rack-seven')),
    expected: err(
      'nodes[4].host',
      'unknown-host',
      'datanode2 runs on host "rack-seven", which is not in hosts: known hosts: P1, P2',
    ),
    passing: cluster,
  },
];

describe('identity rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it('does not count the swarm manager as unused when it runs no node', () => {
    const swarm = base('swarm', 1);
    const withManager = edit(swarm, (t) => {
      t.hosts.push({ name: 'M1', address: '10.0.0.90' });
      if (t.swarm) t.swarm.manager = 'M1';
    });
    expect(issuesWithCode(withManager, 'unused-host')).toEqual([]);
    expect(
      issuesWithCode(
        edit(withManager, (t) => void (t.mode = 'cluster')),
        'unused-host',
      ),
    ).toEqual([warn('hosts[1]', 'unused-host', 'host M1 runs no node: add nodes for it or remove it')]);
  });
});
