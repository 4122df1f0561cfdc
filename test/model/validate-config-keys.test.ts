import { describe, it } from 'vitest';
import { base, err, expectRule, warn, withConfig, type RuleCase } from './helpers.js';

/** Data nodes datanode1 (P1) and datanode2 (P2). */
const cluster = base('cluster');
const single = base('single');

/** Every cluster.cfg line ddb-setup writes by default for 2.00.11.3. */
const clusterDefaultKeys = [
  'maxMemSize',
  'maxConnections',
  'workerNum',
  'maxBatchJobWorker',
  'OLAPCacheEngineSize',
  'TSDBCacheEngineSize',
  'dataSync',
  'newValuePartitionPolicy',
  'maxPubConnections',
  'subExecutors',
  'lanCluster',
  'enableChunkGranularityConfig',
];
const allNull = Object.fromEntries(clusterDefaultKeys.map((key) => [key, null]));

const cases: RuleCase[] = [
  {
    name: 'a space in a key',
    failing: withConfig(cluster, 'cluster', { 'max mem': 4 }),
    expected: err(
      'config.cluster["max mem"]',
      'invalid-config-key',
      '"max mem" is not a DolphinDB config key; per-node keys look like `datanode1.volumes` or `P1-%.publicName`',
    ),
    passing: withConfig(cluster, 'cluster', { maxMemSize: 4 }),
  },
  {
    name: 'a node-scoped key in controller.cfg',
    failing: withConfig(cluster, 'controller', { 'controller1.workerNum': 8 }),
    expected: err(
      'config.controller["controller1.workerNum"]',
      'invalid-config-key',
      '"controller1.workerNum" is not a DolphinDB config key; node-scoped keys (alias.key) exist only in config.cluster',
    ),
    passing: withConfig(cluster, 'controller', { workerNum: 8 }),
  },
  {
    name: 'localSite in agent.cfg',
    failing: withConfig(cluster, 'agent', { localSite: '10.0.0.80:8901:agent1' }),
    expected: err(
      'config.agent.localSite',
      'reserved-key',
      'localSite is written by ddb-setup from the node rows: change the row in nodes instead of setting localSite',
    ),
    passing: cluster,
  },
  {
    name: "a data node's localSite in cluster.cfg",
    failing: withConfig(cluster, 'cluster', { 'datanode1.localSite': '10.0.0.80:8902:datanode1' }),
    expected: err(
      'config.cluster["datanode1.localSite"]',
      'reserved-key',
      'localSite is written by ddb-setup from the node rows: change the row in nodes instead of setting datanode1.localSite',
    ),
    passing: cluster,
  },
  {
    name: 'logFile, a command-line option',
    failing: withConfig(cluster, 'cluster', { logFile: '/var/log/dolphindb.log' }),
    expected: err(
      'config.cluster.logFile',
      'command-line-key',
      "logFile is a command-line option, not a config key, and ddb-setup's start scripts set it: remove logFile",
    ),
    passing: cluster,
  },
  {
    name: 'a line break in a value',
    failing: withConfig(cluster, 'cluster', { publicName: 'db.example.com\nmaxMemSize=64' }),
    expected: err(
      'config.cluster.publicName',
      'invalid-config-value',
      'publicName has a line break in its value, which would split the config line: write it on one line',
    ),
    passing: withConfig(cluster, 'cluster', { publicName: 'db.example.com' }),
  },
  {
    name: 'an empty value',
    failing: withConfig(cluster, 'agent', { workerNum: ' ' }),
    expected: err(
      'config.agent.workerNum',
      'invalid-config-value',
      'workerNum is empty: give it a value, or write `workerNum: null` to leave it out',
    ),
    passing: withConfig(cluster, 'agent', { workerNum: null }),
  },
  {
    name: 'a controller key in cluster.cfg',
    failing: withConfig(cluster, 'cluster', { dfsReplicationFactor: 2 }),
    expected: warn(
      'config.cluster.dfsReplicationFactor',
      'misplaced-key',
      'dfsReplicationFactor is read from controller.cfg, so it has no effect in config.cluster: move it to config.controller',
    ),
    passing: withConfig(cluster, 'controller', { dfsReplicationFactor: 2 }),
  },
  {
    name: '<ALIAS> with an explicit node',
    failing: withConfig(cluster, 'cluster', { 'datanode1.volumes': '/ssd/<ALIAS>' }),
    expected: err(
      'config.cluster["datanode1.volumes"]',
      'alias-macro',
      'datanode1.volumes uses <ALIAS> with an explicit node, which stops datanode1 from starting: write the path out (/ssd/datanode1) or use the plain key `volumes: /ssd/<ALIAS>`',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.volumes': '/ssd/datanode1' }),
  },
  {
    name: '<ALIAS> with a node pattern',
    failing: withConfig(cluster, 'cluster', { 'datanode%.volumes': '/ssd/<ALIAS>' }),
    expected: warn(
      'config.cluster["datanode%.volumes"]',
      'alias-macro',
      'datanode%.volumes combines a node pattern with the <ALIAS> macro, which DolphinDB documents only for plain keys: write `volumes: /ssd/<ALIAS>` for all nodes, or spell the paths out per node',
    ),
    passing: withConfig(cluster, 'cluster', { volumes: '/ssd/<ALIAS>' }),
  },
  {
    name: 'a node key in the wrong case',
    failing: withConfig(cluster, 'cluster', { 'DataNode1.volumes': '/ssd/datanode1' }),
    expected: warn(
      'config.cluster["DataNode1.volumes"]',
      'unmatched-node-key',
      'DataNode1.volumes applies to no data or compute node (aliases are case-sensitive: datanode1, datanode2)',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.volumes': '/ssd/datanode1' }),
  },
  {
    name: 'config.cluster in mode single',
    failing: withConfig(single, 'cluster', { maxMemSize: 4 }),
    expected: warn(
      'config.cluster',
      'unused-config',
      'config.cluster is not used in mode single (use config.single)',
    ),
    passing: withConfig(single, 'single', { maxMemSize: 4 }),
  },
  {
    name: 'config.single in a cluster',
    failing: withConfig(cluster, 'single', { maxMemSize: 4 }),
    expected: warn(
      'config.single',
      'unused-config',
      'config.single is not used in mode cluster (data and compute nodes read config.cluster)',
    ),
    passing: withConfig(cluster, 'cluster', { maxMemSize: 4 }),
  },
  {
    name: 'every cluster.cfg line removed',
    failing: withConfig(cluster, 'cluster', allNull),
    expected: err(
      'config.cluster',
      'empty-config-file',
      'every cluster.cfg key is set to null, so cluster.cfg would be empty and DolphinDB rejects a config file whose first line is blank: keep at least one key',
    ),
    passing: withConfig(cluster, 'cluster', { ...allNull, maxMemSize: 8 }),
  },
];

describe('config key rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));
});
