import type { ActionOf } from '../../plan/plan.js';
import { containerLogsScript, containerStateScript } from '../../remote/docker-scripts.js';
import { nodeScript, tailScript } from '../../remote/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import { diagnoseDocker, transientAttachFailure } from '../diagnose-docker.js';
import { diagnoseLog } from '../diagnose-log.js';
import type { StepResult } from '../events.js';
import type { Executor } from '../executor.js';
import { ask, awaitStart } from '../node-api/node-session.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** `docker run` on an overlay can take ~20 s to give up on a taken address: room for that. */
const runScriptMs = 120_000;
/** Attempts more when Docker refuses the overlay address or attachment (often transient on a swarm). */
const attachRetries = 2;
const attachPauseMs = 3_000;

/**
 * Starts a controller's or agent's container with its script (`docker run`, or `docker start` when it
 * exists) and waits until the node answers on its published port. A node that already answers is
 * left alone. A container Docker refuses, or one that exits, fails the step with Docker's words or
 * the node's log, and the documented cause when one is recognised.
 */
async function run(
  action: ActionOf<'start-container'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const { node } = action;
  const executor = deploy.executor(node.host);
  if ((await ask(deploy, node, 'version()', step.signal)) !== undefined)
    return { outcome: 'unchanged', detail: 'already running' };
  const start = () =>
    executor.exec(nodeScript(action.script), {
      signal: step.signal,
      onLine: step.output,
      timeoutMs: runScriptMs,
    });
  let started = await start();
  for (
    let retry = 1;
    retry <= attachRetries && started.code !== 0 && transientAttachFailure(started.stderr);
    retry++
  ) {
    step.output(
      `Docker could not attach ${action.container} to the overlay yet; trying again (${retry} of ${attachRetries})`,
    );
    await new Promise((resolve) => setTimeout(resolve, attachPauseMs));
    if (step.signal.aborted) throw new StepError('aborted', `aborted while ${node.alias} was starting`);
    started = await start();
  }
  if (started.code !== 0) {
    const said = started.stderr
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const diagnosis = diagnoseDocker(started.stderr);
    throw new StepError(
      'node-failed',
      `Docker did not start ${action.container}: ${diagnosis?.cause ?? said.slice(-1)[0] ?? `exit code ${started.code}`}`,
      {
        ...(diagnosis ?? { fix: `run ${action.script} on ${executor.host} to see Docker's message` }),
        logTail: said.slice(-10),
      },
    );
  }
  const answered = await awaitStart(deploy, node, step.signal, () => running(executor, action.container));
  if (step.signal.aborted) throw new StepError('aborted', `aborted while ${node.alias} was starting`);
  if (answered === 'up') return { outcome: 'done', detail: `up on ${node.address}:${node.port}` };
  throw await containerFailure(executor, action, answered, deploy);
}

/** True while the container runs (not exited, dead or restarting after a crash). */
async function running(executor: Executor, container: string): Promise<boolean> {
  const result = await executor.exec(containerStateScript(container), { timeoutMs: quickScriptMs });
  return result.code === 0 && result.stdout.trim().startsWith('running');
}

async function containerFailure(
  executor: Executor,
  action: ActionOf<'start-container'>,
  how: 'exited' | 'timeout',
  deploy: DeployContext,
): Promise<StepError> {
  const { node } = action;
  const output = await executor.exec(
    `${containerLogsScript(action.container, 10)}; ${tailScript(action.logFile, 30)}`,
    { timeoutMs: quickScriptMs },
  );
  const logTail = output.stdout.split('\n').filter((line) => line.trim() !== '');
  const diagnosis = diagnoseLog(logTail) ?? diagnoseDocker(output.stdout);
  const message =
    how === 'exited'
      ? `${node.alias} (container ${action.container}) exited during start-up`
      : `${node.alias} did not answer on ${node.address}:${node.port} within ${Math.round(deploy.startTimeoutMs / 1000)} s`;
  return new StepError('node-failed', diagnosis ? `${message}: ${diagnosis.cause}` : message, {
    ...(diagnosis
      ? { cause: diagnosis.cause, fix: diagnosis.fix }
      : { fix: `docker logs ${action.container} and ${action.logFile} on ${executor.host}` }),
    logTail: logTail.slice(-15),
  });
}

function describe(action: ActionOf<'start-container'>): string[] {
  return [
    nodeScript(action.script),
    `wait until ${action.node.address}:${action.node.port} answers the DolphinDB API (container ${action.container}, log: ${action.logFile})`,
  ];
}

export const startContainer: Task<'start-container'> = { describe, run };
