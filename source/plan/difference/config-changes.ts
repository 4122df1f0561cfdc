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
      changes.push({
        kind: 'config-changed',
        what,
        ...restarts(file, key, applied, wanted),
        deployApplies: true,
      });
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

type Restarts = { how: string; cost: string; restarts: string[] };

/**
 * How a changed key of `file` is applied and which processes restart for it: those that ran
 * before the change (a process this change adds reads the file when it first starts).
 */
function restarts(file: FileName, key: string, applied: Derived, derived: Derived): Restarts {
  const running = new Set(applied.topology.nodes.map((node) => node.alias));
  const ran = (nodes: readonly { alias: string }[]) =>
    nodes.map((node) => node.alias).filter((alias) => running.has(alias));
  const written = `deploy writes the new ${file}, then restarts the processes that read it, one at a time`;
  if (file === 'dolphindb.cfg') {
    const alias = derived.topology.nodes[0]?.alias ?? 'the node';
    return {
      how: written,
      cost: `restarts ${alias}: the database is down meanwhile`,
      restarts: ran(derived.topology.nodes),
    };
  }
  if (file === 'controller.cfg') {
    const aliases = ran(derived.controllers);
    return {
      how: derived.raft ? `${written}, each only while the others keep a leader` : written,
      cost: derived.raft
        ? `restarts ${list(aliases)} one at a time (rolling): the Raft group keeps a leader`
        : `restarts ${list(aliases)}: the cluster has no controller meanwhile`,
      restarts: aliases,
    };
  }
  if (file === 'agent.cfg') {
    const aliases = ran(derived.agents);
    return {
      how: written,
      cost: `restarts ${list(aliases)} one at a time: data and compute nodes keep running`,
      restarts: aliases,
    };
  }
  // cluster.cfg: `alias.key` or a wildcard reaches some nodes only (facts §2.3).
  const { pattern } = splitScopedKey(key);
  const reached = ran(
    derived.workers.filter((node) => pattern === undefined || matchesAlias(pattern, node.alias)),
  );
  // In a Raft cluster the controllers own cluster.cfg after the first start (facts §2.5).
  const how = derived.raft
    ? `${written} (a data node only while every chunk has a replica elsewhere); in a Raft cluster the controllers keep cluster.cfg after the first start, so the file alone may not be read (facts §2.5)`
    : `${written} (a data node only while every chunk has a replica elsewhere)`;
  if (reached.length === 0) return { how, cost: 'no running node reads it (no alias matches)', restarts: [] };
  const single = reached.length === 1 && derived.dataNodes.length === 1;
  return {
    how,
    cost:
      reached.length === 1
        ? `restarts ${reached[0]}${single ? ': its data is unavailable meanwhile (one data node)' : ''}`
        : `restarts ${list(reached)} one at a time (rolling)`,
    restarts: reached,
  };
}

function list(aliases: readonly string[]): string {
  return aliases.join(', ');
}
