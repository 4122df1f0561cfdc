import type { StepFailure } from '../events.js';
import type { ReceiveResult, UploadFile } from './send-file.js';
import type { SshTarget } from './ssh-target.js';

/** A host's login as a worker thread gets it: plain data (the known_hosts policy stays here). */
export type WorkerTarget = Omit<SshTarget, 'checkHostKey'>;

/** One upload handed to a worker: whom to log in to, the key to expect, what to send where. */
export type UploadJob = {
  readonly target: WorkerTarget;
  /** The host key the main connection accepted; the worker's connection must meet the same. */
  readonly hostKey: Buffer | undefined;
  readonly file: UploadFile;
  readonly partial: string;
};

export type ToWorker =
  | { readonly type: 'start'; readonly id: number; readonly job: UploadJob }
  | { readonly type: 'abort'; readonly id: number };

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly id: number; readonly result: ReceiveResult }
  | { readonly type: 'failed'; readonly id: number; readonly failure: StepFailure };
