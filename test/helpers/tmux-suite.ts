import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { assertBuilt } from './run-cli.js';
import { hasTmux, Terminal, tmuxSocketPath, type TerminalOptions } from './tmux.js';

/**
 * The set-up every real-terminal test file shares: the built program and tmux are required, a
 * private working directory lives for the file, and every terminal a test opened is killed after
 * it (its tmux socket checked gone), so no test leaves a tmux server behind.
 */
export function tmuxSuite(prefix: string): {
  /** The file's working directory (valid inside tests). */
  readonly workDir: () => string;
  /** Starts a terminal that is killed after the test. */
  readonly terminal: (options: TerminalOptions) => Terminal;
} {
  let workDir = '';
  const terminals: Terminal[] = [];
  beforeAll(() => {
    assertBuilt();
    if (!hasTmux())
      throw new Error('tmux is required for the wizard end-to-end tests (apt-get install tmux)');
    workDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  afterEach(() => {
    for (const terminal of terminals.splice(0)) {
      terminal.kill();
      expect(existsSync(tmuxSocketPath(terminal.socket))).toBe(false);
    }
  });
  afterAll(() => {
    if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
  });
  return {
    workDir: () => workDir,
    terminal(options) {
      const terminal = new Terminal(options);
      terminals.push(terminal);
      return terminal;
    },
  };
}
