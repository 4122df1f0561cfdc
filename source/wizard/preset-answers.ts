import type { TemplateOptions } from '../model/template-topology.js';
import type { ConfigValue } from '../model/topology.js';
import { assessWizard } from './wizard-selectors.js';
import { blankHost } from './wizard-state.js';
import type { HostDraft, LayoutDraft, OptionsDraft, WizardState } from './wizard-model.js';

/**
 * Answers given on the command line (`ddb-setup wizard --mode ha --hosts …`): the same options
 * `template` takes, each one the twin of a wizard question.
 */
export type PresetAnswers = Partial<TemplateOptions>;

/** Which answers belong to which screen: a screen with none of them given is still unanswered. */
const screenAnswers: Record<'mode' | 'hosts' | 'layout' | 'options', readonly (keyof PresetAnswers)[]> = {
  mode: ['mode'],
  hosts: ['addresses'],
  layout: ['controllers', 'datanodes', 'hostDatanodes', 'computenodes', 'hostComputenodes', 'basePort'],
  options: [
    'name',
    'version',
    'package',
    'license',
    'deployDir',
    'replicationFactor',
    'reliabilityLevel',
    'maxMemSize',
    'workerNum',
    'lanCluster',
    'volumes',
    'publicNames',
    'image',
    'imageArchive',
  ],
};

const screens = ['mode', 'hosts', 'layout', 'options'] as const;

/**
 * The wizard with the command line's answers filled in, on the first screen that still has a
 * question nobody answered or an answer that is wrong (so the user lands where there is something
 * to do, and Esc still reaches every earlier screen). With no answers at all it is `state` itself,
 * on Welcome. Pure.
 */
export function presetWizardState(state: WizardState, answers: PresetAnswers): WizardState {
  const given = (key: keyof PresetAnswers) => answers[key] !== undefined;
  if (!Object.keys(answers).some((key) => given(key as keyof PresetAnswers))) return state;
  const hosts = presetHosts(state, answers);
  const filled: WizardState = {
    ...state,
    mode: answers.mode ?? state.mode,
    hosts,
    nextHostId: state.nextHostId + hosts.length,
    layout: presetLayout(state.layout, answers),
    options: presetOptions(state.options, answers),
    opened: undefined,
  };
  const findings = assessWizard(filled).findings;
  const step = screens.find(
    (screen) =>
      !screenAnswers[screen].some(given) ||
      findings.some((finding) => finding.level === 'error' && finding.step === screen),
  );
  return { ...filled, step: step ?? 'preview' };
}

/** The given servers, each with the shared SSH answers; without any, one blank host to type into. */
function presetHosts(state: WizardState, answers: PresetAnswers): HostDraft[] {
  const addresses = answers.addresses && answers.addresses.length > 0 ? answers.addresses : [''];
  return addresses.map((address, index) => {
    const host = blankHost(state.nextHostId + index, state.sshDefaults);
    return {
      ...host,
      address,
      ...(answers.sshUser !== undefined ? { user: answers.sshUser } : {}),
      ...(answers.sshPort !== undefined ? { port: String(answers.sshPort) } : {}),
      ...(answers.identityFile !== undefined
        ? { auth: 'key' as const, identityFile: answers.identityFile }
        : {}),
    };
  });
}

function presetLayout(layout: LayoutDraft, answers: PresetAnswers): LayoutDraft {
  const count = (each: number | undefined, perHost: readonly number[] | undefined, typed: string) =>
    perHost ? perHost.join(',') : each !== undefined ? String(each) : typed;
  return {
    ...layout,
    datanodes: count(answers.datanodes, answers.hostDatanodes, layout.datanodes),
    computenodes: count(answers.computenodes, answers.hostComputenodes, layout.computenodes),
    controllers: shown(answers.controllers, layout.controllers),
    basePort: shown(answers.basePort, layout.basePort),
  };
}

function presetOptions(options: OptionsDraft, answers: PresetAnswers): OptionsDraft {
  const pkg = answers.package;
  return {
    ...options,
    name: shown(answers.name, options.name),
    version: shown(answers.version, options.version),
    ...(pkg !== undefined
      ? { packageKind: /^https?:\/\//i.test(pkg) ? 'url' : 'file', packageValue: pkg }
      : {}),
    license: shown(answers.license, options.license),
    deployDir: shown(answers.deployDir, options.deployDir),
    replicationFactor: shown(answers.replicationFactor, options.replicationFactor),
    reliabilityLevel: shown(answers.reliabilityLevel, options.reliabilityLevel),
    maxMemSize: shown(answers.maxMemSize, options.maxMemSize),
    workerNum: shown(answers.workerNum, options.workerNum),
    lanCluster: answers.lanCluster ?? options.lanCluster,
    volumes: { ...options.volumes, ...answers.volumes },
    publicNames: { ...options.publicNames, ...answers.publicNames },
    swarmImage: shown(answers.image, options.swarmImage),
    imageArchive: shown(answers.imageArchive, options.imageArchive),
  };
}

/** An answer as the screen's field holds it (text), or what the field had. */
function shown(value: ConfigValue | undefined, typed: string): string {
  return value === undefined || value === null ? typed : String(value);
}
