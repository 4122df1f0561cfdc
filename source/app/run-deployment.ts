import type { AdminLogin } from '../deploy/actions/admin-login.js';
import type { DeployContext } from '../deploy/deploy-context.js';
import type { DeployEvent, RunReport } from '../deploy/events.js';
import type { Executor } from '../deploy/executor.js';
import { runPlan } from '../deploy/run-plan.js';
import { createStepRunner } from '../deploy/step-runner.js';
import type { Topology } from '../model/topology.js';
import type { Plan } from '../plan/plan.js';
import { connectHosts } from './connect-hosts.js';
import { backupStamp } from './export-files.js';
import { Journal } from './journal.js';
import { closeAll, nodeAccess } from './node-access.js';
import { checksummer, downloader } from './package-files.js';

export type DeploymentOptions = {
  readonly topology: Topology;
  readonly topologyFile: string;
  readonly plan: Plan;
  readonly command: string;
  /** The DolphinDB administrator login (default: DDB_ADMIN_PASSWORD or 123456, never asked). */
  readonly admin?: AdminLogin;
  /** How to connect when no `executors` are given (the wizard): in memory only. */
  readonly knownHostsFile?: string;
  readonly passwords?: ReadonlyMap<string, string>;
  readonly acceptNewHostKeys?: boolean;
  readonly onEvent?: (event: DeployEvent) => void;
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  readonly startTimeoutMs?: number;
  readonly now: () => Date;
  /**
   * Executors already connected (deploy reuses the pre-flight check's), recording into `journal`;
   * else made here from the options above, recording into the journal started here.
   */
  readonly executors?: Map<string, Executor>;
  readonly journal?: Journal;
};

/**
 * Runs a plan against the real hosts with a journal: the one entry point that `deploy`, `start`,
 * `stop` and the wizard share. Closes every connection it opened.
 */
export async function runDeployment(options: DeploymentOptions): Promise<RunReport & { journal: string }> {
  const journal =
    options.journal ??
    new Journal(options.topology.name, options.command, options.topologyFile, options.now());
  const executors =
    options.executors ??
    (await connectHosts(options.topology, {
      ...(options.knownHostsFile !== undefined ? { knownHostsFile: options.knownHostsFile } : {}),
      acceptNewHostKeys: options.acceptNewHostKeys === true,
      ...(options.passwords ? { passwords: options.passwords } : {}),
      record: { journal, now: options.now },
    }));
  const stamp = backupStamp(options.now());
  const context: DeployContext = {
    ...nodeAccess(executors, options.admin),
    packageSource: options.plan.packageSource,
    localChecksum: checksummer(),
    localCopyOf: downloader(),
    stamp,
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    archiveChecksums: new Map(),
  };
  // Hash the package while the first SSH connections are being made, not after.
  if (context.packageSource.kind === 'file')
    context.localChecksum(context.packageSource.path).catch(() => undefined);
  try {
    const report = await runPlan(options.plan, {
      run: createStepRunner(context),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => {
        journal.record(event);
        options.onEvent?.(event);
      },
    });
    await journal.finish(report, options.now());
    return { ...report, journal: journal.path };
  } finally {
    await closeAll(executors);
  }
}
