import { dirname } from 'node:path';
import type { CheckFinding } from '../checks/finding.js';
import type { Topology } from '../model/topology.js';
import type { Plan } from '../plan/plan.js';
import { connectHosts } from './connect-hosts.js';
import { acquireClusterLock, type ClusterLease } from './cluster-lock.js';
import { Journal } from '../store/journal.js';
import { closeAll } from './node-access.js';
import { runPreflight } from './run-check.js';

/**
 * The wizard's pre-flight check: as `ddb-setup check`, with the passwords typed on the Hosts
 * screen and new host keys accepted (the user saw their fingerprints when testing the hosts and
 * confirmed the deployment on Preview, as `deploy --yes` does). Recorded in the cluster's journal.
 */
export async function checkFromWizard(options: {
  readonly topology: Topology;
  readonly topologyFile: string;
  readonly plan: Plan;
  readonly passwords: ReadonlyMap<string, string>;
  readonly signal: AbortSignal;
  readonly knownHostsFile: string;
  readonly now: () => Date;
}): Promise<readonly CheckFinding[]> {
  const journal = new Journal(options.topology, 'check', options.topologyFile, options.now());
  const executors = await connectHosts(options.topology, {
    knownHostsFile: options.knownHostsFile,
    acceptNewHostKeys: true,
    passwords: options.passwords,
    record: { journal, now: options.now },
  });
  let lease: ClusterLease | undefined;
  try {
    lease = await acquireClusterLock(options.topology, executors, 'check', options.now());
    const findings = await runPreflight({
      topology: options.topology,
      packageSource: options.plan.packageSource,
      baseDir: dirname(options.topologyFile),
      executors,
      signal: options.signal,
      today: options.now(),
    });
    await journal.finish({ ok: !findings.some((f) => f.level === 'error') }, options.now());
    return findings;
  } finally {
    await journal.finish({ ok: false }, options.now());
    await lease?.release();
    await closeAll(executors);
  }
}
