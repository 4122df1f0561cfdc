import { findParameter } from '../config-catalogue/parameters.js';
import { parseConfigValue } from '../config-catalogue/parse-value.js';
import { nodesByHost } from '../derive.js';
import { error, warning, type Issue } from '../issues.js';
import {
  matchesAlias,
  nodeSettings,
  numberSetting,
  settingsMap,
  splitScopedKey,
  type Setting,
} from '../settings.js';
import type { ConfigSectionName, TopologyNode } from '../topology.js';
import { hasTsdbEngine, isAtLeast } from '../version.js';
import { configPath, isClusterMode, userKeyPath, userSet, type ValidationContext } from './context.js';

const sections: readonly ConfigSectionName[] = ['controller', 'agent', 'cluster', 'single'];

/**
 * Key names that exist only from some version on (facts §4). The cache-engine and TSDB keys are
 * errors: the engine they size is absent, so the setting is silently lost. Other keys from the
 * catalogue's version ranges are warnings: the server ignores a key it does not know.
 */
function versionProblem(name: string, version: string): VersionProblem | undefined {
  if (name === 'OLAPCacheEngineSize' && !isAtLeast(version, '2.00.7'))
    return {
      fatal: true,
      text: 'OLAPCacheEngineSize exists from 2.00.7; before that the key is chunkCacheEngineMemSize',
    };
  if (name.startsWith('TSDB') && !hasTsdbEngine(version))
    return {
      fatal: true,
      text: `${name} belongs to the TSDB engine, which arrived in 2.00; remove it for ${version}`,
    };
  const parameter = findParameter(name);
  if (parameter?.since !== undefined && !isAtLeast(version, parameter.since))
    return {
      fatal: false,
      text: `${name} exists from ${parameter.since}, so ${version} does not read it: remove it, or raise server.version`,
    };
  if (parameter?.until !== undefined && isAtLeast(version, parameter.until)) {
    const instead = parameter.replacedBy ? `: use ${parameter.replacedBy} instead` : ': remove it';
    return { fatal: false, text: `${name} is no longer read from ${parameter.until}${instead}` };
  }
  return undefined;
}

type VersionProblem = { readonly fatal: boolean; readonly text: string };

/** User keys that the chosen server version does not know. */
export function checkVersionedKeys({ topology }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  for (const section of sections) {
    for (const key of Object.keys(topology.config?.[section] ?? {})) {
      const problem = versionProblem(splitScopedKey(key).name, topology.server.version);
      if (!problem) continue;
      const path = configPath(section, key);
      const message = `${problem.text} (server.version is ${topology.server.version})`;
      issues.push(
        problem.fatal ? error(path, 'key-version', message) : warning(path, 'key-version', message),
      );
    }
  }
  return issues;
}

/**
 * Each cache engine may take at most half of maxMemSize; from 3.00.5 more stops the node, before it
 * is a warning (facts §1.3, §4). The cache engine also needs dataSync=1. Checked per process with the
 * settings that process ends up with.
 */
export function checkCacheEngines(context: ValidationContext): Issue[] {
  const { topology } = context;
  const fatal = isAtLeast(topology.server.version, '3.00.5');
  const issues: Issue[] = [];
  const reported = new Set<string>();
  const processes: [TopologyNode, ConfigSectionName, Map<string, string>][] =
    topology.mode === 'single'
      ? topology.nodes.map((node) => [node, 'single', nodeSettings(context.settings.single, node.alias)])
      : context.workers.map((node) => [node, 'cluster', nodeSettings(context.settings.cluster, node.alias)]);
  for (const [node, section, settings] of processes) {
    const maxMem = numberSetting(settings, 'maxMemSize');
    for (const key of ['OLAPCacheEngineSize', 'chunkCacheEngineMemSize', 'TSDBCacheEngineSize']) {
      const size = numberSetting(settings, key);
      if (size === undefined || maxMem === undefined || maxMem <= 0 || size <= maxMem / 2) continue;
      const path =
        userKeyPath(topology, section, key, node.alias) ??
        userKeyPath(topology, section, 'maxMemSize', node.alias) ??
        `config.${section}`;
      const id = `${path}:${key}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const text = `${key}=${size} is more than half of maxMemSize=${maxMem} on ${node.alias}: lower it to ${maxMem / 2} or less, or raise maxMemSize`;
      issues.push(
        fatal
          ? error(path, 'cache-engine-size', `${text} (from 3.00.5 the node refuses to start)`)
          : warning(path, 'cache-engine-size', `${text} (3.00.5 and later refuse to start)`),
      );
    }
    const cache = Math.max(
      numberSetting(settings, 'OLAPCacheEngineSize') ?? 0,
      numberSetting(settings, 'chunkCacheEngineMemSize') ?? 0,
    );
    if (cache > 0 && dataSyncOff(settings.get('dataSync')) && !reported.has(`${section}:dataSync`)) {
      reported.add(`${section}:dataSync`);
      issues.push(
        warning(
          userKeyPath(topology, section, 'dataSync', node.alias) ?? `config.${section}`,
          'cache-engine-needs-datasync',
          `the OLAP cache engine (${cache} GB) requires dataSync=1: set \`dataSync: 1\` in config.${section}`,
        ),
      );
    }
  }
  return issues;
}

/** dataSync is off (absent or 0); a value that is neither is reported by the catalogue check instead. */
function dataSyncOff(text: string | undefined): boolean {
  if (text === undefined) return true;
  const parsed = parseConfigValue('dataSync', text, findParameter('dataSync'));
  return parsed.problem === undefined && parsed.text !== '1';
}

/** dfsHAMode agrees with the mode; UDP heartbeats (lanCluster=1) cannot work in Docker. */
export function checkHaAndHeartbeat(context: ValidationContext): Issue[] {
  const { topology } = context;
  const issues: Issue[] = [];
  if (isClusterMode(topology) && userSet(topology, 'controller', 'dfsHAMode')) {
    const value = settingsMap(context.settings.controller).get('dfsHAMode');
    const path = configPath('controller', 'dfsHAMode');
    if (context.raft && value !== 'Raft') {
      issues.push(
        error(
          path,
          'ha-mode-mismatch',
          `mode ${topology.mode} runs its controllers as a Raft group, which needs dfsHAMode=Raft in every controller.cfg: remove the dfsHAMode override`,
        ),
      );
    } else if (!context.raft && value === 'Raft') {
      issues.push(
        error(
          path,
          'ha-mode-mismatch',
          `dfsHAMode=Raft needs a group of 3 or more controllers, but mode ${topology.mode} has ${context.controllers.length}: use mode ha or pseudo-ha, or remove dfsHAMode`,
        ),
      );
    }
  }
  if (topology.mode === 'swarm') {
    for (const section of sections) {
      const value = topology.config?.[section]?.['lanCluster'];
      if (value !== undefined && value !== null && !['0', 'false'].includes(String(value).toLowerCase())) {
        issues.push(
          error(
            configPath(section, 'lanCluster'),
            'lan-cluster-udp',
            'lanCluster=1 sends heartbeats over UDP broadcast, which does not work on Docker networks: set `lanCluster: 0` (the default)',
          ),
        );
      }
    }
  }
  return issues;
}

/** Directories two processes on one server must not share (facts §2.3, §2.6). */
const perProcessDirs = ['volumes', 'persistenceDir', 'redoLogDir', 'TSDBRedoLogDir', 'chunkMetaDir'];

/**
 * Controllers never share dfsMetaDir (facts §2.6: the official compose did and was fixed); data and
 * compute nodes on one server need their own volumes and log directories.
 */
export function checkSharedDirectories(context: ValidationContext): Issue[] {
  const { topology } = context;
  if (!isClusterMode(topology)) return [];
  const issues: Issue[] = [];
  const metaDir = settingsMap(context.settings.controller).get('dfsMetaDir');
  if (metaDir !== undefined && userSet(topology, 'controller', 'dfsMetaDir')) {
    const crowded = [...nodesByHost(context.controllers)].filter(([, group]) => group.length > 1);
    for (const [host, group] of crowded) {
      issues.push(
        error(
          configPath('controller', 'dfsMetaDir'),
          'shared-dfs-meta-dir',
          `${group.map((n) => n.alias).join(', ')} run on ${host} and would all keep their Raft metadata in ${metaDir}: remove the dfsMetaDir override (ddb-setup gives each controller its own)`,
        ),
      );
    }
  }
  for (const [host, group] of nodesByHost(context.workers)) {
    if (group.length < 2) continue;
    for (const key of perProcessDirs) {
      const owners = new Map<string, string>();
      for (const node of group) {
        const value = nodeSettings(context.settings.cluster, node.alias).get(key);
        if (value === undefined) continue;
        const other = owners.get(value);
        if (other !== undefined) {
          issues.push(
            error(
              sharedPath(context.settings.cluster, key, node.alias),
              'shared-node-dir',
              `${other} and ${node.alias} on ${host} would share ${key}=${value}: give each node its own, e.g. \`${key}: ${value.replace(/\/$/, '')}/<ALIAS>\``,
            ),
          );
          break;
        }
        owners.set(value, node.alias);
      }
    }
  }
  return issues;
}

/** The user's key that gave a node this setting: the last matching scoped key, else the plain one. */
function sharedPath(settings: readonly Setting[], key: string, alias: string): string {
  const scoped = settings.filter((s) => {
    const { pattern, name } = splitScopedKey(s.key);
    return name === key && pattern !== undefined && matchesAlias(pattern, alias);
  });
  return configPath('cluster', scoped[scoped.length - 1]?.key ?? key);
}
