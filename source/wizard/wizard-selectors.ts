import type { Issue, IssueLevel } from '../model/issues.js';
import type { Topology } from '../model/topology.js';
import { validateTopology } from '../model/validate-topology.js';
import type { HostDraft, WizardState, WizardStep } from './wizard-model.js';
import { licenceInForce, licenceProblems, type LicenceInForce } from './wizard-licence.js';
import { currentTopology } from './wizard-topology.js';

/** A problem with the answers or a validation issue, placed on the screen and field that cause it. */
export type Finding = {
  readonly level: IssueLevel;
  readonly step: WizardStep;
  /** The field on that screen (`address:2`, `node:4`, `maxMemSize`), when one causes it. */
  readonly field: string | undefined;
  /** The topology path (`nodes[3].port`), for validation issues. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
  /** The message in a line or two, for a screen where it is a note rather than the field's error. */
  readonly short?: string;
};

/** The topology the answers make (undefined while they cannot make one) and every finding. */
export type Assessment = {
  readonly topology: Topology | undefined;
  /** What the screens draw, also while an answer is invalid (see `DraftTopology.shape`). */
  readonly shape: Topology | undefined;
  readonly findings: readonly Finding[];
  /** The licence the answers deploy with and what is known of it. */
  readonly licence: LicenceInForce;
  /** The template's alias of each node (keys of the alias, port and volume answers). */
  readonly generated: readonly string[];
};

const optionKeys: readonly [RegExp, string][] = [
  [/^name$/, 'name'],
  [/^server\.version/, 'version'],
  [/^server\.package/, 'packageValue'],
  [/^swarm\.image$/, 'swarmImage'],
  [/^swarm\.imageArchive/, 'imageArchive'],
  [/^server\.license/, 'license'],
  [/^deployDir/, 'deployDir'],
  [/dfsReplicationFactor/, 'replicationFactor'],
  [/dfsReplicaReliabilityLevel/, 'reliabilityLevel'],
  [/maxMemSize/, 'maxMemSize'],
  [/workerNum/, 'workerNum'],
  [/lanCluster/, 'lanCluster'],
  [/volumes/, 'volumes'],
];

/**
 * Issues answered by a field other than the one their path names: the field that can fix them.
 * Compute nodes on a server too old for them are fixed by the version (Options), since Layout
 * comes first and would otherwise refuse to go on to the one field that fixes it (issue 13 item 3).
 */
const codeFields: Readonly<Record<string, Pick<Finding, 'step' | 'field'>>> = {
  'computenode-version': { step: 'options', field: 'version' },
  'key-version': { step: 'options', field: 'version' },
};

/** Where an issue is answered in the wizard: the screen and field that fix it. */
export function locateIssue(issue: Issue, state: WizardState): Pick<Finding, 'step' | 'field'> {
  const byCode = codeFields[issue.code];
  if (byCode) return byCode;
  const host = /^hosts\[(\d+)\](?:\.ssh)?(?:\.(\w+))?/.exec(issue.path);
  if (host) {
    const draft = state.hosts[Number(host[1])];
    const field = host[2] === 'name' || host[2] === undefined ? 'address' : host[2];
    return { step: 'hosts', field: draft ? `${field}:${draft.id}` : 'hosts' };
  }
  const node = /^nodes\[(\d+)\]/.exec(issue.path);
  if (node) return { step: 'layout', field: `node:${node[1]}` };
  if (issue.path.startsWith('ssh')) return { step: 'hosts', field: 'hosts' };
  for (const [pattern, field] of optionKeys) if (pattern.test(issue.path)) return { step: 'options', field };
  // Public names are one field per host (publicName:P1); a key the file scopes otherwise (or not
  // at all) has none: the issue is listed on Options, naming the key.
  if (/publicName$/.test(issue.path)) return { step: 'options', field: undefined };
  if (issue.path.startsWith('config') || issue.path.startsWith('swarm') || issue.path.startsWith('server'))
    return { step: 'options', field: undefined };
  if (issue.path === 'nodes') return { step: 'layout', field: undefined };
  // Rows that describe another mode: choosing that mode (or new counts) is the fix.
  if (issue.path === 'mode') return { step: 'mode', field: 'mode' };
  return { step: 'preview', field: undefined };
}

/**
 * A validator message in the wizard's words: the field to change as the screens name it, not the
 * file's path (issue 13 item 12). Config keys keep their names: they are DolphinDB's, shown as such.
 */
export function inWizardWords(message: string): string {
  return message
    .replace(/\bset server\.license to\b/g, 'give in Licence file')
    .replace(/\bserver\.version\b/g, 'the Server version')
    .replace(/\bserver\.package\b/g, 'the Package')
    .replace(/\bserver\.license\b/g, 'the Licence file')
    .replace(/\bswarm\.image\b/g, 'the Docker image')
    .replace(/\bswarm\.imageArchive\b/g, 'the Image archive');
}

const communityCodes = new Set(['community-node-limit', 'community-memory-limit']);

/** Builds and validates the topology the wizard holds. Pure; call it in a `useMemo`. */
export function assessWizard(state: WizardState): Assessment {
  const { topology, shape, problems, generated } = currentTopology(state);
  const findings: Finding[] = problems.map((problem) => ({
    level: 'error',
    step: problem.step,
    field: problem.field,
    path: '',
    code: 'answer',
    message: problem.message,
  }));
  const licence = licenceInForce(state);
  if (topology) {
    // The community limits are weighed against the licence actually in force instead (wizard-licence.ts).
    for (const issue of validateTopology(topology))
      if (!communityCodes.has(issue.code))
        findings.push({ ...issue, message: inWizardWords(issue.message), ...locateIssue(issue, state) });
    for (const problem of licenceProblems(topology, licence))
      findings.push({ ...problem, step: 'options', path: 'server.license' });
  }
  return { topology, shape, findings, licence, generated };
}

/** Findings that belong to `step`. */
export function findingsFor(assessment: Assessment, step: WizardStep): Finding[] {
  return assessment.findings.filter((finding) => finding.step === step);
}

/** The first error finding for a field, for the message shown beside it. */
export function fieldError(findings: readonly Finding[], field: string): string | undefined {
  return findings.find((finding) => finding.field === field && finding.level === 'error')?.message;
}

const order: readonly WizardStep[] = ['mode', 'hosts', 'layout', 'options', 'preview'];

/**
 * Whether Enter may leave the current screen: no error on it or on an earlier screen. Derived from
 * the answers every time, never stored (style guide §8.5).
 */
export function canContinue(state: WizardState, assessment: Assessment = assessWizard(state)): boolean {
  if (order.indexOf(state.step) < 0) return false;
  if (state.step === 'preview') return deployBlocker(assessment) === undefined;
  return blockers(state.step, assessment).length === 0;
}

/**
 * The errors that stop Enter on `step`: those of this screen and of every earlier one. An error
 * whose field is on a later screen never blocks: that screen is where it is fixed. Each screen
 * shows every one of these (those of earlier screens with the screen and field to go back to), so
 * Enter never does nothing without saying why.
 */
export function blockers(step: WizardStep, assessment: Assessment): Finding[] {
  const upTo = order.indexOf(step);
  return assessment.findings.filter(
    (finding) =>
      finding.level === 'error' && order.indexOf(finding.step) >= 0 && order.indexOf(finding.step) <= upTo,
  );
}

/** Errors of screens before `step` that stop it: shown there with where to go back to. */
export function earlierBlockers(step: WizardStep, assessment: Assessment): Finding[] {
  return blockers(step, assessment).filter((finding) => finding.step !== step);
}

/** Why the topology cannot be deployed from the wizard yet, or undefined when it can. */
export function deployBlocker(assessment: Assessment): string | undefined {
  const errors = assessment.findings.filter((finding) => finding.level === 'error');
  if (!assessment.topology || errors.length > 0)
    return `${errors.length} error${errors.length === 1 ? '' : 's'} to fix first`;
  return undefined;
}

/**
 * The password typed for each host that logs in with one, by the topology's host name. The wizard's
 * hosts are the topology's hosts in the same order (it builds them, or opened them, that way).
 */
export function hostPasswords(drafts: readonly HostDraft[], topology: Topology): ReadonlyMap<string, string> {
  const passwords = new Map<string, string>();
  topology.hosts.forEach((host, index) => {
    const draft = drafts[index];
    if (draft?.auth === 'password' && draft.password !== '') passwords.set(host.name, draft.password);
  });
  return passwords;
}
