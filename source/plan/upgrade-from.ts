import type { Derived } from '../model/derive.js';
import { controllerSettings, numberSetting, settingsMap } from '../model/settings.js';

/** What an upgrade (or a return to an older version) starts from, as read on the hosts. */
export type UpgradeFrom = {
  /** The version the cluster runs now (the newest other than the target, when they differ). */
  readonly from: string;
  /** The hosts whose processes must change version, in the order the roll takes them. */
  readonly hosts: readonly string[];
  /** Server by server with the cluster up (facts §12.2); else everything stops, then starts. */
  readonly rolling: boolean;
};

/**
 * Whether the cluster can be upgraded server by server while it serves (facts §12.2): Raft
 * controllers, `dfsReplicationFactor` ≥ 2, and no server holding a majority of the controllers or
 * every data node — stopping one server must leave a leader and a replica of every chunk.
 */
export function canRoll(derived: Derived): boolean {
  const replicationFactor =
    numberSetting(settingsMap(controllerSettings(derived)), 'dfsReplicationFactor') ?? 1;
  if (!derived.raft || replicationFactor < 2 || derived.usedHosts.length < 2) return false;
  const majority = Math.floor(derived.controllers.length / 2) + 1;
  const dataNodes = derived.workers.filter((node) => node.mode === 'datanode');
  return derived.usedHosts.every(
    (host) =>
      derived.controllers.filter((node) => node.host === host).length < majority &&
      dataNodes.some((node) => node.host !== host),
  );
}
