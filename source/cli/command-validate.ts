import { dirname, resolve } from 'node:path';
import { licenceIssues } from '../app/licence-issues.js';
import { hasErrors } from '../model/issues.js';
import { plural } from '../model/plural.js';
import type { CommandEnv } from './command-env.js';
import { countIssues, formatIssue, issuesJson, paint, type Output } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { issueLocation, readTopologyFile, type CheckedTopology } from './read-topology.js';

/** `validate -f FILE [--format json]`: exit 0 valid, 1 errors, 2 unreadable. */
export async function runValidate(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'validate',
    { file: { type: 'string', short: 'f' }, format: { type: 'string' } },
    argv,
  );
  const format = parseFormat(values.format, 'validate');
  const checked = await withLicence(readTopologyFile(values.file, env.readStdin), values.file, env);
  if (format === 'json') env.output.out(issuesJson(checked.issues, (issue) => issueLocation(checked, issue)));
  else {
    printIssues(env.output, checked, env.output.out);
    env.output.out(summary(env.output, checked));
  }
  return checked.exitCode;
}

/**
 * The topology's issues with the licence it deploys with, where that can be read here (the
 * `server.license` file, a local package's): over it is an error, no longer a guess.
 */
async function withLicence(
  checked: CheckedTopology,
  file: string | undefined,
  env: CommandEnv,
): Promise<CheckedTopology> {
  if (!checked.topology || checked.exitCode === 2) return checked;
  const baseDir = file === undefined || file === '-' ? env.cwd : dirname(resolve(env.cwd, file));
  const licence = await licenceIssues(checked.topology, baseDir, env.now());
  // A licence read: the validator's community-licence guess gives way to what it says.
  const issues = [
    ...checked.issues.filter((issue) => !licence.read || !issue.code.startsWith('community-')),
    ...licence.issues,
  ];
  return { ...checked, issues, exitCode: hasErrors(issues) ? 1 : 0 };
}

/** Prints issues with their positions in the file. */
export function printIssues(output: Output, checked: CheckedTopology, write: (text: string) => void): void {
  for (const issue of checked.issues)
    write(formatIssue(output, checked.file, issue, issueLocation(checked, issue)));
}

function summary(output: Output, checked: CheckedTopology): string {
  if (checked.exitCode === 2) return `${paint(output, 'red', '✗')} ${checked.file} cannot be parsed\n`;
  if (checked.exitCode === 1)
    return `${paint(output, 'red', '✗')} ${checked.file}: ${countIssues(checked.issues)}\n`;
  const t = checked.topology;
  const shape = t
    ? ` (mode ${t.mode}: ${plural(t.hosts.length, 'host')}, ${plural(t.nodes.length, 'node')})`
    : '';
  const warnings = checked.issues.length > 0 ? `, ${countIssues(checked.issues)}` : '';
  return `${paint(output, 'green', '✓')} ${checked.file} is valid${shape}${warnings}\n`;
}
