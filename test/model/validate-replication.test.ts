import { describe, expect, it } from 'vitest';
import { base, edit, err, expectRule, issuesWithCode, withConfig, type RuleCase } from './helpers.js';

/** Two data nodes, on P1 and P2; factor 2, level 1. */
const cluster = base('cluster');
/** Raft: three data nodes on P1–P3; factor 2, level 1. */
const ha = base('ha');
/** Three controllers and three data nodes, all on P1; factor 2, level 2. */
const oneServer = base('pseudo-ha', 1);

const cases: RuleCase[] = [
  {
    name: 'a replication factor in words',
    failing: withConfig(cluster, 'controller', { dfsReplicationFactor: 'two' }),
    expected: err(
      'config.controller.dfsReplicationFactor',
      'invalid-config-value',
      'dfsReplicationFactor is "two": use a whole number of replicas, 1 or more (2 for high availability)',
    ),
    passing: withConfig(cluster, 'controller', { dfsReplicationFactor: 2 }),
  },
  {
    name: 'a replication factor of 0',
    failing: withConfig(cluster, 'controller', { dfsReplicationFactor: 0 }),
    expected: err(
      'config.controller.dfsReplicationFactor',
      'invalid-config-value',
      'dfsReplicationFactor is "0": use a whole number of replicas, 1 or more (2 for high availability)',
    ),
    passing: withConfig(cluster, 'controller', { dfsReplicationFactor: 1 }),
  },
  {
    name: 'reliability level 3',
    failing: withConfig(cluster, 'controller', { dfsReplicaReliabilityLevel: 3 }),
    expected: err(
      'config.controller.dfsReplicaReliabilityLevel',
      'invalid-config-value',
      'dfsReplicaReliabilityLevel is "3": use 0 (replicas may share a server), 1 (never) or 2 (spread when possible)',
    ),
    passing: withConfig(cluster, 'controller', { dfsReplicaReliabilityLevel: 2 }),
  },
  {
    name: 'one replica in a Raft cluster',
    failing: withConfig(ha, 'controller', { dfsReplicationFactor: 1 }),
    expected: err(
      'config.controller.dfsReplicationFactor',
      'raft-replication-factor',
      'mode ha runs a Raft group, which needs dfsReplicationFactor of 2 or more (it is 1): set `dfsReplicationFactor: 2`',
    ),
    passing: withConfig(ha, 'controller', { dfsReplicationFactor: 2 }),
  },
  {
    name: 'more replicas than data nodes',
    failing: withConfig(cluster, 'controller', { dfsReplicationFactor: 3, dfsReplicaReliabilityLevel: 2 }),
    expected: err(
      'config.controller.dfsReplicationFactor',
      'replication-exceeds-datanodes',
      'dfsReplicationFactor is 3 but there are 2 data nodes, and writes fail while fewer data nodes than replicas are online: lower it to 2 or add data nodes',
    ),
    passing: withConfig(cluster, 'controller', { dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 2 }),
  },
  {
    name: 'level 1 with every data node on one server',
    failing: withConfig(oneServer, 'controller', { dfsReplicaReliabilityLevel: 1 }),
    expected: err(
      'config.controller.dfsReplicaReliabilityLevel',
      'replica-placement',
      'dfsReplicaReliabilityLevel=1 keeps the 2 replicas of a chunk on different servers, but all data nodes run on P1, so no replica can ever be placed: use level 2 (spread when possible) or 0, or put data nodes on 2 hosts',
    ),
    passing: withConfig(oneServer, 'controller', { dfsReplicaReliabilityLevel: 2 }),
  },
  {
    name: 'level 1 with three replicas on two servers',
    failing: withConfig(base('cluster', 2, { datanodes: 2 }), 'controller', { dfsReplicationFactor: 3 }),
    expected: err(
      'config.controller.dfsReplicaReliabilityLevel',
      'replica-placement',
      'dfsReplicaReliabilityLevel=1 keeps the 3 replicas of a chunk on different servers, but the data nodes run on 2 hosts (P1, P2), so no replica can ever be placed: use level 2 (spread when possible) or 0, or put data nodes on 3 hosts',
    ),
    passing: withConfig(base('cluster', 2, { datanodes: 2 }), 'controller', {
      dfsReplicationFactor: 3,
      dfsReplicaReliabilityLevel: 2,
    }),
  },
];

describe('replication rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it("checks DolphinDB's default factor of 2 when the key is set to null", () => {
    const nulled = withConfig(base('cluster', 1), 'controller', { dfsReplicationFactor: null });
    expect(issuesWithCode(nulled, 'replication-exceeds-datanodes')).toEqual([
      err(
        'config.controller.dfsReplicationFactor',
        'replication-exceeds-datanodes',
        'dfsReplicationFactor is 2 but there is 1 data node, and writes fail while fewer data nodes than replicas are online: lower it to 1 or add data nodes',
      ),
    ]);
  });

  it('names the section when the level comes from the defaults', () => {
    const factorOnly = edit(base('cluster', 2, { datanodes: 2 }), (t) => {
      t.config = { ...t.config, controller: { dfsReplicationFactor: 3 } };
    });
    expect(issuesWithCode(factorOnly, 'replica-placement').map((issue) => issue.path)).toEqual([
      'config.controller',
    ]);
  });
});
