import type { Issue } from '../model/issues.js';
import { plural } from '../model/plural.js';
import type { SourceLocation } from '../model/parse-topology.js';

/** Where a command writes; tests pass their own. */
export type Output = {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
  readonly color: boolean;
};

/** The process's streams. */
export function processOutput(): Output {
  // A reader that stops early (`ddb-setup status | head`) closes the pipe: stop quietly, as Unix
  // tools do, instead of dying with a stack trace.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !noColor,
  };
}

const codes = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;

/** Wraps text in an ANSI colour when colour is on. */
export function paint(output: Output, colour: keyof typeof codes, text: string): string {
  return output.color ? `\u001B[${codes[colour]}m${text}\u001B[0m` : text;
}

/**
 * One line per issue, compiler style, so editors can jump to it:
 * `demo.yaml:12:5: error port-conflict nodes[3].port: datanode1 and …`
 */
export function formatIssue(
  output: Output,
  file: string,
  issue: Issue,
  location: SourceLocation | undefined,
): string {
  const where = location ? `${file}:${location.line}:${location.column}` : file;
  const level = issue.level === 'error' ? paint(output, 'red', 'error') : paint(output, 'yellow', 'warning');
  const path = issue.path === '' ? '' : ` ${issue.path}`;
  return `${where}: ${level} ${issue.code}${path}: ${issue.message}\n`;
}

/** `2 errors, 1 warning`. */
export function countIssues(issues: readonly Issue[]): string {
  const errors = issues.filter((i) => i.level === 'error').length;
  const warnings = issues.length - errors;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/**
 * The stable JSON of `validate --format json` (spec: command contract), each issue with the `line`
 * and `column` the text output shows, when the file has a place for it (a missing key has none).
 */
export function issuesJson(
  issues: readonly Issue[],
  locate: (issue: Issue) => SourceLocation | undefined = () => undefined,
): string {
  const json = issues.map((issue) => {
    const { level, path, code, message } = issue;
    const location = locate(issue);
    return {
      level,
      path,
      code,
      message,
      ...(location ? { line: location.line, column: location.column } : {}),
    };
  });
  return `${JSON.stringify({ issues: json }, null, 2)}\n`;
}
