import type { FailureKind, StepFailure } from './events.js';

/** Thrown by actions: a failure already explained for the user. */
export class StepError extends Error {
  readonly failure: StepFailure;
  constructor(kind: FailureKind, message: string, extra: Omit<StepFailure, 'kind' | 'message'> = {}) {
    super(message);
    this.failure = { kind, message, ...extra };
  }
}

/** What a failure says to the user, whatever was thrown: a StepError's own words, else its message. */
export function explain(error: unknown): StepFailure {
  if (error instanceof StepError) return error.failure;
  return { kind: 'command-failed', message: error instanceof Error ? error.message : String(error) };
}
