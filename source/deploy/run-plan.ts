import type { Plan, Step } from '../plan/plan.js';
import type { DeployEvent, RunReport, StepFailure, StepResult } from './events.js';
import { StepError } from './step-error.js';

/** What an action gets to do its work and report on it. */
export type StepContext = {
  readonly step: Step;
  readonly signal: AbortSignal;
  readonly progress: (done: number, total: number, unit: 'bytes' | 'files' | 'nodes') => void;
  readonly output: (line: string) => void;
};

/** Runs one step's action; returns whether it changed anything. Throws StepError to fail it. */
export type StepRunner = (context: StepContext) => Promise<StepResult>;

export type RunOptions = {
  readonly run: StepRunner;
  /** How many steps may run at once (default 8): transfers dominate, so this caps parallel uploads. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: DeployEvent) => void;
};

type State = 'waiting' | 'running' | 'done' | 'unchanged' | 'failed' | 'blocked';

/**
 * Runs a plan: every step whose prerequisites succeeded may start, up to `concurrency` at a time, in
 * plan order. A failed step blocks the steps that need it and nothing else, so the other hosts get as
 * far as they can; a failure that only names processes it could not reach (`notReached`, a host
 * down) blocks nothing: what comes after it still runs, and the run is not ok. After an abort no
 * step starts; running ones see the signal. Never throws.
 */
export async function runPlan(plan: Plan, options: RunOptions): Promise<RunReport> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const emit = options.onEvent ?? (() => undefined);
  const signal = options.signal ?? new AbortController().signal;
  const state = new Map<string, State>(plan.steps.map((step) => [step.id, 'waiting']));
  const failures = new Map<string, StepFailure>();
  const blockedBy = new Map<string, string>();
  const running = new Set<Promise<void>>();

  const block = (step: Step, by: string): void => {
    state.set(step.id, 'blocked');
    blockedBy.set(step.id, by);
    emit({ type: 'step-blocked', step, by });
  };

  const start = (step: Step): void => {
    state.set(step.id, 'running');
    emit({ type: 'step-started', step });
    const context: StepContext = {
      step,
      signal,
      progress: (done, total, unit) => emit({ type: 'step-progress', step, done, total, unit }),
      output: (line) => emit({ type: 'step-output', step, line }),
    };
    const task = (async () => {
      try {
        const result = await options.run(context);
        state.set(step.id, result.outcome);
        emit({ type: 'step-finished', step, ...result });
      } catch (cause) {
        const failure = failureOf(cause, signal);
        state.set(step.id, 'failed');
        failures.set(step.id, failure);
        emit({ type: 'step-failed', step, failure });
      }
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  /** Done, unchanged, or failed only for what it could not reach: the steps after it may run. */
  const settled = (id: string): boolean =>
    succeeded(state.get(id)) ||
    (state.get(id) === 'failed' && (failures.get(id)?.notReached?.length ?? 0) > 0);

  for (;;) {
    let progressed = false;
    for (const step of plan.steps) {
      if (state.get(step.id) !== 'waiting') continue;
      const unmet = step.after.find((id) => !settled(id));
      const broken = step.after.find((id) => {
        const s = state.get(id);
        return (s === 'failed' && !settled(id)) || s === 'blocked' || s === undefined;
      });
      if (broken !== undefined) {
        block(step, state.get(broken) === undefined ? `unknown step ${broken}` : broken);
        progressed = true;
      } else if (signal.aborted) {
        block(step, 'abort');
        progressed = true;
      } else if (unmet === undefined && running.size < concurrency) {
        start(step);
        progressed = true;
      }
    }
    if (running.size === 0 && !progressed) break;
    if (running.size > 0 && !progressed) await Promise.race(running);
  }

  // Only a cycle in `after` leaves a step waiting; buildPlan makes none, but a plan is data.
  for (const step of plan.steps)
    if (state.get(step.id) === 'waiting') block(step, 'a cycle in its prerequisites');

  const steps = plan.steps.map((step) => {
    const s = state.get(step.id) as 'done' | 'unchanged' | 'failed' | 'blocked';
    const failure = failures.get(step.id);
    const by = blockedBy.get(step.id);
    return {
      id: step.id,
      state: s,
      ...(failure ? { failure } : {}),
      ...(by !== undefined ? { blockedBy: by } : {}),
    };
  });
  return { ok: steps.every((step) => succeeded(step.state)), aborted: signal.aborted, steps };
}

function succeeded(state: State | undefined): boolean {
  return state === 'done' || state === 'unchanged';
}

function failureOf(cause: unknown, signal: AbortSignal): StepFailure {
  if (cause instanceof StepError) return cause.failure;
  if (signal.aborted) return { kind: 'aborted', message: 'aborted before it finished' };
  return { kind: 'command-failed', message: (cause as Error)?.message ?? String(cause) };
}
