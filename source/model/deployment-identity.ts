import { createHash } from 'node:crypto';
import { deployDirOf } from './derive.js';
import type { Topology } from './topology.js';

/**
 * What makes two topologies the same deployment: its name, the servers it is on and the directory
 * it lives in on each. Two clusters that share a name (every wizard run proposes `ddb`) but not
 * their servers or directories are different deployments with different journals.
 */
export type DeploymentIdentity = {
  readonly name: string;
  /** `address:directory` per server, sorted: where the deployment's files are. */
  readonly places: readonly string[];
  /** A file-name-safe key: the name and a hash of the places. */
  readonly key: string;
};

export function deploymentIdentity(topology: Topology): DeploymentIdentity {
  const places = topology.hosts
    .map((host) => {
      const dir = topology.mode === 'swarm' ? (topology.swarm?.dataDir ?? '') : deployDirOf(topology, host);
      return `${host.address}:${dir}`;
    })
    .sort();
  const hash = createHash('sha256').update(JSON.stringify(places)).digest('hex').slice(0, 10);
  // The name is kept readable in the key; anything but [A-Za-z0-9_-] is replaced (names are
  // validated, but a journal must never be written outside its directory whatever they hold).
  return { name: topology.name, places, key: `${topology.name.replace(/[^\w-]/g, '_')}-${hash}` };
}

/** Whether two identities are the same deployment. */
export function sameDeployment(a: DeploymentIdentity, b: DeploymentIdentity): boolean {
  return a.key === b.key && a.name === b.name;
}
