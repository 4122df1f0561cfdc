import { checkTemplateOptions, templateTopology, type TemplateOptions } from '../model/template-topology.js';
import {
  defaultDeployDir,
  type ConfigValue,
  type Topology,
  type TopologyHost,
  type TopologyNode,
} from '../model/topology.js';
import { pathProblem } from '../model/validators/paths.js';
import type { SwarmSection } from '../model/topology.js';
import { templateTwins, withHostNames, type KeptRows } from './kept-rows.js';
import { parseHostCount } from './layout-counts.js';
import type { HostDraft, WizardState } from './wizard-model.js';

/** A typed answer that cannot become part of a topology, and where to fix it. */
export type FieldProblem = {
  readonly step: 'mode' | 'hosts' | 'layout' | 'options';
  /** `address:3` (host id 3), `datanodes`, `port:datanode2`, `maxMemSize`, … */
  readonly field: string;
  readonly message: string;
};

/** The topology the answers describe, or the problems that stop it from existing. */
export type DraftTopology = {
  readonly topology: Topology | undefined;
  /**
   * What the screens draw while an answer is invalid: the topology with each invalid answer at its
   * default, so the other fields, their placeholders and the diagram stay where they were instead
   * of jumping (issue 13 item 8). Never deployed or saved.
   */
  readonly shape: Topology | undefined;
  readonly problems: FieldProblem[];
  /** The alias the template gave each node, in node order: the keys of alias, port and volume answers. */
  readonly generated: readonly string[];
};

/** The template option behind a `checkTemplateOptions` problem: the wizard's step and field. */
const optionFields: Record<string, Pick<FieldProblem, 'step' | 'field'>> = {
  '--hosts': { step: 'hosts', field: 'hosts' },
  '--controllers': { step: 'layout', field: 'controllers' },
  '--datanodes': { step: 'layout', field: 'datanodes' },
  '--computenodes': { step: 'layout', field: 'computenodes' },
  '--base-port': { step: 'layout', field: 'basePort' },
};

/** The topology to show and deploy: an opened file exactly as written, else built from the answers. */
export function currentTopology(state: WizardState): DraftTopology {
  const built = buildDraftTopology(state);
  if (!state.opened) return built;
  const { topology } = state.opened;
  // The answers' keys, so a volume typed for a node is still its own once the file becomes a draft.
  const generated =
    built.generated.length === topology.nodes.length
      ? built.generated
      : topology.nodes.map((node) => node.alias);
  return { topology, shape: topology, problems: [], generated };
}

/** Problems of one host's fields (the topology's own rules are checked by validateTopology). */
export function hostProblems(host: HostDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ step: 'hosts', field: `${field}:${host.id}`, message });
  if (host.address.trim() === '') add('address', 'type the intranet address the nodes use, e.g. 10.0.0.80');
  else if (/\s/.test(host.address.trim())) add('address', 'an address has no spaces');
  if (host.port.trim() !== '' && !isWhole(host.port, 1, 65535)) add('port', 'an SSH port is 1–65535');
  if (host.auth === 'key' && host.identityFile.trim() === '')
    add('identityFile', 'give the private key file, or choose ssh-agent');
  if (host.auth === 'password' && host.password === '')
    add('password', 'type the password (kept in memory only), or choose another method');
  const deployDir = host.deployDir.trim();
  const problem = deployDir === '' ? undefined : pathProblem(deployDir);
  // pathProblem says "it …"; the field's name takes its place, and an example shows the fix.
  if (problem) add('deployDir', `Deploy dir ${problem.replace(/^it /, '')}; e.g. /data/dolphindb`);
  return problems;
}

/** Builds the topology from the answers with `templateTopology`, then applies every override. Pure. */
export function buildDraftTopology(state: WizardState): DraftTopology {
  const problems: FieldProblem[] = state.hosts.flatMap(hostProblems);
  if (state.mode === undefined)
    return { topology: undefined, shape: undefined, problems: [mode()], generated: [] };
  const count = (field: 'controllers' | 'basePort', min: number, max: number) =>
    parseWhole(state.layout[field], min, max, () =>
      problems.push({ step: 'layout', field, message: `give a whole number from ${min} to ${max}` }),
    );
  const hostCount = (field: 'datanodes' | 'computenodes') => {
    const parsed = parseHostCount(state.layout[field], 64);
    if (parsed !== 'invalid') return parsed;
    // One host has no list to give; with more, say how a per-host list looks for these hosts.
    const example = state.hosts.map((_, index) => (index === 0 ? 2 : 1)).join(',');
    const message =
      state.hosts.length > 1
        ? `give a whole number from 0 to 64, or one per host in order, e.g. ${example}`
        : 'give a whole number from 0 to 64';
    problems.push({ step: 'layout', field, message });
    return undefined;
  };
  const datanodes = hostCount('datanodes');
  const computenodes = hostCount('computenodes');
  const { options } = state;
  const template: TemplateOptions = {
    mode: state.mode,
    addresses: state.hosts.map((host) => host.address.trim()),
    ...defined({
      name: text(options.name),
      version: text(options.version),
      package: options.packageKind === 'official' ? undefined : text(options.packageValue),
      license: text(options.license),
      deployDir: text(options.deployDir),
      datanodes: typeof datanodes === 'number' ? datanodes : undefined,
      hostDatanodes: typeof datanodes === 'object' ? datanodes : undefined,
      computenodes: typeof computenodes === 'number' ? computenodes : undefined,
      hostComputenodes: typeof computenodes === 'object' ? computenodes : undefined,
      controllers: count('controllers', 1, 15),
      basePort: count('basePort', 1024, 65000),
    }),
  };
  if (options.packageKind !== 'official' && text(options.packageValue) === undefined)
    problems.push({ step: 'options', field: 'packageValue', message: 'give the package URL or file' });
  const templateProblems = checkTemplateOptions(template);
  for (const problem of templateProblems) {
    const where = optionFields[problem.option] ?? { step: 'layout', field: problem.option };
    problems.push({ ...where, message: wizardWords(problem.message) });
  }
  const drawable = withoutOptions(
    template,
    templateProblems.map((problem) => problem.option),
  );
  if (!drawable) return { topology: undefined, shape: undefined, problems, generated: [] };
  const drawn = fromTemplate(drawable, state, problems);
  return { ...drawn, topology: problems.length > 0 ? undefined : drawn.shape, problems };
}

/** The template's options with those named by its problems (`--controllers`) at their defaults, if that fits. */
function withoutOptions(template: TemplateOptions, options: readonly string[]): TemplateOptions | undefined {
  if (options.length === 0) return template;
  const keys: Record<string, readonly (keyof TemplateOptions)[]> = {
    '--controllers': ['controllers'],
    '--datanodes': ['datanodes', 'hostDatanodes'],
    '--computenodes': ['computenodes', 'hostComputenodes'],
    '--base-port': ['basePort'],
  };
  const dropped: Partial<Record<keyof TemplateOptions, unknown>> = { ...template };
  for (const option of options) {
    const named = keys[option];
    if (!named) return undefined;
    for (const key of named) delete dropped[key];
  }
  const fallback = dropped as TemplateOptions;
  return checkTemplateOptions(fallback).length === 0 ? fallback : undefined;
}

/**
 * A template problem in the wizard's words: the screens name their fields, not the flags of
 * `template` (issue 13 item 12).
 */
function wizardWords(message: string): string {
  return message
    .replace(/, e\.g\. --hosts \S+/, ' on Hosts')
    .replace(/use --mode ha\b/g, 'choose Multi-server HA on Mode')
    .replace(/use --mode pseudo-ha\b/g, 'choose Pseudo-HA on Mode')
    .replace(/--mode /g, 'mode ');
}

/** The topology of a template that fits, with every answer applied (port problems go to `problems`). */
function fromTemplate(
  template: TemplateOptions,
  state: WizardState,
  problems: FieldProblem[],
): Pick<DraftTopology, 'shape' | 'generated'> {
  const { options } = state;
  const kept = keptRows(state);
  const base = kept ? withHostNames(templateTopology(template), kept.hostNames) : templateTopology(template);
  const nodes = kept ? [...kept.nodes] : base.nodes.map((node) => overrideNode(node, state, problems));
  // Answers are keyed by the template's alias; a kept row answers to its template twin's.
  const generated = kept
    ? templateTwins({ hosts: base.hosts, nodes }, base).map(
        (twin, index) => twin?.alias ?? nodes[index]?.alias ?? '',
      )
    : base.nodes.map((node) => node.alias);
  const topology: Topology = {
    ...withHosts(base, state),
    nodes,
    config: buildConfig(base, nodes, generated, state),
    ...(base.swarm ? { swarm: swarmSection(base.swarm, options) } : {}),
  };
  return { shape: topology, generated };
}

/** The template's swarm section with the Options answers and an opened file's other swarm values. */
function swarmSection(base: SwarmSection, options: WizardState['options']): SwarmSection {
  const image = text(options.swarmImage);
  const archive = text(options.imageArchive);
  return {
    ...base,
    ...(options.extraSwarm ?? {}),
    ...(image ? { image } : {}),
    ...(archive ? { imageArchive: archive } : {}),
  };
}

/** The opened file's rows while they still fit the hosts (the reducer drops them otherwise). */
function keptRows(state: WizardState): KeptRows | undefined {
  const { kept } = state.layout;
  return kept && kept.hostNames.length === state.hosts.length ? kept : undefined;
}

function mode(): FieldProblem {
  return { step: 'mode', field: 'mode', message: 'choose a mode' };
}

function overrideNode(node: TopologyNode, state: WizardState, problems: FieldProblem[]): TopologyNode {
  const alias = text(state.layout.aliases[node.alias] ?? '') ?? node.alias;
  const port = parseWhole(state.layout.ports[node.alias] ?? '', 1024, 65535, () =>
    problems.push({ step: 'layout', field: `port:${node.alias}`, message: 'a port is 1024–65535' }),
  );
  return { ...node, alias, ...(port !== undefined ? { port } : {}) };
}

/**
 * SSH answers shared by every host go to the file's `ssh`; the rest stay on their host, with a deploy
 * directory that differs from the one in force for the whole file.
 */
function withHosts(base: Topology, state: WizardState): Topology {
  const drafts = state.hosts;
  const fileDeployDir = text(state.options.deployDir) ?? defaultDeployDir;
  const perHost = drafts.map((draft) =>
    defined({
      user: text(draft.user),
      port: draft.port.trim() === '' || draft.port.trim() === '22' ? undefined : Number(draft.port),
      identityFile: draft.auth === 'key' ? text(draft.identityFile) : undefined,
    }),
  );
  const shared: Record<string, string | number> = {};
  for (const key of ['user', 'port', 'identityFile'] as const) {
    const first = perHost[0]?.[key];
    if (first !== undefined && perHost.every((ssh) => ssh[key] === first)) shared[key] = first;
  }
  const hosts = base.hosts.map((host, index): TopologyHost => {
    const draft = drafts[index];
    const own = Object.fromEntries(
      Object.entries(perHost[index] ?? {}).filter(([key]) => shared[key] === undefined),
    );
    const sshAddress = text(draft?.sshAddress ?? '');
    const ssh = { ...(sshAddress && sshAddress !== host.address ? { address: sshAddress } : {}), ...own };
    const deployDir = text(draft?.deployDir ?? '');
    return {
      ...host,
      ...(Object.keys(ssh).length > 0 ? { ssh } : {}),
      ...(deployDir && deployDir !== fileDeployDir ? { deployDir } : {}),
    };
  });
  const { ssh: _unused, ...rest } = base;
  return { ...rest, ...(Object.keys(shared).length > 0 ? { ssh: shared } : {}), hosts };
}

type Section = Record<string, ConfigValue>;

/**
 * The template's config, the opened file's unmodelled keys, then every Options answer. `generated`
 * is each node's answer key (volumes are typed per node).
 */
function buildConfig(
  base: Topology,
  nodes: readonly TopologyNode[],
  generated: readonly string[],
  state: WizardState,
): Topology['config'] {
  const { options } = state;
  const extra = options.extraConfig ?? {};
  const single = base.mode === 'single';
  const sections: Record<'controller' | 'agent' | 'cluster' | 'single', Section | undefined> = {
    controller: single ? undefined : { ...base.config?.controller, ...extra.controller },
    agent: single ? undefined : { ...base.config?.agent, ...extra.agent },
    cluster: single ? undefined : { ...base.config?.cluster, ...extra.cluster },
    single: single ? { ...base.config?.single, ...extra.single } : undefined,
  };
  const put = (section: keyof typeof sections, key: string, value: ConfigValue | undefined) => {
    const target = sections[section];
    if (target && value !== undefined) target[key] = value;
  };
  const main = single ? 'single' : 'cluster';
  put('controller', 'dfsReplicationFactor', number(options.replicationFactor));
  put('controller', 'dfsReplicaReliabilityLevel', number(options.reliabilityLevel));
  put(main, 'maxMemSize', number(options.maxMemSize));
  put(main, 'workerNum', number(options.workerNum));
  if (options.lanCluster)
    for (const section of ['controller', 'agent', main] as const) put(section, 'lanCluster', 1);
  nodes.forEach((node, index) => {
    const volumes = text(options.volumes[generated[index] ?? node.alias] ?? '');
    if (volumes && node.mode === 'single') put('single', 'volumes', volumes);
    else if (volumes && node.mode === 'datanode') put('cluster', `${node.alias}.volumes`, volumes);
    const publicName = text(options.publicNames[node.host] ?? '');
    if (!publicName) return;
    if (node.mode === 'single') put('single', 'publicName', publicName);
    else if (node.mode === 'datanode' || node.mode === 'computenode')
      put('cluster', `${node.alias}.publicName`, publicName);
    // controller.cfg is shared by every controller: a public name fits it only when there is one.
    else if (node.mode === 'controller' && nodes.filter((n) => n.mode === 'controller').length === 1)
      put('controller', 'publicName', publicName);
  });
  return Object.fromEntries(Object.entries(sections).filter(([, value]) => value !== undefined));
}

function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isWhole(value: string, min: number, max: number): boolean {
  return /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max;
}

/** '' → undefined (the default); a whole number in range → it; anything else → a problem. */
function parseWhole(value: string, min: number, max: number, onProblem: () => void): number | undefined {
  if (value.trim() === '') return undefined;
  if (isWhole(value, min, max)) return Number(value);
  onProblem();
  return undefined;
}

/** A config number as typed ('1.50' stays text so it is written verbatim, as the file keeps it). */
function number(value: string): ConfigValue | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
