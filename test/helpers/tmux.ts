/**
 * Drives the built program in a real terminal: a private tmux server (`tmux -L ddbt-<pid>-<n>`)
 * that only this helper starts and kills, so no other tmux session is touched (test-hosts.md §4).
 * Frames are polled with capture-pane, never waited for with fixed sleeps.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from './run-cli.js';

let servers = 0;

/** What a terminal session runs and how big the terminal is. */
export type TerminalOptions = {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly columns?: number;
  readonly rows?: number;
  /** Extra environment of the program (tmux -e). */
  readonly env?: Readonly<Record<string, string>>;
};

/** A program running in a tmux pane. */
export class Terminal {
  readonly socket = `ddbt-${process.pid}-${++servers}`;
  readonly startedAt = performance.now();

  constructor(options: TerminalOptions) {
    const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    // The shell prints the exit code and stays, so the last frame and the code can be read.
    const command = `${shellQuote([process.execPath, cliPath, ...options.args])}; echo "EXIT=$?"; sleep 600`;
    this.tmux([
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(options.columns ?? 80),
      '-y',
      String(options.rows ?? 24),
      '-c',
      options.cwd,
      ...env,
      command,
    ]);
  }

  /** The screen as text (trailing spaces trimmed); with `colors`, SGR sequences kept. */
  capture(colors = false): string {
    const out = this.tmux(['capture-pane', '-p', '-t', 'main', ...(colors ? ['-e'] : [])]);
    return out
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  }

  /** Sends named keys (Enter, Escape, Down, Tab, C-c…), one send-keys each, as separate key presses. */
  keys(...names: string[]): void {
    for (const name of names) this.tmux(['send-keys', '-t', 'main', name]);
  }

  /** Types text literally. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  /**
   * Writes `bytes` to the program in one send-keys (as hex, so control bytes such as DEL or Ctrl-U
   * go through as they are): the program reads them together, as keys typed over a slow SSH link.
   */
  burst(bytes: string): void {
    const hex = [...Buffer.from(bytes, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0'));
    this.tmux(['send-keys', '-t', 'main', '-H', ...hex]);
  }

  /** Polls the screen until `predicate` (or the text) holds; fails with the last screen. */
  async waitFor(expected: string | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> {
    // Text may wrap at the terminal's edge: compare with runs of spaces and line breaks collapsed.
    const collapse = (text: string) => text.replace(/\s+/g, ' ');
    const test =
      typeof expected === 'string'
        ? (screen: string) => screen.includes(expected) || collapse(screen).includes(collapse(expected))
        : expected;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      if (test(screen)) return screen;
      if (performance.now() > deadline)
        throw new Error(
          `terminal: ${String(expected)} not on screen within ${timeoutMs} ms; screen:\n${screen}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * How many lines have scrolled off the top of the pane into its history: a program that redraws in
   * place leaves it where it was.
   */
  historySize(): number {
    return Number(this.tmux(['display-message', '-p', '-t', 'main', '#{history_size}']).trim());
  }

  /** Whether the program has switched the pane to the alternate screen. */
  alternateScreen(): boolean {
    return this.tmux(['display-message', '-p', '-t', 'main', '#{alternate_on}']).trim() === '1';
  }

  resize(columns: number, rows: number): void {
    this.tmux(['resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows)]);
  }

  /** Kills this helper's own tmux server (and with it the program). */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
    // tmux leaves the socket file behind when its server is killed.
    rmSync(tmuxSocketPath(this.socket), { force: true });
  }

  private tmux(args: readonly string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env: terminalEnv() });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }
}

/**
 * The environment the tmux server (and so the program) starts with: this process's, without the
 * switches a test run may carry that would change colour or output (FORCE_COLOR, NO_COLOR, DDB_DEBUG).
 */
function terminalEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['FORCE_COLOR', 'NO_COLOR', 'DDB_DEBUG', 'TMUX']) delete env[key];
  return { ...env, TERM: 'xterm-256color' };
}

/** True when tmux can be run here. */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

function shellQuote(words: readonly string[]): string {
  return words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
}

/** Where tmux puts the socket of `-L name` (tmux(1): $TMUX_TMPDIR or /tmp, then tmux-UID). */
export function tmuxSocketPath(name: string): string {
  return join(process.env['TMUX_TMPDIR'] || tmpdir(), `tmux-${process.getuid?.() ?? 0}`, name);
}
