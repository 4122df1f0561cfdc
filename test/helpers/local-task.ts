import type { DeployContext } from '../../source/deploy/deploy-context.js';
import type { StepResult } from '../../source/deploy/events.js';
import type { Executor } from '../../source/deploy/executor.js';
import { LocalExecutor } from '../../source/deploy/executors/local-executor.js';
import type { StepContext } from '../../source/deploy/run-plan.js';
import { StepError } from '../../source/deploy/step-error.js';
import type { Task } from '../../source/deploy/tasks/task.js';
import type { ActionOf, StepKind } from '../../source/plan/plan.js';

/** What a task said while it ran on local "hosts". */
export type TaskRun = { readonly result: StepResult; readonly output: readonly string[] };

/**
 * Runs a task with every host a LocalExecutor of that name (two "hosts" are two directories on
 * this machine); `host` is the step's own host.
 */
export async function runLocalTask<K extends StepKind>(
  task: Task<K>,
  action: ActionOf<K>,
  host: string | null = 'P1',
): Promise<TaskRun> {
  const executors = new Map<string, Executor>();
  const deploy = {
    executor: (name: string) => {
      const executor = executors.get(name) ?? new LocalExecutor(name);
      executors.set(name, executor);
      return executor;
    },
    stamp: '20260101-000000',
    startTimeoutMs: 1_000,
  } as unknown as DeployContext;
  const output: string[] = [];
  const step: StepContext = {
    step: { id: 'test', phase: 'configure', host, node: null, title: 'test', after: [], action },
    signal: new AbortController().signal,
    progress: () => undefined,
    output: (line) => output.push(line),
  };
  return { result: await task.run(action, step, deploy), output };
}

/** The StepError a task run fails with (the test fails when it does not). */
export async function failureOf<K extends StepKind>(
  task: Task<K>,
  action: ActionOf<K>,
  host: string | null = 'P1',
): Promise<StepError['failure']> {
  try {
    await runLocalTask(task, action, host);
  } catch (error) {
    if (error instanceof StepError) return error.failure;
    throw error;
  }
  throw new Error('the task did not fail');
}
