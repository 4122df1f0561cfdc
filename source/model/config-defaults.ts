import type { Derived } from './derive.js';
import { hasTsdbEngine, isAtLeast, olapCacheKey } from './version.js';

/** One `key=value` line of a DolphinDB config file. */
export type Setting = { readonly key: string; readonly value: string };

/**
 * Values ddb-setup writes unless the topology's `config` section overrides them. Each comes from an
 * official example (dolphindb-facts.md §1.3, §2.2, §2.5, Ansible §2.5); deviations say why.
 */
export function controllerDefaults(derived: Derived): Setting[] {
  const { factor, level } = replicationDefaults(derived);
  const version = derived.topology.server.version;
  return compact([
    ['dfsReplicationFactor', String(factor)],
    ['dfsReplicaReliabilityLevel', String(level)],
    ['dataSync', '1'],
    ['workerNum', '4'],
    ['maxConnections', '512'],
    ['maxMemSize', '8'],
    derived.raft ? ['dfsHAMode', 'Raft'] : undefined,
    // Docs require TCP heartbeats on clouds and in Docker; they work on any LAN too (facts §2.8).
    ['lanCluster', '0'],
    // The controller restarts data nodes that went down (Ansible uses 60; before 2.00.9.4 a value
    // under 100 also restarted nodes stopped on purpose, so the docs say "100+t" there: facts §4).
    isAtLeast(version, '1.30.11')
      ? ['datanodeRestartInterval', isAtLeast(version, '2.00.9.4') ? '60' : '160']
      : undefined,
  ]);
}

/** agent.cfg defaults (official HA example). */
export function agentDefaults(): Setting[] {
  return compact([
    ['workerNum', '4'],
    ['maxMemSize', '4'],
    ['lanCluster', '0'],
  ]);
}

/**
 * cluster.cfg defaults (clusterDemo / HA tutorial), except `maxMemSize`: 8 GB instead of 32, the
 * community licence's per-node limit, so a default cluster starts on a community licence and on lab
 * hosts; `dataSync=1` added because the cache engine requires it (facts §1.3).
 */
export function clusterDefaults(derived: Derived): Setting[] {
  const version = derived.topology.server.version;
  return compact([
    ['maxMemSize', '8'],
    ['maxConnections', '512'],
    ['workerNum', '4'],
    ['maxBatchJobWorker', '4'],
    [olapCacheKey(version), '2'],
    hasTsdbEngine(version) ? ['TSDBCacheEngineSize', '1'] : undefined,
    ['dataSync', '1'],
    ['newValuePartitionPolicy', 'add'],
    ['maxPubConnections', '64'],
    ['subExecutors', '4'],
    ['lanCluster', '0'],
    isAtLeast(version, '2.00.4') ? ['enableChunkGranularityConfig', 'true'] : undefined,
  ]);
}

/** dolphindb.cfg defaults for a single node (official example, maxMemSize at the community limit). */
export function singleDefaults(derived: Derived): Setting[] {
  const version = derived.topology.server.version;
  return compact([
    ['maxMemSize', '8'],
    ['maxConnections', '512'],
    ['workerNum', '4'],
    ['dataSync', '1'],
    [olapCacheKey(version), '2'],
    hasTsdbEngine(version) ? ['TSDBCacheEngineSize', '1'] : undefined,
    ['newValuePartitionPolicy', 'add'],
    ['maxPubConnections', '64'],
    ['subExecutors', '4'],
    ['lanCluster', '0'],
  ]);
}

/**
 * Replication defaults: two replicas when there are two data nodes (Raft requires more than one),
 * kept on different servers (level 1) when the data nodes span enough servers, else spread when
 * possible (level 2), which never blocks writes on a single server.
 */
export function replicationDefaults(derived: Derived): { factor: number; level: number } {
  const dataHosts = new Set(derived.dataNodes.map((node) => node.host)).size;
  const factor = derived.raft || derived.dataNodes.length >= 2 ? 2 : 1;
  const level = factor > 1 && dataHosts >= factor ? 1 : 2;
  return { factor, level };
}

function compact(entries: readonly (readonly [string, string] | undefined)[]): Setting[] {
  return entries.filter((entry) => entry !== undefined).map(([key, value]) => ({ key, value }));
}
