import type { Topology } from '../model/topology.js';
import { differenceOf } from '../plan/difference/difference.js';
import type { DeployedDifference } from '../wizard/wizard-services.js';
import { connectHosts } from './connect-hosts.js';
import { readDeployed, type DeployedState } from './deployed-state.js';
import { closeAll } from './node-access.js';

/** What the wizard is shown of a reading: plain data, the applied topology left on this side. */
export function differenceFrom(deployed: DeployedState, topology: Topology): DeployedDifference {
  if (deployed.state === 'not-deployed') return { state: 'not-deployed' };
  if (deployed.state === 'unknown') return { state: 'unknown', notRead: deployed.notRead };
  return {
    state: 'deployed',
    readFrom: deployed.readFrom,
    notRead: deployed.notRead,
    changes: differenceOf(deployed.applied, topology),
    drift: deployed.drift,
    disagreements: deployed.disagreements,
  };
}

/**
 * The wizard's `plan` before the steps: reads what is deployed from every host of `topology`, as
 * `ddb-setup plan` does (a short time limit, no lock, nothing recorded), and compares. A host key
 * never seen is not accepted here (reading is not deploying): that host is named as not read.
 * Never rejects: a failure to read at all is an `unknown` naming why.
 */
export async function readDeployedDifference(options: {
  readonly topology: Topology;
  readonly topologyFile: string;
  readonly passwords: ReadonlyMap<string, string>;
  readonly signal: AbortSignal;
  readonly knownHostsFile: string;
}): Promise<DeployedDifference> {
  const { topology } = options;
  try {
    const executors = await connectHosts(topology, {
      knownHostsFile: options.knownHostsFile,
      acceptNewHostKeys: false,
      passwords: options.passwords,
      timeoutMs: 3_000,
    });
    try {
      const deployed = await readDeployed(topology, executors, options.signal, options.topologyFile);
      return differenceFrom(deployed, topology);
    } finally {
      await closeAll(executors);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      state: 'unknown',
      notRead: topology.hosts.map((host) => ({ host: host.name, reason, fix: null })),
    };
  }
}
