import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (this file is test/helpers/run-cli.ts). */
export const projectRoot = join(import.meta.dirname, '..', '..');

/** The built program that end-to-end tests run, exactly as a user would. */
export const cliPath = join(projectRoot, 'dist', 'cli.js');

/** What one run of the program did. */
export type CliResult = {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
};

/** Options of one run: working directory (default: the repository root) and standard input. */
export type CliOptions = {
  readonly cwd?: string;
  readonly input?: string;
  /** Added to the environment (e.g. DDB_SETUP_CONFIG_DIR). */
  readonly env?: NodeJS.ProcessEnv;
};

/** Fails with a clear message when the program has not been built. Call it in `beforeAll`. */
export function assertBuilt(): void {
  if (!existsSync(cliPath)) {
    throw new Error(
      `${cliPath} is missing: run npm run build first (the end-to-end tests run the built program)`,
    );
  }
}

/**
 * The environment of every run: the caller's, without colour or debug switches that would change
 * the output, and with NO_COLOR=1 (no-color.org).
 */
function cliEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'DDB_DEBUG' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  env['NO_COLOR'] = '1';
  return env;
}

/** Runs `node dist/cli.js ARGS…` without a shell and returns its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? projectRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...cliEnvironment(), ...options.env },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  if (result.status === null)
    throw new Error(`ddb-setup ${args.join(' ')} was ended by signal ${String(result.signal)}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** One finding of `validate --format json`. */
export type JsonIssue = {
  readonly level: string;
  readonly path: string;
  readonly code: string;
  readonly message: string;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `{"issues":[…]}`, failing with the text when it is not that shape. */
export function parseIssues(stdout: string): { readonly issues: readonly Record<string, unknown>[] } {
  const data: unknown = JSON.parse(stdout);
  if (!isRecord(data) || !Array.isArray(data['issues'])) throw new Error(`not {"issues":[…]}: ${stdout}`);
  const issues: Record<string, unknown>[] = [];
  for (const issue of data['issues'] as unknown[]) {
    if (!isRecord(issue)) throw new Error(`an issue is not an object: ${JSON.stringify(issue)}`);
    issues.push(issue);
  }
  return { issues };
}

/** Narrows a parsed issue to the contract's shape, or fails naming what is wrong. */
export function asIssue(issue: Record<string, unknown>): JsonIssue {
  const { level, path, code, message } = issue;
  if (level !== 'error' && level !== 'warning')
    throw new Error(`level is not error|warning: ${JSON.stringify(issue)}`);
  if (typeof path !== 'string' || typeof code !== 'string' || typeof message !== 'string') {
    throw new Error(`path, code and message must be strings: ${JSON.stringify(issue)}`);
  }
  return { level, path, code, message };
}

/** Distinct codes, sorted, as the corpus manifest lists them. */
export function distinctCodes(issues: readonly JsonIssue[]): string[] {
  return [...new Set(issues.map((issue) => issue.code))].sort();
}

/** True when the text holds a JavaScript stack trace line (`    at fn (file:line:col)`). */
export function hasStackTrace(text: string): boolean {
  return /^ {4}at /m.test(text);
}

/** Escapes text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
