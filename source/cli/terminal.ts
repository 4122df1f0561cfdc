import { createInterface } from 'node:readline/promises';
import type { Screen } from './command-env.js';

/** Standard output's terminal, or undefined when it is a pipe or a file. */
export function terminalScreen(): Screen | undefined {
  const stdout = process.stdout;
  if (!stdout.isTTY) return undefined;
  return {
    columns: () => stdout.columns || 80,
    rows: () => stdout.rows || 24,
    onResize: (listener) => {
      stdout.on('resize', listener);
      return () => stdout.off('resize', listener);
    },
  };
}

/** A yes/no question on the terminal, or undefined when stdin or stdout is not a terminal. */
export function terminalConfirm(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}

/**
 * The first Ctrl-C aborts: running steps stop, nothing new starts, the journal is written. A second
 * Ctrl-C exits at once.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the running steps (Ctrl-C again to quit at once)…\n');
    controller.abort();
  });
  return controller.signal;
}

/**
 * Reads a secret from the terminal without echoing it. The value stays in memory: it is never
 * written to a file, a log or a command line.
 */
export function terminalSecret(): ((prompt: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (prompt) =>
    new Promise((resolve, reject) => {
      const input = process.stdin;
      process.stderr.write(prompt);
      input.setRawMode(true);
      input.resume();
      input.setEncoding('utf8');
      let secret = '';
      const done = (error?: Error) => {
        input.setRawMode(false);
        input.pause();
        input.off('data', onData);
        process.stderr.write('\n');
        if (error) reject(error);
        else resolve(secret);
      };
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') return done();
          if (char === '\u0003') return done(new Error('cancelled'));
          if (char === '\u007f' || char === '\b') secret = secret.slice(0, -1);
          else secret += char;
        }
      };
      input.on('data', onData);
    });
}
