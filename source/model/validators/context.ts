import { deriveTopology, type Derived } from '../derive.js';
import type { Issue } from '../issues.js';
import {
  agentSettings,
  clusterSettings,
  controllerSettings,
  matchesAlias,
  singleSettings,
  splitScopedKey,
  type Setting,
} from '../settings.js';
import { buildSiteBook, type SiteBook } from '../sites.js';
import type { ConfigSectionName, Topology } from '../topology.js';

/** What every validator reads: the topology, derived facts, sites and merged settings. */
export type ValidationContext = Derived & {
  readonly book: SiteBook;
  readonly settings: Readonly<Record<ConfigSectionName, readonly Setting[]>>;
  /** Index of a node in `nodes`, for issue paths. */
  readonly nodeIndex: (node: Topology['nodes'][number]) => number;
};

/** A small, named check over the topology (style guide §8.8 item 8). */
export type Validator = (context: ValidationContext) => Issue[];

/** Builds the context once for all validators. */
export function createContext(topology: Topology): ValidationContext {
  const derived = deriveTopology(topology);
  const indexes = new Map(topology.nodes.map((node, index) => [node, index]));
  return {
    ...derived,
    book: buildSiteBook(derived),
    settings: {
      controller: controllerSettings(derived),
      agent: agentSettings(derived),
      cluster: clusterSettings(derived),
      single: singleSettings(derived),
    },
    nodeIndex: (node) => indexes.get(node) ?? -1,
  };
}

/** Path of a user's key in a config section: `config.cluster["datanode1.volumes"]`. */
export function configPath(section: ConfigSectionName, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `config.${section}.${key}`
    : `config.${section}[${JSON.stringify(key)}]`;
}

/** True when the user wrote this key in the section. */
export function userSet(topology: Topology, section: ConfigSectionName, key: string): boolean {
  const values = topology.config?.[section];
  return values !== undefined && Object.prototype.hasOwnProperty.call(values, key);
}

/**
 * Path of the user's key that gives a process its `name` setting: in config.cluster the last key
 * scoped to a pattern matching the alias (scoped keys win, as in nodeSettings), else the plain key;
 * undefined when the value is ddb-setup's default.
 */
export function userKeyPath(
  topology: Topology,
  section: ConfigSectionName,
  name: string,
  alias: string,
): string | undefined {
  const values = topology.config?.[section] ?? {};
  const scoped = Object.keys(values).filter((key) => {
    const split = splitScopedKey(key);
    return (
      section === 'cluster' &&
      split.name === name &&
      split.pattern !== undefined &&
      values[key] !== null &&
      matchesAlias(split.pattern, alias)
    );
  });
  const key = scoped[scoped.length - 1] ?? (userSet(topology, section, name) ? name : undefined);
  return key === undefined ? undefined : configPath(section, key);
}

/** `host (address)` for messages. */
export function hostLabel(context: ValidationContext, hostName: string): string {
  const host = context.hostsByName.get(hostName);
  return host ? `${host.name} (${host.address})` : hostName;
}

/** True for modes with controllers, agents and cluster.cfg. */
export function isClusterMode(topology: Topology): boolean {
  return topology.mode !== 'single';
}
