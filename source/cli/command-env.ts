import type { Output } from './output.js';

/** Standard output's terminal: its size now, and a call when it changes (returns how to stop). */
export type Screen = {
  readonly columns: () => number;
  readonly rows: () => number;
  readonly onResize: (listener: () => void) => () => void;
};

/** Environment a command runs in; the CLI passes the real one, tests their own. */
export type CommandEnv = {
  readonly output: Output;
  readonly readStdin: () => string;
  readonly cwd: string;
  readonly now: () => Date;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Reads a secret without echo; absent when there is no terminal. */
  readonly askSecret?: (prompt: string) => Promise<string>;
  /** True when standard input and output are both terminals: the wizard can run. */
  readonly interactive?: boolean;
  /** Present when standard output is a terminal: what `status --watch` redraws in place. */
  readonly screen?: Screen;
  /** Aborted on the first Ctrl-C: commands stop starting work and finish cleanly. */
  readonly signal?: AbortSignal;
};
