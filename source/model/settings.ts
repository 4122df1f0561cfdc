import {
  agentDefaults,
  clusterDefaults,
  controllerDefaults,
  singleDefaults,
  type Setting,
} from './config-defaults.js';
import { readNumber } from './config-catalogue/parse-value.js';
import type { Derived } from './derive.js';
import type { ConfigSectionName, ConfigValue } from './topology.js';

export type { Setting } from './config-defaults.js';

/**
 * Names that mean the same setting; a user's key replaces the default written under the other name
 * (facts §4: `chunkCacheEngineMemSize` is the pre-2.00.7 name of `OLAPCacheEngineSize`).
 */
const synonyms: Record<string, string> = {
  chunkCacheEngineMemSize: 'OLAPCacheEngineSize',
  OLAPCacheEngineSize: 'chunkCacheEngineMemSize',
};

/**
 * Text of a config value as render writes it: verbatim (the topology's contract); values DolphinDB
 * would misread are validation errors with the text to write (config-catalogue/parse-value.ts).
 */
export function configText(value: ConfigValue): string {
  return value === null ? '' : String(value);
}

/** The user's entries of one `config` section, in file order. */
export function userEntries(derived: Derived, section: ConfigSectionName): [string, ConfigValue][] {
  return Object.entries(derived.topology.config?.[section] ?? {});
}

/**
 * Defaults merged with the user's section: an overridden default keeps its place, new keys follow
 * in the user's order, and `null` removes a key.
 */
export function mergeSettings(
  defaults: readonly Setting[],
  user: readonly [string, ConfigValue][],
): Setting[] {
  const result = defaults.map((setting) => ({ ...setting }));
  for (const [key, value] of user) {
    const index = result.findIndex((s) => s.key === key || synonyms[key] === s.key);
    if (value === null) {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = { key, value: configText(value) };
    else result.push({ key, value: configText(value) });
  }
  return result;
}

/** Settings of every controller.cfg (besides `mode` and `localSite`). */
export function controllerSettings(derived: Derived): Setting[] {
  return mergeSettings(controllerDefaults(derived), userEntries(derived, 'controller'));
}

/** Settings of every agent.cfg (besides `mode`, `localSite`, `controllerSite`, `sites`). */
export function agentSettings(derived: Derived): Setting[] {
  return mergeSettings(agentDefaults(), userEntries(derived, 'agent'));
}

/** Lines of cluster.cfg, identical on every controller. */
export function clusterSettings(derived: Derived): Setting[] {
  return mergeSettings(clusterDefaults(derived), userEntries(derived, 'cluster'));
}

/** Settings of dolphindb.cfg for mode single (besides `mode` and `localSite`). */
export function singleSettings(derived: Derived): Setting[] {
  return mergeSettings(singleDefaults(derived), userEntries(derived, 'single'));
}

/** A cluster.cfg key split into its node pattern (`P1-%` in `P1-%.volumes`) and setting name. */
export type ScopedKey = { readonly pattern: string | undefined; readonly name: string };

/** Splits `alias.key`; a key without a dot applies to every node. */
export function splitScopedKey(key: string): ScopedKey {
  const dot = key.indexOf('.');
  return dot < 0
    ? { pattern: undefined, name: key }
    : { pattern: key.slice(0, dot), name: key.slice(dot + 1) };
}

/** True when a pattern uses DolphinDB's wildcards: `%` (any run) or `?` (one character). */
export function isWildcard(pattern: string): boolean {
  return pattern.includes('%') || pattern.includes('?');
}

/** Matches an alias against a cluster.cfg node pattern, case-sensitively as DolphinDB does. */
export function matchesAlias(pattern: string, alias: string): boolean {
  const source = [...pattern]
    .map((ch) => (ch === '%' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(alias);
}

/**
 * The settings one data or compute node ends up with: plain keys (with `<ALIAS>` expanded), then
 * keys scoped to patterns that match the alias, later lines winning (facts §2.3).
 */
export function nodeSettings(settings: readonly Setting[], alias: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const { key, value } of settings) {
    const { pattern, name } = splitScopedKey(key);
    if (pattern === undefined) result.set(name, value.replaceAll('<ALIAS>', alias));
  }
  for (const { key, value } of settings) {
    const { pattern, name } = splitScopedKey(key);
    if (pattern !== undefined && matchesAlias(pattern, alias)) result.set(name, value);
  }
  return result;
}

/**
 * Reads a numeric setting in its parameter's unit, as the catalogue reads it (`8GB` is 8 for
 * maxMemSize, though validation reports it); undefined when absent or not a number.
 */
export function numberSetting(settings: ReadonlyMap<string, string>, key: string): number | undefined {
  const text = settings.get(key);
  return text === undefined ? undefined : readNumber(key, text);
}

/** Settings as a map (last occurrence wins), for lookups. */
export function settingsMap(settings: readonly Setting[]): Map<string, string> {
  return new Map(settings.map((s) => [s.key, s.value]));
}
