/** A mistake in how the command was called: exit code 2, message says which option and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of every command (spec: command contract). */
/** `busy`: another run holds the cluster (app/cluster-lock.ts); nothing was changed. */
export const exitCodes = { ok: 0, invalid: 1, unusable: 2, busy: 4 } as const;
