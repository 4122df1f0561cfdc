import { appliedTopologyFile, hostLayout } from '../../model/layout.js';
import type { Topology } from '../../model/topology.js';
import { writeTopology } from '../../model/write-topology.js';
import type { Endpoints } from '../endpoints.js';
import type { PlanBuilder } from '../plan-builder.js';

/** The first lines of the applied topology on a host: whoever opens it learns what it is. */
const header = [
  'The topology ddb-setup deploy last applied to this cluster, written once every node was verified.',
  'ddb-setup reads it to tell what is deployed (plan shows the difference); do not edit it.',
];

/** The applied topology as written on the hosts. */
export function appliedTopologyText(topology: Topology): string {
  return writeTopology(topology, { header });
}

/**
 * The last steps of a deployment: on every host, after the whole cluster was verified, the topology
 * just applied, beside ddb-setup's marker in `dirOf(host)`. Last, so that a deploy that stops half
 * way never claims its topology is applied: the hosts keep the previous one, and `plan` shows what
 * is still to do.
 */
export function addRecordApplied(
  builder: PlanBuilder,
  topology: Topology,
  hosts: readonly string[],
  dirOf: (host: string) => string,
  after: readonly string[],
): void {
  const contents = appliedTopologyText(topology);
  for (const host of hosts)
    builder.add({
      id: `${host}/record`,
      phase: 'verify',
      host,
      node: null,
      title: 'record the applied topology',
      after,
      action: { type: 'record-topology', path: `${dirOf(host)}/${appliedTopologyFile}`, contents },
    });
}

/** Where each host's cluster directory is (modes over SSH): the applied topology is recorded there. */
export function clusterDirOf({ derived }: Endpoints): (host: string) => string {
  return (host) => hostLayout(derived.topology, derived.hostsByName.get(host)).clusterDir;
}
