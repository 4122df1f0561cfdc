/**
 * Configuration files (dolphindb.cfg, controller.cfg, agent.cfg, cluster.cfg) parsed as the server
 * does: `key=value` lines, blank lines and `#` comments skipped, the first line must not be blank
 * (facts §2.1). cluster.cfg keys may be scoped to nodes (facts §2.3): `alias.key`, wildcards `?`
 * (one character) and `%` (any characters), and the `<ALIAS>` macro, which is forbidden together with
 * an explicit alias (facts §2.3, §9; seed 002 §6 item 6).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fail } from './errors.js';
import { log } from './log.js';
import { MODES, parseSite, parseSites, type Mode } from './sites.js';
import { atLeast } from './version.js';

export type Entry = {
  /** The node scope (`P1-datanode`, `P1-%`), or undefined for a key that applies to every node. */
  readonly scope: string | undefined;
  readonly key: string;
  readonly value: string;
};

export type ConfigFile = { readonly path: string; readonly entries: readonly Entry[] };

/** Reads and checks one configuration file. */
export function readConfigFile(path: string): ConfigFile {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    // facts §1.1/§9 quote `Cannot open configuration file` (third-party wording, UNCERTAIN).
    throw fail(`Cannot open configuration file [${absolute}]`);
  }
  return parseConfigText(text, absolute);
}

export function parseConfigText(text: string, path: string): ConfigFile {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  // facts §2.1: "The first line of all these config files must not be blank". The wording mirrors
  // the documented nodes-file message (facts §9); the config-file wording itself is not documented.
  if ((lines[0] ?? '').trim() === '')
    throw fail(`Failed to load the configuration file [${path}] with error: The input file is empty.`);
  const entries: Entry[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      log.warn(`Ignored the line [${line}] of the configuration file ${path}: it is not key=value.`);
      continue;
    }
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const dot = name.indexOf('.');
    const scope = dot > 0 ? name.slice(0, dot) : undefined;
    const key = dot > 0 ? name.slice(dot + 1) : name;
    entries.push({ scope, key, value });
  }
  return { path, entries };
}

const isWildcard = (scope: string) => /[%?]/.test(scope);

function wildcardMatches(pattern: string, alias: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '%' ? '.*' : c === '?' ? '.' : c.replace(/[.*+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(alias);
}

/**
 * Rejects `alias.key=…<ALIAS>…` (facts §2.3 "Macro + explicit alias is forbidden → the node fails to
 * start"). The wording is the stand-in's; the real message is not documented.
 */
export function checkMacros(file: ConfigFile): void {
  for (const e of file.entries)
    if (e.scope !== undefined && !isWildcard(e.scope) && e.value.includes('<ALIAS>'))
      throw fail(
        `Failed to load the configuration file [${file.path}] with error: The macro <ALIAS> cannot be used ` +
          `in the setting ${e.scope}.${e.key} of a specific node.`,
      );
}

/**
 * The settings of one node: plain keys, then wildcard scopes, then the node's own scope, later
 * levels overriding earlier ones; `<ALIAS>` expands to the alias (facts §2.3 four ways).
 */
export function resolveFor(files: readonly ConfigFile[], alias: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const level of ['plain', 'wildcard', 'exact'] as const)
    for (const file of files)
      for (const e of file.entries) {
        const applies =
          level === 'plain'
            ? e.scope === undefined
            : level === 'wildcard'
              ? e.scope !== undefined && isWildcard(e.scope) && wildcardMatches(e.scope, alias)
              : e.scope === alias;
        if (applies) result.set(e.key, e.value.replaceAll('<ALIAS>', alias));
      }
  return result;
}

type Check = (value: string) => boolean;
const intAtLeast =
  (min: number): Check =>
  (v) =>
    /^-?\d+$/.test(v) && Number(v) >= min;
const numberAtLeast =
  (min: number): Check =>
  (v) =>
    /^\d+(\.\d+)?$/.test(v) && Number(v) >= min;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v);
const oneOfIgnoringCase =
  (...values: string[]): Check =>
  (v) =>
    values.map((x) => x.toLowerCase()).includes(v.toLowerCase());
const boolean: Check = oneOfIgnoringCase('0', '1', 'true', 'false');
const any: Check = () => true;
const site =
  (what: string): Check =>
  (v) => (parseSite(v, what), true);
const absolutePaths: Check = (v) =>
  v
    .split(',')
    .map((p) => p.trim())
    .every((p) => isAbsolute(p.replaceAll('<ALIAS>', 'x')));

/**
 * The keys the stand-in knows, with the values it accepts (facts §1.3, §2.2–§2.6 tables). Unknown
 * keys are kept and only warned about: official files contain some (the compose package's `workNum`
 * typo, facts §8.2) and the server starts with them.
 */
const KNOWN: Record<string, Check> = {
  mode: oneOf(...MODES),
  localSite: site('localSite'),
  controllerSite: site('controllerSite'),
  sites: (v) => (parseSites(v), true),
  maxMemSize: numberAtLeast(0),
  workerNum: intAtLeast(1),
  maxConnections: intAtLeast(1),
  maxBatchJobWorker: intAtLeast(0),
  maxDynamicWorker: intAtLeast(0),
  webWorkerNum: intAtLeast(1),
  localExecutors: intAtLeast(0),
  remoteExecutors: intAtLeast(0),
  dataSync: oneOf('0', '1'),
  OLAPCacheEngineSize: numberAtLeast(0),
  chunkCacheEngineMemSize: numberAtLeast(0),
  TSDBCacheEngineSize: numberAtLeast(0),
  newValuePartitionPolicy: oneOf('skip', 'add', 'fail'),
  lanCluster: boolean,
  perfMonitoring: boolean,
  maxFileHandles: intAtLeast(1),
  logLevel: oneOf('DEBUG', 'INFO', 'WARNING', 'ERROR'),
  subPort: (v) => intAtLeast(0)(v) && Number(v) <= 65535,
  maxPubConnections: intAtLeast(0),
  subExecutors: intAtLeast(0),
  enableHTTPS: boolean,
  enableChunkGranularityConfig: boolean,
  dfsReplicationFactor: intAtLeast(1),
  dfsReplicaReliabilityLevel: oneOf('0', '1', '2'),
  dfsHAMode: oneOfIgnoringCase('Raft'),
  raftElectionTick: intAtLeast(1),
  dfsRecoveryWaitTime: intAtLeast(0),
  dfsChunkNodeHeartBeatTimeout: intAtLeast(1),
  dfsMetaDir: any,
  datanodeRestartInterval: intAtLeast(0),
  datanodeRestartLevel: oneOf('CRASH', 'OFFLINE'),
  enableClientAuth: boolean,
  enableDFSQueryLog: boolean,
  enableAuditLog: boolean,
  publicName: any,
  volumes: absolutePaths,
  chunkMetaDir: any,
  redoLogDir: any,
  TSDBRedoLogDir: any,
  persistenceDir: any,
  init: any,
  startup: any,
  postStart: any,
  webRoot: any,
  license: any,
  tzdb: any,
  streamingHAMode: oneOfIgnoringCase('raft'),
  streamingRaftGroups: any,
  computeGroup: any,
  clusterName: any,
  preloadModules: any,
  maxLogSize: any,
};

/** Checks the values of the keys the stand-in knows; warns about the others. */
export function checkValues(settings: ReadonlyMap<string, string>, where: string, warn = true): void {
  for (const [key, value] of settings) {
    const check = KNOWN[key];
    if (!check) {
      if (warn) log.warn(`Unrecognized configuration parameter ${key} in ${where}; it is ignored.`);
      continue;
    }
    if (!check(value))
      // Stand-in wording: the real messages for bad values are not documented.
      throw fail(`Invalid value [${value}] for the configuration parameter ${key} in ${where}.`);
  }
  const mem = Number(settings.get('maxMemSize') ?? 0);
  for (const key of ['TSDBCacheEngineSize', 'OLAPCacheEngineSize', 'chunkCacheEngineMemSize']) {
    const size = settings.get(key);
    // facts §4: from 3.00.5 a cache engine larger than 50% of maxMemSize fails the start.
    if (size !== undefined && mem > 0 && Number(size) > mem / 2 && atLeast('3.00.5'))
      throw fail(`${key} [${size}] must not exceed 50% of maxMemSize [${mem}].`);
  }
}

/** The mode a process runs as: `-mode` or the config file's `mode`, default single (facts §1.3). */
export function modeOf(settings: ReadonlyMap<string, string>): Mode {
  return (settings.get('mode') ?? 'single') as Mode;
}

export const truthy = (v: string | undefined): boolean =>
  v !== undefined && ['1', 'true'].includes(v.toLowerCase());
