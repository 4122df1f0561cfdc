/** A start failure: the lines are logged as they stand, then the process exits with status 1. */
export class StartupError extends Error {
  constructor(readonly lines: readonly { level: 'WARNING' | 'ERROR'; text: string }[]) {
    super(lines.map((l) => l.text).join('; '));
  }
}

/** One ERROR line and exit. */
export const fail = (text: string): StartupError => new StartupError([{ level: 'ERROR', text }]);

/** An error a script or function call raises; its message is what the client receives. */
export class ScriptError extends Error {}
