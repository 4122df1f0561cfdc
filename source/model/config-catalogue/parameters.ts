import {
  unitNames,
  type ConfigFile,
  type ConfigParameter,
  type TextShape,
  type Unit,
  type ValueType,
} from './parameter-types.js';

/*
 * DolphinDB's configuration parameters, as data.
 *
 * Source: the official configuration reference, docs.dolphindb.cn/zh/db_distr_comp/cfg/
 * function_configuration.html (with cfg/init.html, cfg/standalone.html and cfg/cluster.html), read
 * through the mirror tradercjz/dolphindb-agent-skills (skills/dolphindb/docs/90-admin/cfg/*.md,
 * 2026-04); version ranges from dolphindb-facts.md §4 (release notes). "Which files" follows the
 * reference's 配置节点 column: 单节点 → dolphindb.cfg, 控制节点 → controller.cfg, 代理节点 →
 * agent.cfg, 数据/计算节点 → cluster.cfg; a single node reads every node and controller key. Where
 * the column is narrower than practice (dataSync: the cache engine on data nodes needs it), the
 * table is wider, so that no key the official examples write is reported as misplaced.
 *
 * Command-line-only options (home, logFile, config, …) and the keys ddb-setup writes itself are
 * rules of validators/config-keys.ts, not parameters here.
 */

const all: readonly ConfigFile[] = ['dolphindb.cfg', 'controller.cfg', 'agent.cfg', 'cluster.cfg'];
/** Data and compute nodes (cluster.cfg) and the single node. */
const node: readonly ConfigFile[] = ['dolphindb.cfg', 'cluster.cfg'];
/** The controller, and the single node that is its own controller. */
const controller: readonly ConfigFile[] = ['dolphindb.cfg', 'controller.cfg'];
const controllerAndNode: readonly ConfigFile[] = ['dolphindb.cfg', 'controller.cfg', 'cluster.cfg'];
const agent: readonly ConfigFile[] = ['agent.cfg'];

type Range = { readonly unit?: Unit; readonly min?: number; readonly above?: boolean; readonly max?: number };

function int(of: string, example: string, range: Range = {}): ValueType {
  return { kind: 'int', of, example, ...range };
}
function num(of: string, example: string, range: Range = {}): ValueType {
  return { kind: 'number', of, example, ...range };
}
/** A whole number of a unit, 0 or more. */
function count(unit: Unit, example: string, range: Range = {}): ValueType {
  return int(unitNames[unit], example, { unit, min: 0, ...range });
}
/** A decimal amount of a unit, 0 or more. */
function amount(unit: Unit, example: string, range: Range = {}): ValueType {
  return num(unitNames[unit], example, { unit, min: 0, ...range });
}
const bool: ValueType = { kind: 'boolean' };
const flag: ValueType = { kind: 'flag' };
function oneOf(...choices: string[]): ValueType {
  return { kind: 'enum', choices };
}
/** Choices the reference does not call case-sensitive; written in the reference's spelling. */
function anyCase(...choices: string[]): ValueType {
  return { kind: 'enum', choices, anyCase: true };
}
const path: ValueType = { kind: 'path' };
const relativePath: ValueType = { kind: 'path', relative: true };
const paths: ValueType = { kind: 'paths' };
function list(item: TextShape): ValueType {
  return { kind: 'list', item };
}
function text(shape: TextShape): ValueType {
  return { kind: 'string', shape };
}
const threads = (example: string, min = 0) => int('threads', example, { min });

type Extra = Omit<ConfigParameter, 'name' | 'type' | 'files'>;
function p(name: string, type: ValueType, files: readonly ConfigFile[], extra: Extra = {}): ConfigParameter {
  return { name, type, files, ...extra };
}

export const configParameters: readonly ConfigParameter[] = [
  // Security and stability (安全与稳定)
  p('enableClientAuth', bool, controllerAndNode),
  p('strictSecurityPolicy', bool, controllerAndNode),
  p('thirdPartyAuthenticator', text('name'), controllerAndNode),
  p('thirdPartyCreateUserCallback', list('name'), controllerAndNode),
  p('thirdPartyDeleteUserCallback', list('name'), controllerAndNode),
  p('enhancedSecurityVerification', bool, controllerAndNode),
  p('failedLoginLockTime', count('minutes', '10'), controllerAndNode),
  p('failedLoginAttempts', int('attempts', '5', { min: 1 }), controllerAndNode),
  p('passwordMinLength', int('characters', '6', { min: 1 }), controllerAndNode),
  p('passwordMaxLength', int('characters', '20', { min: 1 }), controllerAndNode),
  p('passwordMinUpperCase', int('characters', '1', { min: 0 }), controllerAndNode),
  p('passwordMinLowerCase', int('characters', '0', { min: 0 }), controllerAndNode),
  p('passwordMinDigital', int('characters', '0', { min: 0 }), controllerAndNode),
  p('passwordMinSpecial', int('characters', '1', { min: 0 }), controllerAndNode),
  p('passwordEffectTime', count('days', '90'), controllerAndNode),
  p('passwordNotifyTime', count('days', '7'), controllerAndNode),
  p('strictPermissionMode', bool, controllerAndNode),
  p('enableShellFunction', bool, controllerAndNode),
  p('enableCoreDump', bool, node),
  p('disableCoreDumpOnShutdown', bool, node),
  p('enableHctEncryption', bool, node),
  p('TDEKeyDir', path, controllerAndNode),
  p('enableSharedVarCreationControl', bool, node),
  p('datanodeRestartInterval', count('seconds', '60'), controller, { since: '1.30.11' }),
  p('datanodeRestartLevel', oneOf('CRASH', 'OFFLINE'), controller),
  // Storage-compute separation (存算分离, 3.00.2)
  p('computeNodeCacheDir', paths, node, { since: '3.00.2' }),
  p('computeNodeCacheMeta', path, node, { since: '3.00.2' }),
  p('computeNodeMemCacheSize', count('GB', '1'), node, { since: '3.00.2' }),
  p('computeNodeDiskCacheSize', count('GB', '64'), node, { since: '3.00.2' }),
  p('enableComputeNodeCacheEvictionFromQueryThread', bool, node, { since: '3.00.2' }),
  p('computeNodeCachingDelay', count('seconds', '360'), controller, { since: '3.00.2' }),
  p('computeNodeCachingQueryThreshold', int('accesses', '1', { min: 0, max: 32767 }), controller, {
    since: '3.00.2',
  }),
  p('enableComputeNodePrefetchData', bool, controller, { since: '3.00.2' }),
  // Multi-cluster management (多集群管理)
  p('isMasterOfMaster', bool, controller),
  p('momHeartbeatHandler', list('name'), controller),
  p('masterOfMasterSite', text('host-port'), controller),
  p('clusterName', text('name'), controllerAndNode),
  // High availability (高可用)
  p('dfsHAMode', oneOf('Raft'), controller),
  p('raftElectionTick', int('ticks of 10 ms', '800', { min: 1 }), controller),
  p('dfsReplicationFactor', int('replicas', '2', { min: 1 }), controller),
  p('dfsReplicaReliabilityLevel', oneOf('0', '1', '2'), controller),
  p('dfsRecoveryWaitTime', count('milliseconds', '60000'), controller),
  p('mvccTableRaftGroups', list('raft-group'), node),
  p('mvccTableHADir', path, node),
  p('mvccTableCheckpointInterval', count('seconds', '60'), node),
  // Logs (运行日志, 重做日志, 作业日志, 查询日志, 审计日志, 原始代码日志)
  p('logRetentionTime', amount('days', '30'), all),
  p('logLevel', anyCase('DEBUG', 'INFO', 'WARNING', 'ERROR'), all),
  p('redoLogPurgeInterval', count('seconds', '30', { min: 1 }), node),
  p('redoLogPurgeLimit', amount('GB', '4', { above: true }), node),
  p('batchJobDir', path, node),
  p('batchJobFileRetentionTime', amount('days', '0'), node),
  p('jobLogFile', relativePath, node),
  p('jobLogRetentionTime', amount('days', '0'), node),
  p('enableDFSQueryLog', bool, node),
  p('queryLogRetentionTime', amount('days', '0'), node),
  p('traceLogDir', relativePath, node),
  p('enableAuditLog', bool, controllerAndNode),
  p('auditLogRetentionTime', amount('days', '0'), node),
  p('enableRawScriptLog', bool, node),
  p('maxRawScriptLogSize', count('MB', '128', { min: 1 }), node),
  p('rawScriptLogRetentionTime', amount('days', '0'), node),
  // Threads (线程)
  p('workerNum', int('worker threads', '4', { min: 1 }), all),
  p('localExecutors', threads('3'), all),
  p('remoteExecutors', threads('1'), all),
  p('maxBatchJobWorker', threads('4'), all),
  p('maxDynamicWorker', threads('4'), all),
  p('webWorkerNum', threads('1', 1), all),
  p('urgentWorkerNum', threads('1'), all),
  p('enableMultiThreadMerge', bool, node),
  p('crossClusterRaftWorkerNum', threads('4', 1), node),
  p('openblasThreads', threads('1', 1), node),
  // Computing (计算)
  p('maxRecursiveDepth', int('calls', '1000', { min: 1 }), controllerAndNode),
  p('enableDynamicScriptOptimize', bool, controllerAndNode),
  // Memory (内存)
  p('maxMemSize', num('GB (0 = no limit)', '8', { unit: 'GB', min: 0 }), all),
  p('reservedMemSize', amount('GB', '0.4', { above: true }), all),
  p('emergencyMemSize', amount('GB', '0.4'), all),
  p('maxBlockSizeForReservedMemory', count('KB', '8', { min: 1 }), all),
  p('warningMemSize', amount('GB', '6'), all),
  p('maxTransactionRatio', num('cache engine shares', '0.2', { min: 0.1, max: 1 }), node),
  p('IOTDBLatestKeyCacheSize', amount('GB', '0.4'), node),
  p('IOTDBStaticTableDir', relativePath, node),
  p('IOTDBStaticTableCacheSize', amount('GB', '0.4'), node),
  p('memoryReleaseRate', num('steps from 0 (never) to 10 (fastest)', '5', { min: 0, max: 10 }), all),
  p('dataSync', flag, controllerAndNode),
  p('regularArrayMemoryLimit', count('MB', '2048', { min: 1 }), all),
  // Disks (磁盘)
  p('volumes', paths, node),
  p('allowVolumeCreation', bool, node),
  p('volumeUsageThreshold', num('shares of the disk', '0.97', { min: 0, above: true, max: 1 }), node),
  p('diskIOConcurrencyLevel', threads('1'), node),
  p('useHardLink', bool, node),
  p('maxFileHandles', int('file handles', '1024', { min: 1 }), node),
  p('marketHolidayDir', relativePath, node),
  p('chunkMetaDir', path, node),
  p('dfsMetaDir', path, controller),
  // Network (网络)
  p('mode', oneOf('single', 'controller', 'agent', 'datanode', 'computenode'), all),
  p('localSite', text('site'), all),
  p('controllerSite', text('site'), agent),
  p('sites', list('text'), agent),
  p('tcpNoDelay', bool, all),
  p('tcpUserTimeout', count('milliseconds', '300000'), all),
  p('lanCluster', bool, all),
  p('dfsChunkNodeHeartBeatTimeout', count('seconds', '8', { min: 1 }), controller),
  p('maxConnectionPerSite', int('connections', '16', { min: 16 }), all),
  p('enableRDMA', bool, all),
  p('maxConnections', int('connections', '512', { min: 1 }), all),
  p('enableHTTPS', bool, all),
  p('enableRpcSSL', bool, all),
  p('publicName', text('host'), controllerAndNode),
  p('isLicenseServer', bool, controller, { since: '1.30.21' }),
  p('useLicenseServer', bool, all, { since: '1.30.21' }),
  p('licenseServerSite', text('site'), all, {
    since: '1.30.21',
    until: '3.00.2',
    replacedBy: 'useLicenseServer',
  }),
  p('bindCores', list('core-range'), all, { since: '1.30.21', until: '3.00.2' }),
  p('coreAffinity', list('core-range'), all),
  // Recovery and rebalance (恢复和再平衡)
  p('dfsSyncRecoveryChunkRowSize', int('rows', '1000', { min: 1 }), node),
  p('dfsRecoveryConcurrency', threads('4', 1), controller),
  p('recoveryWorkers', threads('1', 1), node),
  p('dfsRebalanceConcurrency', threads('4', 1), node),
  p('enableDfsRecoverRedo', bool, node),
  p('recoverLogDir', path, node),
  // Asynchronous replication between clusters (异步复制)
  p('enableClusterReplicationSSL', bool, controllerAndNode),
  p('clusterReplicationSlaveNum', int('clusters', '2', { min: 1 }), controller),
  p('clusterReplicationMode', oneOf('master', 'slave'), node),
  p('clusterReplicationWorkDir', path, node),
  p('clusterReplicationSyncPersistence', bool, node),
  p('clusterReplicationMasterCtl', text('host-port'), controller),
  p('clusterReplicationExecutionUsername', text('name'), node),
  p('clusterReplicationExecutionPassword', text('text'), node, { secret: true }),
  p('clusterReplicationQueue', int('queues', '4', { min: 1 }), controller),
  p('clusterReplicationWorkerNum', threads('4', 1), node),
  p('slaveReplicationDBScope', list('dfs-path'), controller),
  // Jobs (同步作业, 异步作业, 作业并行度)
  p('maxCachedBatchJobNum', int('jobs', '2048', { min: 1 }), all),
  p('jobParallelismHardLimit', bool, all),
  p('defaultJobParallelism', int('workers', '2', { min: 1, max: 64 }), controllerAndNode),
  // Streaming (流数据: publisher, subscriber, HA)
  p('persistenceDir', path, node),
  p('persistenceWorkerNum', threads('1'), node),
  p('maxMsgNumPerBlock', int('records', '1024', { min: 1 }), node),
  p('maxPersistenceQueueDepth', int('records', '10000000', { min: 1 }), node),
  p('maxPubQueueDepthPerSite', int('records', '10000000', { min: 1 }), node),
  p('maxPubConnections', int('subscriber connections', '64', { min: 0 }), node),
  p('subPort', int('port', '8849', { min: 1024, max: 65535 }), node),
  p('maxSubConnections', int('publisher connections', '64', { min: 1 }), node),
  p('maxSubQueueDepth', int('records', '10000000', { min: 1 }), node),
  p('subExecutorPooling', bool, node),
  p('subExecutors', threads('4'), node),
  p('subThrottle', count('milliseconds', '1000', { min: 1 }), node),
  p('localSubscriberNum', threads('1', 1), node),
  p('persistenceOffsetDir', path, node),
  p('streamingHAMode', anyCase('raft'), node),
  p('streamingRaftGroups', list('raft-group'), node),
  p('streamingHADir', path, node, { until: '3.00.5', replacedBy: 'streamingHALogDir' }),
  p('streamingHALogDir', path, node),
  p('streamingRaftGroupAliases', list('raft-alias'), node),
  p('streamingRaftLearners', list('text'), node),
  p('enableORCA', bool, controllerAndNode),
  p('orcaMaxGraphRescheduleAttempts', int('attempts', '10', { min: 1 }), controller),
  // SQL (SQL 查询, 流式 SQL)
  p('maxPartitionNumPerQuery', int('partitions', '65536', { min: 1 }), node),
  p('checkExistingPartitionNumForQuery', bool, node),
  p('memLimitOfQueryResult', amount('GB', '4', { above: true }), node),
  p('memLimitOfTaskGroupResult', amount('GB', '2', { above: true }), node),
  p('memLimitOfTempResult', amount('GB', '1', { above: true }), node),
  p('tempResultsSpillDir', relativePath, node),
  p('memLimitOfAllTempResults', amount('GB', '1', { above: true }), node),
  p('maxQueryExecutionTime', int('seconds (0 = no limit)', '0', { unit: 'seconds' }), node),
  p('maxJoinTaskRetry', int('retries', '2147483647', { min: 1 }), node),
  p('streamingSQLExecutors', threads('0'), node),
  p('maxStreamingSQLQueriesPerTable', int('queries', '64', { min: 1 }), node),
  // Databases and tables (数据库与数据表)
  p('enableChunkGranularityConfig', bool, node, { since: '2.00.4' }),
  p('newValuePartitionPolicy', oneOf('add', 'skip', 'fail'), node),
  p('oldChunkVersionRetentionTime', count('minutes', '60', { max: 240 }), node),
  p('allowMissingPartitions', bool, node),
  p('enableLocalDatabase', bool, controllerAndNode),
  p('enableInsertStatementForDFSTable', bool, node),
  p('enableConcurrentDimensionalTableWrite', bool, node),
  p('removeSpecialCharInColumnName', bool, node),
  p('mvccCheckpointThreshold', int('operations', '5000000', { min: 100000, max: 2147483647 }), node),
  // TSDB engine (2.00)
  p('TSDBRedoLogDir', path, node, { since: '2.00.0' }),
  p('TSDBSymbolBaseEvictTime', count('seconds', '3600', { min: 1 }), node, { since: '2.00.0' }),
  p('TSDBCachedSymbolBaseCapacity', amount('GB', '0.4', { above: true }), node, { since: '2.00.0' }),
  p('TSDBCacheEngineSize', amount('GB', '1', { above: true }), node, { since: '2.00.0' }),
  p('TSDBAsyncSortingWorkerNum', threads('1'), node, { since: '2.00.0' }),
  p('TSDBCacheTableBufferThreshold', int('records', '16384', { min: 1 }), node, { since: '2.00.0' }),
  p('TSDBCacheFlushWorkNum', threads('1', 1), node, { since: '2.00.0' }),
  p('TSDBLevelFileIndexCacheSize', amount('GB', '0.4', { min: 0.1 }), node, { since: '2.00.0' }),
  p('TSDBLevelFileIndexCacheInvalidPercent', num('shares', '0.95', { min: 0, max: 1 }), node, {
    since: '2.00.0',
  }),
  p('allowTSDBLevel3Compaction', bool, node, { since: '2.00.0' }),
  p('compactWorkerNumPerVolume', threads('1', 1), node, { since: '2.00.0' }),
  p('TSDBVectorIndexCacheSize', amount('GB', '0'), node, { since: '2.00.0' }),
  // OLAP engine; chunkCacheEngineMemSize is its name before 2.00.7 (kept as an alias after)
  p('redoLogDir', path, node),
  p('OLAPCacheEngineSize', amount('GB', '2'), node, { since: '2.00.7' }),
  p('chunkCacheEngineMemSize', amount('GB', '2'), node),
  // PKEY engine
  p('enablePKEYEngine', bool, node),
  p('PKEYMetaLogDir', relativePath, node),
  p('PKEYRedoLogDir', relativePath, node),
  p('PKEYCacheEngineSize', amount('GB', '1', { above: true }), node),
  p('PKEYBlockCacheSize', amount('GB', '1', { above: true }), node),
  p('PKEYDeleteBitmapUpdateThreshold', amount('MB', '100', { above: true }), node),
  p('PKEYStashedPrimaryKeyBufferSize', amount('MB', '1024', { above: true }), node),
  p('PKEYBackgroundWorkerNumPerVolume', threads('1', 1), node),
  p('PKEYCacheFlushWorkerNumPerVolume', threads('1', 1), node),
  // In-memory OLTP engine (IMOLTP)
  p('enableIMOLTPEngine', bool, node),
  p('enableIMOLTPRedo', bool, node),
  p('IMOLTPRedoFilePath', relativePath, node),
  p('IMOLTPSyncOnTxnCommit', bool, node),
  p('enableIMOLTPCheckpoint', bool, node),
  p('IMOLTPCheckpointFilePath', relativePath, node),
  p('IMOLTPCheckpointThreshold', count('MB', '100', { min: 1 }), node),
  p('IMOLTPCheckpointInterval', count('seconds', '60', { min: 1 }), node),
  p('jiebaDictDir', relativePath, node),
  // Tiered storage (分级存储)
  p('coldVolumes', list('storage-url'), node),
  p('s3AccessKeyId', text('text'), node, { secret: true }),
  p('s3SecretAccessKey', text('text'), node, { secret: true }),
  p('s3Region', text('text'), node),
  p('s3Endpoint', text('text'), node),
  // Single sign-on (单点登录)
  p('oauth', bool, controllerAndNode),
  p('oauthWebType', oneOf('authorization code', 'implicit'), controllerAndNode),
  p('oauthAuthUri', text('url'), controllerAndNode),
  p('oauthClientId', text('text'), controllerAndNode),
  p('oauthClientSecret', text('text'), controllerAndNode, { secret: true }),
  p('oauthRedirectUri', text('url'), controllerAndNode),
  p('oauthTokenUri', text('url'), controllerAndNode),
  p('oauthTokenRequestMethod', anyCase('GET', 'POST'), controllerAndNode),
  p('oauthUserUri', text('url'), controllerAndNode),
  p('oauthUserRequestMethod', anyCase('GET', 'POST'), controllerAndNode),
  p('oauthUserField', text('text'), controllerAndNode),
  p('oauthAllowPasswordLoginNodes', list('text'), controllerAndNode),
  // Monitoring (性能监控与资源跟踪)
  p('perfMonitoring', bool, controllerAndNode),
  p('resourceSamplingInterval', int('seconds (-1 = off)', '30', { unit: 'seconds', min: -1 }), node),
  p('resourceSamplingMaxLogSize', count('MB', '1024', { min: 1 }), node),
  p('resourceSamplingLogRetentionTime', int('days (-1 = keep)', '30', { unit: 'days', min: -1 }), node),
  p('resourceSamplingLogDir', relativePath, node),
  // Compatibility (兼容性配置)
  p('processVectorFunctionOverTupleByRow', bool, node),
  p('autoConversionToColumnarTuple', bool, node),
  p('decimalRoundingMode', oneOf('round', 'trunc'), node),
  p('ignoreSpecialCharacterInPartitionId', bool, node),
  p('keepTupleInRowFunction', bool, node),
  p('movingIndexedObjectByIndexedLabel', bool, node),
  p('nullAsMinValueForComparison', bool, node),
  p('logicOrIgnoreNull', bool, node),
  p('enableNullSafeJoin', bool, node),
  p('appendTupleAsAWhole', bool, node),
  p('parseDecimalAsFloatingNumber', bool, node),
  p('enableConfigAccessControl', bool, controllerAndNode),
  p('dolphinModulePath', path, controllerAndNode),
  // Startup files and directories (cfg/init, cfg/standalone)
  p('moduleDir', relativePath, all),
  p('pluginDir', relativePath, all),
  p('webRoot', relativePath, all),
  p('tzdb', path, all),
  p('init', relativePath, all),
  p('startup', relativePath, all),
  p('postStart', relativePath, all),
  p('preloadModules', list('module'), all),
];

const byName = new Map(configParameters.map((parameter) => [parameter.name, parameter]));

/** The parameter of a key name (without its `alias.` scope); undefined when the catalogue lacks it. */
export function findParameter(name: string): ConfigParameter | undefined {
  return byName.get(name);
}

/** Every parameter name, for "did you mean". */
export function parameterNames(): readonly string[] {
  return [...byName.keys()];
}
