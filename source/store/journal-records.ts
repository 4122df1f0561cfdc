import type { DeploymentIdentity } from '../model/deployment-identity.js';

/**
 * The lines of a run's journal file, one JSON object each, appended as things happen: a line is
 * on disk before the next remote command runs, and a run cut short (Ctrl-C, kill -9, a crash)
 * leaves every line up to that moment. Nothing is ever rewritten, so two processes never lose
 * each other's records.
 */
export type JournalRecord =
  | ({ readonly type: 'run' } & RunHead)
  | { readonly type: 'command'; readonly at: string; readonly host: string; readonly command: string }
  | {
      readonly type: 'step';
      readonly at: string;
      readonly id: string;
      readonly host: string | null;
      readonly title: string;
      readonly state: string;
      readonly detail?: string;
      readonly message?: string;
    }
  | { readonly type: 'output'; readonly id: string; readonly line: string }
  | {
      readonly type: 'end';
      readonly at: string;
      readonly ok: boolean;
      /** The run was stopped (Ctrl-C, a signal, the program exiting) before it finished. */
      readonly interrupted?: boolean;
    };

/** What a run's first line says: which command, on which deployment, from which process. */
export type RunHead = {
  readonly command: string;
  readonly topologyFile: string;
  readonly startedAt: string;
  /** Which process wrote it, to tell a run still going from one that was killed. */
  readonly pid: number;
  readonly machine: string;
  readonly deployment: DeploymentIdentity;
};

/** One step as the journal saw it last. */
export type JournalStep = {
  readonly id: string;
  readonly host: string | null;
  readonly title: string;
  readonly state: string;
  readonly at: string;
  readonly detail?: string;
  readonly message?: string;
  readonly output: readonly string[];
};

/** How a run ended: `running` while its process lives; `interrupted` when it never finished. */
export type RunEnd = 'ok' | 'failed' | 'interrupted' | 'running';

/** A run read back from its file. */
export type JournalRun = RunHead & {
  readonly file: string;
  readonly end: RunEnd;
  readonly finishedAt?: string;
  readonly steps: readonly JournalStep[];
  readonly commands: readonly { readonly at: string; readonly host: string; readonly command: string }[];
};
