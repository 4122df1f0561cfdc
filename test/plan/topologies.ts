import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTopology } from '../../source/model/parse-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';

/**
 * The 3-server HA cluster of facts §2.5 (ports 8800–8803, P1–P3 = 10.0.0.80–82), as a topology;
 * `edit` changes a copy, and the result must still validate: a difference is only ever taken
 * between valid topologies.
 */
export const factsHaText = `format: ddb-setup/v1
name: demo
mode: ha
server:
  version: 2.00.11.3
  license: ./dolphindb.lic
hosts:
  - { name: P1, address: 10.0.0.80 }
  - { name: P2, address: 10.0.0.81 }
  - { name: P3, address: 10.0.0.82 }
nodes:
  - { alias: controller1, mode: controller, host: P1, port: 8800 }
  - { alias: controller2, mode: controller, host: P2, port: 8800 }
  - { alias: controller3, mode: controller, host: P3, port: 8800 }
  - { alias: agent1, mode: agent, host: P1, port: 8801 }
  - { alias: datanode1, mode: datanode, host: P1, port: 8802 }
  - { alias: computenode1, mode: computenode, host: P1, port: 8803 }
  - { alias: agent2, mode: agent, host: P2, port: 8801 }
  - { alias: datanode2, mode: datanode, host: P2, port: 8802 }
  - { alias: computenode2, mode: computenode, host: P2, port: 8803 }
  - { alias: agent3, mode: agent, host: P3, port: 8801 }
  - { alias: datanode3, mode: datanode, host: P3, port: 8802 }
  - { alias: computenode3, mode: computenode, host: P3, port: 8803 }
config:
  controller: { dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 1 }
  cluster: { TSDBCacheEngineSize: 2 }
`;

export function topologyOf(text: string): Topology {
  const loaded = loadTopology(text);
  if (!loaded.topology) throw new Error(JSON.stringify(loaded.issues));
  const errors = validateTopology(loaded.topology).filter((issue) => issue.level === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return loaded.topology;
}

export function seed(name: string): Topology {
  return topologyOf(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', `${name}.yaml`), 'utf8'),
  );
}

/** A copy of `topology` changed by `edit` (a deep copy: the original stays as it was). */
export function edited(topology: Topology, edit: (copy: Mutable<Topology>) => void): Topology {
  const copy = structuredClone(topology) as Mutable<Topology>;
  edit(copy);
  return topologyOf(JSON.stringify(copy));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/**
 * Seed 003's pseudo-HA cluster on two servers and the three-server HA it becomes: controller3
 * moved from server1 to a new server3.
 */
export function seed003MovedToThree(): { pseudo: Topology; wanted: Topology } {
  const pseudo = seed('seed-003-pseudo-ha-two-servers');
  const wanted = edited(pseudo, (t) => {
    t.mode = 'ha';
    t.hosts.push({ name: 'server3', address: '172.0.0.3' });
    const controller3 = t.nodes.find((n) => n.alias === 'controller3');
    if (controller3) controller3.host = 'server3';
  });
  return { pseudo, wanted };
}
