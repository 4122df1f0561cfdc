import type { Change } from '../../source/plan/difference/change.js';
import type { Drift } from '../../source/plan/difference/drift.js';
import type { DeployedDifference } from '../../source/wizard/wizard-services.js';

/** Changes as plan/difference/ words them, for screens that show them. */
export const added: Change = {
  kind: 'node-added',
  what: 'datanode4 (datanode) added on P2 (10.0.0.81:8804)',
  how: 'online, no restart: cluster.nodes rewritten on every controller, addNode on the leader, then startDataNode',
  cost: 'online, no restart',
  deployApplies: true,
};
export const moved: Change = {
  kind: 'node-moved',
  what: 'datanode3 moved from P3 to P2',
  how: 'remove it and add it on P2, its data moved by hand',
  cost: 'stops datanode3',
  deployApplies: false,
};
export const controllers: Change = {
  kind: 'controllers-changed',
  what: 'controllers: 1 → 3 (pseudo-HA → HA)',
  how: 'stop everything, move the Raft directories, start',
  cost: 'stops the whole cluster for about 80 s (all 10 processes stopped and started again)',
  deployApplies: true,
};

/** What the fake services say is deployed: read from three hosts, with these changes and drift. */
export function deployedWith(changes: readonly Change[], drift: readonly Drift[] = []): DeployedDifference {
  return { state: 'deployed', readFrom: ['P1', 'P2', 'P3'], notRead: [], changes, drift, disagreements: [] };
}
