import { closeName } from '../config-catalogue/did-you-mean.js';
import type { ConfigFile, ConfigParameter } from '../config-catalogue/parameter-types.js';
import { parameterNames } from '../config-catalogue/parameters.js';
import { parseConfigValue } from '../config-catalogue/parse-value.js';
import { error, warning, type Issue } from '../issues.js';
import type { ConfigSectionName, ConfigValue, Topology } from '../topology.js';
import { isClusterMode } from './context.js';

/** The file each config section is written to. */
const sectionFiles: Record<ConfigSectionName, ConfigFile> = {
  controller: 'controller.cfg',
  agent: 'agent.cfg',
  cluster: 'cluster.cfg',
  single: 'dolphindb.cfg',
};

/**
 * A key the catalogue does not know: a typo when it is one edit (or only case) away from a known
 * name, since DolphinDB's names are case-sensitive and it would not read the key; otherwise only a
 * warning, because a newer server may know keys the catalogue does not.
 */
export function unknownKeyIssue(path: string, key: string, pattern: string | undefined, name: string): Issue {
  const near = closeName(name, parameterNames());
  if (near !== undefined) {
    const meant = pattern === undefined ? near : `${pattern}.${near}`;
    return error(
      path,
      'unknown-config-key',
      `${key} is not a DolphinDB config key: did you mean ${meant}? DolphinDB names are case-sensitive; rename the key`,
    );
  }
  return warning(
    path,
    'unknown-config-key',
    `${key} is not in ddb-setup's catalogue of DolphinDB config keys: check its spelling in the configuration reference; it is written as given, in case your server version knows it`,
  );
}

/** The value against its parameter's type, unit and range; unknown keys only for safe characters. */
export function valueIssue(
  path: string,
  key: string,
  value: ConfigValue,
  parameter: ConfigParameter | undefined,
): Issue | undefined {
  if (value === null) return undefined;
  const { problem } = parseConfigValue(key, value, parameter);
  return problem === undefined ? undefined : error(path, 'invalid-config-value', problem);
}

/**
 * A key in a file whose processes do not read it (the catalogue's files). config.single is every
 * process at once, so nothing there is misplaced.
 */
export function misplacedIssue(
  path: string,
  section: ConfigSectionName,
  parameter: ConfigParameter,
): Issue | undefined {
  if (section === 'single' || parameter.files.includes(sectionFiles[section])) return undefined;
  const files = parameter.files.filter((file) => file !== 'dolphindb.cfg');
  const target: ConfigSectionName = files.includes('controller.cfg')
    ? 'controller'
    : files.includes('cluster.cfg')
      ? 'cluster'
      : 'agent';
  return warning(
    path,
    'misplaced-key',
    `${parameter.name} is read from ${files.join(' and ')}, so it has no effect in config.${section}: move it to config.${target}`,
  );
}

/** Passwords and access keys: the topology is meant to hold no secret (spec/topology.md). */
export function secretIssue(path: string, key: string, parameter: ConfigParameter): Issue | undefined {
  if (!parameter.secret) return undefined;
  return warning(
    path,
    'secret-in-topology',
    `${key} is a secret, and the topology file is shown by render and plan and often kept in version control: keep this file private, or set ${parameter.name} in the config files on the servers after deploying`,
  );
}

/** Whether the value check belongs to another rule: replication.ts reads these two in clusters. */
export function checkedElsewhere(topology: Topology, section: ConfigSectionName, name: string): boolean {
  return (
    isClusterMode(topology) &&
    section === 'controller' &&
    (name === 'dfsReplicationFactor' || name === 'dfsReplicaReliabilityLevel')
  );
}
