import { describe, expect, it } from 'vitest';
import {
  base,
  edit,
  err,
  expectRule,
  hostAt,
  issuesWithCode,
  nodeAt,
  withConfig,
  type RuleCase,
} from './helpers.js';

/** controller1 8900, agent1 8901, datanode1 8902 on P1; agent2 8901, datanode2 8902 on P2. */
const cluster = base('cluster');
/** controller1 8900, agent1 8901, datanode1 8902, datanode2 8903, all on P1. */
const oneHost = base('cluster', 1, { datanodes: 2 });
const swarm = base('swarm');

const cases: RuleCase[] = [
  {
    name: 'a node port below 1024',
    failing: edit(cluster, (t) => void (nodeAt(t, 2).port = 80)),
    expected: err(
      'nodes[2].port',
      'port-range',
      'datanode1 has port 80: use a port from 1024 to 65535 (ports below 1024 need root and are reserved)',
    ),
    passing: edit(cluster, (t) => void (nodeAt(t, 2).port = 1024)),
  },
  {
    name: 'a node port above 65535',
    failing: edit(cluster, (t) => void (nodeAt(t, 2).port = 70000)),
    expected: err(
      'nodes[2].port',
      'port-range',
      'datanode1 has port 70000: use a port from 1024 to 65535 (ports below 1024 need root and are reserved)',
    ),
    passing: edit(cluster, (t) => void (nodeAt(t, 2).port = 65535)),
  },
  {
    name: 'SSH port 0',
    failing: edit(cluster, (t) => void (t.ssh = { port: 0 })),
    expected: err('ssh.port', 'port-range', 'SSH port 0 does not exist: use 1–65535 (usually 22)'),
    passing: edit(cluster, (t) => void (t.ssh = { port: 22 })),
  },
  {
    name: "a host's SSH port above 65535",
    failing: edit(cluster, (t) => void (hostAt(t, 1).ssh = { port: 65536 })),
    expected: err(
      'hosts[1].ssh.port',
      'port-range',
      'SSH port 65536 does not exist: use 1–65535 (usually 22)',
    ),
    passing: edit(cluster, (t) => void (hostAt(t, 1).ssh = { port: 2222 })),
  },
  {
    name: 'two nodes on one host and port',
    failing: edit(cluster, (t) => void (nodeAt(t, 2).port = 8901)),
    expected: err(
      'nodes[2].port',
      'port-conflict',
      'agent1 and datanode1 both use port 8901 on P1 (10.0.0.80): give datanode1 another port, e.g. 8902',
    ),
    // The same port on two hosts is fine: agent1 and agent2 both use 8901.
    passing: cluster,
  },
  {
    name: "a single node's subPort equal to its port",
    failing: withConfig(base('single'), 'single', { subPort: 8848 }),
    expected: err(
      'config.single.subPort',
      'port-conflict',
      'local8848 and local8848 (subPort) both use port 8848 on P1 (10.0.0.80): give local8848 (subPort) another port, e.g. 8849',
    ),
    passing: withConfig(base('single'), 'single', { subPort: 8849 }),
  },
  {
    name: "a data node's subPort on another node's port",
    failing: withConfig(cluster, 'cluster', { 'datanode1.subPort': 8900 }),
    expected: err(
      'config.cluster["datanode1.subPort"]',
      'port-conflict',
      'controller1 and datanode1 (subPort) both use port 8900 on P1 (10.0.0.80): give datanode1 (subPort) another port, e.g. 8903',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.subPort': 8903 }),
  },
  {
    name: 'one subPort for all data nodes of a host',
    failing: withConfig(oneHost, 'cluster', { subPort: 8910 }),
    expected: err(
      'config.cluster.subPort',
      'port-conflict',
      'datanode1 (subPort) and datanode2 (subPort) both use port 8910 on P1 (10.0.0.80): give datanode2 (subPort) another port, e.g. 8911',
    ),
    passing: withConfig(oneHost, 'cluster', { subPort: 8910, 'datanode2.subPort': 8911 }),
  },
  {
    name: 'a wildcard subPort for two data nodes of a host',
    failing: withConfig(oneHost, 'cluster', { 'datanode?.subPort': 8910 }),
    expected: err(
      'config.cluster["datanode?.subPort"]',
      'port-conflict',
      'datanode1 (subPort) and datanode2 (subPort) both use port 8910 on P1 (10.0.0.80): give datanode2 (subPort) another port, e.g. 8911',
    ),
    // A later, more specific line wins for datanode2.
    passing: withConfig(oneHost, 'cluster', { 'datanode?.subPort': 8910, 'datanode2.subPort': 8911 }),
  },
  {
    name: "Docker Swarm's gossip port in swarm mode",
    failing: edit(swarm, (t) => void (nodeAt(t, 4).port = 7946)),
    expected: err(
      'nodes[4].port',
      'port-reserved',
      'datanode1 uses port 7946, which Docker Swarm needs on every node (2377, 7946, 4789): pick another port',
    ),
    passing: edit(swarm, (t) => void (nodeAt(t, 4).port = 7947)),
  },
];

describe('port rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it.each([2377, 7946, 4789])('leaves port %i alone outside swarm mode', (port) => {
    expect(
      issuesWithCode(
        edit(cluster, (t) => void (nodeAt(t, 2).port = port)),
        'port-reserved',
      ),
    ).toEqual([]);
  });
});
