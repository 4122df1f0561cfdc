import type { CheckFinding } from '../../source/checks/finding.js';
import { parseLicense } from '../../source/checks/license-terms.js';
import type { DeployEvent } from '../../source/deploy/events.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';
import { writeTopology } from '../../source/model/write-topology.js';
import { sshPlanner } from '../../source/plan/modes/ssh.js';
import type { Plan } from '../../source/plan/plan.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { memorySettingsStore } from '../../source/store/settings.js';
import type {
  ConnectionResult,
  DeployedDifference,
  DeployResult,
  PasswordChange,
  WizardServices,
} from '../../source/wizard/wizard-services.js';

/** A licence that allows every layout the tests build (the layout of the community licence's line). */
export const enterpriseLicence = '2042.01.01,64,32,40,ACME Corp\n';
/** Where the fake services keep it, and the path a user types for it. */
export const licenceFile = '/work/dolphindb.lic';
export const licenceTyped = './dolphindb.lic';

/** A recorded call to a fake service. */
export type FakeCalls = {
  saved: { file: string; topology: Topology }[];
  exported: string[];
  tested: { host: string; password: string | undefined; topology: Topology }[];
  deployed: {
    topologyFile: string;
    passwords: ReadonlyMap<string, string>;
    plan: Plan;
    wholeClusterStopConfirmed: boolean;
  }[];
  readDeployed: { topologyFile: string; passwords: ReadonlyMap<string, string> }[];
  checked: { topologyFile: string; passwords: ReadonlyMap<string, string> }[];
  passwordChanges: { newPassword: string; passwords: ReadonlyMap<string, string> }[];
};

/** How the fake engine runs a deployment: it gets the plan and emits events, then resolves. */
export type FakeEngine = (
  plan: Plan,
  emit: (event: DeployEvent) => void,
  signal: AbortSignal,
  /** The plan the run chose once it read the hosts (a change plan), as the real service reports it. */
  onPlan?: (plan: Plan) => void,
) => Promise<DeployResult>;

/** An engine that finishes every step at once. */
export const instantEngine: FakeEngine = async (plan, emit) => {
  for (const step of plan.steps) {
    emit({ type: 'step-started', step });
    emit({
      type: 'step-finished',
      step,
      outcome: 'done',
      ...(step.id === 'verify' ? { detail: '10 nodes up, leader controller2', leader: 'controller2' } : {}),
    });
  }
  return { ok: true, aborted: false, journal: '/tmp/journal.json' };
};

/**
 * Services that touch nothing: files live in a map, connection tests answer from `connections`,
 * deployments run `engine`. Rendering and planning are the real pure functions.
 */
export function fakeServices(
  options: {
    readonly files?: Record<string, string>;
    readonly connections?: Record<string, ConnectionResult>;
    readonly engine?: FakeEngine;
    /** What the pre-flight check finds; each call takes the next answer (the last repeats). @default nothing to report */
    readonly checks?: readonly (readonly CheckFinding[])[];
    readonly settings?: WizardServices['settings'];
    readonly now?: () => number;
    /** What is deployed, as the hosts would say. @default not deployed */
    readonly deployed?: DeployedDifference | (() => Promise<DeployedDifference>);
    /** How the fake answers a password change (default: changed). */
    readonly passwordChange?: (newPassword: string) => Promise<PasswordChange>;
  } = {},
): WizardServices & { readonly calls: FakeCalls; readonly files: Record<string, string> } {
  // An HA layout needs more nodes than the community licence allows: the user's licence file is here.
  const files: Record<string, string> = { [licenceFile]: enterpriseLicence, ...options.files };
  const calls: FakeCalls = {
    saved: [],
    exported: [],
    tested: [],
    deployed: [],
    checked: [],
    readDeployed: [],
    passwordChanges: [],
  };
  const templates = loadTemplates();
  const render = (topology: Topology) => renderFiles(topology, { templates, toolVersion: 'test' });
  return {
    calls,
    files,
    settings: options.settings ?? memorySettingsStore(),
    cwd: '/work',
    now: options.now ?? (() => Date.now()),
    adminPasswordIsDefault: true,
    openTopology(file) {
      const text = files[file];
      if (text === undefined)
        return { file, topology: undefined, issues: [], error: `cannot read ${file}: no such file` };
      const loaded = loadTopology(text);
      return loaded.topology
        ? { file, topology: loaded.topology, issues: validateTopology(loaded.topology) }
        : {
            file,
            topology: undefined,
            issues: loaded.issues,
            error: `${file}: ${loaded.issues[0]?.message ?? ''}`,
          };
    },
    saveTopology(file, topology) {
      const text = writeTopology(topology);
      const previous = files[file];
      files[file] = text;
      calls.saved.push({ file, topology });
      // As the real service does: a different file already there is kept as a backup.
      if (previous === undefined || previous === text) return { file };
      files[`${file}.bak-20260101T000000`] = previous;
      return { file, backup: `${file}.bak-20260101T000000` };
    },
    renderFiles: render,
    exportFiles(dir, topology) {
      calls.exported.push(dir);
      return { dir, files: render(topology).length };
    },
    async testConnection(topology, host, password) {
      calls.tested.push({ host, password, topology });
      const address = topology.hosts[0]?.address ?? '';
      return (
        options.connections?.[address] ?? { ok: true, message: `connected as root in 0.1 s: Linux 6.1.0` }
      );
    },
    planDeployment(topology) {
      return sshPlanner.deploy({
        topology,
        files: render(topology),
        packageSource: { kind: 'url', url: 'https://example.invalid/p.zip', fileName: 'p.zip' },
        licensePath: undefined,
        baseDir: '/',
      });
    },
    async checkDeployment(run) {
      calls.checked.push({ topologyFile: run.topologyFile, passwords: run.passwords });
      const answers = options.checks ?? [[]];
      return answers[Math.min(calls.checked.length - 1, answers.length - 1)] ?? [];
    },
    async runDeployment(run) {
      calls.deployed.push({
        topologyFile: run.topologyFile,
        passwords: run.passwords,
        plan: run.plan,
        wholeClusterStopConfirmed: run.wholeClusterStopConfirmed === true,
      });
      return (options.engine ?? instantEngine)(run.plan, run.onEvent, run.signal, run.onPlan ?? (() => {}));
    },
    async readDeployedDifference(read) {
      calls.readDeployed.push({ topologyFile: read.topologyFile, passwords: read.passwords });
      const answer = options.deployed ?? { state: 'not-deployed' };
      return typeof answer === 'function' ? answer() : answer;
    },
    // A licence file is read from the in-memory files, as the real service reads the disk.
    async readLicence(source) {
      const path = source.path.startsWith('/') ? source.path : `/work/${source.path.replace(/^\.\//, '')}`;
      const text = files[path];
      if (text === undefined) return { kind: 'unreadable', reason: 'no such file' };
      if (source.kind === 'package') return { kind: 'none' };
      const terms = parseLicense(text);
      return terms
        ? {
            kind: 'terms',
            maxNodes: terms.maxNodes,
            maxMemoryPerNode: terms.maxMemoryPerNode,
            expires: terms.expires,
            clientName: terms.clientName,
          }
        : { kind: 'unknown-format' };
    },
    async changeAdminPassword(change) {
      calls.passwordChanges.push({ newPassword: change.newPassword, passwords: change.passwords });
      return options.passwordChange
        ? options.passwordChange(change.newPassword)
        : { outcome: 'changed', message: 'Changed on controller1.' };
    },
  };
}
