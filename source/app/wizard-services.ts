import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Topology } from '../model/topology.js';
import { writeTopology } from '../model/write-topology.js';
import { planTopology } from '../plan/planners.js';
import { loadTemplates, type TemplateSet } from '../render/load-templates.js';
import { renderFiles } from '../render/render-files.js';
import { createSettingsStore, type SettingsStore } from '../store/settings.js';
import type { WizardServices } from '../wizard/wizard-services.js';
import { readLicence } from './read-licence.js';
import { readTopology } from './read-topology.js';
import { deployedElsewhere } from './deployed-elsewhere.js';
import { backupStamp, exportRenderedFiles, writeKeepingBackup } from './export-files.js';
import { defaultKnownHostsFile } from './host-key-policy.js';
import { configuredAdminPassword, defaultAdminPassword } from './node-access.js';

/** What the real services need from the command line. */
export type WizardServiceOptions = {
  readonly cwd: string;
  readonly now: () => Date;
  readonly toolVersion: string;
  /** @default conf in the user's config directory */
  readonly settings?: SettingsStore;
  /** @default ~/.ssh/known_hosts */
  readonly knownHostsFile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
};

/** The comment block at the top of a topology file the wizard saves. */
function header(topology: Topology, file: string): string[] {
  return [
    `ddb-setup topology, mode ${topology.mode}, written by the ddb-setup wizard.`,
    'Every DolphinDB process is one row of nodes, as cluster.nodes will list it.',
    `Next: ddb-setup deploy -f ${basename(file)} (or open it again with ddb-setup wizard -f ${basename(file)}).`,
  ];
}

/** The wizard's services on this machine: files, templates, SSH and the deploy engine. */
export function createWizardServices(options: WizardServiceOptions): WizardServices {
  const env = options.env ?? process.env;
  const knownHostsFile = options.knownHostsFile ?? defaultKnownHostsFile();
  let templates: TemplateSet | undefined;
  const render = (topology: Topology) =>
    renderFiles(topology, { templates: (templates ??= loadTemplates()), toolVersion: options.toolVersion });
  // A file already there may be the user's own: it is kept as a backup, never lost. One that
  // holds another, deployed cluster is not replaced at all (otherwise) a second wizard run with
  // the default name would save over the first cluster's topology).
  const save = (file: string, topology: Topology) => {
    const other = deployedElsewhere(file, topology);
    if (other) throw new Error(other);
    const text = writeTopology(topology, { header: header(topology, file) });
    const { backup } = writeKeepingBackup(file, text, backupStamp(options.now()));
    return backup === undefined ? { file } : { file, backup };
  };
  return {
    settings: options.settings ?? createSettingsStore(),
    cwd: options.cwd,
    now: () => options.now().getTime(),
    adminPasswordIsDefault: configuredAdminPassword(env) === defaultAdminPassword,
    openTopology(file) {
      // `-` is a file name here: the wizard's standard input is the keyboard.
      const read = readTopology(file, () => readFileSync(file, 'utf8'));
      if ('unreadable' in read)
        return { file, topology: undefined, issues: [], error: `cannot read ${file}: ${read.unreadable}` };
      if (!read.topology)
        return {
          file,
          topology: undefined,
          issues: read.issues,
          error: `${file}: ${read.issues[0]?.message ?? 'not a topology file'}`,
        };
      return { file, topology: read.topology, issues: read.issues };
    },
    saveTopology: save,
    renderFiles: render,
    exportFiles(dir, topology) {
      save(join(dir, `${topology.name}.yaml`), topology);
      const report = exportRenderedFiles(dir, render(topology), backupStamp(options.now()));
      return { dir, files: report.written + report.unchanged };
    },
    // The engine and SSH load on first use, so the first frame does not wait for them.
    testConnection: async (topology, host, password) =>
      (await import('./test-connection.js')).testConnection(topology, host, {
        knownHostsFile,
        now: () => options.now().getTime(),
        ...(password !== undefined ? { password } : {}),
      }),
    planDeployment: (topology, topologyFile) =>
      planTopology(topology, render(topology), dirname(topologyFile)),
    async checkDeployment(run) {
      const { checkFromWizard } = await import('./check-from-wizard.js');
      return checkFromWizard({ ...run, knownHostsFile, now: options.now });
    },
    async runDeployment(run) {
      const [{ runOperation }, { connectHosts }] = await Promise.all([
        import('./run-operation.js'),
        import('./connect-hosts.js'),
      ]);
      // Whether the run changes a running cluster: the Results screen says "changed", not "deployed".
      let change = false;
      const report = await runOperation({
        topology: run.topology,
        topologyFile: run.topologyFile,
        plan: run.plan,
        command: 'deploy',
        now: options.now,
        // The user confirmed on the Preview screen, as `deploy --yes` does, and the Pre-flight
        // check screen has run the gate.
        connect: (journal) =>
          connectHosts(run.topology, {
            knownHostsFile,
            acceptNewHostKeys: true,
            passwords: run.passwords,
            record: { journal, now: options.now },
          }),
        // What the hosts run decides, as for `deploy`: the Deploy screen's panes are this plan's,
        // so the wizard deploys it or nothing, and names the command for an upgrade.
        replan: async (executors, access) => {
          const { planForHosts } = await import('./upgrade-plan.js');
          const { readDeployed } = await import('./deployed-state.js');
          const { differenceFrom, wizardChangeRefusal } = await import('./deployed-difference.js');
          const deployed = readDeployed(run.topology, executors, run.signal, run.topologyFile);
          deployed.catch(() => undefined); // awaited below, unless the version refuses first
          const chosen = await planForHosts(
            {
              topology: run.topology,
              files: render(run.topology),
              baseDir: dirname(run.topologyFile),
              deployPlan: run.plan,
            },
            executors,
            access,
            { allowDowngrade: false, signal: run.signal, deployed },
          );
          if ('refused' in chosen)
            throw new Error(
              `${chosen.refused.message}; nothing was changed. Fix: ${chosen.refused.fix} (with ddb-setup deploy -f ${run.topologyFile})`,
            );
          if (chosen.upgrade)
            throw new Error(
              `the servers run DolphinDB ${chosen.upgrade.from} and the topology says ${run.topology.server.version}: ` +
                `the wizard does not change the version of a running cluster; nothing was changed. ` +
                `Fix: ddb-setup upgrade -f ${run.topologyFile} --to ${run.topology.server.version} ` +
                `(${chosen.upgrade.rolling ? 'rolling, server by server' : 'stops the whole cluster'}), or set the version back to ${chosen.upgrade.from}`,
            );
          // What is deployed, asked as deploy's gate asks it (cli/deployed-gate.ts): Preview showed
          // it, but the hosts may have changed since.
          const refusal = wizardChangeRefusal(
            differenceFrom(await deployed, run.topology),
            run.topologyFile,
            run.wholeClusterStopConfirmed === true,
          );
          if (refusal) throw new Error(refusal);
          change = chosen.change !== undefined;
          // The panes show the steps this run carries out: the change plan's, when it is one.
          run.onPlan?.(chosen.plan);
          return chosen.plan;
        },
        onEvent: run.onEvent,
        signal: run.signal,
      });
      return {
        ok: !report.refused && report.ok,
        aborted: !report.refused && report.aborted,
        journal: report.journal,
        ...(change ? { change } : {}),
      };
    },
    async readDeployedDifference(read) {
      const { readDeployedDifference } = await import('./deployed-difference.js');
      return readDeployedDifference({ ...read, knownHostsFile });
    },
    readLicence: (source) => readLicence(source, options.cwd),
    async changeAdminPassword(change) {
      const { changePasswordFromWizard } = await import('./wizard-admin-password.js');
      return changePasswordFromWizard(change.topology, {
        passwords: change.passwords,
        newPassword: change.newPassword,
        currentPassword: configuredAdminPassword(env),
        knownHostsFile,
      });
    },
  };
}
