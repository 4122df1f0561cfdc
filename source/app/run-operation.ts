import type { AdminLogin } from '../deploy/node-api/admin-login.js';
import type { DeployContext } from '../deploy/deploy-context.js';
import type { DeployEvent, RunReport } from '../deploy/events.js';
import type { Executor } from '../deploy/executor.js';
import type { NodeAccess } from '../deploy/node-api/node-session.js';
import { runPlan } from '../deploy/run-plan.js';
import { createStepRunner } from '../deploy/tasks.js';
import type { Topology } from '../model/topology.js';
import type { Plan } from '../plan/plan.js';
import { Journal } from '../store/journal.js';
import { interruptionNotice } from '../store/journal-read.js';
import { backupStamp } from './export-files.js';
import { acquireClusterLock, type ClusterLease } from './cluster-lock.js';
import { closeAll, nodeAccess } from './node-access.js';
import { checksummer, downloader, imageSaver } from './package-files.js';

/** One operation (deploy, start, stop…) to carry out on the hosts of a topology. */
export type OperationRequest = {
  readonly topology: Topology;
  readonly topologyFile: string;
  readonly plan: Plan;
  /** The run's name in the journal: `deploy`, `start --node controller1`. */
  readonly command: string;
  readonly now: () => Date;
  /**
   * Opens the connections, every remote command recorded in `journal`: the CLI asks for passwords
   * and host keys on the terminal, the wizard has them from its screens.
   */
  readonly connect: (journal: Journal) => Promise<Map<string, Executor>>;
  /**
   * Runs on the open connections before anything changes (the pre-flight gate, the confirmation);
   * false ends the run there, nothing changed.
   */
  readonly beforeRun?: (executors: ReadonlyMap<string, Executor>, plan: Plan) => Promise<boolean>;
  /**
   * Replaces `plan` once the hosts can be read, before the gate (deploy: an upgrade when the hosts
   * run another version); undefined refuses the run there, nothing changed (it said why).
   */
  readonly replan?: (
    executors: ReadonlyMap<string, Executor>,
    access: NodeAccess,
  ) => Promise<Plan | undefined>;
  /** The DolphinDB administrator login (default: DDB_ADMIN_PASSWORD or 123456, never asked). */
  readonly admin?: AdminLogin;
  readonly onEvent?: (event: DeployEvent) => void;
  /** A word for the user before the run: the last run of this command was interrupted, where. */
  readonly onNotice?: (text: string) => void;
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  readonly startTimeoutMs?: number;
};

/** How an operation ended: run (well or not), or stopped before any change. */
export type OperationResult =
  | (RunReport & { readonly refused: false; readonly journal: string })
  | { readonly refused: true; readonly journal: string };

/**
 * Carries out an operation end to end: opens the journal, connects, runs the gate, runs the plan,
 * records how it ended, and closes every connection whatever happens. The one use case behind
 * `deploy`, `start`, `stop` and the wizard's deployment.
 */
export async function runOperation(request: OperationRequest): Promise<OperationResult> {
  const journal = new Journal(request.topology, request.command, request.topologyFile, request.now());
  let executors: Map<string, Executor> | undefined;
  let lease: ClusterLease | undefined;
  const notice = interruptionNotice(journal.previous, request.command);
  if (notice) request.onNotice?.(notice);
  try {
    executors = await request.connect(journal);
    // One run per cluster at a time, decided on the hosts: before the gate, whose temporary
    // listeners and disk checks another run's would disturb.
    lease = await acquireClusterLock(request.topology, executors, request.command, request.now());
    const plan = request.replan
      ? await request.replan(executors, nodeAccess(executors, request.admin))
      : request.plan;
    if (!plan || (request.beforeRun && !(await request.beforeRun(executors, plan)))) {
      await journal.finish({ ok: false }, request.now());
      return { refused: true, journal: journal.path };
    }
    const report = await runPlan(plan, {
      run: createStepRunner(deployContext({ ...request, plan }, executors)),
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      onEvent: (event) => {
        journal.record(event);
        request.onEvent?.(event);
      },
    });
    await journal.finish(report, request.now());
    return { ...report, refused: false, journal: journal.path };
  } finally {
    // A run that threw (a refused login, a lost connection) ended, unsuccessfully; finish() is a
    // no-op when the run already recorded its end.
    await journal.finish({ ok: false }, request.now());
    await lease?.release();
    if (executors) await closeAll(executors);
  }
}

/** What the tasks share during the run. */
function deployContext(request: OperationRequest, executors: Map<string, Executor>): DeployContext {
  const context: DeployContext = {
    ...nodeAccess(executors, request.admin),
    localChecksum: checksummer(),
    localCopyOf: downloader(),
    localImage: imageSaver(),
    stamp: backupStamp(request.now()),
    startTimeoutMs: request.startTimeoutMs ?? 120_000,
    archiveChecksums: new Map(),
  };
  // Hash the package while the first SSH connections are being made, not after.
  const source = request.plan.packageSource;
  if (source?.kind === 'file') context.localChecksum(source.path).catch(() => undefined);
  return context;
}
