import {
  communityLimits,
  countNodes,
  describeCounted,
  licenceFixes,
  minimumControllers,
  minimumNodes,
} from '../model/licence-fit.js';
import { plural } from '../model/plural.js';
import type { DeploymentMode, Topology } from '../model/topology.js';
import { licenceKey, type LicenceReading, type LicenceSource, type WizardState } from './wizard-model.js';

/*
 * The licence a first-time installer runs into (issue 13 item 1), said where it happens: on Mode
 * for the choice, on Layout for the counts, and on Options at the licence field, which becomes
 * required while the layout exceeds the licence in force. Pure: the reading of a file comes in
 * through the state (`licenceRead`).
 */

/** The licence the answers deploy with, and what is known of its limits. */
export type LicenceInForce = {
  /** `the community licence in the official package`, `your licence ./x.lic`, … */
  readonly name: string;
  /** Its limits when known (the official package's community licence is known without reading). */
  readonly limits: { readonly maxNodes: number; readonly maxMemoryPerNode: number } | undefined;
  /** The Licence file field was filled in. */
  readonly given: boolean;
  /** Why the limits are not known: still reading, unreadable, an unknown layout, none in the package. */
  readonly problem: string | undefined;
  /** The problem stops the deployment (an unreadable licence file): an error, not a note. */
  readonly blocking: boolean;
  /** `16 nodes, 64 GB per node, until 2042.01.01 (ACME)` when read from a file. */
  readonly summary: string | undefined;
};

/** Where the licence is read from, or undefined when the package is downloaded (its licence is the official one). */
export function licenceSource(state: Pick<WizardState, 'options' | 'mode'>): LicenceSource | undefined {
  const license = state.options.license.trim();
  if (license !== '') return { kind: 'file', path: license };
  const pkg = state.options.packageValue.trim();
  if (state.mode !== 'swarm' && state.options.packageKind === 'file' && pkg !== '')
    return { kind: 'package', path: pkg };
  return undefined;
}

/** The licence in force for the answers, with what the wizard has read of it. */
export function licenceInForce(state: Pick<WizardState, 'options' | 'mode' | 'licences'>): LicenceInForce {
  const source = licenceSource(state);
  if (!source)
    return {
      name:
        state.mode === 'swarm' || state.options.packageKind === 'url'
          ? "the package's licence (the community licence in official packages)"
          : 'the community licence in the official package',
      limits: communityLimits,
      given: false,
      problem: undefined,
      blocking: false,
      summary: undefined,
    };
  const reading = state.licences[licenceKey(source)];
  const name = source.kind === 'file' ? `your licence ${source.path}` : `the licence in ${source.path}`;
  return { name, given: source.kind === 'file', ...fromReading(reading, source) };
}

function fromReading(
  reading: LicenceReading | undefined,
  source: LicenceSource,
): Pick<LicenceInForce, 'limits' | 'problem' | 'blocking' | 'summary'> {
  const none = { limits: undefined, summary: undefined };
  switch (reading?.kind) {
    case undefined:
      return { ...none, problem: `reading ${source.path}…`, blocking: false };
    case 'terms':
      return {
        limits: { maxNodes: reading.maxNodes, maxMemoryPerNode: reading.maxMemoryPerNode },
        problem: undefined,
        blocking: false,
        summary: `allows ${plural(reading.maxNodes, 'node')}, ${reading.maxMemoryPerNode} GB per node, until ${reading.expires} (${reading.clientName})`,
      };
    case 'unknown-format':
      return {
        ...none,
        problem: `the limits in ${source.path} could not be read (its first line is not the usual layout); DolphinDB checks them at start-up`,
        blocking: false,
      };
    case 'none':
      // A package without a licence starts nothing: DolphinDB needs one.
      return {
        ...none,
        problem: `${source.path} holds no licence (server/dolphindb.lic): give the licence file DolphinDB sent you`,
        blocking: true,
      };
    case 'unreadable':
      return {
        ...none,
        problem:
          source.kind === 'file'
            ? `cannot read ${source.path}: ${reading.reason}; give the path of the licence file DolphinDB sent you`
            : `cannot read the licence in ${source.path}: ${reading.reason}`,
        // An unreadable package is the Package file field's problem; a licence file is this field's.
        blocking: source.kind === 'file',
      };
  }
}

const modeLabels: Record<DeploymentMode, string> = {
  single: 'Single node',
  cluster: 'Cluster',
  'pseudo-ha': 'Pseudo-HA',
  ha: 'HA',
  swarm: 'Docker Swarm',
};

/** `HA needs at least 3 controllers and 1 data node: 4 nodes` */
function needs(mode: DeploymentMode): string {
  return `${modeLabels[mode]} needs at least ${plural(minimumControllers(mode), 'controller')} and 1 data node: ${plural(minimumNodes(mode), 'node')}`;
}

/**
 * The Mode screen's word on a choice whose smallest layout already exceeds the licence in force,
 * or undefined when it fits (or the limits are not known).
 */
export function modeLicenceNote(mode: DeploymentMode, licence: LicenceInForce): string | undefined {
  const limits = licence.limits;
  if (!limits || minimumNodes(mode) <= limits.maxNodes) return undefined;
  const fixes = licenceFixes(
    mode,
    { controllers: minimumControllers(mode), datanodes: 1, computenodes: 0, singles: 0 },
    limits.maxNodes,
  );
  const others = fixes.otherModes.map((other) => modeLabels[other]).join(' or ');
  return `${needs(mode)}; ${licence.name} allows ${limits.maxNodes}. Give a licence file on Options${others ? `, or choose ${others}` : ''}.`;
}

/** A licence problem of the answers, placed on its field (the wizard turns it into a finding). */
export type LicenceProblem = {
  readonly level: 'error' | 'warning';
  readonly field: 'license' | 'maxMemSize';
  readonly code: 'licence-node-limit' | 'licence-memory-limit' | 'licence-unread';
  readonly message: string;
  /** The same in a line or two, for Layout, where the counts are typed and the diagram needs the room. */
  readonly short?: string;
};

/** What the licence in force says about the topology the answers make. */
export function licenceProblems(topology: Topology, licence: LicenceInForce): LicenceProblem[] {
  if (licence.problem)
    return [
      {
        level: licence.blocking ? 'error' : 'warning',
        field: 'license',
        code: 'licence-unread',
        message: licence.problem,
      },
    ];
  const limits = licence.limits;
  if (!limits) return [];
  const problems: LicenceProblem[] = [];
  const counted = countNodes(topology.nodes);
  const fixes = licenceFixes(topology.mode, counted, limits.maxNodes);
  if (fixes.needed > limits.maxNodes) {
    const ways = [`give a licence file that allows ${fixes.needed} nodes here`];
    if (fixes.workersAllowed !== undefined)
      ways.push(
        `lower Data and Compute nodes per host on Layout to ${plural(fixes.workersAllowed, 'node')} in total`,
      );
    else if (fixes.otherModes.length > 0)
      ways.push(`choose ${fixes.otherModes.map((mode) => modeLabels[mode]).join(' or ')} on Mode`);
    const why =
      fixes.workersAllowed === undefined && topology.mode !== 'single' ? `${needs(topology.mode)}; ` : '';
    const shortWays = [`give a licence file on Options`];
    if (fixes.workersAllowed !== undefined)
      shortWays.push(`keep ${plural(fixes.workersAllowed, 'data or compute node')} in total`);
    else if (fixes.otherModes.length > 0)
      shortWays.push(`choose ${fixes.otherModes.map((mode) => modeLabels[mode]).join(' or ')} on Mode`);
    problems.push({
      level: 'error',
      field: 'license',
      code: 'licence-node-limit',
      short: `${plural(fixes.needed, 'node')} exceed the ${limits.maxNodes} ${licence.given ? 'your licence allows' : 'the package’s licence allows'}: ${shortWays.join(', or ')}`,
      message: `${why}this layout has ${plural(fixes.needed, 'node')} (${describeCounted(counted)}; agents not counted) and ${licence.name} allows ${limits.maxNodes}: ${ways.join(', or ')}`,
    });
  }
  const section = topology.mode === 'single' ? topology.config?.single : topology.config?.cluster;
  const memory = gigabytes(section?.['maxMemSize']);
  if (memory !== undefined && memory > limits.maxMemoryPerNode)
    problems.push({
      level: 'error',
      field: 'maxMemSize',
      code: 'licence-memory-limit',
      message: `${memory} GB per node is above the ${limits.maxMemoryPerNode} GB ${licence.name} allows: write ${limits.maxMemoryPerNode} or less, or give a licence file that allows ${memory} GB`,
    });
  return problems;
}

/** A maxMemSize as written, in GB; anything else is the validator's to report. */
function gigabytes(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
}
