import type { Topology } from '../model/topology.js';
import { isAtLeast } from '../model/version.js';
import type { UpgradeFrom } from '../plan/upgrade-from.js';

/**
 * What an upgrade will do, said before it starts: the way it goes (rolling or stop-all, with the
 * downtime), and where the metadata backups go and what they are for.
 */
export function upgradeSummary(topology: Topology, upgrade: UpgradeFrom): string {
  const to = topology.server.version;
  const way = upgrade.rolling
    ? `server by server (${upgrade.hosts.join(', ')}), the cluster staying up: each waits until every chunk is COMPLETE, stops, is switched and started, and the next waits until no chunk is RECOVERING`
    : `DOWNTIME: every node stops, then all start on ${to}; the cluster is unavailable from the first stop until the last node is up (a rolling upgrade needs Raft controllers, dfsReplicationFactor ≥ 2 and no server holding a majority of the controllers or every data node)`;
  return [
    `The hosts run DolphinDB ${upgrade.from}; the topology says ${to}: this ${isAtLeast(to, upgrade.from) ? 'upgrades' : 'goes back'} to ${to},`,
    `  ${way}.`,
    `  ${to} is unpacked beside ${upgrade.from} (server/${to}/; server/${upgrade.from}/ is kept, so deploying ${upgrade.from} again switches back).`,
    `  Before a host switches, its controllers' dfsMeta and data nodes' CHUNK_METADATA are copied to <dir>_BAK-${upgrade.from}`,
    `  (nodes/<alias>/...): to go back to ${upgrade.from} if ${to} changes their format. dolphindb.lic and the .cfg files are not replaced.`,
    '',
  ].join('\n');
}

/** The confirmation question of an upgrade, naming the downtime when there is one. */
export function upgradeQuestion(topology: Topology, upgrade: UpgradeFrom): string {
  const to = topology.server.version;
  return upgrade.rolling
    ? `Upgrade cluster ${topology.name} from ${upgrade.from} to ${to}, server by server`
    : `Stop cluster ${topology.name} entirely (downtime) and restart it on ${to} instead of ${upgrade.from}`;
}
