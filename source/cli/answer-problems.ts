import type { Issue } from '../model/issues.js';
import { checkTemplateSettings } from '../model/template-settings.js';
import { checkTemplateOptions, templateTopology, type TemplateOptions } from '../model/template-topology.js';
import type { DeploymentMode, Topology } from '../model/topology.js';
import { validateTopology } from '../model/validate-topology.js';
import type { Answers } from './answer-flags.js';

/** A reason the answers cannot make a valid topology, with the flag that changes it. */
export type AnswerProblem = { readonly option: string; readonly message: string };

/** The topology the answers make (when they make one), what is wrong with them, and the warnings. */
export type CheckedAnswers = {
  readonly topology: Topology | undefined;
  readonly problems: readonly AnswerProblem[];
  readonly warnings: readonly Issue[];
};

/** Config keys and fields, and the flag that sets each; checked before the shape's own flags. */
const settingFlags: readonly (readonly [RegExp, string])[] = [
  [/dfsReplicationFactor/, '--replication-factor'],
  [/dfsReplicaReliabilityLevel/, '--reliability-level'],
  [/maxMemSize/, '--max-mem-size'],
  [/workerNum/, '--workers'],
  [/lanCluster/, '--lan-cluster'],
  [/volumes/, '--volumes'],
  [/publicName/, '--public-name'],
  [/^server\.license/, '--license'],
  [/^swarm\.imageArchive/, '--image-archive'],
  [/^swarm\.image/, '--image'],
  [/^ssh\.port/, '--ssh-port'],
  [/^ssh\.user/, '--ssh-user'],
  [/^ssh\.identityFile/, '--identity-file'],
];

/**
 * Checks the answers with the model's own rules (checkTemplateOptions, then validateTopology on the
 * topology they make), each error named by the flag to change. Without a mode or any server there
 * is no topology yet, and only the shape checks that need neither can run.
 */
export function checkAnswers(answers: Answers, given: ReadonlySet<string>): CheckedAnswers {
  if (answers.mode === undefined) return { topology: undefined, problems: [], warnings: [] };
  const options: TemplateOptions = { ...answers, mode: answers.mode, addresses: answers.addresses ?? [] };
  const shape = [...notForMode(answers, answers.mode), ...checkTemplateOptions(options)];
  if (shape.length > 0 || answers.addresses === undefined)
    return { topology: undefined, problems: shape, warnings: [] };
  const topology = templateTopology(options);
  const settings = checkTemplateSettings(topology, options);
  const issues = validateTopology(topology);
  const problems = [
    ...settings,
    ...issues
      .filter((issue) => issue.level === 'error')
      .map((issue) => ({ option: optionFor(issue, given), message: issue.message })),
  ];
  // One flag can break a rule in several files (lanCluster in each): say it once.
  const unique = problems.filter(
    (problem, index) =>
      problems.findIndex((p) => p.option === problem.option && p.message === problem.message) === index,
  );
  return { topology, problems: unique, warnings: issues.filter((issue) => issue.level === 'warning') };
}

/** The flag behind an issue in the generated topology: a setting's own flag when it was given. */
export function optionFor({ path, code }: Issue, given: ReadonlySet<string>): string {
  for (const [pattern, option] of settingFlags) if (pattern.test(path) && given.has(option)) return option;
  // Replicas against data nodes: the factor the user chose is what to change, else the layout.
  if (code.includes('datanode') || code.startsWith('replica'))
    return given.has('--replication-factor') ? '--replication-factor' : '--datanodes';
  if (code.startsWith('port')) return '--base-port';
  if (path.startsWith('hosts')) return '--hosts';
  if (path === 'name') return '--name';
  if (path.startsWith('server.version')) return '--server-version';
  if (path.startsWith('server.package')) return '--package';
  if (path.includes('deployDir')) return '--deploy-dir';
  if (path.startsWith('nodes')) return '--mode';
  for (const [pattern, option] of settingFlags) if (pattern.test(path)) return option;
  return path;
}

/** The flags given on the command line, as `--name`, for naming problems and placing answers. */
export function givenFlags(values: Readonly<Record<string, unknown>>): Set<string> {
  return new Set(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name]) => `--${name}`),
  );
}

/** Flags whose question the mode does not ask: refused, rather than silently left out of the file. */
const modeOnly: readonly (readonly [keyof Answers, string, (mode: DeploymentMode) => boolean, string])[] = [
  ['controllers', '--controllers', (mode) => mode !== 'single', 'mode single runs one process'],
  ['datanodes', '--datanodes', (mode) => mode !== 'single', 'mode single runs one process'],
  ['hostDatanodes', '--datanodes', (mode) => mode !== 'single', 'mode single runs one process'],
  ['computenodes', '--computenodes', (mode) => mode !== 'single', 'mode single runs one process'],
  ['hostComputenodes', '--computenodes', (mode) => mode !== 'single', 'mode single runs one process'],
  [
    'replicationFactor',
    '--replication-factor',
    (mode) => mode !== 'single',
    'mode single keeps one copy of the data',
  ],
  [
    'reliabilityLevel',
    '--reliability-level',
    (mode) => mode !== 'single',
    'mode single keeps one copy of the data',
  ],
  ['image', '--image', (mode) => mode === 'swarm', 'only mode swarm runs containers'],
  ['imageArchive', '--image-archive', (mode) => mode === 'swarm', 'only mode swarm runs containers'],
];

function notForMode(answers: Answers, mode: DeploymentMode): AnswerProblem[] {
  return modeOnly
    .filter(([key, , applies]) => answers[key] !== undefined && !applies(mode))
    .map(([, option, , why]) => ({ option, message: `${why}: leave out ${option} (mode is ${mode})` }));
}
