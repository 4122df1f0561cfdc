import { deriveTopology, deployDirOf, type Derived } from '../../model/derive.js';
import type { Topology } from '../../model/topology.js';
import type { Change } from './change.js';
import { configChanges } from './config-changes.js';
import { applicableOf } from './applicable.js';
import { aliases, wholeClusterStop } from './downtime.js';
import { nodeChanges } from './node-changes.js';

export type { Change } from './change.js';

/**
 * What applying `wanted` to a cluster deployed as `applied` changes, in the order it is read: the
 * server, the hosts, the controllers, the other nodes, then config keys file by file. Pure: both
 * topologies are validated ones (the applied one as read from the hosts).
 */
export function differenceOf(applied: Topology, wanted: Topology): Change[] {
  const before = deriveTopology(applied);
  const after = deriveTopology(wanted);
  return [
    ...serverChanges(before, after),
    ...hostChanges(before, after),
    ...nodeChanges(before, after),
    ...configChanges(before, after),
  ];
}

function serverChanges(before: Derived, after: Derived): Change[] {
  const was = before.topology;
  const is = after.topology;
  const changes: Change[] = [];
  if (was.mode !== is.mode) {
    const can = applicableOf(before, after);
    changes.push({
      kind: 'mode-changed',
      what: `mode ${was.mode} → ${is.mode}`,
      how: `${can.controllers ? '' : `${can.controllersWhy}. `}stop everything, back up the config directories, move or add what the new mode needs, start again (facts §12.3, seed 003)`,
      cost: wholeClusterStop(after),
      deployApplies: can.controllers,
    });
  }
  if (was.server.version !== is.server.version)
    changes.push({
      kind: 'version-changed',
      what: `server ${was.server.version} → ${is.server.version}`,
      how: 'upgrade: deploy reads the version the hosts run and upgrades them, server by server on Raft (facts §12.2), else stopping everything; see ddb-setup upgrade',
      cost: after.raft
        ? 'restarts every process, one server at a time (rolling)'
        : 'restarts every process: the cluster is down meanwhile',
      deployApplies: true,
    });
  else if (was.server.package !== is.server.package)
    changes.push({
      kind: 'package-changed',
      what: `package ${was.server.package ?? '(official download)'} → ${is.server.package ?? '(official download)'} (same version)`,
      how: 'deploy unpacks it when its checksum differs, keeping the previous server directory aside',
      cost: 'online, no restart: running processes keep their binaries until they restart',
      deployApplies: true,
    });
  if (was.server.license !== is.server.license)
    changes.push({
      kind: 'licence-changed',
      what: `licence ${was.server.license ?? "(the package's own)"} → ${is.server.license ?? "(the package's own)"}`,
      how: 'licence renewal: deploy installs the new file on every server, then applies it to the running nodes (updateLicense(), facts §12.2)',
      cost: 'online with updateLicense() when clientName and authorization stay and limits do not shrink, else restarts every process',
      deployApplies: true,
    });
  if (is.mode === 'swarm' && canonical(was.swarm) !== canonical(is.swarm))
    changes.push({
      kind: 'swarm-changed',
      what: 'the swarm section changed (image, network or data directory)',
      how: 'every container is created again with the new settings',
      cost: wholeClusterStop(after),
      deployApplies: false,
    });
  return changes;
}

/**
 * A host that keeps its name but gets another address or directory moves every process on it. A
 * host whose entry is gone while processes run on it cannot be reached to stop them.
 */
function hostChanges(before: Derived, after: Derived): Change[] {
  const changes: Change[] = [];
  for (const name of before.usedHosts)
    if (!after.hostsByName.has(name)) {
      const onIt = before.topology.nodes.filter((node) => node.host === name);
      changes.push({
        kind: 'host-changed',
        what: `host ${name} is no longer under hosts:, but ${aliases(onIt)} run${onIt.length === 1 ? 's' : ''} on it`,
        how: `keep ${name} under hosts: (with no nodes) for this change, so that ddb-setup can reach it to stop them; take it out afterwards`,
        cost: `stops ${aliases(onIt)}`,
        deployApplies: false,
      });
    }
  for (const name of after.usedHosts) {
    const was = before.hostsByName.get(name);
    const is = after.hostsByName.get(name);
    if (!was || !is || !before.usedHosts.includes(name)) continue;
    const moved: string[] = [];
    if (was.address !== is.address) moved.push(`address ${was.address} → ${is.address}`);
    const dirBefore = deployDirOf(before.topology, was);
    const dirAfter = deployDirOf(after.topology, is);
    if (dirBefore !== dirAfter) moved.push(`deployDir ${dirBefore} → ${dirAfter}`);
    if (moved.length === 0) continue;
    const onIt = after.topology.nodes.filter((node) => node.host === name);
    const controllers = onIt.some((node) => node.mode === 'controller');
    changes.push({
      kind: 'host-changed',
      what: `host ${name}: ${moved.join(', ')}`,
      how: `every process on ${name} (${aliases(onIt)}) moves: stop it, copy nodes/<alias>/, rewrite the sites that name it, start it`,
      cost: controllers ? wholeClusterStop(after) : `stops ${aliases(onIt)} while they move`,
      deployApplies: false,
    });
  }
  return changes;
}

/** A value as text with its keys sorted: the same section written in another key order is equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
