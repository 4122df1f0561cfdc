import type { DeploymentMode, Topology } from '../model/topology.js';
import type { AuthMethod, SshDefaults } from '../store/settings.js';
import { draftFromTopology } from './draft-from-topology.js';
import type { KeptRows } from './kept-rows.js';
import { canContinue } from './wizard-selectors.js';

/** The wizard's screens, in the order Enter walks them and Esc walks back. */
export const wizardSteps = [
  'welcome',
  'mode',
  'hosts',
  'layout',
  'options',
  'preview',
  'check',
  'deploy',
  'results',
] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** One server as typed on the Hosts screen. Text fields stay text until the topology is built. */
export type HostDraft = {
  /** Stable identity while hosts are added and removed (not written anywhere). */
  readonly id: number;
  /** Intranet address the cluster uses (`localSite`). */
  readonly address: string;
  /** Where SSH connects, when it differs from `address` (a public or jump address); '' = same. */
  readonly sshAddress: string;
  /** '' = the SSH default (your user name). */
  readonly user: string;
  /** '' = 22. */
  readonly port: string;
  readonly auth: AuthMethod;
  readonly identityFile: string;
  /** Held in memory for this session only; never saved, never written to the topology. */
  readonly password: string;
  /** Where this host installs, when not the Options screen's deploy directory; '' = that one. */
  readonly deployDir: string;
};

/** Counts and overrides of the Layout screen; '' means "the mode's default". */
export type LayoutDraft = {
  /** One count for every host ('2') or one per host in host order ('2,1,1'); see layout-counts.ts. */
  readonly datanodes: string;
  readonly computenodes: string;
  readonly controllers: string;
  readonly basePort: string;
  /** Alias typed for a process, keyed by the alias the template generated. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Port typed for a process, keyed by the alias the template generated. */
  readonly ports: Readonly<Record<string, string>>;
  /** An opened file's rows, written as they are until the layout itself changes. */
  readonly kept: KeptRows | undefined;
};

export type PackageKind = 'official' | 'url' | 'file';

/** The Options screen; '' means "the default". */
export type OptionsDraft = {
  readonly name: string;
  readonly version: string;
  readonly packageKind: PackageKind;
  /** The URL or local path when `packageKind` is not `official`. */
  readonly packageValue: string;
  readonly license: string;
  readonly replicationFactor: string;
  readonly reliabilityLevel: string;
  readonly maxMemSize: string;
  readonly workerNum: string;
  readonly deployDir: string;
  /** Data volumes per data node (comma-separated, one per physical device), keyed by generated alias. */
  readonly volumes: Readonly<Record<string, string>>;
  /** External address or domain per host (`publicName`), keyed by host name (P1, P2, …). */
  readonly publicNames: Readonly<Record<string, string>>;
  readonly lanCluster: boolean;
  /** Config keys of an opened file that no field models; written back verbatim. */
  readonly extraConfig: Topology['config'];
};

/** How the last deployment from this wizard ended. */
export type DeployRecord = { readonly ok: boolean; readonly aborted: boolean; readonly journal: string };

/** Everything the wizard knows. Pure data: the reducer below is the only way it changes. */
export type WizardState = {
  readonly step: WizardStep;
  readonly mode: DeploymentMode | undefined;
  readonly hosts: readonly HostDraft[];
  readonly nextHostId: number;
  readonly layout: LayoutDraft;
  readonly options: OptionsDraft;
  /** SSH answers remembered from last time, used for each new host. */
  readonly sshDefaults: SshDefaults;
  /** A topology opened from a file, deployed exactly as written until something is edited. */
  readonly opened: { readonly file: string; readonly topology: Topology } | undefined;
  /** Where the topology was last saved (or opened from). */
  readonly savedFile: string | undefined;
  readonly lastDeploy: DeployRecord | undefined;
};

export type WizardAction =
  | { readonly type: 'startNew' }
  | { readonly type: 'openTopology'; readonly file: string; readonly topology: Topology }
  | { readonly type: 'selectMode'; readonly mode: DeploymentMode }
  | { readonly type: 'addHost' }
  | { readonly type: 'updateHost'; readonly id: number; readonly changes: Partial<Omit<HostDraft, 'id'>> }
  | { readonly type: 'removeHost'; readonly id: number }
  | { readonly type: 'updateLayout'; readonly changes: Partial<LayoutDraft> }
  | { readonly type: 'updateOptions'; readonly changes: Partial<OptionsDraft> }
  | { readonly type: 'goNext' }
  | { readonly type: 'goBack' }
  | { readonly type: 'saveTopology'; readonly file: string }
  | { readonly type: 'startCheck' }
  | { readonly type: 'startDeploy' }
  | { readonly type: 'finishDeploy'; readonly record: DeployRecord };

export const emptyLayout: LayoutDraft = {
  datanodes: '',
  computenodes: '',
  controllers: '',
  basePort: '',
  aliases: {},
  ports: {},
  kept: undefined,
};

export const emptyOptions: OptionsDraft = {
  name: '',
  version: '',
  packageKind: 'official',
  packageValue: '',
  license: '',
  replicationFactor: '',
  reliabilityLevel: '',
  maxMemSize: '',
  workerNum: '',
  deployDir: '',
  volumes: {},
  publicNames: {},
  lanCluster: false,
  extraConfig: undefined,
};

/** The state a new wizard starts in; `sshDefaults` come from the settings store. */
export function initialWizardState(sshDefaults: SshDefaults = {}): WizardState {
  return {
    step: 'welcome',
    mode: undefined,
    hosts: [],
    nextHostId: 1,
    layout: emptyLayout,
    options: emptyOptions,
    sshDefaults,
    opened: undefined,
    savedFile: undefined,
    lastDeploy: undefined,
  };
}

/** A blank host that starts from the remembered SSH answers. */
export function blankHost(id: number, defaults: SshDefaults): HostDraft {
  return {
    id,
    address: '',
    sshAddress: '',
    user: defaults.user ?? '',
    port: defaults.port !== undefined ? String(defaults.port) : '',
    auth: defaults.auth ?? 'agent',
    identityFile: defaults.identityFile ?? '',
    password: '',
    deployDir: '',
  };
}

/** The step before `step` when going back; the first step has none. */
function previousStep(step: WizardStep): WizardStep {
  if (step === 'results' || step === 'deploy' || step === 'check') return 'preview';
  return wizardSteps[Math.max(0, wizardSteps.indexOf(step) - 1)] ?? 'welcome';
}

/** Any edit turns an opened file into a draft: from then on the topology is rebuilt from the answers. */
function edited(state: WizardState, changes: Partial<WizardState>): WizardState {
  return { ...state, ...changes, opened: undefined };
}

/** The layout once its shape changes (hosts added or removed, another mode): rebuilt from the counts. */
function reshaped(layout: LayoutDraft): LayoutDraft {
  return layout.kept === undefined ? layout : { ...layout, kept: undefined };
}

/**
 * The wizard's only state transition. Pure. An action that does not apply to the current state
 * returns `state` itself, so React skips the render.
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'startNew':
      return { ...state, step: 'mode', opened: undefined };
    case 'openTopology':
      return {
        ...state,
        ...draftFromTopology(action.topology),
        step: 'preview',
        opened: { file: action.file, topology: action.topology },
        savedFile: action.file,
        lastDeploy: undefined,
      };
    case 'selectMode':
      // A new deployment arrives on Hosts with one blank host to type into.
      return edited(state, {
        mode: action.mode,
        step: 'hosts',
        layout: action.mode === state.mode ? state.layout : reshaped(state.layout),
        ...(state.hosts.length === 0
          ? { hosts: [blankHost(state.nextHostId, state.sshDefaults)], nextHostId: state.nextHostId + 1 }
          : {}),
      });
    case 'addHost':
      return edited(state, {
        hosts: [...state.hosts, blankHost(state.nextHostId, state.sshDefaults)],
        nextHostId: state.nextHostId + 1,
        layout: reshaped(state.layout),
      });
    case 'updateHost': {
      if (!state.hosts.some((host) => host.id === action.id)) return state;
      const hosts = state.hosts.map((host) =>
        host.id === action.id ? { ...host, ...action.changes } : host,
      );
      // A password alone changes nothing in the topology: keep an opened file exact.
      const onlyPassword = Object.keys(action.changes).every((key) => key === 'password');
      return onlyPassword ? { ...state, hosts } : edited(state, { hosts });
    }
    case 'removeHost':
      if (!state.hosts.some((host) => host.id === action.id)) return state;
      return edited(state, {
        hosts: state.hosts.filter((host) => host.id !== action.id),
        layout: reshaped(state.layout),
      });
    case 'updateLayout':
      // A count, alias or port typed: the rows are the answers' from now on (draftFromTopology set
      // the answers to match the kept rows, so what was not touched stays as it was).
      return edited(state, { layout: { ...state.layout, kept: undefined, ...action.changes } });
    case 'updateOptions':
      return edited(state, { options: { ...state.options, ...action.changes } });
    case 'goNext': {
      if (state.step === 'deploy') return state.lastDeploy?.ok ? { ...state, step: 'results' } : state;
      // Welcome moves on by a choice, Preview by startDeploy (which saves first), Deploy by its outcome.
      if (!['mode', 'hosts', 'layout', 'options'].includes(state.step) || !canContinue(state)) return state;
      return { ...state, step: wizardSteps[wizardSteps.indexOf(state.step) + 1] ?? state.step };
    }
    case 'goBack': {
      // A running deployment is not left by Esc: abort (which asks) stops it first.
      if (state.step === 'welcome' || (state.step === 'deploy' && !state.lastDeploy)) return state;
      return { ...state, step: previousStep(state.step) };
    }
    case 'saveTopology':
      return state.savedFile === action.file ? state : { ...state, savedFile: action.file };
    case 'startCheck':
      if (state.step !== 'preview' || !canContinue(state)) return state;
      return { ...state, step: 'check' };
    case 'startDeploy':
      // From the check that passed (or whose warnings were accepted), or a retry on Deploy.
      if (state.step !== 'check' && state.step !== 'deploy') return state;
      if (!canContinue({ ...state, step: 'preview' })) return state;
      return { ...state, step: 'deploy', lastDeploy: undefined };
    case 'finishDeploy':
      if (state.step !== 'deploy') return state;
      return { ...state, lastDeploy: action.record, step: action.record.ok ? 'results' : 'deploy' };
    default:
      return assertNever(action);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled wizard action ${JSON.stringify(value)}`);
}
