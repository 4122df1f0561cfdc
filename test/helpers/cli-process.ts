import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath, projectRoot, type CliResult } from './run-cli.js';

/** A running `node dist/cli.js …`: its output so far, and ways to wait on it. */
export type CliProcess = {
  readonly child: ChildProcess;
  /** Standard output and error so far, as lines, in arrival order. */
  readonly lines: string[];
  /** Resolves with the first line matching `pattern`; rejects when the process ends first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has ended. */
  readonly done: Promise<CliResult>;
};

/**
 * Starts the built program as a user would, without a shell, without a terminal (so deploy prints
 * plain progress lines), NO_COLOR set. Tests stop it by its PID only.
 */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env, NO_COLOR: '1', DDB_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const take = (text: string, partial: { rest: string }) => {
    const parts = (partial.rest + text).split('\n');
    partial.rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  };
  const out = { rest: '' };
  const err = { rest: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => ((stdout += text), take(text, out)));
  child.stderr.setEncoding('utf8').on('data', (text: string) => ((stderr += text), take(text, err)));
  let ended = false;
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      for (const listener of listeners) listener();
      resolve({ status: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
  const waitForLine = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.find((l) => pattern.test(l));
        if (line !== undefined) finish(() => resolve(line));
        else if (ended)
          finish(() => reject(new Error(`ended without a line matching ${pattern}:\n${lines.join('\n')}`)));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  return { child, lines, waitForLine, done };
}
