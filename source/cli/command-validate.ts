import { plural } from '../model/plural.js';
import type { CommandEnv } from './command-env.js';
import { countIssues, formatIssue, issuesJson, paint, type Output } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { issueLocation, readTopologyFile, type CheckedTopology } from './read-topology.js';

/** `validate -f FILE [--format json]`: exit 0 valid, 1 errors, 2 unreadable. */
export function runValidate(argv: readonly string[], env: CommandEnv): number {
  const { values } = parseOptions(
    'validate',
    { file: { type: 'string', short: 'f' }, format: { type: 'string' } },
    argv,
  );
  const format = parseFormat(values.format, 'validate');
  const checked = readTopologyFile(values.file, env.readStdin);
  if (format === 'json') env.output.out(issuesJson(checked.issues, (issue) => issueLocation(checked, issue)));
  else {
    printIssues(env.output, checked, env.output.out);
    env.output.out(summary(env.output, checked));
  }
  return checked.exitCode;
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
