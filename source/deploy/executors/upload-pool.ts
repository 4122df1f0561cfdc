import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TransferOptions } from '../executor.js';
import { onAbort } from '../abort-listeners.js';
import { StepError } from '../step-error.js';
import type { ReceiveResult } from './send-file.js';
import type { SshTarget } from './ssh-target.js';
import type { FromWorker, UploadJob, WorkerTarget } from './upload-messages.js';

/*
 * Package uploads run in worker threads, so that the per-byte work of 30 uploads (encryption, SSH
 * packets, buffers and their garbage collection) does not hold the thread that runs the plan,
 * answers the hosts' other sessions and draws the screen. The program's entry names the worker's
 * file (useUploadWorkers in cli.ts: dist/upload-worker.js); without it (code run from source, as in
 * unit tests) uploads run in the calling thread, through the same sendFile.
 */

let workerFile: URL | undefined;
let pool: UploadPool | undefined;

/** Names the built worker file; undefined keeps uploads in the calling thread. */
export function useUploadWorkers(file: URL | undefined): void {
  workerFile = file;
  pool = undefined;
}

/** The pool uploads go to, or undefined when they run in the calling thread. */
export function uploadPool(): UploadPool | undefined {
  if (!workerFile) return undefined;
  pool ??= new UploadPool(workerFile, poolSize());
  return pool;
}

/**
 * One worker per CPU beyond the one running the plan, at most 4: a worker sends some 250 MB/s, so
 * four fill a 10 Gbit link; one worker on a 2-CPU machine, where the hosts' side needs the other.
 */
function poolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** The login as plain data: the known_hosts policy (a function) stays in this thread. */
export function workerTarget(target: SshTarget): WorkerTarget {
  const { checkHostKey: _policy, ...plain } = target;
  return plain;
}

type Slot = { readonly worker: Worker; jobs: number };
type Waiting = {
  readonly slot: Slot;
  readonly options: TransferOptions;
  readonly resolve: (result: ReceiveResult) => void;
  readonly reject: (error: Error) => void;
};

export class UploadPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly file: URL,
    private readonly size: number,
  ) {}

  /** Runs one upload in the least busy worker; settles as the in-thread receive() does. */
  transfer(job: UploadJob, options: TransferOptions): Promise<ReceiveResult> {
    const slot = this.slot();
    const id = this.nextId++;
    return new Promise<ReceiveResult>((resolve, reject) => {
      if (options.signal?.aborted) return reject(new StepError('aborted', 'aborted during the transfer'));
      const stopWaiting = onAbort(options.signal, () => slot.worker.postMessage({ type: 'abort', id }));
      this.waiting.set(id, {
        slot,
        options,
        resolve: (result) => (stopWaiting(), resolve(result)),
        reject: (error) => (stopWaiting(), reject(error)),
      });
      this.busy(slot, +1);
      slot.worker.postMessage({ type: 'start', id, job });
    });
  }

  private slot(): Slot {
    const idle = this.slots.find((slot) => slot.jobs === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.start();
    return this.slots.reduce((least, slot) => (slot.jobs < least.jobs ? slot : least));
  }

  private start(): Slot {
    // A larger young generation than a thread's default: an upload allocates a buffer per SSH
    // packet, and fewer, larger scavenges cost less.
    const worker = new Worker(this.file, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    const slot: Slot = { worker, jobs: 0 };
    worker.unref();
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.lost(slot, error));
    worker.on('exit', (code) => this.lost(slot, new Error(`it exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private receive(message: FromWorker): void {
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    if (message.type === 'progress') return waiting.options.onProgress?.(message.done, message.total);
    this.waiting.delete(message.id);
    this.busy(waiting.slot, -1);
    if (message.type === 'done') waiting.resolve(message.result);
    else {
      const { kind, message: text, ...extra } = message.failure;
      waiting.reject(new StepError(kind, text, extra));
    }
  }

  /** A worker that died fails its uploads (deploy again resumes them) and leaves the pool. */
  private lost(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    for (const [id, waiting] of this.waiting)
      if (waiting.slot === slot) {
        this.waiting.delete(id);
        waiting.reject(
          new StepError('command-failed', `the upload's worker thread failed: ${error.message}`, {
            fix: 'run the same command again: it continues where it stopped',
          }),
        );
      }
  }

  /** A worker with uploads keeps the program running; an idle one does not. */
  private busy(slot: Slot, change: number): void {
    slot.jobs += change;
    if (slot.jobs > 0) slot.worker.ref();
    else slot.worker.unref();
  }
}
