import { error, warning, type Issue } from '../issues.js';
import { isWildcard, matchesAlias, splitScopedKey } from '../settings.js';
import type { ConfigSectionName } from '../topology.js';
import { findParameter } from '../config-catalogue/parameters.js';
import {
  checkedElsewhere,
  misplacedIssue,
  secretIssue,
  unknownKeyIssue,
  valueIssue,
} from './config-values.js';
import { configPath, type ValidationContext } from './context.js';

/** Keys ddb-setup writes itself from the node rows. */
const generatedKeys: Record<ConfigSectionName, readonly string[]> = {
  controller: ['mode', 'localSite'],
  agent: ['mode', 'localSite', 'controllerSite', 'sites'],
  cluster: ['mode', 'localSite'],
  single: ['mode', 'localSite'],
};

/** Options DolphinDB takes only on its command line (facts §1.2); ddb-setup's start scripts set them. */
const commandLineOnly = new Set([
  'home',
  'logFile',
  'config',
  'clusterConfig',
  'nodesFile',
  'console',
  'stdoutLog',
  'maxLogSize',
  'remoteHost',
  'remotePort',
  'uid',
  'pwd',
  'run',
]);

const keyPattern = /^[A-Za-z][A-Za-z0-9_]*$/;
const scopePattern = /^[A-Za-z0-9_%?-]+$/;

/**
 * Key syntax, reserved keys, unknown keys (did you mean…), every value against the catalogue
 * (config-catalogue/), and keys in a file whose processes do not read them.
 */
export function checkConfigKeys(context: ValidationContext): Issue[] {
  const { topology } = context;
  const issues: Issue[] = [];
  for (const section of ['controller', 'agent', 'cluster', 'single'] as ConfigSectionName[]) {
    for (const [key, value] of Object.entries(topology.config?.[section] ?? {})) {
      const path = configPath(section, key);
      const { pattern, name } = splitScopedKey(key);
      if (
        !keyPattern.test(name) ||
        (pattern !== undefined && (section !== 'cluster' || !scopePattern.test(pattern)))
      ) {
        const scoped =
          section === 'cluster'
            ? '; per-node keys look like `datanode1.volumes` or `P1-%.publicName`'
            : '; node-scoped keys (alias.key) exist only in config.cluster';
        issues.push(error(path, 'invalid-config-key', `"${key}" is not a DolphinDB config key${scoped}`));
        continue;
      }
      if (generatedKeys[section].includes(name)) {
        issues.push(
          error(
            path,
            'reserved-key',
            `${name} is written by ddb-setup from the node rows: change the row in nodes instead of setting ${key}`,
          ),
        );
        continue;
      }
      if (commandLineOnly.has(name)) {
        issues.push(
          error(
            path,
            'command-line-key',
            `${name} is a command-line option, not a config key, and ddb-setup's start scripts set it: remove ${key}`,
          ),
        );
        continue;
      }
      const parameter = findParameter(name);
      if (parameter === undefined) issues.push(unknownKeyIssue(path, key, pattern, name));
      else if (checkedElsewhere(topology, section, name)) continue;
      const checks = [
        valueIssue(path, key, value, parameter),
        parameter && misplacedIssue(path, section, parameter),
        parameter && secretIssue(path, key, parameter),
      ];
      issues.push(...checks.filter((issue) => issue !== undefined));
    }
  }
  return issues;
}

/**
 * `<ALIAS>` with an explicit alias stops the node (seed 002 §6 item 6); with a wildcard pattern the
 * docs are silent, so that is a warning. Scoped keys must match some data or compute node.
 */
export function checkScopedClusterKeys(context: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const workers = context.workers.map((node) => node.alias);
  for (const [key, value] of Object.entries(context.topology.config?.cluster ?? {})) {
    const { pattern, name } = splitScopedKey(key);
    if (pattern === undefined || !scopePattern.test(pattern)) continue;
    const path = configPath('cluster', key);
    if (value !== null && String(value).includes('<ALIAS>')) {
      const plain = `${name}: ${String(value)}`;
      if (isWildcard(pattern)) {
        issues.push(
          warning(
            path,
            'alias-macro',
            `${key} combines a node pattern with the <ALIAS> macro, which DolphinDB documents only for plain keys: write \`${plain}\` for all nodes, or spell the paths out per node`,
          ),
        );
      } else {
        issues.push(
          error(
            path,
            'alias-macro',
            `${key} uses <ALIAS> with an explicit node, which stops ${pattern} from starting: write the path out (${String(value).replaceAll('<ALIAS>', pattern)}) or use the plain key \`${plain}\``,
          ),
        );
      }
    }
    if (!workers.some((alias) => matchesAlias(pattern, alias))) {
      issues.push(
        warning(
          path,
          'unmatched-node-key',
          `${key} applies to no data or compute node (aliases are case-sensitive: ${workers.join(', ') || 'none'})`,
        ),
      );
    }
  }
  return issues;
}

/** Sections that the mode never writes. */
export function checkUnusedSections({ topology }: ValidationContext): Issue[] {
  const unused: ConfigSectionName[] =
    topology.mode === 'single' ? ['controller', 'agent', 'cluster'] : ['single'];
  return unused
    .filter((section) => Object.keys(topology.config?.[section] ?? {}).length > 0)
    .map((section) =>
      warning(
        `config.${section}`,
        'unused-config',
        `config.${section} is not used in mode ${topology.mode} (${topology.mode === 'single' ? 'use config.single' : 'data and compute nodes read config.cluster'})`,
      ),
    );
}

/** cluster.cfg must keep at least one line: DolphinDB rejects a config file whose first line is blank. */
export function checkClusterCfgNotEmpty(context: ValidationContext): Issue[] {
  if (context.topology.mode === 'single' || context.settings.cluster.length > 0) return [];
  return [
    error(
      'config.cluster',
      'empty-config-file',
      'every cluster.cfg key is set to null, so cluster.cfg would be empty and DolphinDB rejects a config file whose first line is blank: keep at least one key',
    ),
  ];
}
