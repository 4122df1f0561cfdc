import { dirname, resolve } from 'node:path';
import type { Topology } from '../model/topology.js';
import type { Operation } from '../plan/mode-planner.js';
import { planOperation } from '../plan/planners.js';
import type { Plan } from '../plan/plan.js';
import type { RenderedFile } from '../render/render-files.js';
import { loadTemplates } from '../render/load-templates.js';
import { renderFiles } from '../render/render-files.js';
import type { CommandEnv } from './command-env.js';
import { printIssues } from './command-validate.js';
import { issuesJson, paint } from './output.js';
import { issueLocation, readTopologyFile } from './read-topology.js';
import { toolVersion } from './tool-version.js';

export type Planned = {
  readonly topology: Topology;
  readonly plan: Plan;
  /** The rendered files the plan writes (an upgrade's plan writes the same ones). */
  readonly files: readonly RenderedFile[];
  readonly file: string;
  /** The topology file's directory: relative paths in it (package, licence) start there. */
  readonly baseDir: string;
};

export type Checked = Omit<Planned, 'plan' | 'files'>;

/**
 * Reads and validates `-f FILE`, printing issues the way validate does. Returns the exit code
 * instead when the topology has errors (nothing is contacted then).
 */
export function topologyFromFile(
  file: string | undefined,
  env: CommandEnv,
  format: 'text' | 'json',
  verb: string,
): Checked | number {
  const checked = readTopologyFile(file, env.readStdin);
  if (checked.exitCode !== 0 || !checked.topology) {
    if (format === 'json')
      env.output.out(issuesJson(checked.issues, (issue) => issueLocation(checked, issue)));
    else printIssues(env.output, checked, env.output.err);
    env.output.err(
      `${paint(env.output, 'red', '✗')} nothing to ${verb}: fix the errors above, then run again\n`,
    );
    return checked.exitCode;
  }
  printIssues(env.output, checked, env.output.err);
  const baseDir = file === undefined || file === '-' ? env.cwd : dirname(resolve(env.cwd, file));
  return {
    topology: checked.topology,
    file: file === '-' || file === undefined ? '-' : resolve(env.cwd, file),
    baseDir,
  };
}

/**
 * As topologyFromFile, and builds the plan of `operation` (`deploy` unless named; `node` for one
 * process).
 */
export function planFromFile(
  file: string | undefined,
  env: CommandEnv,
  format: 'text' | 'json',
  verb: string,
  operation: Operation = 'deploy',
  node?: string,
): Planned | number {
  const checked = topologyFromFile(file, env, format, verb);
  if (typeof checked === 'number') return checked;
  return plannedOf(checked, operation, node);
}

/** The plan of `operation` on a checked topology, with its rendered files. */
export function plannedOf(checked: Checked, operation: Operation = 'deploy', node?: string): Planned {
  const { topology, baseDir } = checked;
  const files = renderFiles(topology, { templates: loadTemplates(), toolVersion });
  return { ...checked, files, plan: planOperation(operation, topology, files, baseDir, node) };
}
