import type { SshDefaults } from '../store/settings.js';
import { draftFromTopology } from './draft-from-topology.js';
import { canContinue } from './wizard-selectors.js';
import {
  emptyLayout,
  emptyOptions,
  wizardSteps,
  type HostDraft,
  type LayoutDraft,
  type WizardAction,
  type WizardState,
  type WizardStep,
} from './wizard-model.js';

export * from './wizard-model.js';

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
    licences: {},
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
    case 'addHosts':
      return addHosts(state, action.at, action.addresses);
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
    case 'licenceRead':
      // Not an edit: a reading changes what the answers mean, not the answers.
      return state.licences[action.key] === action.reading
        ? state
        : { ...state, licences: { ...state.licences, [action.key]: action.reading } };
    default:
      return assertNever(action);
  }
}

/** The hosts with `addresses` in place of host `at` (or after the last), each with its SSH answers. */
function addHosts(state: WizardState, at: number | undefined, addresses: readonly string[]): WizardState {
  const index = state.hosts.findIndex((host) => host.id === at);
  const model = state.hosts[index] ?? state.hosts[state.hosts.length - 1];
  if (addresses.length === 0 || (at !== undefined && index < 0)) return state;
  // The SSH answers (user, port, login, key, password, deploy directory) of the host pasted into,
  // or of the last one; an SSH address belongs to one server only.
  const like = model ? { ...model, sshAddress: '' } : blankHost(state.nextHostId, state.sshDefaults);
  const added = addresses.map((address, offset) => ({
    ...like,
    id: index >= 0 && offset === 0 ? like.id : state.nextHostId + offset,
    address,
    ...(index >= 0 && offset === 0 ? { sshAddress: state.hosts[index]?.sshAddress ?? '' } : {}),
  }));
  const hosts =
    index >= 0
      ? [...state.hosts.slice(0, index), ...added, ...state.hosts.slice(index + 1)]
      : [...state.hosts, ...added];
  return edited(state, {
    hosts,
    nextHostId: state.nextHostId + addresses.length,
    layout: reshaped(state.layout),
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled wizard action ${JSON.stringify(value)}`);
}
