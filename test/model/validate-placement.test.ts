import { describe, expect, it } from 'vitest';
import type { DeploymentMode, Topology } from '../../source/model/topology.js';
import { base, edit, err, expectRule, issuesWithCode, nodeAt, warn, type RuleCase } from './helpers.js';

/** controller1, agent1, datanode1 on P1; agent2, datanode2 on P2. */
const cluster = base('cluster');
/** controller1–3 on P1–P3 (port 8800), and on each host an agent, a data and a compute node. */
const ha = base('ha');
/** controller1 and controller3 on P1, controller2 on P2. */
const pseudoHa = base('pseudo-ha');
/** controller1–3 on P1–P3 (8901–8903). */
const swarm = base('swarm');

function withMode(topology: Topology, mode: DeploymentMode): Topology {
  return edit(topology, (t) => void (t.mode = mode));
}

function moveNode(topology: Topology, index: number, host: string, port: number): Topology {
  return edit(topology, (t) => {
    const node = nodeAt(t, index);
    node.host = host;
    node.port = port;
  });
}

const cases: RuleCase[] = [
  {
    name: 'mode single with cluster rows',
    failing: withMode(base('cluster', 1), 'single'),
    expected: err(
      'mode',
      'mode-mismatch',
      'mode is single but nodes has 3 rows (1 controller, 1 agent, 1 datanode), and mode single takes exactly one row with `mode: single`; these rows describe mode cluster: set `mode: cluster` or change the rows',
    ),
    passing: base('cluster', 1),
  },
  {
    name: 'a single row in a cluster',
    failing: edit(cluster, (t) => void (nodeAt(t, 2).mode = 'single')),
    expected: err(
      'nodes[2].mode',
      'mode-mismatch',
      'datanode1 has mode single, which only exists in `mode: single`: use datanode, or set mode single with this one row',
    ),
    passing: cluster,
  },
  {
    name: 'mode cluster with three controllers on three hosts',
    failing: withMode(ha, 'cluster'),
    expected: err(
      'mode',
      'mode-mismatch',
      'mode is cluster but nodes has 3 controllers on 3 hosts, and mode cluster has exactly one controller; these rows describe mode ha: set `mode: ha` or change the rows',
    ),
    passing: ha,
  },
  {
    name: 'mode pseudo-ha with controllers on three hosts',
    failing: withMode(ha, 'pseudo-ha'),
    expected: err(
      'mode',
      'mode-mismatch',
      'mode is pseudo-ha but its 3 controllers run on 3 hosts, and pseudo-HA places them on one or two hosts; these rows describe mode ha: set `mode: ha` or change the rows',
    ),
    passing: ha,
  },
  {
    name: 'a cluster without a controller',
    failing: edit(cluster, (t) => void t.nodes.splice(0, 1)),
    expected: err(
      'nodes',
      'controller-count',
      'mode cluster needs a controller: add a row such as `{ alias: controller1, mode: controller, host: P1, port: 8800 }`',
    ),
    passing: cluster,
  },
  {
    name: 'a Raft group of two',
    failing: edit(pseudoHa, (t) => void t.nodes.splice(2, 1)),
    expected: err(
      'nodes',
      'controller-count',
      'mode pseudo-ha has 2 controllers: a Raft group needs an odd number, at least 3, so that a majority survives a failure; use three controllers',
    ),
    passing: pseudoHa,
  },
  {
    name: 'mode ha with one controller',
    failing: edit(ha, (t) => void t.nodes.splice(1, 2)),
    expected: err(
      'nodes',
      'controller-count',
      'mode ha has 1 controllers: a Raft group needs an odd number, at least 3, so that a majority survives a failure; use three controllers, or use mode cluster',
    ),
    passing: withMode(
      edit(ha, (t) => void t.nodes.splice(1, 2)),
      'cluster',
    ),
  },
  {
    name: 'a Raft group of four',
    failing: edit(
      base('ha', 4),
      (t) => void t.nodes.splice(3, 0, { alias: 'controller4', mode: 'controller', host: 'P4', port: 8800 }),
    ),
    expected: err(
      'nodes',
      'controller-count',
      'mode ha has 4 controllers: a Raft group needs an odd number, at least 3, so that a majority survives a failure; add or remove one controller (3 or 5)',
    ),
    passing: base('ha', 4),
  },
  {
    name: 'two controllers on one host in mode ha',
    failing: moveNode(ha, 2, 'P1', 8804),
    expected: err(
      'nodes[2].host',
      'controller-placement',
      'controller1 and controller3 both run on P1: in mode ha each controller needs its own host so that losing one server keeps a majority; move one to another host or use mode pseudo-ha',
    ),
    passing: ha,
  },
  {
    name: 'two controller containers on one host in swarm mode',
    failing: moveNode(swarm, 2, 'P1', 8903),
    expected: warn(
      'nodes[2].host',
      'controller-placement',
      'controller1 and controller3 both run on P1: if P1 fails the Raft group may lose its majority; spread the controllers over 3 hosts for high availability',
    ),
    passing: swarm,
  },
];

describe('mode and controller rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it('accepts swarm mode with one controller and with three', () => {
    for (const topology of [base('swarm', 1), swarm]) {
      expect(issuesWithCode(topology, 'controller-count')).toEqual([]);
      expect(issuesWithCode(topology, 'mode-mismatch')).toEqual([]);
    }
  });

  it('accepts pseudo-HA with all three controllers on one host', () => {
    expect(issuesWithCode(base('pseudo-ha', 1), 'controller-placement')).toEqual([]);
    expect(issuesWithCode(base('pseudo-ha', 1), 'mode-mismatch')).toEqual([]);
  });
});
