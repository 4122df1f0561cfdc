import type { Topology } from '../model/topology.js';
import { differenceOf } from '../plan/difference/difference.js';
import { differenceBlocker, stopQuestion, wholeClusterStop } from '../wizard/difference-view.js';
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

/**
 * Why the wizard's deploy refuses what the hosts hold, read again when it runs (the hosts may have
 * changed since Preview): a change deploy does not apply, drift, or a whole-cluster stop the user
 * did not confirm on Preview. Undefined when it may go on.
 */
export function wizardChangeRefusal(
  difference: DeployedDifference,
  file: string,
  wholeClusterStopConfirmed: boolean,
): string | undefined {
  const blocker = differenceBlocker(difference, file);
  if (blocker) return `the cluster is deployed and ${blocker}; nothing was changed`;
  const stop = wholeClusterStop(difference);
  if (stop && !wholeClusterStopConfirmed)
    return `the change ${stop}, which was not confirmed; nothing was changed. Fix: go back to Preview (Esc) and deploy again: ${stopQuestion(stop)}`;
  return undefined;
}
