import type { Derived } from '../../model/derive.js';
import {
  agentSettings,
  clusterSettings,
  controllerSettings,
  matchesAlias,
  singleSettings,
  splitScopedKey,
  type Setting,
} from '../../model/settings.js';
import type { Change } from './change.js';

type FileName = 'controller.cfg' | 'agent.cfg' | 'cluster.cfg' | 'dolphindb.cfg';

/** Each file's settings as deploy writes them (defaults merged with the user's keys). */
const files: readonly [FileName, (derived: Derived) => Setting[]][] = [
  ['controller.cfg', controllerSettings],
  ['agent.cfg', agentSettings],
  ['cluster.cfg', clusterSettings],
  ['dolphindb.cfg', singleSettings],
];

/**
 * Every key whose written value differs between the applied and the wanted topology, per file,
 * with the processes that must restart to read it. Compared as written (defaults included), so a
 * default that changes with the server version counts too.
 */
export function configChanges(applied: Derived, wanted: Derived): Change[] {
  const changes: Change[] = [];
  for (const [file, settingsOf] of files) {
    if (!writes(file, applied) || !writes(file, wanted)) continue;
    const before = asMap(settingsOf(applied));
    const after = asMap(settingsOf(wanted));
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const from = before.get(key);
      const to = after.get(key);
      if (from === to) continue;
      const what =
        from === undefined
          ? `${file}: ${key}=${to} added`
          : to === undefined
            ? `${file}: ${key}=${from} removed`
            : `${file}: ${key} ${from} → ${to}`;
      changes.push({ kind: 'config-changed', what, ...restarts(file, key, wanted), deployApplies: true });
    }
  }
  return changes;
}

/** Whether a deployment of this shape has the file at all. */
function writes(file: FileName, derived: Derived): boolean {
  if (file === 'dolphindb.cfg') return derived.topology.mode === 'single';
  if (file === 'agent.cfg') return derived.agents.length > 0;
  return derived.topology.mode !== 'single' && derived.controllers.length > 0;
}

function asMap(settings: readonly Setting[]): Map<string, string> {
  return new Map(settings.map((setting) => [setting.key, setting.value]));
}

/** How a changed key of `file` is applied and which processes restart for it. */
function restarts(file: FileName, key: string, derived: Derived): { how: string; cost: string } {
  const written = `deploy writes the new ${file}; running processes read it only when they restart (deploy does not restart them)`;
  if (file === 'dolphindb.cfg') {
    const alias = derived.topology.nodes[0]?.alias ?? 'the node';
    return { how: written, cost: `restarts ${alias}: the database is down meanwhile` };
  }
  if (file === 'controller.cfg') {
    const aliases = derived.controllers.map((node) => node.alias);
    return {
      how: written,
      cost: derived.raft
        ? `restarts ${list(aliases)} one at a time (rolling): the Raft group keeps a leader`
        : `restarts ${list(aliases)}: the cluster has no controller meanwhile`,
    };
  }
  if (file === 'agent.cfg')
    return {
      how: written,
      cost: `restarts ${list(derived.agents.map((node) => node.alias))} one at a time: data and compute nodes keep running`,
    };
  // cluster.cfg: `alias.key` or a wildcard reaches some nodes only (facts §2.3).
  const { pattern } = splitScopedKey(key);
  const reached = derived.workers
    .filter((node) => pattern === undefined || matchesAlias(pattern, node.alias))
    .map((node) => node.alias);
  // In a Raft cluster the controllers own cluster.cfg after the first start (facts §2.5).
  const how = derived.raft
    ? `${written}; in a Raft cluster the controllers keep cluster.cfg after the first start, so the file alone may not be read (facts §2.5)`
    : written;
  if (reached.length === 0) return { how, cost: 'no running node reads it (no alias matches)' };
  return {
    how,
    cost:
      reached.length === 1 ? `restarts ${reached[0]}` : `restarts ${list(reached)} one at a time (rolling)`,
  };
}

function list(aliases: readonly string[]): string {
  return aliases.join(', ');
}
