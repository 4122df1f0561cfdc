import type { FailureKind, StepFailure } from './events.js';

/** Thrown by actions: a failure already explained for the user. */
export class StepError extends Error {
  readonly failure: StepFailure;
  constructor(kind: FailureKind, message: string, extra: Omit<StepFailure, 'kind' | 'message'> = {}) {
    super(message);
    this.failure = { kind, message, ...extra };
  }
}
