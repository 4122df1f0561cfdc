import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import { base, edit, err, expectRule, issuesWithCode, warn, withConfig, type RuleCase } from './helpers.js';

/** datanode1 on P1, datanode2 on P2; cluster.cfg defaults maxMemSize=8, OLAPCacheEngineSize=2. */
const cluster = base('cluster');
/** controller1 and controller3 share P1. */
const pseudoHa = base('pseudo-ha');
/** datanode1–3 all on P1. */
const oneServer = base('pseudo-ha', 1);

function atVersion(topology: Topology, version: string): Topology {
  return edit(topology, (t) => void (t.server.version = version));
}

const cases: RuleCase[] = [
  {
    name: 'OLAPCacheEngineSize on 2.00.6',
    failing: withConfig(atVersion(cluster, '2.00.6'), 'cluster', { OLAPCacheEngineSize: 2 }),
    expected: err(
      'config.cluster.OLAPCacheEngineSize',
      'key-version',
      'OLAPCacheEngineSize exists from 2.00.7; before that the key is chunkCacheEngineMemSize (server.version is 2.00.6)',
    ),
    passing: withConfig(atVersion(cluster, '2.00.6'), 'cluster', { chunkCacheEngineMemSize: 2 }),
  },
  {
    name: 'a TSDB key for one node on 1.30.21',
    failing: withConfig(atVersion(cluster, '1.30.21'), 'cluster', { 'datanode1.TSDBCacheEngineSize': 1 }),
    expected: err(
      'config.cluster["datanode1.TSDBCacheEngineSize"]',
      'key-version',
      'TSDBCacheEngineSize belongs to the TSDB engine, which arrived in 2.00; remove it for 1.30.21 (server.version is 1.30.21)',
    ),
    passing: atVersion(cluster, '1.30.21'),
  },
  {
    name: 'an OLAP cache over half of maxMemSize before 3.00.5',
    failing: withConfig(cluster, 'cluster', { OLAPCacheEngineSize: 5 }),
    expected: warn(
      'config.cluster.OLAPCacheEngineSize',
      'cache-engine-size',
      'OLAPCacheEngineSize=5 is more than half of maxMemSize=8 on datanode1: lower it to 4 or less, or raise maxMemSize (3.00.5 and later refuse to start)',
    ),
    passing: withConfig(cluster, 'cluster', { OLAPCacheEngineSize: 4 }),
  },
  {
    name: "one data node's OLAP cache over half of maxMemSize",
    failing: withConfig(cluster, 'cluster', { 'datanode2.OLAPCacheEngineSize': 6 }),
    expected: warn(
      'config.cluster["datanode2.OLAPCacheEngineSize"]',
      'cache-engine-size',
      'OLAPCacheEngineSize=6 is more than half of maxMemSize=8 on datanode2: lower it to 4 or less, or raise maxMemSize (3.00.5 and later refuse to start)',
    ),
    passing: withConfig(cluster, 'cluster', {
      'datanode2.OLAPCacheEngineSize': 6,
      'datanode2.maxMemSize': 12,
    }),
  },
  {
    name: 'a TSDB cache over half of maxMemSize on 3.00.5',
    failing: withConfig(atVersion(cluster, '3.00.5'), 'cluster', { TSDBCacheEngineSize: 5 }),
    expected: err(
      'config.cluster.TSDBCacheEngineSize',
      'cache-engine-size',
      'TSDBCacheEngineSize=5 is more than half of maxMemSize=8 on datanode1: lower it to 4 or less, or raise maxMemSize (from 3.00.5 the node refuses to start)',
    ),
    passing: withConfig(atVersion(cluster, '3.00.5'), 'cluster', { TSDBCacheEngineSize: 4 }),
  },
  {
    name: 'maxMemSize lowered under the default caches',
    failing: withConfig(atVersion(base('single'), '3.00.5'), 'single', { maxMemSize: 2 }),
    expected: err(
      'config.single.maxMemSize',
      'cache-engine-size',
      'OLAPCacheEngineSize=2 is more than half of maxMemSize=2 on local8848: lower it to 1 or less, or raise maxMemSize (from 3.00.5 the node refuses to start)',
    ),
    passing: withConfig(atVersion(base('single'), '3.00.5'), 'single', { maxMemSize: 4 }),
  },
  {
    name: 'the cache engine without dataSync',
    failing: withConfig(cluster, 'cluster', { dataSync: 0 }),
    expected: warn(
      'config.cluster.dataSync',
      'cache-engine-needs-datasync',
      'the OLAP cache engine (2 GB) requires dataSync=1: set `dataSync: 1` in config.cluster',
    ),
    passing: withConfig(cluster, 'cluster', { dataSync: 1 }),
  },
  {
    name: 'one data node without dataSync',
    failing: withConfig(cluster, 'cluster', { 'datanode1.dataSync': 0 }),
    expected: warn(
      'config.cluster["datanode1.dataSync"]',
      'cache-engine-needs-datasync',
      'the OLAP cache engine (2 GB) requires dataSync=1: set `dataSync: 1` in config.cluster',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.dataSync': 1 }),
  },
  {
    name: 'dfsHAMode off in a Raft cluster',
    failing: withConfig(base('ha'), 'controller', { dfsHAMode: 'None' }),
    expected: err(
      'config.controller.dfsHAMode',
      'ha-mode-mismatch',
      'mode ha runs its controllers as a Raft group, which needs dfsHAMode=Raft in every controller.cfg: remove the dfsHAMode override',
    ),
    passing: base('ha'),
  },
  {
    name: 'dfsHAMode=Raft with one controller',
    failing: withConfig(cluster, 'controller', { dfsHAMode: 'Raft' }),
    expected: err(
      'config.controller.dfsHAMode',
      'ha-mode-mismatch',
      'dfsHAMode=Raft needs a group of 3 or more controllers, but mode cluster has 1: use mode ha or pseudo-ha, or remove dfsHAMode',
    ),
    passing: cluster,
  },
  {
    name: 'UDP heartbeats in swarm mode',
    failing: withConfig(base('swarm'), 'agent', { lanCluster: 1 }),
    expected: err(
      'config.agent.lanCluster',
      'lan-cluster-udp',
      'lanCluster=1 sends heartbeats over UDP broadcast, which does not work on Docker networks: set `lanCluster: 0` (the default)',
    ),
    passing: withConfig(base('swarm'), 'agent', { lanCluster: 0 }),
  },
  {
    name: 'one dfsMetaDir for two controllers on a host',
    failing: withConfig(pseudoHa, 'controller', { dfsMetaDir: '/data/dfsMeta' }),
    expected: err(
      'config.controller.dfsMetaDir',
      'shared-dfs-meta-dir',
      'controller1, controller3 run on P1 and would all keep their Raft metadata in /data/dfsMeta: remove the dfsMetaDir override (ddb-setup gives each controller its own)',
    ),
    passing: pseudoHa,
  },
  {
    name: 'one volume for the data nodes of a server',
    failing: withConfig(oneServer, 'cluster', { volumes: '/ssd/data' }),
    expected: err(
      'config.cluster.volumes',
      'shared-node-dir',
      'datanode1 and datanode2 on P1 would share volumes=/ssd/data: give each node its own, e.g. `volumes: /ssd/data/<ALIAS>`',
    ),
    passing: withConfig(oneServer, 'cluster', { volumes: '/ssd/data/<ALIAS>' }),
  },
  {
    name: 'one redo log directory through a node pattern',
    failing: withConfig(oneServer, 'cluster', { 'datanode%.redoLogDir': '/log/redo' }),
    expected: err(
      'config.cluster["datanode%.redoLogDir"]',
      'shared-node-dir',
      'datanode1 and datanode2 on P1 would share redoLogDir=/log/redo: give each node its own, e.g. `redoLogDir: /log/redo/<ALIAS>`',
    ),
    passing: withConfig(oneServer, 'cluster', { redoLogDir: '/log/redo/<ALIAS>' }),
  },
];

describe('engine settings rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it.each([
    ['2.00.6', 1],
    ['2.00.7', 0],
    ['3.00.1', 0],
  ])('OLAPCacheEngineSize on %s: %i finding(s)', (version, count) => {
    const topology = withConfig(atVersion(cluster, version), 'cluster', { OLAPCacheEngineSize: 2 });
    expect(issuesWithCode(topology, 'key-version')).toHaveLength(count);
  });

  it.each([
    ['2.00.11.3', 'warning'],
    ['3.00.4.1', 'warning'],
    ['3.00.5', 'error'],
    ['3.00.5.1', 'error'],
  ])('an oversized cache on %s is a %s', (version, level) => {
    const topology = withConfig(atVersion(cluster, version), 'cluster', { TSDBCacheEngineSize: 6 });
    expect(issuesWithCode(topology, 'cache-engine-size').map((issue) => issue.level)).toEqual([level]);
  });

  it('leaves lanCluster alone outside swarm, and shared dfsMetaDir across hosts', () => {
    expect(issuesWithCode(withConfig(cluster, 'agent', { lanCluster: 1 }), 'lan-cluster-udp')).toEqual([]);
    const ha = withConfig(base('ha'), 'controller', { dfsMetaDir: '/data/dfsMeta' });
    expect(issuesWithCode(ha, 'shared-dfs-meta-dir')).toEqual([]);
  });
});
