import { deploymentIdentity } from '../model/deployment-identity.js';
import { isAbsolute, relative, resolve } from 'node:path';
import { useCallback, useRef, useState, type Dispatch } from 'react';
import type { CheckFinding } from '../checks/finding.js';
import type { Topology } from '../model/topology.js';
import type { Plan } from '../plan/plan.js';
import type { Deployment, RunOutcome } from '../ui/hooks/use-deployment.js';
import { hostPasswords } from './wizard-selectors.js';
import type { WizardServices } from './wizard-services.js';
import type { WizardAction, WizardState } from './wizard-state.js';

/** The wizard's side effects, each a thin call into the services followed by an action. */
export type WizardActions = {
  readonly openError: string | undefined;
  readonly open: (file: string) => void;
  readonly save: (file: string) => string;
  readonly exportTo: (dir: string) => string;
  /**
   * Saves, plans and opens the pre-flight check; returns why it could not, if it could not.
   * `wholeClusterStop`: the user confirmed on Preview that the change stops the whole cluster.
   */
  readonly deploy: (file: string, wholeClusterStop?: boolean) => string | undefined;
  /** Runs the pre-flight check of the topology being deployed. */
  readonly check: (signal: AbortSignal) => Promise<readonly CheckFinding[]>;
  /** Starts the deployment the check cleared. */
  readonly startDeployment: () => void;
  readonly retry: () => void;
  readonly finished: (outcome: RunOutcome) => void;
  /** Where the topology is saved: where it was saved or opened, else `<name>.yaml` here. */
  readonly topologyFile: string;
  /** A path as the user should read it: relative to the working directory when shorter. */
  readonly display: (file: string) => string;
};

/** Wires the services to the reducer: opening, saving, exporting and deploying topologies. */
export function useWizardActions(
  services: WizardServices,
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  topology: Topology | undefined,
  deployment: Pick<Deployment, 'start' | 'retry'>,
): WizardActions {
  const [openError, setOpenError] = useState<string | undefined>();
  // The file being deployed: a run may end before the wizard has re-rendered with it.
  const deployed = useRef<string | undefined>(undefined);
  // The saved file, plan and topology the check runs on and the deployment then uses.
  const pending = useRef<
    { path: string; plan: Plan; topology: Topology; wholeClusterStop: boolean } | undefined
  >(undefined);
  const absolute = (file: string) => (isAbsolute(file) ? file : resolve(services.cwd, file));
  const display = (file: string) => {
    const rel = relative(services.cwd, file);
    return rel !== '' && !rel.startsWith('..') && rel.length < file.length ? `./${rel}` : file;
  };
  const remember = (file: string, saved: Topology) =>
    services.settings.rememberTopology({
      file,
      cluster: saved.name,
      mode: saved.mode,
      deployment: deploymentIdentity(saved).key,
      usedAt: new Date(services.now()).toISOString(),
    });

  const open = (file: string) => {
    const opened = services.openTopology(absolute(file));
    if (opened.error || !opened.topology) {
      setOpenError(opened.error ?? `${file}: ${opened.issues[0]?.message ?? 'not a topology file'}`);
      return;
    }
    setOpenError(undefined);
    remember(opened.file, opened.topology);
    dispatch({ type: 'openTopology', file: opened.file, topology: opened.topology });
  };

  const save = (file: string): string => {
    if (!topology) return 'nothing to save yet: fix the errors first';
    try {
      const saved = services.saveTopology(absolute(file), topology);
      remember(saved.file, topology);
      dispatch({ type: 'saveTopology', file: saved.file });
      return saved.backup === undefined
        ? `saved ${display(saved.file)}`
        : `saved ${display(saved.file)} (the previous file kept as ${display(saved.backup)})`;
    } catch (error) {
      return `not saved: ${(error as Error).message}`;
    }
  };

  const exportTo = (dir: string): string => {
    if (!topology) return 'nothing to export yet: fix the errors first';
    try {
      const result = services.exportFiles(absolute(dir), topology);
      return `exported the topology and ${result.files} files to ${display(result.dir)}`;
    } catch (error) {
      return `not exported: ${(error as Error).message}`;
    }
  };

  const deploy = (file: string, wholeClusterStop = false): string | undefined => {
    if (!topology) return 'nothing to deploy';
    const message = save(file);
    if (message.startsWith('not saved')) return message;
    const path = absolute(file);
    const first = state.hosts[0];
    if (first)
      services.settings.rememberSshDefaults({
        ...(first.user ? { user: first.user } : {}),
        ...(first.port ? { port: Number(first.port) } : {}),
        auth: first.auth,
        ...(first.auth === 'key' && first.identityFile ? { identityFile: first.identityFile } : {}),
      });
    try {
      const plan = services.planDeployment(topology, path);
      pending.current = { path, plan, topology, wholeClusterStop };
      dispatch({ type: 'startCheck' });
      return undefined;
    } catch (error) {
      return `cannot deploy: ${(error as Error).message}`;
    }
  };

  const check = async (signal: AbortSignal): Promise<readonly CheckFinding[]> => {
    const run = pending.current;
    if (!run) return [];
    return services.checkDeployment({
      topology: run.topology,
      topologyFile: run.path,
      plan: run.plan,
      passwords: hostPasswords(state.hosts, run.topology),
      signal,
    });
  };

  const startDeployment = () => {
    const run = pending.current;
    if (!run) return;
    deployed.current = run.path;
    services.settings.recordDeploy(run.path, 'running');
    dispatch({ type: 'startDeploy' });
    deployment.start(run.plan, run.topology, (onEvent, signal, onPlan) =>
      services.runDeployment({
        topology: run.topology,
        topologyFile: run.path,
        plan: run.plan,
        passwords: hostPasswords(state.hosts, run.topology),
        onEvent,
        onPlan,
        wholeClusterStopConfirmed: run.wholeClusterStop,
        signal,
      }),
    );
  };

  const retry = () => {
    if (deployed.current) services.settings.recordDeploy(deployed.current, 'running');
    dispatch({ type: 'startDeploy' });
    deployment.retry();
  };
  const finished = useCallback(
    (outcome: RunOutcome) => {
      const file = deployed.current;
      if (file)
        services.settings.recordDeploy(file, outcome.ok ? 'ok' : outcome.aborted ? 'aborted' : 'failed');
      dispatch({ type: 'finishDeploy', record: outcome });
    },
    [dispatch, services],
  );
  const topologyFile = state.savedFile ?? resolve(services.cwd, `${topology?.name ?? 'ddb'}.yaml`);
  return {
    openError,
    open,
    save,
    exportTo,
    deploy,
    check,
    startDeployment,
    retry,
    finished,
    display,
    topologyFile,
  };
}
