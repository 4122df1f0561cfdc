import type { Step } from '../plan/plan.js';

/** Why a step failed, in terms a user can act on. */
export type FailureKind =
  /** The host could not be reached (no route, timeout, connection refused). */
  | 'unreachable'
  /** The host answered but refused the login. */
  | 'login-refused'
  /** A remote command exited non-zero. */
  | 'command-failed'
  /** A DolphinDB process did not come up or the cluster is not healthy. */
  | 'node-failed'
  /** ddb-setup refused to touch something it did not create. */
  | 'refused'
  /** The run was aborted. */
  | 'aborted';

export type StepFailure = {
  readonly kind: FailureKind;
  readonly message: string;
  /** The documented cause, when a log line or exit code identifies one (facts §9). */
  readonly cause?: string;
  /** What to do about it. */
  readonly fix?: string;
  /** The last lines of the node's log, when a node failed. */
  readonly logTail?: readonly string[];
  /**
   * The step did everything else; only these processes were not reached (their host down, or
   * refusing the login). Such a failure does not hold back the steps after it (run-plan.ts):
   * `stop` carries on past a dead host and names what it left running.
   */
  readonly notReached?: readonly NotReached[];
};

/** A process a step could not act on because its host could not be reached, and why. */
export type NotReached = {
  readonly node: string;
  readonly host: string;
  /** The connection's own words, as deploy prints them (no answer, login refused, host key changed). */
  readonly reason: string;
};

export type StepOutcome = 'done' | 'unchanged';

/** What a step reports when it succeeds: the one shape every task returns. */
export type StepResult = {
  readonly outcome: StepOutcome;
  /** A short note for the pane and the journal (`uploaded and verified`, `3 nodes up`). */
  readonly detail?: string;
  /** The Raft leader's alias, when the step learnt which controller it is. */
  readonly leader?: string;
};

/** The engine's event stream: the progress panes and the plain progress lines are both built from it. */
export type DeployEvent =
  | { readonly type: 'step-started'; readonly step: Step }
  | {
      readonly type: 'step-progress';
      readonly step: Step;
      readonly done: number;
      readonly total: number;
      readonly unit: 'bytes' | 'files' | 'nodes';
    }
  | { readonly type: 'step-output'; readonly step: Step; readonly line: string }
  | ({ readonly type: 'step-finished'; readonly step: Step } & StepResult)
  | { readonly type: 'step-failed'; readonly step: Step; readonly failure: StepFailure }
  /** Not run because a step it needs failed (or the run was aborted before it started). */
  | { readonly type: 'step-blocked'; readonly step: Step; readonly by: string };

/**
 * Ends a switch over DeployEvent['type'] in every consumer (panes, progress lines, journal): a new
 * kind of event that one of them does not handle is then a compile error, not a silent drop.
 */
export function unhandledEvent(event: never): never {
  throw new Error(`unhandled deploy event ${JSON.stringify(event)}`);
}

/** What a run did, step by step. */
export type RunReport = {
  readonly ok: boolean;
  readonly aborted: boolean;
  readonly steps: readonly {
    readonly id: string;
    readonly state: 'done' | 'unchanged' | 'failed' | 'blocked';
    readonly failure?: StepFailure;
    readonly blockedBy?: string;
  }[];
};
